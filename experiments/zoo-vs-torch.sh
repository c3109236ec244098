#!/usr/bin/env bash
# The model zoo's MLP (784-128-10) and CNN (mnist_hogwild's) against the PyTorch
# Hogwild peer (../shared/peers/torch/hogwild_torch.py) on Fashion-MNIST, the same
# recipe on both sides: SGD with momentum 0.5, step 0.01, equal samples, then loss and
# accuracy on the first 10,000 training images. Run on an otherwise idle machine.
#
#   experiments/zoo-vs-torch.sh OUT.txt [THREADS] [PYTHON]     (defaults: 1,2 and /tmp/torch/bin/python)
set -euo pipefail
out=$1; threads=${2:-1,2}; python=${3:-/tmp/torch/bin/python}
here=$(cd "$(dirname "$0")" && pwd)
fashion=${FASHION_MNIST:-/usr/share/datasets/fashion-mnist}
peer=${PEER:-$here/../../shared/peers/torch/hogwild_torch.py}
(cd "$here/fashion-mnist-check" && swift build -c release --product DenseScaling >/dev/null)
scaling="$here/fashion-mnist-check/.build/release/DenseScaling"
{
    echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(uname -m), $(getconf _NPROCESSORS_ONLN) cores; $("$python" -c 'import torch; print("torch", torch.__version__)')"
    for run in "mlp 64 60000" "cnn 64 60000" "mlp 1 20000"; do
        set -- $run
        "$scaling" "$1" "$2" "$3" "$threads" "$fashion"
        "$python" "$peer" "$1" "$2" "$3" "$threads" "$fashion"
    done
} 2>&1 | tee "$out"
