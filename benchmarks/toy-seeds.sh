#!/usr/bin/env bash
# The gaussians25 preset over seeds (default 1..5), then the mean of each figure of evaluation.json against the
# targets of docs/toy.md: 25/25 modes, >= 90% high quality, mode KL <= 0.05, every mode's spread in 0.8..1.25.
# usage: benchmarks/toy-seeds.sh [SEED ...]      (about 5-10 minutes per seed on 2 cores; set THREADS=1 and run
#        two copies with different seeds to use both cores)
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=("$@"); [ ${#seeds[@]} -gt 0 ] || seeds=(1 2 3 4 5)
out=${OUT:-runs/benchmark-toy}
dotnet build -c Release src/CoulombGan.Cli -v q -nologo >/dev/null
bin=src/CoulombGan.Cli/bin/Release/net10.0/linux-x64/coulomb-gan
for seed in "${seeds[@]}"; do
  start=$(date +%s)
  "$bin" train --seed "$seed" --threads "${THREADS:-0}" --out "$out/seed-$seed" > "$out-seed-$seed.log" 2>&1 || { echo "seed $seed failed: see $out-seed-$seed.log"; exit 1; }
  echo "seed $seed: $(grep Evaluation "$out-seed-$seed.log") ($(( $(date +%s) - start )) s)"
done
# Mean over the seeds' evaluation.json files (plain awk: no jq or python needed).
awk -F'[:,]' '
  /"high_quality_share"/ { hq += $2; n++ }
  /"modes_captured"/     { modes += $2 }
  /"mode_kl"/            { kl += $2 }
  /"spread_ratio_min"/   { if (!seen_min || $2 < lo) lo = $2; seen_min = 1 }
  /"spread_ratio_max"/   { if (!seen_max || $2 > hi) hi = $2; seen_max = 1 }
  END {
    printf "mean over %d seeds: modes %.2f/25, high quality %.2f%%, mode KL %.4f; spread of every mode %.2f..%.2f\n", n, modes / n, 100 * hq / n, kl / n, lo, hi
    ok = (modes / n == 25) && (hq / n >= 0.90) && (kl / n <= 0.05) && (lo >= 0.8) && (hi <= 1.25)
    print ok ? "targets met" : "targets NOT met"
    exit ok ? 0 : 1
  }' "$out"/seed-*/*/evaluation.json
