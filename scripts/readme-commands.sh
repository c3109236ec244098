#!/usr/bin/env bash
# Runs every ```sh block of README.md, as written, in a fresh clone of this repository,
# so the README's commands are known to work on a machine that has only the clone.
#
#   scripts/readme-commands.sh [--peers DIR] [--log FILE]
#
# Each block runs in its own `bash -e` from the clone's root (so a block's `export` does
# not leak into the next), with PEERS set to --peers (default: the team's
# ../shared/peers/cpp beside this repository, made absolute). Prints each block's
# status and time, writes every command's output to --log (default
# readme-commands.log in the current folder), and exits 1 if any block failed.
# On 2 cores it takes about 40 minutes: the blocks include `swift test`, the
# ThreadSanitizer tests and the quick reproduction of the paper.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
peers="$here/../shared/peers/cpp"
log="$PWD/readme-commands.log"
while [ $# -gt 0 ]; do
    case "$1" in
        --peers) peers="$2"; shift 2 ;;
        --log) log="$2"; shift 2 ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        *) echo "readme-commands.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
[ -d "$peers" ] && peers="$(cd "$peers" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git clone -q "$here" "$work/clone"
cd "$work/clone"
awk -v dir="$work" '/^```sh/ { n++; f = 1; next } /^```/ { f = 0 } f { print > (dir "/block-" n ".sh") }' README.md
: >"$log"
failed=0
for block in $(ls "$work"/block-*.sh | sort -t- -k2 -n); do
    name=$(basename "$block" .sh)
    start=$(date +%s)
    {
        echo "== $name"
        cat "$block"
        echo "--"
    } >>"$log"
    if PEERS="$peers" bash -e "$block" >>"$log" 2>&1; then status=ok; else status=FAILED; failed=1; fi
    printf '%-8s %-7s %5d s  %s\n' "$name" "$status" $(( $(date +%s) - start )) "$(head -1 "$block" | cut -c1-80)"
done
exit $failed
