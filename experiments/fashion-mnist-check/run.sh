#!/usr/bin/env bash
# Trains the model zoo's 784-128-10 MLP and mnist_hogwild CNN on Fashion-MNIST (Debian:
# apt-get install dataset-fashion-mnist) and prints test accuracy.
# usage: experiments/fashion-mnist-check/run.sh [mlp|cnn] [EPOCHS] [THREADS]
set -euo pipefail
cd "$(dirname "$0")"
src=/usr/share/datasets/fashion-mnist
data=${FASHION_MNIST_RAW:-/tmp/fashion-mnist-raw}
mkdir -p "$data"
for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
    [ -f "$data/$f" ] || gunzip -c "$src/$f.gz" > "$data/$f"
done
swift build -c release >/dev/null
.build/release/FashionMNISTCheck "$data" "${1:-mlp}" "${2:-5}" "${3:-2}"
