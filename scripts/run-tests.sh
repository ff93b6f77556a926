#!/usr/bin/env bash
# README command (2): builds everything and runs the whole test suite (GUI tests under Xvfb), then
# the sanitizer job: the whole suite, the GUI included, built with AddressSanitizer and
# UndefinedBehaviorSanitizer in build-asan/ (scripts/sanitize-tests.sh,
# docs/validation/reliability.md), then the fuzz job: every libFuzzer target built with clang
# (scripts/fuzz.sh, build-fuzz/) and run for KERMA_FUZZ_RUNS executions (default 10000) from its
# corpus with a fixed seed, so that a reader change that breaks the fuzz build or crashes on the
# corpus fails CI. KERMA_SANITIZERS=0 and KERMA_FUZZ_RUNS=0 leave those jobs out, for a quicker
# run by hand; CI runs all three. Arguments go to the first ctest, which runs a test per core:
# the tests that show windows share one Xvfb display and take it in turn (RESOURCE_LOCK,
# tests/CMakeLists.txt).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${KERMA_BUILD_DIR:-$root/build}
"$root/scripts/configure.sh"
status=0
(cd "$build" && xvfb-run -a -s "-screen 0 1920x1200x24" ctest --output-on-failure --timeout 900 -j "$(nproc)" "$@") || status=$?
if [[ "${KERMA_SANITIZERS:-1}" != 0 ]]; then
  "$root/scripts/sanitize-tests.sh" || status=1
fi
if [[ "${KERMA_FUZZ_RUNS:-10000}" != 0 ]]; then
  KERMA_FUZZ_SEED=1 "$root/scripts/fuzz.sh" "${KERMA_FUZZ_RUNS:-10000}" || status=1
fi
exit "$status"
