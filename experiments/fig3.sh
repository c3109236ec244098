#!/usr/bin/env bash
# The paper's Figure 3 reproduced: ./experiments/fig3.sh quick|full
#   quick: a few minutes on 2 cores; full: sized for a 16-core machine.
# Results land in experiments/results/<date>-fig3-<scale>/ with machine.json.
set -euo pipefail
cd "$(dirname "$0")/.."
scale="${1:-quick}"
out="experiments/results/$(date +%F)-fig3-$scale"
swift build -c release --product hogwild
time .build/release/hogwild reproduce fig3 --scale "$scale" --out "$out"
echo "results in $out"
