#!/usr/bin/env bash
# The sanitizer job: configures build-asan/ (or $KERMA_ASAN_BUILD_DIR) with KERMA_SANITIZE (ASan +
# UBSan, undefined behaviour fatal) and without the GUI, builds it and runs its tests with leak
# detection. The EGSnrc validation runs (label "validation") are left to the ordinary build: they
# test physics, not memory, and take many minutes more under ASan. Arguments go to ctest.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${KERMA_ASAN_BUILD_DIR:-$root/build-asan}
"$root/scripts/install-dependencies.sh"
if [[ ! -f "$build/CMakeCache.txt" ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKERMA_SANITIZE=ON -DKERMA_BUILD_APP=OFF
fi
cmake --build "$build" --parallel "$(nproc)"
cd "$build"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
exec ctest --output-on-failure --timeout 1800 -LE validation "$@"
