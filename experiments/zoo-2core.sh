#!/usr/bin/env bash
# The model zoo's results on real data with `hogwild` (release build): Fashion-MNIST
# (Debian: apt-get install dataset-fashion-mnist) for the MLP, the CNN (2 threads and
# serial, equal epochs) and the autoencoder (one run per normal class), and the Debian
# package descriptions (experiments/make_debian_corpus.py) for the character LSTM.
#
#   experiments/zoo-2core.sh OUT_DIR [CORPUS.txt]
set -euo pipefail
out=$1; corpus=${2:-/tmp/debian-corpus.txt}
fashion=/usr/share/datasets/fashion-mnist
mkdir -p "$out"
swift build -c release >/dev/null
hogwild=.build/release/hogwild
[ -f "$corpus" ] || python3 experiments/make_debian_corpus.py "$corpus" 4000000
adam="--optimizer adam --step 0.001 --decay 0.9"
for threads in 2 1; do
    $hogwild train --workload mlp --data $fashion --hidden 256,128 $adam --epochs 20 --threads $threads \
        --out "$out/mlp-$threads" --save-model "$out/mlp-$threads/mlp.model" | tee "$out/mlp-$threads.log"
    $hogwild train --workload cnn --data $fashion --channels 20,40 --hidden 128 --dropout 0.25 $adam --epochs 15 \
        --threads $threads --out "$out/cnn-$threads" | tee "$out/cnn-$threads.log"
done
for k in 0 1 2 3 4 5 6 7 8 9; do
    $hogwild train --workload autoencoder --data $fashion --normal-class $k --optimizer adam --epochs 20 --threads 2 \
        --out "$out/autoencoder-$k" | tee "$out/autoencoder-$k.log"
done
$hogwild train --workload lstm --data "$corpus" --hidden 256 --optimizer adam --step 0.003 --decay 0.9 --epochs 4 \
    --threads 2 --sample 600 --out "$out/lstm" --save-model "$out/lstm/lstm.model" | tee "$out/lstm.log"
rm -f "$out"/*/*.model   # trained networks are not committed (MBs); the logs say they were written
