#!/usr/bin/env bash
# Scale-out that scales (issue 25), on one machine over loopback (every rank shares its
# cores, so times say what the exchanges cost, not what more machines would gain):
#  async     Netflix-shaped MC (1 M ratings), asynchronous deltas at the automatic
#            interval from the default step, 2 and 4 ranks × 1 thread, 30 epochs,
#            against one process with 2 threads; then the exchange seconds per epoch
#            at the old fixed K = 200, this binary against $OLD (an older build) when
#            given, alternating, 3 repeats of 3 epochs;
#  averaging the Debian text SVM, the same MC and the MLP on Fashion-MNIST, averaging
#            from the default step (the automatic rule and interval), 2, 4 and 8 ranks;
#  memory    each rank's peak resident memory (results.json's exchange report) at 1, 2
#            and 4 ranks: the MLP on Fashion-MNIST, an RNN on a text corpus, the
#            DBLife-shaped cut (1 epoch each);
#  sigint    a 2-rank job interrupted with SIGINT to mpirun saves a checkpoint that
#            resumes on 3 ranks.
# usage: experiments/scale-out.sh DEBIAN_LIBSVM CORPUS_TXT [OUT]
#   (make them with experiments/make_debian_text.py and make_debian_corpus.py)
#   PARTS="async averaging memory sigint" (the default) picks the parts ("none": only the
#   summary of what OUT holds); HOGWILD names
#   the binary (default .build/release/hogwild); FASHION_MNIST the IDX directory.
set -euo pipefail
text=${1:?usage: scale-out.sh DEBIAN_LIBSVM CORPUS_TXT [OUT]}
corpus=${2:?usage: scale-out.sh DEBIAN_LIBSVM CORPUS_TXT [OUT]}
out=${3:-experiments/results/$(date +%F)-scale-out-$(nproc)core}
hogwild=${HOGWILD:-.build/release/hogwild}
fashion=${FASHION_MNIST:-/usr/share/datasets/fashion-mnist}
parts=${PARTS:-async averaging memory sigint}
want() { [[ " $parts " == *" $1 "* ]]; }
root=(); [ "$(id -u)" = 0 ] && root=(--allow-run-as-root)
run() { local p=$1; shift; mpirun "${root[@]}" --oversubscribe --bind-to none -np "$p" "$@"; }
mkdir -p "$out"
{ nproc; uname -a; mpirun --version | head -1; lscpu | grep -E "Model name|Flags" | cut -c1-200; } > "$out/machine.txt"

mc=(--workload mc --synthetic netflix --epochs 30 --seed 1)
svm=(--data "$text" --epochs 30 --seed 1)
mlp=(--workload mlp --data "$fashion" --epochs 10 --seed 1)

if want async; then
  "$hogwild" train "${mc[@]}" --threads 2 --out "$out/mc-single" > "$out/mc-single.log" 2>&1
  for p in 2 4; do
    run $p "$hogwild" train "${mc[@]}" --threads 1 --distributed async --out "$out/mc-async-$p" > "$out/mc-async-$p.log" 2>&1
  done
  for repeat in 1 2 3; do
    for binary in new old; do
      b=$hogwild; [ $binary = old ] && { [ -n "${OLD:-}" ] || continue; b=$OLD; }
      run 2 "$b" train --workload mc --synthetic netflix --epochs 3 --seed 1 --threads 1 --distributed async \
        --exchange-every 200 --out "$out/mc-async-k200-$binary-$repeat" > "$out/mc-async-k200-$binary-$repeat.log" 2>&1
    done
  done
fi

if want averaging; then
  for w in svm mc mlp; do
    eval "args=(\"\${$w[@]}\")"
    [ -f "$out/$w-single/results.json" ] || "$hogwild" train "${args[@]}" --threads 2 --out "$out/$w-single" > "$out/$w-single.log" 2>&1
    for p in 2 4 8; do
      run $p "$hogwild" train "${args[@]}" --threads 1 --distributed averaging --out "$out/$w-averaging-$p" \
        > "$out/$w-averaging-$p.log" 2>&1 || true
    done
  done
fi

