#!/usr/bin/env bash
# Dense HOGWILD! thread scaling on a many-core machine without Swift: the static
# DenseScaling binary (experiments/fashion-mnist-check) against the PyTorch Hogwild peer
# (shared/peers/torch/hogwild_torch.py, one process per worker, synthetic MNIST-shaped
# data on both sides), then hot replicas on the Debian text set with a static `hogwild`.
#
#   experiments/dense-manycore.sh DIR OUT     (DIR holds DenseScaling, hogwild,
#                                              hogwild_torch.py, debian.libsvm.gz)
# Build the binaries where Swift is:
#   (cd experiments/fashion-mnist-check && swift build -c release --static-swift-stdlib --product DenseScaling)
#   swift build -c release --static-swift-stdlib --product hogwild
set -u
dir=$1; out=$2
mkdir -p "$out"
cores=$(getconf _NPROCESSORS_ONLN)
threads=1; t=2
while [ $t -le "$cores" ]; do threads="$threads,$t"; t=$((t * 2)); done
lscpu >"$out/lscpu.txt" 2>&1
free -g >"$out/memory.txt" 2>&1
python3 -c "import torch; print('torch', torch.__version__)" >"$out/versions.txt" 2>&1
log="$out/dense.txt"
start=$(date +%s)
run() { echo "== $* ($(( $(date +%s) - start )) s)" >>"$log"; "$@" >>"$log" 2>&1 || echo "!! failed (exit $?): $*" >>"$log"; }
run "$dir/DenseScaling" mlp 64 60000 "$threads"
run python3 "$dir/hogwild_torch.py" mlp 64 60000 "$threads"
run "$dir/DenseScaling" cnn 64 60000 "$threads"
run python3 "$dir/hogwild_torch.py" cnn 64 60000 "$threads"
run "$dir/DenseScaling" mlp 1 20000 "$threads"
run python3 "$dir/hogwild_torch.py" mlp 1 20000 "$threads"
echo "== dense done ($(( $(date +%s) - start )) s)" >>"$log"
if [ -f "$dir/debian.libsvm.gz" ]; then
    echo "== hot replicas on the Debian text set ($(( $(date +%s) - start )) s)" >>"$log"
    "$dir/hogwild" scale --data "$dir/debian.libsvm.gz" --threads "$threads" --schemes hogwild,hogwildAtomic,hotReplicas \
        --epochs 5 --repeats 2 --out "$out/text-hot" >>"$log" 2>&1 || echo "!! text-hot failed" >>"$log"
fi
echo "== end ($(( $(date +%s) - start )) s)" >>"$log"
