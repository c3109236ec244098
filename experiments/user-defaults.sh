#!/usr/bin/env bash
# `hogwild train`'s defaults on a user's file against scikit-learn's and Vowpal Wabbit's
# defaults (issue 27): the Debian text set (experiments/make_debian_text.py), its last
# 10% of rows held out (the same split for all), the held-out error of each, and the
# training time at one thread: ours three times (the calibration, then the epochs'
# training clock; and the process's wall time, reading included), scikit-learn's fit
# best of 3.
#
#   experiments/user-defaults.sh OUT.txt PYTHON     (PYTHON: one with scikit-learn and vowpalwabbit)
set -euo pipefail
out=${1:?usage: user-defaults.sh OUT.txt PYTHON}
python=${2:?usage: user-defaults.sh OUT.txt PYTHON}
here="$(cd "$(dirname "$0")" && pwd)"
hogwild=${HOGWILD:-$here/../.build/release/hogwild}
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
{
    echo "# user-defaults.sh, $(date -u +%Y-%m-%dT%H:%MZ)"
    lscpu | grep -E "^Model name|^CPU family|^Model:|^CPU\(s\)"; echo "avx512f: $(grep -c -m1 avx512f /proc/cpuinfo)"
    python3 "$here/make_debian_text.py" "$work/debian.libsvm"
    rows=$(wc -l <"$work/debian.libsvm")
    keep=$((rows - rows / 10))
    head -n "$keep" "$work/debian.libsvm" >"$work/train.libsvm"
    tail -n +"$((keep + 1))" "$work/debian.libsvm" >"$work/test.libsvm"
    echo "split: first $keep rows train, last $((rows - keep)) test"
    for run in 1 2 3; do
        echo "## hogwild train --data train --test test --threads 1 (defaults), run $run"
        start=$(date +%s.%N)
        "$hogwild" train --data "$work/train.libsvm" --test "$work/test.libsvm" --threads 1 | grep -vE '^[A-Za-z]+ epoch [0-9]+/[0-9]+ '
        echo "wall: $(echo "$(date +%s.%N) - $start" | bc) s (the whole process: reading, calibration, training, evaluation)"
    done
    echo "## the calibration's choice by the sample drawn (--seed 1..4; one epoch each)"
    for seed in 1 2 3 4; do
        "$hogwild" train --data "$work/train.libsvm" --threads 1 --seed "$seed" --epochs 1 | grep "^step"
    done
    echo "## the paper's settings on the same split (--lambda 1e-4 --step 0.05 --no-intercept --tolerance 0)"
    "$hogwild" train --data "$work/train.libsvm" --test "$work/test.libsvm" --threads 1 --lambda 1e-4 --step 0.05 \
        --no-intercept --tolerance 0 | tail -1
    echo "## peers"
    "$python" "$here/defaults-vs-peers.py" "$work/train.libsvm" "$work/test.libsvm"
} 2>&1 | tee "$out"