if want memory; then
  for p in 1 2 4; do
    run $p "$hogwild" train --workload mlp --data "$fashion" --epochs 1 --threads 1 --distributed averaging \
      --out "$out/memory-mlp-$p" > "$out/memory-mlp-$p.log" 2>&1
    run $p "$hogwild" train --workload rnn --data "$corpus" --hidden 16 --sequence-length 256 --epochs 1 --threads 1 \
      --distributed averaging --out "$out/memory-text-$p" > "$out/memory-text-$p.log" 2>&1
    run $p "$hogwild" train --workload cuts --synthetic dblife --scale 1 --epochs 1 --threads 1 --distributed averaging \
      --out "$out/memory-cut-$p" > "$out/memory-cut-$p.log" 2>&1
  done
fi

if want sigint; then
  ckpt="${TMPDIR:-/tmp}/scale-out-sigint.ckpt"; rm -f "$ckpt"
  job=(--synthetic rcv1 --scale 0.005 --threads 1 --seed 3 --distributed async --exchange-every 100 --checkpoint "$ckpt"
       --delay 1000000)
  mpirun "${root[@]}" --mca odls_base_sigkill_timeout 10 --oversubscribe --bind-to none -np 2 \
    "$hogwild" train "${job[@]}" --epochs 200 > "$out/sigint-2.log" 2>&1 &
  launcher=$!
  until grep -q " 3/200" "$out/sigint-2.log" 2>/dev/null; do sleep 0.5; done
  kill -INT $launcher; wait $launcher || echo "mpirun exited $?" >> "$out/sigint-2.log"
  epochs=$(grep -o "[0-9]*/200" "$out/sigint-2.log" | tail -1 | cut -d/ -f1)
  run 3 "$hogwild" train "${job[@]}" --epochs $((epochs + 2)) --resume "$ckpt" > "$out/sigint-resume-3.log" 2>&1
fi

python3 - "$out" <<'PY' | tee "$out/summary.md"
import json, os, statistics, sys
out = sys.argv[1]
def report(d):
    p = os.path.join(out, d, "results.json")
    return json.load(open(p))["run"] if os.path.exists(p) else None
def rel(a, b): return f"{100 * (a - b) / b:+.2f}%"
print("| workload | method | ranks | final objective | single process | relative | exchanges / epoch (last) | exchange s / epoch (median) |")
print("|---|---|---|---|---|---|---|---|")
for w, method, ranks in [("mc", "async", p) for p in (2, 4)] + [(w, "averaging", p) for w in ("svm", "mc", "mlp") for p in (2, 4, 8)]:
    single, run = report(f"{w}-single"), report(f"{w}-{method}-{ranks}")
    if not single or not os.path.exists(os.path.join(out, f"{w}-{method}-{ranks}.log")): continue
    if not run:
        print(f"| {w} | {method} | {ranks} | failed (see the log) | {single['report']['finalObjective']:.6f} | | | |")
        continue
    r, s = run["report"], single["report"]
    ex = [e["exchange"] for e in r["epochs"] if e.get("exchange")]
    print(f"| {w} | {method} | {ranks} | {r['finalObjective']:.6f} | {s['finalObjective']:.6f} | {rel(r['finalObjective'], s['finalObjective'])} "
          f"| {ex[-1]['rounds'] if ex else '-'} | {statistics.median(e['seconds'] for e in ex) if ex else 0:.3f} |")
k200 = {}
for binary in ("new", "old"):
    for repeat in (1, 2, 3):
        run = report(f"mc-async-k200-{binary}-{repeat}")
        if run: k200.setdefault(binary, []).append(statistics.median(e["exchange"]["seconds"] for e in run["report"]["epochs"]))
if k200:
    print("\nAsynchronous deltas every 200 updates, 2 ranks, exchange seconds per epoch (median of 3 epochs, each repeat):")
    for binary, values in k200.items(): print(f"- {binary}: " + ", ".join(f"{v:.3f}" for v in values))
    if "old" in k200 and "new" in k200:
        ratios = [o / n for o, n in zip(k200["old"], k200["new"])]
        print(f"- old ÷ new per repeat: " + ", ".join(f"{x:.1f}×" for x in ratios) + f" (median {statistics.median(ratios):.1f}×)")
print("\nPeak resident memory per rank (MiB), rank 0 first:")
for w in ("mlp", "text", "cut"):
    row = []
    for p in (1, 2, 4):
        run = report(f"memory-{w}-{p}")
        ex = run and run["report"]["epochs"][-1].get("exchange")
        row.append(f"{p} rank(s): " + (", ".join(f"{b / 2**20:.0f}" for b in ex.get("rankPeakResidentBytes") or []) if ex else "-"))
    print(f"- {w}: " + "; ".join(row))
PY
