#!/usr/bin/env bash
# README command (1): builds the workstation and opens it, on the built-in demo patient unless
# a DICOM folder is given.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${KERMA_BUILD_DIR:-$root/build}
"$root/scripts/configure.sh" kerma
exec "$build/src/app/kerma" "$@"
