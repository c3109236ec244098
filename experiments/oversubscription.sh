#!/bin/bash
# Round robin and AIG under oversubscription: the mean epoch seconds (3 epochs, RCV1-shaped
# set at scale 0.02) at 2 and 4 workers, with the cores idle and then with two busy loops
# of another process on them. Made for the 2-core VM; compare two builds in one session:
#   experiments/oversubscription.sh OLD_BINARY before; experiments/oversubscription.sh NEW_BINARY after
B=$1; L=$2
run() { timeout 300 $B train --synthetic rcv1 --scale 0.02 --epochs 3 --scheme $1 --threads $2 2>&1 | grep -E " epoch [0-9]+/" | awk '{s+=$(NF-4)} END {printf "%.3f", s/NR}'; }
for busy in 0 1; do
  pids=""
  if [ $busy = 1 ]; then for i in 1 2; do (while :; do :; done) & pids="$pids $!"; done; fi
  for scheme in rr aig; do for t in 2 4; do
    echo "$L busy=$busy $scheme threads=$t epoch_s=$(run $scheme $t)"
  done; done
  [ -n "$pids" ] && kill $pids
done
