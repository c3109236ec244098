#!/usr/bin/env bash
# Fuzzes the readers and the argument parser with libFuzzer (AddressSanitizer on).
#   Fuzz/run.sh [RUNS] [TARGET …]     RUNS inputs per target (default 1,000,000);
#                                     targets: libsvm ratings edges idx text checkpoint model cli
# Each target starts from Fuzz/corpus/TARGET and keeps what it finds in
# .build-fuzz/corpus/TARGET; a crash is saved as .build-fuzz/crash-TARGET-… and the
# script exits 1 after the other targets have run. Replay an input with a plain build:
#   swift build --product hogwild-fuzz && .build/debug/hogwild-fuzz TARGET FILE
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-1000000}
shift || true
targets=${*:-libsvm ratings edges idx text checkpoint model cli}
swift build -c release --product hogwild-fuzz --scratch-path .build-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xcc -fsanitize=fuzzer-no-link,address || exit 2
binary=.build-fuzz/release/hogwild-fuzz
failed=0
for target in $targets; do
    mkdir -p ".build-fuzz/corpus/$target"
    log=".build-fuzz/fuzz-$target.log"
    # Inputs up to 4 kB, 10 s an input, no allocation over 1 GB: more is a finding. The
    # readers may plan up to the memory budget (a 20-byte LIBSVM file with index 3·10⁸
    # legitimately asks for gigabytes on a big machine), so the budget is set to 512 MB.
    HOGWILD_MEMORY_LIMIT=512000000 HOGWILD_FUZZ_TARGET=$target "$binary" ".build-fuzz/corpus/$target" "Fuzz/corpus/$target" \
        -runs="$runs" -max_len=4096 -rss_limit_mb=2048 -malloc_limit_mb=1024 -timeout=10 \
        -artifact_prefix=".build-fuzz/crash-$target-" -print_final_stats=1 >"$log" 2>&1
    status=$?
    done_runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
    if [ $status -eq 0 ]; then
        echo "$target: ${done_runs:-?} inputs, no crash"
    else
        echo "$target: FAILED after ${done_runs:-?} inputs (status $status); see $log"
        failed=1
    fi
done
exit $failed
