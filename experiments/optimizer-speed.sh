#!/usr/bin/env bash
# Every optimizer's training speed against plain SGD's, through `hogwild train` on the
# zoo's MLP (784-128-10, Fashion-MNIST) at batch 64 and batch 1, one thread and two:
# samples/s of the last epoch (the first warms caches and page-faults the workspaces),
# and its ratio to SGD's in the same configuration. Run on an otherwise idle machine.
#
#   experiments/optimizer-speed.sh OUT.txt [THREADS] [EPOCHS]     (defaults: 1,2 and 2)
set -euo pipefail
out=$1; threads=${2:-1,2}; epochs=${3:-2}
here=$(cd "$(dirname "$0")" && pwd)
fashion=${FASHION_MNIST:-/usr/share/datasets/fashion-mnist}
(cd "$here/.." && swift build -c release --product hogwild >/dev/null)
hogwild="$here/../.build/release/hogwild"
scratch=$(mktemp -d); trap 'rm -rf "$scratch"' EXIT
{
    echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(uname -m), $(getconf _NPROCESSORS_ONLN) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
    for batch in 64 1; do
        for t in ${threads//,/ }; do
            sgd=
            for optimizer in sgd momentum nesterov adagrad rmsprop adadelta adam adamw amsgrad; do
                "$hogwild" train --workload mlp --data "$fashion" --hidden 128 --batch "$batch" --threads "$t" \
                    --epochs "$epochs" --optimizer "$optimizer" --out "$scratch/$optimizer" >/dev/null
                rate=$(python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
e = d['run']['report']['epochs'][-1]
print(round(e['samples'] / e['seconds']), d['machine']['kernelPath'])" "$scratch/$optimizer/results.json")
                set -- $rate
                sgd=${sgd:-$1}
                printf 'mlp batch %-3s threads %s %-9s %8s samples/s  %.2fx sgd  kernels %s\n' \
                    "$batch" "$t" "$optimizer" "$1" "$(echo "$1 / $sgd" | bc -l)" "$2"
            done
        done
    done
} 2>&1 | tee "$out"
