#!/usr/bin/env bash
# README command (2): builds everything and runs the whole test suite (GUI tests under Xvfb).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${KERMA_BUILD_DIR:-$root/build}
"$root/scripts/configure.sh"
cd "$build"
exec xvfb-run -a -s "-screen 0 1920x1200x24" ctest --output-on-failure --timeout 900 "$@"
