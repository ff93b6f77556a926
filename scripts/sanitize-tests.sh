#!/usr/bin/env bash
# The sanitizer job, run by scripts/run-tests.sh (so by CI) after the ordinary suite: the whole
# test suite, the GUI included, built with GCC's AddressSanitizer and UndefinedBehaviorSanitizer
# (undefined behaviour fatal) in build-asan/ (or $KERMA_ASAN_BUILD_DIR) and run under Xvfb with
# leak detection; tests/sanitizers/*.supp list the reports of third-party libraries that are
# suppressed, each with its reason (and tests/CMakeLists.txt why the GUI tests preload Mesa's
# driver). At -O1, not -O2: it compiles faster and keeps stack traces exact, which matters more
# here than the tests' speed. KERMA_SANITIZE_GUI=0 leaves the GUI out, for a quicker run by hand.
# docs/validation/reliability.md, "Sanitizer runs". Arguments go to ctest.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${KERMA_ASAN_BUILD_DIR:-$root/build-asan}
app=ON
run=(xvfb-run -a -s "-screen 0 1920x1200x24")
if [[ "${KERMA_SANITIZE_GUI:-1}" == 0 ]]; then
  app=OFF
  run=()
fi
"$root/scripts/install-dependencies.sh"
# Set before building too: gtest_discover_tests runs each test program when it is linked. The
# `kerma` processes the GUI tests start inherit them.
export ASAN_OPTIONS=suppressions=$root/tests/sanitizers/asan.supp:detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1
export LSAN_OPTIONS=suppressions=$root/tests/sanitizers/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
if ! grep -qx "KERMA_BUILD_APP:BOOL=$app" "$build/CMakeCache.txt" 2>/dev/null; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKERMA_SANITIZE=ON "-DKERMA_BUILD_APP=$app" \
    "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g -DNDEBUG" "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -g -DNDEBUG"
fi
cmake --build "$build" --parallel "$(nproc)"
cd "$build"
exec "${run[@]}" ctest --output-on-failure --timeout 1800 "$@"
