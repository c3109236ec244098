#!/usr/bin/env bash
# K and M of hot replicas at 2 workers, and what two independent processes keep of a
# core, on the RCV1 hot shape (200,000 rows): the figures docs/schemes.md cites.
set -uo pipefail
cd "$(dirname "$0")/.."
new=.build/release/hogwild-bench
base=${1:?usage: experiments/hot-replica-settings.sh BASELINE_BENCH (hogwild-bench built at 7a6ae0d)}
echo "# hot replica settings, $(date -u +%Y-%m-%dT%H:%MZ), this build $(git rev-parse --short HEAD) (+ working tree), baseline 7a6ae0d; $(lscpu | sed -n 's/^Model name: *//p'), family $(lscpu | sed -n 's/^CPU family: *//p') model $(lscpu | sed -n 's/^Model: *//p'), $(nproc) cores"
for round in 1 2; do
  echo "## round $round"
  echo "### this build: plain HOGWILD! 1 thread, then hot replicas at 2 workers with K = 1,088 (the old K rule), 4,096 (the new), 47,236 (every coordinate, M = 512)"
  $new run --synthetic rcv1-hot --rows 200000 --epochs 10 --threads 1 --repeats 3 --schemes hogwild 2>/dev/null | grep swift
  for k in "1088" "4096" "47236 --merge-interval 512"; do
    # shellcheck disable=SC2086
    $new run --synthetic rcv1-hot --rows 200000 --epochs 10 --threads 2 --repeats 3 --schemes hotReplicas --hot-coordinates $k 2>/dev/null | grep swift
  done
  echo "### baseline: every coordinate replicated, M = 1,024, relaxed merges (the old replica path at its cheapest)"
  $base run --rows 200000 --epochs 10 --threads 1 --repeats 3 --schemes hogwild 2>/dev/null | grep swift
  $base run --rows 200000 --epochs 10 --threads 2 --repeats 3 --schemes hotReplicas --hot-coordinates 47236 --merge-interval 1024 --merge relaxed 2>/dev/null | grep swift
done
echo "## two independent 1-thread processes at once, against one alone (this build, plain HOGWILD!)"
$new run --synthetic rcv1-hot --rows 200000 --epochs 10 --threads 1 --repeats 3 --schemes hogwild 2>/dev/null | grep swift | sed 's/^/alone: /'
( $new run --synthetic rcv1-hot --rows 200000 --epochs 10 --threads 1 --repeats 3 --schemes hogwild 2>/dev/null | grep swift | sed 's/^/together A: /' ) &
$new run --synthetic rcv1-hot --rows 200000 --epochs 10 --threads 1 --repeats 3 --schemes hogwild 2>/dev/null | grep swift | sed 's/^/together B: /'
wait
