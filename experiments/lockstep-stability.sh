#!/usr/bin/env bash
# Stability of hot replicas' automatic settings at many workers, on any machine: every
# workload trained with `--lockstep` (T workers stepping in turn on one thread, the
# scheme's own lag without the machine's timing) at T = 4, 8, 16 and 32 for 20 epochs
# with `--scheme hotReplicas` (K and M automatic: what the automatic scheme runs when
# it replicates), against serial SGD (T = 1) with the same seed and schedule; and plain
# HOGWILD! in lockstep at the same T (no lag: serial SGD in another order), whose
# ratio shows how far the order alone moves the objective. One row per workload and T.
#
# usage: experiments/lockstep-stability.sh [OUT.txt] [DEBIAN_TEXT.libsvm]
#   DEBIAN_TEXT defaults to a file built by experiments/make_debian_text.py;
#   ONLY="rcv1 dblife" runs only the workloads named. The runs are deterministic
#   (lockstep, no timing in them), so parts run apart give the rows a whole run gives.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-/dev/stdout}
text=${2:-}
swift build -c release --product hogwild >&2
bin=.build/release/hogwild
if [[ -z "$text" && ( -z "${ONLY:-}" || " $ONLY " == *" debian-text "* ) ]]; then
    text=$(mktemp -d)/debian.libsvm
    python3 experiments/make_debian_text.py "$text" >&2
fi
workloads=(
    "netflix|--workload mc --synthetic netflix --scale 0.01"
    "kdd|--workload mc --synthetic kdd --scale 0.002"
    "abdomen|--workload cuts --synthetic abdomen --scale 0.002"
    "dblife|--workload cuts --synthetic dblife --scale 1"
    "rcv1|--workload svm --synthetic rcv1 --scale 0.064"
    "rcv1-hot|--workload svm --synthetic rcv1-hot --scale 0.064"
    "debian-text|--workload svm --data $text --tolerance 0"
)
final() { sed -n 's/.*objective \([-0-9.e+naif]*\) (from.*/\1/p' | tail -1; }
{
    echo "# lockstep-stability.sh, $(date -u +%Y-%m-%dT%H:%MZ), $(git rev-parse --short HEAD)"
    echo "# machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores; 20 epochs, seed 1"
    printf '%-12s %3s %14s %14s %9s %11s  %s\n' workload T replicas serial ratio "plain ratio" "replicas chose"
    for entry in "${workloads[@]}"; do
        name=${entry%%|*}
        args=${entry#*|}
        [[ -n "${ONLY:-}" && " $ONLY " != *" $name "* ]] && continue
        # shellcheck disable=SC2086
        serial=$($bin train $args --threads 1 --epochs 20 --lockstep 2>&1 | final || true)
        for t in 4 8 16 32; do
            # shellcheck disable=SC2086
            log=$($bin train $args --threads "$t" --epochs 20 --lockstep --scheme hotReplicas 2>&1 || true)
            value=$(echo "$log" | final)
            chose=$(echo "$log" | grep -o 'hotCoordinates [0-9]*, mergeInterval [0-9]*' | tail -1)
            [[ -z "$value" ]] && value=$(echo "$log" | grep -m1 -i "diverg" | cut -c1-60)
            # shellcheck disable=SC2086
            plain=$($bin train $args --threads "$t" --epochs 20 --lockstep --scheme hogwild 2>&1 | final || true)
            ratio=$(python3 -c "import sys; a, b = sys.argv[1:]; print(f'{float(a) / float(b):.4f}')" "$value" "$serial" 2>/dev/null || echo "-")
            plainRatio=$(python3 -c "import sys; a, b = sys.argv[1:]; print(f'{float(a) / float(b):.4f}')" "$plain" "$serial" 2>/dev/null || echo "-")
            printf '%-12s %3d %14s %14s %9s %11s  %s\n' "$name" "$t" "$value" "$serial" "$ratio" "$plainRatio" "$chose"
        done
    done
} | tee "$out"
