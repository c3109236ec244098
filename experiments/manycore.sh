#!/usr/bin/env bash
# The many-core study in one run, for a machine with many cores, no Swift toolchain and
# no network: a prebuilt static `hogwild` binary, g++ and the C++ peers' sources.
#
#   experiments/manycore.sh [--bin PATH] [--text FILE.libsvm[.gz]] [--peers DIR]
#                           [--threads 1,2,4,8,16] [--out DIR] [--archive]
#
# What it runs (sizes in `hogwild reproduce --help`; on a 16-core Xeon the figures took
# about 7 minutes with the old lock of locked SGD, which collapsed at 8 and 16 workers;
# the rest about 2 minutes):
#   1. Figures 3, 4 and 5 at --scale manycore (threads 1, 2, 4, … up to the cores):
#      speedup of HOGWILD!, AIG, RR, locked SGD and hot replicas over serial SGD;
#   2. hot replicas against plain and atomic HOGWILD! on the LIBSVM file --text (the
#      Debian descriptions set: hot words), when given;
#   3. matrix completion at Netflix shape (5 M ratings, rank 30), HOGWILD! and hot
#      replicas, beside the C++ peer on the same ratings;
#   4. the C++ SVM peer, built here with g++, on the same RCV1-shaped rows as a Swift
#      HOGWILD! sweep.
# Everything lands in one folder: machine.json, every CSV/JSON/SVG, peers.txt and
# summary.md (the speedups at the most threads, and Swift ÷ C++ updates/s). A step that
# fails is logged and the others still run. --archive also packs the folder into
# DIR.tar.gz (one file to copy back from a machine that returns few files).
#
# Build the binary where Swift is (FoundationEssentials keeps it small):
#   swift build -c release --static-swift-stdlib --product hogwild && strip .build/release/hogwild
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="$here/../.build/release/hogwild"
text=""
peers="$here/../../shared/peers/cpp"
threads=""
out="manycore-$(date +%F)"
archive=0
while [ $# -gt 0 ]; do
    case "$1" in
        --bin) bin="$2"; shift 2 ;;
        --text) text="$2"; shift 2 ;;
        --peers) peers="$2"; shift 2 ;;
        --threads) threads="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        --archive) archive=1; shift ;;
        -h|--help) sed -n '2,29p' "$0"; exit 0 ;;
        *) echo "manycore.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
[ -x "$bin" ] || { echo "manycore.sh: no hogwild binary at $bin (--bin PATH)" >&2; exit 2; }
cores=$(getconf _NPROCESSORS_ONLN)
if [ -z "$threads" ]; then
    threads=1; t=2
    while [ $t -le "$cores" ]; do threads="$threads,$t"; t=$((t * 2)); done
fi
mkdir -p "$out"
log="$out/log.txt"
start=$(date +%s)
step() { echo "== $* ($(( $(date +%s) - start )) s)" | tee -a "$log"; }
# Runs one measurement; a failure is logged and the study goes on.
run() { "$@" >>"$log" 2>&1 || echo "!! failed (exit $?): $*" | tee -a "$log"; }

step "figures 3-5 at manycore scale, threads $threads"
run "$bin" reproduce fig3 --scale manycore --out "$out"
run "$bin" reproduce fig4 --scale manycore --out "$out"
run "$bin" reproduce fig5 --scale manycore --out "$out"

if [ -n "$text" ]; then
    step "hot replicas on $text"
    run "$bin" scale --data "$text" --threads "$threads" --schemes hogwild,hogwildAtomic,hotReplicas --epochs 5 --repeats 2 \
        --out "$out/text-hot"
fi

step "matrix completion, Netflix shape, 5 M ratings, rank 30"
run "$bin" scale --workload mc --synthetic netflix --scale 0.05 --rank 30 --threads "$threads" --schemes hogwild,hotReplicas \
    --epochs 3 --out "$out/mc-netflix"

