#!/usr/bin/env bash
# Runs every ```sh block of README.md and of the pages in docs/, as written, in a fresh
# clone of this repository, so the documented commands are known to work on a machine
# that has only the clone (and what the blocks say they need).
#
#   scripts/readme-commands.sh [--peers DIR] [--log FILE]
#
# Order: README.md first, then docs/ in the order a reader meets the topics:
# data, schemes, optimizers, long-runs, embedding, networks, reproduction, speed,
# distributed, testing, architecture; any other docs/*.md after them, by name.
# Before the first block the clone is built once (`swift build -c release`) and
# $clone/.build/release is put on PATH for every block, as the README tells a reader to
# do, so blocks may call a bare `hogwild`. Each block runs in its own `bash -e` from the
# clone's root (a block's `export` does not leak into the next; files it writes stay
# for later blocks), with PEERS set to --peers (default: none; the C++ peers are not
# part of the repository, and the blocks that use them run without them, so that no
# command reaches outside the clone unless asked to). Prints each block's file, number,
# status and seconds, writes every command's output to --log (default
# readme-commands.log in the current folder), and exits 1 if any block failed.
#
# Some blocks need what the pages name: Fashion-MNIST in /usr/share/datasets/fashion-mnist
# (Debian: apt-get install dataset-fashion-mnist), apt's English package descriptions
# for the text corpus, Open MPI for docs/distributed.md, clang's libFuzzer for the fuzz
# block. On 2 cores expect well over an hour (not timed as a whole: `swift test`, the
# sanitizer passes, the quick reproduction of the paper, the dense reproduction and the
# character LSTM's four epochs take about 10 minutes each).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
peers=""
log="$PWD/readme-commands.log"
while [ $# -gt 0 ]; do
    case "$1" in
        --peers) peers="$2"; shift 2 ;;
        --log) log="$2"; shift 2 ;;
        -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
        *) echo "readme-commands.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
if [ -n "$peers" ]; then peers="$(cd "$peers" && pwd)"; fi
order=(data schemes optimizers long-runs embedding networks reproduction speed distributed testing architecture)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git clone -q "$here" "$work/clone"
cd "$work/clone"

# The files, in order: README.md, the pages named above, then any other page by name.
files=(README.md)
for page in "${order[@]}"; do [ -f "docs/$page.md" ] && files+=("docs/$page.md"); done
for path in docs/*.md; do
    [ -f "$path" ] || continue
    case " ${files[*]} " in *" $path "*) ;; *) files+=("$path") ;; esac
done

# Each ```sh block of each file into $work/blocks/NNN.sh, with its file and number.
mkdir "$work/blocks"
: >"$work/index"
count=0
for file in "${files[@]}"; do
    count=$(awk -v dir="$work/blocks" -v file="$file" -v count="$count" -v list="$work/index" '
        /^```sh[[:space:]]*$/ { inside = 1; count++; block++
                                path = sprintf("%s/%03d.sh", dir, count)
                                printf "" > path
                                print path, file, block >> list
                                next }
        /^```/ { inside = 0; next }
        inside { print > path }
        END { print count }' "$file")
done

: >"$log"
printf '%-24s %-5s %-7s %7s  %s\n' file block status seconds "first command"
start=$(date +%s)
if swift build -c release >>"$log" 2>&1; then status=ok; else status=FAILED; fi
printf '%-24s %-5s %-7s %7d  %s\n' "(build)" - "$status" $(( $(date +%s) - start )) "swift build -c release"
if [ "$status" != ok ]; then echo "the release build failed; see $log" >&2; exit 1; fi
export PATH="$work/clone/.build/release:$PATH"
export PEERS="$peers"

failed=0
while read -r block file number; do
    start=$(date +%s)
    {
        echo "== $file, block $number"
        cat "$block"
        echo "--"
    } >>"$log"
    if bash -e "$block" </dev/null >>"$log" 2>&1; then status=ok; else status=FAILED; failed=1; fi
    printf '%-24s %-5s %-7s %7d  %s\n' "$file" "$number" "$status" $(( $(date +%s) - start )) \
        "$(grep -m1 -v '^[[:space:]]*\(#.*\)\?$' "$block" | cut -c1-70)"
done <"$work/index"
exit $failed
