"""samples/wordlang in PyTorch: the peer of the wordlang models (which of 7 languages a word comes from).

Same data (samples/wordlang/train.csv and test.csv, made by make_data.py) and the same tokenization as nnet's
`input text(max_length = 20, max_tokens = 64, split = "characters")`: each word lowercased, split into characters
(code points), ids from a vocabulary fitted on the training words only (0 padding, 1 unknown, then the characters
most frequent first, ties in code-point order as Java's String.compareTo orders these single characters), cut or
padded at the end to 20. Two models, Keras' defaults for initialisation where PyTorch's differ (embeddings
uniform in [-0.05, 0.05], Glorot uniform kernels, zero biases):

  gru:    embedding 32 -> GRU 64 (the last step's state) -> dense 7 softmax
  conv1d: embedding 32 -> conv1d 64 filters of 3, relu -> global max pooling -> dense 7 softmax

Adam with learning rate --lr (1e-3 by default; the GRU sample uses 0.003; Keras' epsilon 1e-7), batch 64, shuffled
every epoch. Prints one line per epoch with its seconds (the training steps) and the test accuracy after it, then
the median seconds per epoch.

Run with Debian's PyTorch (apt-get install -y python3-torch), not a pyenv python:
    /usr/bin/python3 benchmarks/peers/wordlang_torch.py --model gru --epochs 10 --threads 1
"""

import argparse
import csv
import os
import statistics
import time
from collections import Counter

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "samples", "wordlang")
MAX_LENGTH = 20
MAX_TOKENS = 64


def read(name):
    with open(os.path.join(DATA, name), encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return [r["word"] for r in rows], [r["language"] for r in rows]


def vocabulary(words):
    counts = Counter(c for w in words for c in w.lower())
    # most frequent first, ties by the character (UTF-16 order, as Java's compareTo; all are in the BMP here)
    tokens = sorted(counts, key=lambda c: (-counts[c], c.encode("utf-16-be")))
    return {t: i + 2 for i, t in enumerate(tokens[:MAX_TOKENS - 2])}


def encode(words, ids):
    out = torch.zeros((len(words), MAX_LENGTH), dtype=torch.long)
    for r, w in enumerate(words):
        for t, c in enumerate(w.lower()[:MAX_LENGTH]):
            out[r, t] = ids.get(c, 1)
    return out


class Gru(nn.Module):
    def __init__(self, classes):
        super().__init__()
        self.embedding = nn.Embedding(MAX_TOKENS, 32)
        self.gru = nn.GRU(32, 64, batch_first=True)
        self.out = nn.Linear(64, classes)

    def forward(self, x):
        _, h = self.gru(self.embedding(x))
        return self.out(h[-1])


class Conv(nn.Module):
    def __init__(self, classes):
        super().__init__()
        self.embedding = nn.Embedding(MAX_TOKENS, 32)
        self.conv = nn.Conv1d(32, 64, 3)
        self.out = nn.Linear(64, classes)

    def forward(self, x):
        h = torch.relu(self.conv(self.embedding(x).transpose(1, 2)))
        return self.out(h.max(dim=2).values)


def keras_init(net):
    for name, p in net.named_parameters():
        if "embedding" in name:
            nn.init.uniform_(p, -0.05, 0.05)
        elif "bias" in name:
            nn.init.zeros_(p)
        elif "weight_hh" in name:
            for k in range(0, p.shape[0], p.shape[1]):
                nn.init.orthogonal_(p.data[k:k + p.shape[1]])
        else:
            nn.init.xavier_uniform_(p)


def accuracy(net, x, y, batch=1000):
    net.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            correct += (net(x[i:i + batch]).argmax(1) == y[i:i + batch]).sum().item()
    net.train()
    return correct / len(x)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", choices=["gru", "conv1d"], default="gru")
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--lr", type=float, default=1e-3, help="Adam's learning rate (wordlang.nnet: 0.003)")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)

    train_words, train_langs = read("train.csv")
    test_words, test_langs = read("test.csv")
    classes = sorted(set(train_langs))
    ids = vocabulary(train_words)
    train_x, test_x = encode(train_words, ids), encode(test_words, ids)
    train_y = torch.tensor([classes.index(l) for l in train_langs])
    test_y = torch.tensor([classes.index(l) for l in test_langs])

    net = Gru(len(classes)) if args.model == "gru" else Conv(len(classes))
    keras_init(net)
    opt = torch.optim.Adam(net.parameters(), lr=args.lr, eps=1e-7)
    loss = nn.CrossEntropyLoss()
    seconds = []
    for epoch in range(1, args.epochs + 1):
        start = time.perf_counter()
        order = torch.randperm(len(train_x))
        for i in range(0, len(order), args.batch):
            b = order[i:i + args.batch]
            opt.zero_grad()
            loss(net(train_x[b]), train_y[b]).backward()
            opt.step()
        seconds.append(time.perf_counter() - start)
        print(f"epoch {epoch:2d}/{args.epochs}  {seconds[-1]:.2f}s  test accuracy {accuracy(net, test_x, test_y):.4f}",
              flush=True)
    print(f"{args.model}: median {statistics.median(seconds):.2f} s/epoch, test accuracy "
          f"{accuracy(net, test_x, test_y):.4f} ({args.threads} thread{'s' if args.threads > 1 else ''},"
          f" torch {torch.__version__})")


if __name__ == "__main__":
    main()