peerlog="$out/peers.txt"
: >"$peerlog"
if command -v g++ >/dev/null && [ -f "$peers/svm_hogwild.cpp" ] && [ -f "$peers/mc_hogwild.cpp" ]; then
    step "C++ peers built with g++ -O3"
    g++ -O3 -std=c++17 -pthread -o "$out/svm_hogwild" "$peers/svm_hogwild.cpp"
    g++ -O3 -std=c++17 -pthread -o "$out/mc_hogwild" "$peers/mc_hogwild.cpp"
    run "$bin" data write --synthetic rcv1 --scale 0.256 --out "$out/rcv1.libsvm"
    run "$bin" data write --workload mc --synthetic netflix --scale 0.05 --out "$out/ratings0.txt"
    # The peer numbers users and items from 1.
    awk '{ print $1 + 1, $2 + 1, $3 }' "$out/ratings0.txt" >"$out/ratings.txt" || true
    step "SVM: Swift and C++ on the same rows"
    run "$bin" scale --data "$out/rcv1.libsvm" --threads "$threads" --schemes hogwild --epochs 5 --repeats 2 \
        --out "$out/svm-file"
    "$out/svm_hogwild" --data "$out/rcv1.libsvm" --threads "$threads" --epochs 5 | tee -a "$peerlog" >>"$log" \
        || echo "!! the C++ SVM peer failed" | tee -a "$log"
    step "MC: C++ on the same ratings"
    "$out/mc_hogwild" --data "$out/ratings.txt" --rank 30 --epochs 3 --threads "$threads" --step 0.03 | tee -a "$peerlog" >>"$log" \
        || echo "!! the C++ MC peer failed" | tee -a "$log"
    rm -f "$out/svm_hogwild" "$out/mc_hogwild" "$out/rcv1.libsvm" "$out/ratings0.txt" "$out/ratings.txt"
else
    echo "no g++ or no peer sources in $peers: peers skipped" | tee -a "$log" "$peerlog"
fi

step "summary"
{
    echo "# Many-core study, $(date +%F)"
    echo
    echo "$cores cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')); threads $threads; $(( $(date +%s) - start )) s in all."
    echo
    echo "## Speedup over serial SGD at the most threads (median of repeats)"
    echo
    echo "| run | scheme | threads | speedup | M updates/s |"
    echo "|---|---|---|---|---|"
    for f in "$out"/fig3-*-summary.csv "$out"/fig4-*-summary.csv "$out"/text-hot/summary.csv "$out"/mc-netflix/summary.csv "$out"/svm-file/summary.csv; do
        [ -f "$f" ] || continue
        name=$(basename "$(dirname "$f")")
        [ "$name" = "$(basename "$out")" ] && name=$(basename "$f" -summary.csv)
        awk -F, -v run="$name" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
            { t = $col["threads"] + 0; if (t >= most[$col["scheme"]]) { most[$col["scheme"]] = t;
              line[$col["scheme"]] = sprintf("| %s | %s | %d | %.2f× | %.3f |", run, $col["scheme"], t, $col["speedup"], $col["updates_per_second"] / 1e6) } }
            END { for (s in line) print line[s] }' "$f" | sort
    done
    echo
    echo "## Swift ÷ C++ peer, HOGWILD! updates/s on the same rows / ratings"
    echo
    echo "| workload | threads | Swift M updates/s | C++ M updates/s | Swift ÷ C++ |"
    echo "|---|---|---|---|---|"
    for pair in "svm svm-file cpp" "mc mc-netflix cpp-mc"; do
        set -- $pair
        [ -f "$out/$2/summary.csv" ] || continue
        awk -v workload="$1" -v tag="$3" '
            FNR == NR { if ($1 == tag) { for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
                        peer[f["threads"]] = f["Mupd/s"] } ; next }
            FNR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
            $col["scheme"] == "hogwild" && ($col["threads"] in peer) {
                s = $col["updates_per_second"] / 1e6
                printf "| %s | %d | %.3f | %.3f | %.2f× |\n", workload, $col["threads"], s, peer[$col["threads"]], s / peer[$col["threads"]] }' \
            "$peerlog" FS=, "$out/$2/summary.csv"
    done
    echo
    echo "The peers' own lines:"
    echo
    echo '```'
    cat "$peerlog"
    echo '```'
} >"$out/summary.md"
cat "$out/summary.md"
echo "wrote $out in $(( $(date +%s) - start )) s"
if [ "$archive" = 1 ]; then
    tar czf "$out.tar.gz" -C "$(dirname "$out")" "$(basename "$out")"
    echo "packed $out.tar.gz"
fi
