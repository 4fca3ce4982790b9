"""keras.io's "Simple MNIST convnet" on Fashion-MNIST in PyTorch: the peer of samples/fashion_cnn/fashion_cnn.nnet.

Same model (conv 32 3x3 relu, maxpool 2, conv 64 3x3 relu, maxpool 2, flatten, dropout 0.5, dense 10 softmax;
34,826 parameters), same data handling (pixels / 255, the last 10% of the training set held out for validation,
as Keras' validation_split does), same optimizer (Adam with the sample's learning rate, 0.003, and Keras' epsilon
1e-7), same initialisation (Glorot uniform kernels, zero biases), batch 128, shuffled every epoch.

Prints one line per epoch with its seconds (training steps plus the validation pass, what nnet's epoch line
times), then the test accuracy and the median seconds per epoch.

Run with Debian's PyTorch (apt-get install -y python3-torch), not a pyenv python:
    /usr/bin/python3 benchmarks/peers/fashion_cnn_torch.py --epochs 3 --threads 2
"""

import argparse
import gzip
import statistics
import struct
import time

import numpy as np
import torch
from torch import nn

DATA = "/usr/share/datasets/fashion-mnist"


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    dims = magic & 0xFF
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(kind):
    images = read_idx(f"{DATA}/{kind}-images-idx3-ubyte.gz").astype(np.float32) / 255.0
    labels = read_idx(f"{DATA}/{kind}-labels-idx1-ubyte.gz").astype(np.int64)
    # [n, 1, 28, 28]: PyTorch's layout is channels first.
    return torch.from_numpy(images[:, None, :, :].copy()), torch.from_numpy(labels.copy())


def model():
    net = nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Dropout(0.5), nn.Linear(1600, 10))
    for m in net:
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)
    return net


def accuracy(net, x, y, batch=1000):
    net.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            correct += (net(x[i:i + batch]).argmax(1) == y[i:i + batch]).sum().item()
    return correct / len(x)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=15)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--lr", type=float, default=0.003)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)

    x, y = load("train")
    test_x, test_y = load("t10k")
    split = len(x) - len(x) // 10
    train_x, train_y, val_x, val_y = x[:split], y[:split], x[split:], y[split:]

    net = model()
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, "
          f"{sum(p.numel() for p in net.parameters())} parameters")
    opt = torch.optim.Adam(net.parameters(), lr=args.lr, eps=1e-7)
    loss_fn = nn.CrossEntropyLoss()
    seconds = []
    for epoch in range(1, args.epochs + 1):
        start = time.perf_counter()
        net.train()
        order = torch.randperm(len(train_x))
        total = 0.0
        for i in range(0, len(train_x), args.batch):
            idx = order[i:i + args.batch]
            opt.zero_grad()
            loss = loss_fn(net(train_x[idx]), train_y[idx])
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        val = accuracy(net, val_x, val_y)
        seconds.append(time.perf_counter() - start)
        print(f"epoch {epoch}/{args.epochs}  loss {total / len(train_x):.4f}  val_accuracy {val:.4f}  "
              f"{seconds[-1]:.2f}s", flush=True)
    print(f"test accuracy {accuracy(net, test_x, test_y):.4f}")
    print(f"median seconds per epoch {statistics.median(seconds):.2f}")


if __name__ == "__main__":
    main()
