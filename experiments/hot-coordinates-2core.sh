#!/usr/bin/env bash
# Hot replicas and the automatic scheme at 1 and 2 threads on a 2-core machine, this
# build against a baseline build of an earlier commit, alternating binaries round by
# round (each run is the median of 3 repeats), then every paper workload at 1 and 2
# threads with the default scheme.
#
# usage: experiments/hot-coordinates-2core.sh BASELINE_BENCH DEBIAN_TEXT.libsvm [ROUNDS]
#   BASELINE_BENCH: a hogwild-bench built from the baseline commit (git worktree add
#   /tmp/base COMMIT && cd /tmp/base && swift build -c release --product hogwild-bench).
#   The baseline's `rcv1` is today's `rcv1-hot` (the shape before 2026-12-06).
set -euo pipefail
cd "$(dirname "$0")/.."
base=$1
text=$2
rounds=${3:-3}
swift build -c release --product hogwild-bench >&2
new=.build/release/hogwild-bench
echo "# hot-coordinates-2core.sh, $(date -u +%Y-%m-%dT%H:%MZ), this build $(git rev-parse --short HEAD) (+ working tree), baseline $base"
echo "# machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), family $(lscpu | sed -n 's/^CPU family: *//p'), model $(lscpu | sed -n 's/^Model: *//p'), $(nproc) cores"
for round in $(seq 1 "$rounds"); do
    echo "## round $round"
    echo "### baseline, rcv1 (hot shape), 200,000 rows"
    "$base" run --rows 200000 --epochs 10 --threads 1,2 --repeats 3 --schemes hogwild,hotReplicas,automatic 2>/dev/null
    echo "### this build, rcv1-hot, 200,000 rows"
    "$new" run --synthetic rcv1-hot --rows 200000 --epochs 10 --threads 1,2 --repeats 3 --schemes hogwild,hotReplicas,automatic 2>/dev/null
    echo "### this build, rcv1 (paper shape), 200,000 rows"
    "$new" run --synthetic rcv1 --rows 200000 --epochs 10 --threads 1,2 --repeats 3 --schemes hogwild,hotReplicas,automatic 2>/dev/null
    echo "### baseline, Debian text"
    "$base" run --data "$text" --epochs 30 --threads 1,2 --repeats 3 --schemes hogwild,hotReplicas,automatic 2>/dev/null
    echo "### this build, Debian text"
    "$new" run --data "$text" --epochs 30 --threads 1,2 --repeats 3 --schemes hogwild,hotReplicas,automatic 2>/dev/null
done
echo "## every paper workload, default scheme (automatic) at 1 and 2 threads, this build"
for w in "mc --synthetic netflix" "mc --synthetic kdd" "cuts --synthetic abdomen" "cuts --synthetic dblife" "svm --synthetic rcv1" "svm --synthetic rcv1-hot"; do
    # shellcheck disable=SC2086
    "$new" run --workload $w --epochs 10 --threads 1,2 --repeats 3 --schemes automatic 2>/dev/null | tail -2
done
