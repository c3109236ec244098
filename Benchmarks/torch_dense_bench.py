"""PyTorch's side of `hogwild-bench --autograd`: the same GEMM shapes and the same
training steps, single-threaded (torch.set_num_threads(1)), timed the same way
(median of repeats after warm-up). Prints one JSON object per line.

usage: python3 torch_dense_bench.py REPEATS
"""
import json, sys, time
import torch, torch.nn as nn, torch.nn.functional as F

torch.set_num_threads(1)
repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 20

def median_seconds(fn, inner):
    for _ in range(3): fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(inner): fn()
        times.append((time.perf_counter() - t0) / inner)
    times.sort()
    return times[len(times) // 2]

# GEMM: C[m, n] = A[m, k] · B[k, n]
for m, k, n in [(64, 784, 128), (64, 128, 10), (256, 256, 256), (1024, 1024, 1024)]:
    a, b = torch.rand(m, k), torch.rand(k, n)
    out = torch.empty(m, n)
    flops = 2.0 * m * n * k
    inner = max(1, int(2e8 / flops))
    s = median_seconds(lambda: torch.mm(a, b, out=out), inner)
    print(json.dumps({"kind": "gemm", "m": m, "k": k, "n": n, "seconds": s, "gflops": flops / s / 1e9}), flush=True)

# The networks of ../shared/peers/torch/hogwild_torch.py, trained as it trains them.
class CNN(nn.Module):
    def __init__(s):
        super().__init__(); s.c1 = nn.Conv2d(1, 10, 5); s.c2 = nn.Conv2d(10, 20, 5); s.d = nn.Dropout2d(); s.f1 = nn.Linear(320, 50); s.f2 = nn.Linear(50, 10)
    def forward(s, x):
        x = F.relu(F.max_pool2d(s.c1(x), 2)); x = F.relu(F.max_pool2d(s.d(s.c2(x)), 2)); x = x.view(-1, 320)
        x = F.relu(s.f1(x)); x = F.dropout(x, training=s.training); return F.log_softmax(s.f2(x), dim=1)

class MLP(nn.Module):
    def __init__(s):
        super().__init__(); s.f1 = nn.Linear(784, 128); s.f2 = nn.Linear(128, 10)
    def forward(s, x): return F.log_softmax(s.f2(F.relu(s.f1(x.view(-1, 784)))), dim=1)

torch.manual_seed(0)
for arch, batch in [("mlp", 1), ("mlp", 64), ("cnn", 64)]:
    model = CNN() if arch == "cnn" else MLP()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.5)
    x = torch.rand(batch, 1, 28, 28); y = torch.randint(0, 10, (batch,))
    def step():
        opt.zero_grad(); F.nll_loss(model(x), y).backward(); opt.step()
    inner = 200 if batch == 1 else (20 if arch == "cnn" else 50)
    s = median_seconds(step, inner)
    print(json.dumps({"kind": "step", "model": arch, "batch": batch, "seconds": s}), flush=True)

# The MLP's step at batch 64 with torch.optim.Adam (the default foreach implementation).
model = MLP()
opt = torch.optim.Adam(model.parameters(), lr=0.001)
x = torch.rand(64, 1, 28, 28); y = torch.randint(0, 10, (64,))
def adam_step():
    opt.zero_grad(); F.nll_loss(model(x), y).backward(); opt.step()
print(json.dumps({"kind": "step", "model": "mlp-adam", "batch": 64, "seconds": median_seconds(adam_step, 50)}), flush=True)
