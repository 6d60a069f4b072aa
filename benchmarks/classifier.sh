#!/usr/bin/env bash
# Trains the Fashion-MNIST feature classifier with its defaults (5 epochs; about 10-20 minutes on 2 cores) and checks
# the >= 90% test accuracy that docs/metrics.md promises. Needs /usr/share/datasets/fashion-mnist
# (apt-get install dataset-fashion-mnist) or --data-directory.
# usage: benchmarks/classifier.sh [extra train-classifier options]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-runs/benchmark-classifier.bin}
mkdir -p "$(dirname "$out")"
line=$(dotnet run -c Release --project src/CoulombGan.Cli -- train-classifier --out "$out" "$@" | tee /dev/stderr | grep "test accuracy")
accuracy=$(echo "$line" | sed -E 's/.*test accuracy ([0-9.]+)%.*/\1/')
awk -v a="$accuracy" 'BEGIN { ok = a >= 90; print (ok ? "target met" : "target NOT met") ": test accuracy " a "% (target >= 90%)"; exit ok ? 0 : 1 }'
