#!/usr/bin/env bash
# A sustained oversubscribed run: 16 workers on however few cores, every scheme in
# turn (SECONDS_EACH seconds each, default 100: 10 minutes in all), with the process's
# resident memory sampled every 2 s. Shows that no scheme deadlocks or stalls (each
# keeps printing epochs) and that memory stays flat.
#   experiments/sustained.sh OUT_DIR [SECONDS_EACH]
# Writes OUT_DIR/<scheme>.log, OUT_DIR/rss.csv (scheme, seconds, rss_kb) and
# OUT_DIR/summary.txt (epochs done, first and last resident memory after warm-up, max).
set -euo pipefail
out=${1:?usage: experiments/sustained.sh OUT_DIR [SECONDS_EACH]}
each=${2:-100}
hogwild=${HOGWILD:-.build/release/hogwild}
mkdir -p "$out"
echo "scheme,seconds,rss_kb" > "$out/rss.csv"
: > "$out/summary.txt"
for scheme in hogwild hogwildAtomic coordinateLocks roundRobin globalLock hotReplicas; do
    "$hogwild" train --synthetic rcv1 --scale 0.05 --threads 16 --scheme "$scheme" --epochs 100000 \
        --checkpoint "$out/$scheme.ckpt" --checkpoint-every 10 > "$out/$scheme.log" 2>&1 &
    pid=$!
    start=$(date +%s)
    while [ $(( $(date +%s) - start )) -lt "$each" ] && kill -0 $pid 2>/dev/null; do
        rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status 2>/dev/null || echo "")
        [ -n "$rss" ] && echo "$scheme,$(( $(date +%s) - start )),$rss" >> "$out/rss.csv"
        sleep 2
    done
    kill -INT $pid 2>/dev/null || true     # the run saves its checkpoint and stops
    wait $pid || true
    epochs=$(grep -cE " epoch [0-9]+/" "$out/$scheme.log" || true)
    awk -F, -v s="$scheme" -v e="$epochs" '$1 == s && $2 >= 10 { if (first == "") first = $3; last = $3; if ($3 > max) max = $3 }
        END { printf "%s: %d epochs in the window, resident memory after 10 s: first %d kB, last %d kB, max %d kB\n", s, e, first, last, max }' \
        "$out/rss.csv" | tee -a "$out/summary.txt"
    tail -n 2 "$out/$scheme.log" | sed 's/^/    /' | tee -a "$out/summary.txt"
done
