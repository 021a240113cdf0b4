"""One epoch of the CNN-topology talk's network in PyTorch (the speed reference of bench/cnn.ts).

Usage: /usr/bin/python3 bench/cnn_torch.py DATA.bin LABELS.bin N [THREADS]
DATA.bin: N×784 float32 (row-major 28×28 digits), LABELS.bin: N int32.
Prints one JSON line: seconds of the training epoch (imports and data loading excluded) and the mean loss.
"""
import json
import sys
import time

import numpy as np
import torch

data_path, labels_path, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
threads = int(sys.argv[4]) if len(sys.argv) > 4 else 2
torch.set_num_threads(threads)
torch.manual_seed(0)
x = torch.from_numpy(np.fromfile(data_path, dtype=np.float32).reshape(n, 1, 28, 28).copy())
y = torch.from_numpy(np.fromfile(labels_path, dtype=np.int32).astype(np.int64))
model = torch.nn.Sequential(
    torch.nn.Conv2d(1, 64, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
    torch.nn.Conv2d(64, 16, 2), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
    torch.nn.Flatten(), torch.nn.Linear(576, 10),
)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
loss_fn = torch.nn.CrossEntropyLoss()
start = time.perf_counter()
order = torch.randperm(n)
total = 0.0
for b in range(0, n, 32):
    idx = order[b:b + 32]
    optimizer.zero_grad()
    loss = loss_fn(model(x[idx]), y[idx])
    loss.backward()
    optimizer.step()
    total += loss.item() * len(idx)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "loss": total / n, "threads": torch.get_num_threads(),
                  "torch": torch.__version__}))
