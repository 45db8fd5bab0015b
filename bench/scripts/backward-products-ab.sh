#!/usr/bin/env bash
# A dense layer's backward products, one pass (JointBackward) against two packed GEMMs, in one JVM
# (see probe/BackwardProductsProbe.java):
#   bash bench/scripts/backward-products-ab.sh SHAPES [THREADS] [SECONDS]
#   bash bench/scripts/backward-products-ab.sh 32x64x128,128x240x256,128x784x512 1 4
# Build the engine and bench classes first (./mvnw -B -q -o compile -pl bench -am).
set -euo pipefail
if (($# < 1)); then
  echo "usage: bash bench/scripts/backward-products-ab.sh SHAPES [THREADS] [SECONDS]   e.g. 32x64x128,128x784x512 1 4" >&2
  exit 2
fi
exec bash "$(dirname "$0")/probe.sh" BackwardProductsProbe "$1" "${2:-1}" "${3:-4}"
