#!/usr/bin/env bash
# Steps per second of the two presets (short runs; not a test: timings depend on the machine and its load).
# usage: benchmarks/speed.sh
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release src/CoulombGan.Cli -v q -nologo >/dev/null
bin=src/CoulombGan.Cli/bin/Release/net10.0/linux-x64/coulomb-gan
out=$(mktemp -d)
for spec in "gaussians25 3000" "fashion-mnist 20"; do
  set -- $spec
  "$bin" train --preset "$1" --steps "$2" --out "$out" --picture-every 1000000 --checkpoint-every 1000000 --evaluation-samples 1000 > "$out/$1.log" 2>&1
  echo "$1: $(grep -o '[0-9.]* steps/s' "$out/$1.log" | tail -1) (last progress line of $2 steps)"
done
rm -rf "$out"
