#!/usr/bin/env python3
"""Held-out error of scikit-learn's SGDClassifier and Vowpal Wabbit (hinge loss), each with
its own defaults, on a LIBSVM train/test pair; and scikit-learn's training time (the fit
alone, one thread). The numbers `hogwild train`'s defaults are held to (issue 27).

usage: python3 experiments/defaults-vs-peers.py TRAIN.libsvm TEST.libsvm
(needs scikit-learn and vowpalwabbit: pip install scikit-learn vowpalwabbit)"""
import sys, time
import numpy as np
from sklearn.linear_model import SGDClassifier

import sklearn, vowpalwabbit.version as vw_version
train_path, test_path = sys.argv[1], sys.argv[2]
print(f"scikit-learn {sklearn.__version__}, vowpalwabbit {getattr(vw_version, '__version__', '?')}, numpy {np.__version__}")
from sklearn.datasets import load_svmlight_files
X, y, Xt, yt = load_svmlight_files([train_path, test_path])  # one feature count for both
for m in (X, Xt):  # SGDClassifier takes 32-bit indices only
    m.indices, m.indptr = m.indices.astype(np.int32), m.indptr.astype(np.int32)
fits = []
for _ in range(3):
    model = SGDClassifier()
    start = time.perf_counter(); model.fit(X, y); fits.append(time.perf_counter() - start)
error = float(np.mean(model.predict(Xt) != yt))
print(f"scikit-learn SGDClassifier() defaults: test error {100 * error:.2f}%, fit {min(fits):.3f} s "
      f"(best of 3; {model.n_iter_} epochs)")

def vw_lines(path):
    for line in open(path):
        label, *features = line.split("#")[0].split()
        yield 1 if float(label) > 0 else -1, f"{1 if float(label) > 0 else -1} | {' '.join(features)}"

from vowpalwabbit import Workspace
train_lines = list(vw_lines(train_path))
vw = Workspace("--loss_function hinge --quiet")
start = time.perf_counter()
for _, line in train_lines:
    vw.learn(line)
seconds = time.perf_counter() - start
wrong = total = 0
for label, line in vw_lines(test_path):
    score = vw.predict(line.split(" ", 1)[1])
    wrong += (1 if score >= 0 else -1) != label
    total += 1
print(f"Vowpal Wabbit --loss_function hinge, defaults (one pass): test error {100 * wrong / total:.2f}%, "
      f"{seconds:.3f} s (learning calls from Python)")
