#!/usr/bin/env bash
# Runs one of the paper's recipes: ./experiments/reproduce.sh table2|fig3|fig4|fig5|all quick|full
#   quick: a few minutes on 2 cores; full: sized for a 16-core machine.
# Results land in experiments/results/<date>-<what>-<scale>/ with machine.json.
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:?usage: experiments/reproduce.sh table2|fig3|fig4|fig5|all quick|full}"
scale="${2:-quick}"
out="experiments/results/$(date +%F)-$what-$scale"
swift build -c release --product hogwild
time .build/release/hogwild reproduce "$what" --scale "$scale" --out "$out"
echo "results in $out"
