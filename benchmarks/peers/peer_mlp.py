#!/usr/bin/python3
"""Times PyTorch or scikit-learn on the models nnet's end-to-end benchmark trains (dev.nnet.benchmarks.EndToEnd).

Same model, data, optimizer and batch as nnet; data in memory, training loop only, reshuffled every epoch. Prints
one JSON object on stdout:

  {"framework": "torch 1.13.0", "model": "fashion", "batch": 32, "threads": 2,
   "epoch_seconds": [...], "median_epoch_seconds": s,   # median over epochs 2..N (all when N = 1)
   "fit_seconds": s,                                     # all epochs together (iris)
   "latency_us": us,                                     # batch-1 inference, median per call (torch, fashion)
   "test_accuracy": a}

Run with Debian's interpreter, where python3-torch and python3-sklearn install: /usr/bin/python3 peer_mlp.py ...
Thread counts: torch.set_num_threads for PyTorch's own kernels; the BLAS under NumPy (scikit-learn's products) takes
OPENBLAS_NUM_THREADS from the environment, which the Java harness sets.
"""

import argparse
import csv
import gzip
import json
import statistics
import sys
import time
import warnings

import numpy as np

FASHION = "/usr/share/datasets/fashion-mnist"


def idx(path, offset):
    with gzip.open(path, "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def fashion():
    """Fashion-MNIST as nnet's sample reads it: pixels scaled by 1/255, float32; labels as class indices."""
    xs = idx(f"{FASHION}/train-images-idx3-ubyte.gz", 16).reshape(-1, 784).astype(np.float32) / 255
    ys = idx(f"{FASHION}/train-labels-idx1-ubyte.gz", 8).astype(np.int64)
    xt = idx(f"{FASHION}/t10k-images-idx3-ubyte.gz", 16).reshape(-1, 784).astype(np.float32) / 255
    yt = idx(f"{FASHION}/t10k-labels-idx1-ubyte.gz", 8).astype(np.int64)
    return xs, ys, xt, yt, 128, 10


def iris(path, seed):
    """The iris sample's data: 80 % to train, standardized with the training rows' mean and deviation."""
    with open(path) as f:
        rows = list(csv.DictReader(f))
    label = "species"
    names = sorted({r[label] for r in rows})
    x = np.array([[float(v) for k, v in r.items() if k != label] for r in rows], dtype=np.float32)
    y = np.array([names.index(r[label]) for r in rows], dtype=np.int64)
    order = np.random.default_rng(seed).permutation(len(x))
    cut = int(round(len(x) * 0.8))
    tr, te = order[:cut], order[cut:]
    mean, std = x[tr].mean(0), x[tr].std(0)
    std[std == 0] = 1
    x = (x - mean) / std
    return x[tr], y[tr], x[te], y[te], 16, len(names)


def median_after_first(times):
    return statistics.median(times[1:] if len(times) > 1 else times)


def run_torch(a, xs, ys, xt, yt, hidden, classes):
    import torch

    torch.manual_seed(a.seed)
    torch.set_num_threads(a.threads)
    model = torch.nn.Sequential(
        torch.nn.Linear(xs.shape[1], hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, classes))
    # Keras' Adam, as nnet's: epsilon 1e-7.
    opt = torch.optim.Adam(model.parameters(), lr=a.lr, eps=1e-7)
    loss_fn = torch.nn.CrossEntropyLoss()  # softmax and cross-entropy, as nnet fuses them
    x, y = torch.from_numpy(xs), torch.from_numpy(ys)
    n = len(x)
    times = []
    for _ in range(a.epochs):
        start = time.perf_counter()
        perm = torch.randperm(n)
        for i in range(0, n, a.batch):
            idx = perm[i:i + a.batch]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
        times.append(time.perf_counter() - start)
    model.eval()
    with torch.no_grad():
        accuracy = (model(torch.from_numpy(xt)).argmax(1) == torch.from_numpy(yt)).float().mean().item()
        latency = None
        if a.latency_calls > 0:
            samples = torch.from_numpy(xt)
            calls = []
            for i in range(2 * a.latency_calls):
                s = samples[i % len(samples)].unsqueeze(0)
                t0 = time.perf_counter_ns()
                model(s)
                calls.append(time.perf_counter_ns() - t0)
            latency = statistics.median(calls[a.latency_calls:]) / 1000  # first half is warm-up
    return "torch " + torch.__version__, times, accuracy, latency


def run_sklearn(a, xs, ys, xt, yt, hidden, classes):
    import sklearn
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    # One epoch per fit call (warm_start keeps the weights and Adam's state), so each epoch is timed alone.
    model = MLPClassifier(
        hidden_layer_sizes=(hidden,), activation="relu", solver="adam", alpha=0.0, batch_size=a.batch,
        learning_rate_init=a.lr, epsilon=1e-7, max_iter=1, shuffle=True, random_state=a.seed, tol=0.0,
        n_iter_no_change=10**9, warm_start=True)
    times = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for _ in range(a.epochs):
            start = time.perf_counter()
            model.fit(xs, ys)
            times.append(time.perf_counter() - start)
    accuracy = float((model.predict(xt) == yt).mean())
    latency = None
    if a.latency_calls > 0:
        calls = []
        for i in range(2 * a.latency_calls):
            s = xt[i % len(xt)].reshape(1, -1)
            t0 = time.perf_counter_ns()
            model.predict_proba(s)
            calls.append(time.perf_counter_ns() - t0)
        latency = statistics.median(calls[a.latency_calls:]) / 1000
    return "scikit-learn " + sklearn.__version__, times, accuracy, latency


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--framework", choices=["torch", "sklearn"], required=True)
    p.add_argument("--model", choices=["fashion", "iris"], required=True)
    p.add_argument("--iris-csv", default="samples/iris/iris.csv")
    p.add_argument("--batch", type=int, required=True)
    p.add_argument("--epochs", type=int, required=True)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--lr", type=float, required=True)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--latency-calls", type=int, default=0, help="batch-1 inference calls to time (0: none)")
    a = p.parse_args()

    xs, ys, xt, yt, hidden, classes = fashion() if a.model == "fashion" else iris(a.iris_csv, a.seed)
    run = run_torch if a.framework == "torch" else run_sklearn
    start = time.perf_counter()
    name, times, accuracy, latency = run(a, xs, ys, xt, yt, hidden, classes)
    total = time.perf_counter() - start
    json.dump({
        "framework": name, "model": a.model, "batch": a.batch, "threads": a.threads,
        "epoch_seconds": times, "median_epoch_seconds": median_after_first(times), "fit_seconds": sum(times),
        "total_seconds": total, "latency_us": latency, "test_accuracy": accuracy,
    }, sys.stdout)
    print()


if __name__ == "__main__":
    main()
