#!/usr/bin/env bash
# Seconds per epoch of a Fashion-MNIST sample in nnet and in PyTorch, run one after the other, round by round, on
# this machine: keras.io's convnet (samples/fashion_cnn, peer fashion_cnn_torch.py) or, with SAMPLE=fashion_conv1d,
# the images read as sequences through conv1d (samples/fashion_conv1d, peer fashion_conv1d_torch.py), each peer
# the same model, batch and optimizer; then the median epoch of each, leaving out every run's first epoch (JIT and caches warming up), and
# their ratio. On a shared machine, alternating rounds keeps both exposed to the same load.
#
# Usage: [SAMPLE=fashion_conv1d] benchmarks/peers/fashion_cnn_compare.sh [THREADS] [ROUNDS] [EPOCHS]
#        (defaults fashion_cnn, 2, 2, 3)
# THREADS goes to both: nnet's --threads (its launcher keeps OpenBLAS on one thread a product), PyTorch's
# torch.set_num_threads.
# Needs Debian's PyTorch (apt-get install python3-torch) and Fashion-MNIST (apt-get install dataset-fashion-mnist).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
threads="${1:-2}"
rounds="${2:-2}"
epochs="${3:-3}"
sample="${SAMPLE:-fashion_cnn}"
log="$(mktemp)"
weights="$(mktemp)"
trap 'rm -f "$log" "$weights"' EXIT

for round in $(seq "$rounds"); do
  "$root/nnet" train "$root/samples/$sample/$sample.nnet" \
      --epochs "$epochs" --threads "$threads" -o "$weights" | grep -E '^(epoch|test)' | sed "s/^/nnet    /" \
      | tee -a "$log"
  /usr/bin/python3 "$root/benchmarks/peers/${sample}_torch.py" --epochs "$epochs" --threads "$threads" \
      | grep -E '^(epoch|test)' | sed "s/^/pytorch /" | tee -a "$log"
done

median() {  # the median epoch seconds of one system, first epochs left out
  grep "^$1 *epoch" "$log" | grep -v " epoch  *1/" | awk '{print $NF}' | tr -d s | sort -n \
      | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}
nnet="$(median nnet)"
torch="$(median pytorch)"
echo "$sample: threads $threads, $rounds rounds of $epochs epochs: median s/epoch nnet $nnet, PyTorch $torch," \
    "PyTorch/nnet $(awk -v a="$torch" -v b="$nnet" 'BEGIN {printf "%.2f", a / b}')"
