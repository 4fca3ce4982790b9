"""Fashion-MNIST read as sequences in PyTorch: the peer of samples/fashion_conv1d/fashion_conv1d.nnet.

Each image's 28 rows are 28 steps of 28 features. Same model as the sample (Conv1d 64x3 relu, global max pooling
over the steps, dense 10 softmax; 6,090 parameters), same data (pixels / 255, no validation split), same optimizer
(Adam 0.001 with Keras' epsilon 1e-7), same initialisation (Glorot uniform kernels, zero biases), batch 64,
shuffled every epoch. It has the shape of issue 15's word-language conv model (embedding 32, conv1d 64x3 relu,
global max pooling, dense 7 over about 20 steps).

Prints one line per epoch with its seconds (the training steps, what nnet's epoch line times without a
validation split), then the test accuracy and the median seconds per epoch.

Run with Debian's PyTorch (apt-get install -y python3-torch), not a pyenv python:
    /usr/bin/python3 benchmarks/peers/fashion_conv1d_torch.py --epochs 3 --threads 1
"""

import argparse
import statistics
import time

import torch
from torch import nn

from fashion_cnn_torch import DATA, accuracy, read_idx


class GlobalMax(nn.Module):
    def forward(self, x):  # [n, channels, steps] to [n, channels]
        return x.amax(dim=2)


def load(kind):
    images = read_idx(f"{DATA}/{kind}-images-idx3-ubyte.gz").astype("float32") / 255.0
    labels = read_idx(f"{DATA}/{kind}-labels-idx1-ubyte.gz").astype("int64")
    # [n, 28 features, 28 steps]: PyTorch's Conv1d is channels first, so the rows' features become channels.
    return torch.from_numpy(images.transpose(0, 2, 1).copy()), torch.from_numpy(labels.copy())


def model():
    net = nn.Sequential(nn.Conv1d(28, 64, 3), nn.ReLU(), GlobalMax(), nn.Linear(64, 10))
    for m in net:
        if isinstance(m, (nn.Conv1d, nn.Linear)):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)
    return net


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--lr", type=float, default=0.001)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)

    train_x, train_y = load("train")
    test_x, test_y = load("t10k")
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
        seconds.append(time.perf_counter() - start)
        print(f"epoch {epoch}/{args.epochs}  loss {total / len(train_x):.4f}  {seconds[-1]:.2f}s", flush=True)
    print(f"test accuracy {accuracy(net, test_x, test_y):.4f}")
    print(f"median seconds per epoch {statistics.median(seconds):.2f}")


if __name__ == "__main__":
    main()
