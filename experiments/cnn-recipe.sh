#!/usr/bin/env bash
# The README's CNN recipe (Fashion-MNIST, conv 20/40, fc 128, dropout 0.25, Adam,
# 15 epochs) at 2 threads for three seeds: test accuracy per seed and their mean, and
# each run's training seconds (the epochs' clocks) against its wall time (`time`:
# loading, evaluation after every epoch, writing results).
#
#   experiments/cnn-recipe.sh OUT_DIR [SEEDS] [THREADS] [MORE FLAGS…]     (defaults: 1,2,3 and 2)
set -euo pipefail
out=$1; seeds=${2:-1,2,3}; threads=${3:-2}; shift $(( $# < 3 ? $# : 3 )); more=("$@")
fashion=${FASHION_MNIST:-/usr/share/datasets/fashion-mnist}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
(cd "$here/.." && swift build -c release --product hogwild >/dev/null)
hogwild="$here/../.build/release/hogwild"
for seed in ${seeds//,/ }; do
    start=$(date +%s.%N)
    "$hogwild" train --workload cnn --data "$fashion" --channels 20,40 --hidden 128 --dropout 0.25 \
        --optimizer adam --decay 0.9 --epochs 15 --threads "$threads" --seed "$seed" \
        --out "$out/seed-$seed" "${more[@]}" > "$out/seed-$seed.log"
    end=$(date +%s.%N)
    python3 - "$out/seed-$seed/results.json" "$start" "$end" "$seed" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
epochs = d['run']['report']['epochs']
train = sum(e['seconds'] for e in epochs)
wall = float(sys.argv[3]) - float(sys.argv[2])
print(f"seed {sys.argv[4]}: test_accuracy {d['run']['metrics']['test_accuracy']:.4f}  training {train:.1f} s  "
      f"wall {wall:.1f} s  wall/training {wall / train:.3f}  ({d['machine']['cpuModel']}, kernels {d['machine']['kernelPath']})")
PY
done | tee "$out/summary.txt"
python3 - "$out/summary.txt" <<'PY' | tee -a "$out/summary.txt"
import re, sys
accuracies = [float(m) for m in re.findall(r"test_accuracy ([0-9.]+)", open(sys.argv[1]).read())]
print(f"mean test_accuracy over {len(accuracies)} seeds: {sum(accuracies) / len(accuracies):.4f}")
PY
