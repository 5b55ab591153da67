#!/usr/bin/env python3
"""The bench's PyTorch side: the network Streamcast's NetworkFactory builds (stacked GRU or LSTM
of `hidden` tanh units over NCW windows of `features` x `window`, the top layer's last step, a
linear head of `horizon` outputs, MSE loss, Adam with per-layer L2 gradient clipping) timed the
way ModelBench times the DL4J one: inference per call at each batch size (no_grad, eval) and one
training step. Prints one JSON object on stdout. Run by `streamcast bench`; by hand:

    OMP_NUM_THREADS=2 python3 torch_bench.py --cell gru --window 48 --horizon 12 --hidden 32 --layers 1
"""
import argparse
import json
import os
import time

import torch
from torch import nn


class Forecaster(nn.Module):
    def __init__(self, cell, features, hidden, layers, horizon):
        super().__init__()
        rnn = nn.GRU if cell == "gru" else nn.LSTM
        self.rnn = rnn(input_size=features, hidden_size=hidden, num_layers=layers, batch_first=True)
        self.head = nn.Linear(hidden, horizon)

    def forward(self, x):  # x: [batch, features, window] (NCW, as DL4J)
        out, _ = self.rnn(x.transpose(1, 2))
        return self.head(out[:, -1, :])


def timed(call, budget, max_calls=2000):
    warm_until = time.perf_counter() + budget  # warm-up by time, as ModelBench does
    n = 0
    while n < 3 or time.perf_counter() < warm_until:
        call()
        n += 1
    calls = 0
    start = time.perf_counter()
    cpu_start = time.thread_time()
    while True:
        call()
        calls += 1
        elapsed = time.perf_counter() - start
        if elapsed >= budget or calls >= max_calls:
            break
    return elapsed * 1000 / calls, (time.thread_time() - cpu_start) * 1000 / calls


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--cell", default="gru", choices=["gru", "lstm"])
    a.add_argument("--features", type=int, default=4)
    a.add_argument("--window", type=int, default=48)
    a.add_argument("--horizon", type=int, default=12)
    a.add_argument("--hidden", type=int, default=32)
    a.add_argument("--layers", type=int, default=1)
    a.add_argument("--batches", default="1,32,1024")
    a.add_argument("--train-batch", type=int, default=32)
    a.add_argument("--seconds", type=float, default=1.0)
    args = a.parse_args()
    threads = int(os.environ.get("OMP_NUM_THREADS", "0") or 0)
    if threads > 0:
        torch.set_num_threads(threads)
    torch.manual_seed(42)
    net = Forecaster(args.cell, args.features, args.hidden, args.layers, args.horizon)
    result = {"torch": torch.__version__, "threads": torch.get_num_threads(), "cell": args.cell, "inference": {}}
    net.eval()
    with torch.no_grad():
        for b in [int(x) for x in args.batches.split(",")]:
            x = torch.rand(b, args.features, args.window)
            wall, cpu = timed(lambda: net(x), args.seconds)
            result["inference"][str(b)] = {"msPerCall": wall, "cpuMsPerCall": cpu, "usPerWindow": wall * 1000 / b}
    net.train()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    x = torch.rand(args.train_batch, args.features, args.window)
    y = torch.rand(args.train_batch, args.horizon)
    loss_fn = nn.MSELoss()

    def step():
        opt.zero_grad()
        loss = loss_fn(net(x), y)
        loss.backward()
        for m in (net.rnn, net.head):  # per-layer L2 clipping, as l2PerLayer
            nn.utils.clip_grad_norm_(m.parameters(), 1.0)
        opt.step()

    wall, cpu = timed(step, args.seconds)
    result["trainingStep"] = {"batch": args.train_batch, "msPerStep": wall, "cpuMsPerStep": cpu}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
