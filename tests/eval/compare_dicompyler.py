#!/usr/bin/python3
"""Kerma's DVHs against dicompyler-core's on the same RT Structure Set and RT Dose.

Usage: compare_dicompyler.py KERMA_CLI WRITE_DOSE_TOOL SHARED_DIR [--table]
Writes the analytic validation dose on LUNG1-001 (kerma_write_analytic_rtdose), runs
`kerma-cli dvh --json` and dicompyler-core's get_dvh on the same files, and checks the named
criteria below. Exit 0 pass, 1 fail, 77 skipped (shared data or dicompyler-core absent).
"""
import json
import os
import subprocess
import sys
import tempfile

# Acceptance criteria (docs/validation/dvh.md).
VOLUME_DIFFERENCE_PERCENT = 2.0  # structure volume, relative
MEAN_DOSE_DIFFERENCE_PERCENT = 1.0  # Dmean, relative
VX_DIFFERENCE_PERCENT_ABSOLUTE = 2.0  # V x Gy, percentage points
V_DOSES_GY = [10, 20, 30, 40, 50, 60]


def main():
    cli, tool, shared = sys.argv[1:4]
    table = "--table" in sys.argv
    ct = os.path.join(shared, "data/lung1-001/ct")
    rs = os.path.join(shared, "data/lung1-001/rtstruct/RS.dcm")
    if not os.path.exists(rs):
        print(f"SKIP: shared LUNG1-001 data absent: {rs}")
        return 77
    try:
        from dicompylercore import dicomparser, dvhcalc
    except ImportError:
        print("SKIP: dicompyler-core absent (Debian package python3-dicompylercore)")
        return 77
    with tempfile.TemporaryDirectory() as work:
        rd = os.path.join(work, "RD.dcm")
        subprocess.run([tool, "--ct", ct, "--rtstruct", rs, "--out", rd], check=True, stdout=subprocess.DEVNULL)
        v = ",".join(str(x) for x in V_DOSES_GY)
        out = subprocess.run([cli, "dvh", "--rtstruct", rs, "--rtdose", rd, "--v", v, "--json"], check=True,
                             capture_output=True, text=True).stdout
        kerma = {s["name"]: s for s in json.loads(out)["structures"]}
        rtss, rtdose = dicomparser.DicomParser(rs), dicomparser.DicomParser(rd)
        failures, rows = [], []
        for key, structure in rtss.GetStructures().items():
            name = structure["name"]
            if name not in kerma:
                continue
            ref = dvhcalc.get_dvh(rtss.ds, rtdose.ds, key)
            k = kerma[name]
            dv = 100 * (k["volumeCc"] / ref.volume - 1)
            dm = 100 * (k["meanGy"] / ref.mean - 1)
            dvx = {x: k["v"][f"{x}Gy"] - ref.relative_volume.volume_constraint(x, "Gy").value for x in V_DOSES_GY}
            worst_x = max(dvx, key=lambda x: abs(dvx[x]))
            rows.append((name, k["volumeCc"], ref.volume, dv, k["meanGy"], ref.mean, dm, worst_x, dvx[worst_x]))
            if abs(dv) > VOLUME_DIFFERENCE_PERCENT:
                failures.append(f"{name}: volume {k['volumeCc']:.2f} cc vs {ref.volume:.2f} cc ({dv:+.2f} %)")
            if abs(dm) > MEAN_DOSE_DIFFERENCE_PERCENT:
                failures.append(f"{name}: Dmean {k['meanGy']:.3f} Gy vs {ref.mean:.3f} Gy ({dm:+.2f} %)")
            if abs(dvx[worst_x]) > VX_DIFFERENCE_PERCENT_ABSOLUTE:
                failures.append(f"{name}: V{worst_x}Gy differs by {dvx[worst_x]:+.2f} percentage points")
    if table:
        print("| structure | volume Kerma (cc) | volume dicompyler (cc) | Δ volume | Dmean Kerma (Gy) "
              "| Dmean dicompyler (Gy) | Δ Dmean | largest ΔVx (of V10..V60) |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for r in rows:
            print(f"| {r[0]} | {r[1]:.2f} | {r[2]:.2f} | {r[3]:+.2f} % | {r[4]:.3f} | {r[5]:.3f} | {r[6]:+.2f} % "
                  f"| V{r[7]}: {r[8]:+.2f} % |")
    for f in failures:
        print("FAIL", f)
    print(f"{len(rows)} structures compared, {len(failures)} failures")
    return 1 if failures or not rows else 0


if __name__ == "__main__":
    sys.exit(main())
