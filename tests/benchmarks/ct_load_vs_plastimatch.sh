#!/usr/bin/env bash
# Wall time of loading the shared LUNG1-001 CT: kerma-cli ct-info against plastimatch convert, on
# the same flat copy, in one run, best of N each. Usage: ct_load_vs_plastimatch.sh BUILD_DIR [N]
set -euo pipefail
build=${1:?usage: $0 BUILD_DIR [RUNS]}
runs=${2:-5}
shared=$(cd "$(dirname "$0")/../../.." && pwd)/shared
[[ -d "$shared/data/lung1-001/ct" ]] || { echo "shared LUNG1-001 data absent: $shared" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/flat"
find "$shared/data/lung1-001/ct" -type f -name '*.dcm' -exec cp {} "$work/flat/" \;

best() {  # best wall time in seconds of running "$@" $runs times
  local best=999
  for _ in $(seq "$runs"); do
    local t0 t1
    t0=$(date +%s.%N)
    "$@" > /dev/null 2>&1
    t1=$(date +%s.%N)
    best=$(awk -v a="$t0" -v b="$t1" -v m="$best" 'BEGIN { d = b - a; print (d < m) ? d : m }')
  done
  printf '%.3f' "$best"
}

kerma=$(best "$build/src/cli/kerma-cli" ct-info "$work/flat" --json)
plastimatch=$(best plastimatch convert --input "$work/flat" --output-img "$work/x.nrrd")
awk -v k="$kerma" -v p="$plastimatch" 'BEGIN {
  printf "kerma-cli ct-info:     %.3f s\nplastimatch convert:   %.3f s\nplastimatch / kerma:   %.1f (goal: at least 5)\n", k, p, p / k }'
