#!/usr/bin/env bash
# Installs the Debian 12 packages Kerma builds, runs and tests with. Idempotent: asks apt only
# for what is missing, so it returns at once when everything is present.
set -euo pipefail

packages=(
  # build
  cmake ninja-build g++ ccache pkg-config
  # libraries
  qt6-base-dev libqt6opengl6-dev libvtk9-dev libinsighttoolkit5-dev libdcmtk-dev libeigen3-dev
  libfftw3-dev  # ITK's deformable registration links its FFT module
  libgl-dev libglx-mesa0 libgl1-mesa-dri libsqlite3-dev
  # tests and benchmarks (xdotool: real X key and mouse events from outside the workstation)
  libgtest-dev libgmock-dev libbenchmark-dev nlohmann-json3-dev xvfb xauth openssl xdotool
  # independent peers the tests compare against
  dcmtk dicom3tools plastimatch elastix orthanc python3-dicompylercore poppler-utils
  # the fuzz targets (libFuzzer with clang's sanitizers; scripts/fuzz.sh)
  clang-14 libclang-rt-14-dev
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "kerma: installing missing Debian packages: ${missing[*]}" >&2
sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
