#!/usr/bin/env bash
# Every table and figure of the paper in one run: ./experiments/all.sh quick|full
set -euo pipefail
cd "$(dirname "$0")/.."
scale="${1:-quick}"
out="experiments/results/$(date +%F)-all-$scale"
swift build -c release --product hogwild
time .build/release/hogwild reproduce all --scale "$scale" --out "$out"
echo "results in $out"
