#!/usr/bin/env bash
# Shared by the two README commands: installs what is missing, configures and builds into
# build/ (or $KERMA_BUILD_DIR) with the given CMake targets.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${KERMA_BUILD_DIR:-$root/build}
"$root/scripts/install-dependencies.sh"
if [[ ! -f "$build/CMakeCache.txt" ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
cmake --build "$build" --parallel "$(nproc)" ${1:+--target "$@"}
