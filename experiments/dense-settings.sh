#!/usr/bin/env bash
# The two settings the automatic scheme picks for dense steps, measured on the zoo's MLP
# (784-128-10) and Fashion-MNIST at 2 threads. Run on an otherwise idle machine.
#
# 1. Optimizer state per worker or shared (`--optimizer-state`), Adam, batches 1, 4, 8
#    and 64: the last epoch's samples/s, the final objective and the test accuracy.
# 2. The hot replicas' merge interval M at batch 1 (DenseScaling, SGD with momentum 0.5,
#    step 0.01, 20,000 samples; DENSE_MERGE_EVERY=M): final loss and seconds against
#    serial SGD and plain HOGWILD!, each twice.
#
#   experiments/dense-settings.sh OUT.txt [EPOCHS]     (default 2)
set -euo pipefail
out=$1; epochs=${2:-2}
here=$(cd "$(dirname "$0")" && pwd)
fashion=${FASHION_MNIST:-/usr/share/datasets/fashion-mnist}
(cd "$here/.." && swift build -c release --product hogwild >/dev/null)
(cd "$here/fashion-mnist-check" && swift build -c release --product DenseScaling >/dev/null)
hogwild="$here/../.build/release/hogwild"
scaling="$here/fashion-mnist-check/.build/release/DenseScaling"
scratch=$(mktemp -d); trap 'rm -rf "$scratch"' EXIT
{
    echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(uname -m), $(getconf _NPROCESSORS_ONLN) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
    echo "# optimizer state: hogwild train --workload mlp --hidden 128 --optimizer adam --threads 2 --epochs $epochs --batch B --optimizer-state P"
    for batch in 1 4 8 64; do
        for placement in shared worker; do
            "$hogwild" train --workload mlp --data "$fashion" --hidden 128 --batch "$batch" --threads 2 \
                --epochs "$epochs" --optimizer adam --optimizer-state "$placement" --out "$scratch/run" >/dev/null
            python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
r = d['run']['report']; e = r['epochs'][-1]
print('batch %-3s state %-6s %8d samples/s  objective %.4f  test_accuracy %.4f  kernels %s' % (
    sys.argv[2], sys.argv[3], round(e['samples'] / e['seconds']), r['finalObjective'],
    d['run']['metrics']['test_accuracy'], d['machine']['kernelPath']))" "$scratch/run/results.json" "$batch" "$placement"
        done
    done
    echo "# merge interval: DenseScaling mlp 1 20000 T (serial = 1 thread; hogwild = DENSE_SCHEME=hogwild)"
    for round in 1 2; do
        "$scaling" mlp 1 20000 1 "$fashion" | sed 's/^/serial      /'
        DENSE_SCHEME=hogwild "$scaling" mlp 1 20000 2 "$fashion" | sed 's/^/hogwild     /'
        for m in 8 16 32 64 128; do
            DENSE_MERGE_EVERY=$m "$scaling" mlp 1 20000 2 "$fashion" | sed "s/^/M = $(printf '%-6s' $m)/"
        done
    done
} 2>&1 | tee "$out"
