#!/usr/bin/env bash
# README command (1): builds the workstation and opens it on the clinical case's re-irradiation
# CT of the demo patient (docs/demo-patient.md, "The two courses") with the first course (2012,
# 21 Gy/3 on another CT) as the prior course, mapped through the registration of its CT onto the
# new one on bone, and the 2012 CT over the new one in the Fusion dock (to register, adjust and
# accept there). Given arguments, opens those instead (a DICOM folder, kerma's options).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${KERMA_BUILD_DIR:-$root/build}
"$root/scripts/configure.sh" kerma kerma-cli
[[ $# -gt 0 ]] && exec "$build/src/app/kerma" "$@"

cli="$build/src/cli/kerma-cli"
demo="$build/demo-courses"
if [[ ! -f "$demo/REG.dcm" ]]; then
  rm -rf "$demo"
  "$cli" phantom --out "$demo/course1" --course 1
  "$cli" phantom --out "$demo/course2" --course 2
  "$cli" register --fixed "$demo/course2" --moving "$demo/course1" --bone-only --out "$demo/REG.dcm.partial" \
    --accepted-by "KERMA^DEMO SCRIPT"
  mv "$demo/REG.dcm.partial" "$demo/REG.dcm"
fi
exec "$build/src/app/kerma" "$demo/course2" --prior-ct "$demo/course1" --prior-course "$(ls "$demo"/course1/RD.*.dcm):3:$demo/REG.dcm"
