#!/usr/bin/env bash
# The paper's Table 2 reproduced: ./experiments/table2.sh quick|full
#   quick: a few minutes on 2 cores; full: sized for a 16-core machine.
# Results land in experiments/results/<date>-table2-<scale>/ with machine.json.
set -euo pipefail
cd "$(dirname "$0")/.."
scale="${1:-quick}"
out="experiments/results/$(date +%F)-table2-$scale"
swift build -c release --product hogwild
time .build/release/hogwild reproduce table2 --scale "$scale" --out "$out"
echo "results in $out"
