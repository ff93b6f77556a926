#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang, ASan and UBSan in build-fuzz/ (or
# $KERMA_FUZZ_BUILD_DIR) and runs each for RUNS executions (default 1000000), one after the other,
# 1 s per input at most, leak detection on. Seeds: the files Kerma writes (write_fuzz_seeds), the
# kept corpus tests/fuzz/corpus/<target>, and ../shared/data where present (copied into the build
# folder only). Findings land in build-fuzz/artifacts/<target>/, logs in build-fuzz/logs/.
# KERMA_FUZZ_SECONDS caps each target's run time (libFuzzer -max_total_time; 0 = no cap);
# KERMA_FUZZ_NICE is their niceness (default 10); KERMA_FUZZ_JOBS how many run at once (default 1);
# KERMA_FUZZ_SEED libFuzzer's random seed (default 0: a new one each run; CI fixes it).
#   scripts/fuzz.sh [RUNS] [TARGET...]     e.g. scripts/fuzz.sh 1000000 rtdose machine
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${KERMA_FUZZ_BUILD_DIR:-$root/build-fuzz}
shared=$root/../shared/data
runs=${1:-1000000}
shift || true
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(ct_slice rtstruct rtdose rtplan spatial_registration machine constraints contour_program)

"$root/scripts/install-dependencies.sh"
if [[ ! -f "$build/CMakeCache.txt" ]]; then
  CC=clang-14 CXX=clang++-14 cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DKERMA_FUZZ=ON -DKERMA_BUILD_TESTS=OFF -DKERMA_BUILD_APP=OFF
fi
cmake --build "$build" --parallel "$(nproc)" --target write_fuzz_seeds "${targets[@]/#/fuzz_}"

seeds=$build/seeds
rm -rf "$seeds"
ASAN_OPTIONS=detect_leaks=0 "$build/tests/fuzz/write_fuzz_seeds" "$seeds"
mkdir -p "$seeds"/{machine,constraints,contour_program}
cp "$root"/resources/machines/*/machine.json "$seeds/machine/"
find "$root/resources/constraints" -name '*.json' -exec cp {} "$seeds/constraints/" \;
if [[ -d "$shared" ]]; then
  # A few slices of each real series, and every small RT object.
  mapfile -t lung < <(find "$shared/lung1-001/ct" -name '*.dcm' | sort)
  mapfile -t hn < <(find "$shared/hn-511/ct" -type f | sort)
  cp "${lung[@]:0:3}" "$seeds/ct_slice/"
  for f in "${hn[@]:0:2}"; do cp "$f" "$seeds/ct_slice/hn-$(basename "$f")"; done
  cp "$shared"/rt-samples/pydicom/CT_small.dcm "$shared"/rt-samples/dicompyler-breast/ct.0.dcm "$seeds/ct_slice/"
  cp "$shared/lung1-001/rtstruct/RS.dcm" "$seeds/rtstruct/lung1-RS.dcm"
  cp "$shared"/rt-samples/pydicom/rtstruct.dcm "$shared"/rt-samples/dicompyler-breast/rtss.dcm "$seeds/rtstruct/"
  cp "$shared"/rt-samples/pydicom/rtdose*.dcm "$seeds/rtdose/"
  cp "$shared"/rt-samples/pydicom/rtplan.dcm "$shared"/rt-samples/pydicom/rtplan_truncated.dcm "$seeds/rtplan/"
  cp "$shared"/rt-samples/dicompyler-breast/rtplan.dcm "$seeds/rtplan/dicompyler-rtplan.dcm"
fi

declare -A maxLen=([ct_slice]=65536 [rtstruct]=65536 [rtdose]=65536 [rtplan]=65536 [spatial_registration]=16384
                   [machine]=16384 [constraints]=16384
                   [contour_program]=1024)
mkdir -p "$build/logs"
fuzzTarget() {
  local t=$1
  mkdir -p "$build/corpus/$t" "$build/artifacts/$t"
  echo "fuzz_$t: $runs runs, log $build/logs/$t.log" >&2
  local result=0
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=0 UBSAN_OPTIONS=print_stacktrace=1 \
    nice -n "${KERMA_FUZZ_NICE:-10}" "$build/tests/fuzz/fuzz_$t" -runs="$runs" -max_total_time="${KERMA_FUZZ_SECONDS:-0}" -timeout=1 \
    -seed="${KERMA_FUZZ_SEED:-0}" -rss_limit_mb=2048 -max_len="${maxLen[$t]}" \
    -print_final_stats=1 -artifact_prefix="$build/artifacts/$t/" \
    "$build/corpus/$t" "$seeds/$t" "$root/tests/fuzz/corpus/$t" >"$build/logs/$t.log" 2>&1 || result=$?
  echo "fuzz_$t: $(grep -aE 'stat::number_of_executed_units' "$build/logs/$t.log" || echo 'no final stats')" >&2
  if ((result != 0)); then
    echo "fuzz_$t: FINDING (exit $result), see $build/logs/$t.log and $build/artifacts/$t/" >&2
    touch "$build/logs/$t.failed"
  fi
}
# KERMA_FUZZ_JOBS targets run side by side (default 1: one after the other).
for t in "${targets[@]}"; do
  rm -f "$build/logs/$t.failed"
  while (($(jobs -rp | wc -l) >= ${KERMA_FUZZ_JOBS:-1})); do wait -n || true; done
  fuzzTarget "$t" &
done
wait
status=0
for t in "${targets[@]}"; do [[ ! -e "$build/logs/$t.failed" ]] || status=1; done
exit $status
