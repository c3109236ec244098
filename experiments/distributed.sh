#!/usr/bin/env bash
# HOGWILD! inside each rank, Open MPI between ranks, on one machine (loopback):
#  1. convergence: a single process against 1 rank × 2 threads, 2 ranks × 1 thread and
#     4 ranks × 1 thread, for averaging and asynchronous deltas, on the Debian text SVM
#     and on Netflix-shaped matrix completion (`hogwild scale --cells`: ranks.csv and
#     objective-vs-time.svg per workload);
#  2. bytes: what crosses the network per epoch (the loopback interface's counters, with
#     Open MPI forced onto TCP) against what each method's cost model predicts.
#  3. the other workloads: a DBLife-shaped graph cut (averaging; asynchronous deltas are
#     refused for objectives that project their steps) and the MLP on Fashion-MNIST
#     (both methods).
# usage: experiments/distributed.sh DEBIAN_LIBSVM [OUT]   (needs Open MPI; 2+ cores)
#   PARTS="svm mc bytes cuts networks" (the default) picks the parts to run;
#   FASHION_MNIST names the IDX directory (default Debian's).
set -euo pipefail
text=${1:?usage: distributed.sh DEBIAN_LIBSVM [OUT] (make it with experiments/make_debian_text.py)}
out=${2:-experiments/results/$(date +%F)-distributed-$(nproc)core}
hogwild=${HOGWILD:-.build/release/hogwild}
root=(); [ "$(id -u)" = 0 ] && root=(--allow-run-as-root)
mkdir -p "$out"
"$hogwild" data stats --data "$text" > "$out/text-stats.txt" 2>&1 || true
nproc > "$out/cores.txt"; uname -a >> "$out/cores.txt"; mpirun --version | head -1 >> "$out/cores.txt"

parts=${PARTS:-svm mc bytes cuts networks}
want() { [[ " $parts " == *" $1 "* ]]; }
fashion=${FASHION_MNIST:-/usr/share/datasets/fashion-mnist}
svm=(--data "$text" --epochs 30 --seed 1)
mc=(--workload mc --synthetic netflix --epochs 30 --seed 1)
if want svm; then
# A single process with 2 threads: the objective every cell is held against.
"$hogwild" train "${svm[@]}" --threads 2 --out "$out/svm-single" > "$out/svm-single.log" 2>&1
# The text set: both methods, every 2,000 updates a rank, the default step (averaging
# multiplies it by the ranks, the linear scaling rule).
"$hogwild" scale "${svm[@]}" --cells 1x2,2x1,4x1 --exchange-every 2000 --out "$out/svm-ranks" > "$out/svm-ranks.log" 2>&1
fi
if want mc; then
"$hogwild" train "${mc[@]}" --threads 2 --out "$out/mc-single" > "$out/mc-single.log" 2>&1
# Matrix completion: asynchronous deltas every 200 updates at the default step (every
# 1,000 diverges at 4 ranks: 4,000 stale updates a round); averaging every 1,000 from
# γ = 0.02, which the linear scaling rule makes 0.04 at 2 ranks and 0.08 at 4 (the
# default 0.03 ×4 = 0.12 diverges in the first epoch).
"$hogwild" scale "${mc[@]}" --cells 1x2,2x1,4x1 --distributed async --exchange-every 200 --out "$out/mc-async" \
    > "$out/mc-async.log" 2>&1
"$hogwild" scale "${mc[@]}" --step 0.02 --cells 1x2,2x1,4x1 --distributed averaging --exchange-every 1000 \
    --out "$out/mc-averaging" > "$out/mc-averaging.log" 2>&1
# …and averaging at 2 ranks from the default step (×2 = 0.06 is stable).
mpirun "${root[@]}" --oversubscribe -np 2 "$hogwild" train "${mc[@]}" --threads 1 --distributed averaging \
    --exchange-every 1000 --out "$out/mc-averaging-2x1-default-step" > "$out/mc-averaging-2x1-default-step.log" 2>&1
fi

if want cuts; then
# The DBLife-shaped cut (1.08 M edges): averaging every 2,000 updates a rank; the 1x2
# cell is the single process. The rounded cut is the quality measure (results.json's
# metrics); the relaxed objective is what the subgradient steps descend.
"$hogwild" scale --workload cuts --synthetic dblife --epochs 30 --seed 1 --cells 1x2,2x1,4x1 --distributed averaging \
    --exchange-every 2000 --out "$out/cut-averaging" > "$out/cut-averaging.log" 2>&1
fi
if want networks; then
# The MLP on Fashion-MNIST, minibatches of 64 (938 an epoch): both methods every 50
# minibatches a rank, and asynchronous deltas every 2 (staleness: P·K minibatches).
mlp=(--workload mlp --data "$fashion" --epochs 10 --seed 1)
"$hogwild" scale "${mlp[@]}" --cells 1x2,2x1,4x1 --exchange-every 50 --out "$out/mlp-ranks" > "$out/mlp-ranks.log" 2>&1
"$hogwild" scale "${mlp[@]}" --cells 1x2,2x1,4x1 --distributed async --exchange-every 2 --out "$out/mlp-async-2" \
    > "$out/mlp-async-2.log" 2>&1
fi

# Bytes on the wire: TCP over loopback only (no shared memory), so the interface counts
# everything the ranks send. Per epoch = (run of 3 epochs − run of 1 epoch) / 2, which
# leaves out start-up and the final evaluation.
if want bytes; then
lo=/sys/class/net/lo/statistics/tx_bytes
echo "method,ranks,wire_bytes_per_epoch,predicted_bytes_per_epoch,payload_bytes_per_epoch,exchanges" > "$out/bytes.csv"
for method in averaging async async-dense; do
    flags=(--distributed ${method%-dense}); [ $method = async-dense ] && flags+=(--dense-deltas)
    for ranks in 2 4; do
        declare -A wire
        for epochs in 1 3; do
            before=$(cat $lo)
            mpirun "${root[@]}" --oversubscribe -np $ranks --mca btl self,tcp --mca btl_tcp_if_include lo --mca osc pt2pt \
                "$hogwild" train "${svm[@]}" --epochs $epochs --threads 1 "${flags[@]}" --exchange-every 8000 \
                --out "$out/bytes-$method-$ranks-$epochs" > "$out/bytes-$method-$ranks-$epochs.log" 2>&1
            wire[$epochs]=$(( $(cat $lo) - before ))
        done
        python3 - "$out/bytes-$method-$ranks-3/results.json" "$method" "$ranks" "${wire[1]}" "${wire[3]}" >> "$out/bytes.csv" <<'PY'
import json, sys
path, method, ranks, one, three = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
epochs = json.load(open(path))["run"]["report"]["epochs"]
ex = epochs[-1]["exchange"]
print(f"{method},{ranks},{(three - one) // 2},{ex['bytesPredicted']},{ex['bytesSent']},{ex['rounds']}")
PY
    done
done
cat "$out/bytes.csv"
fi
machine=$(find "$out" -name results.json | sort | head -1)
python3 -c "import json,sys; json.dump(json.load(open(sys.argv[1]))['machine'], open(sys.argv[2],'w'), indent=2)" \
    "$machine" "$out/machine.json"
