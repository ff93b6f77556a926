#!/usr/bin/python3
"""Collapsed-cone kernel and spectrum for Kerma's generic 6 MV beam model.

Reads the EGSnrc/EDKnrc polyenergetic point kernel of the Mohan 6 MV spectrum in water
(48 cones of 3.75 deg x 24 shells, ../shared/physics/kernels/edk_poly_mohan6_water_48x24.csv;
see ../shared/physics/README.md for how it was made) and writes

  ccc_kernel.csv  one row per polar bin of the collapsed-cone direction set: the bin's polar
                  limits, the polar angle of its axis (energy-weighted mean over the bin), and a
                  two-exponential fit of its cumulative radial kernel (Ahnesjo 1989, eq. 9):
                      C(r) = Fp (1 - exp(-ap r)) + Fs (1 - exp(-as r)),
                  r radiological distance in mm at 1 g/cm3; Fp = A/a and Fs = B/b are the energy
                  fractions (per unit TERMA) of the fast (primary-dominated) and slow
                  (scatter-dominated) components; the engine divides them evenly among the
                  azimuths of the bin.
  spectrum.csv    the Mohan, Chui & Lidofsky (1985) 6 MV spectrum, copied from
                  ../shared/physics/spectrum_mohan6.csv with its bin limits.

The two components are fitted separately, the fast one to the kernel's "primary" part (charged
particles set in motion by the first interaction) and the slow one to the rest (scattered
photons, bremsstrahlung and annihilation): for each, the attenuation a minimises the squared
error of the cumulative kernel at the 24 shell radii over a fine logarithmic grid, with F fixed
so that the component holds its whole energy within 60 cm (energy conservation by
construction). Run from the repository root:

  /usr/bin/python3 resources/machines/generic-6mv/tools/convert_kernels.py [SHARED_DIR]

It prints, per bin, the fitted fractions and the largest cumulative error, and the energy
conservation check (sum of fitted fractions against the kernel's 0.958 within 60 cm).
"""
import os
import sys

import numpy as np

POLAR_EDGES_DEG = [0.0, 15.0, 30.0, 48.75, 71.25, 105.0, 180.0]  # multiples of 3.75 deg
AZIMUTHS = 12  # 6 polar bins x 12 azimuths = 72 directions


def fit_component(r_mm, c):
    """(F, a) of F (1 - e^(-a r)) for the cumulative kernel c(r), r in mm: a by least squares
    on the absolute residuals, F such that the fit holds the component's whole energy at 60 cm."""
    best = (np.inf, 0.0, 0.0)
    for a in np.geomspace(1e-4, 10.0, 4000):
        shape = 1 - np.exp(-a * r_mm)
        f = c[-1] / shape[-1]
        err = float(np.sum((f * shape - c) ** 2))
        if err < best[0]:
            best = (err, f, a)
    return best[1], best[2]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    machine = os.path.dirname(here)
    shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(machine, "../../../../shared")
    physics = os.path.join(shared, "physics")
    k = np.genfromtxt(os.path.join(physics, "kernels/edk_poly_mohan6_water_48x24.csv"),
                      delimiter=",", names=True)
    total = k["total"].reshape(48, 24)
    primary = k["primary"].reshape(48, 24)
    r_max_cm = k["r_max_cm"].reshape(48, 24)[0]
    theta_lo = k["theta_min_deg"].reshape(48, 24)[:, 0]
    theta_hi = k["theta_max_deg"].reshape(48, 24)[:, 0]
    r_mm = 10.0 * r_max_cm

    rows = []
    fitted_sum = 0.0
    print("bin  theta     F_fast   a_fast/mm  F_slow   a_slow/mm  max|dC|/C(60cm)")
    for lo, hi in zip(POLAR_EDGES_DEG[:-1], POLAR_EDGES_DEG[1:]):
        cones = (theta_lo >= lo - 1e-9) & (theta_hi <= hi + 1e-9)
        e = total[cones].sum(axis=1)
        mid = 0.5 * (theta_lo[cones] + theta_hi[cones])
        axis_deg = float(np.sum(e * mid) / np.sum(e))
        c = np.cumsum(total[cones].sum(axis=0))
        fp, ap = fit_component(r_mm, np.cumsum(primary[cones].sum(axis=0)))
        fs, a_s = fit_component(r_mm, np.cumsum((total - primary)[cones].sum(axis=0)))
        model = fp * (1 - np.exp(-ap * r_mm)) + fs * (1 - np.exp(-a_s * r_mm))
        fitted_sum += model[-1]
        print(f"{len(rows):3d}  {axis_deg:7.3f}  {fp:.5f}  {ap:.5f}   {fs:.5f}  {a_s:.6f}  "
              f"{np.max(np.abs(model - c)) / c[-1]:.4f}")
        rows.append((lo, hi, axis_deg, fp, ap, fs, a_s))
    kernel_sum = total.sum()
    print(f"energy within 60 cm: kernel {kernel_sum:.5f}, fit {fitted_sum:.5f} "
          f"({100 * (fitted_sum / kernel_sum - 1):+.2f} %)")
    if abs(fitted_sum / kernel_sum - 1) > 0.01:
        sys.exit("energy conservation of the fit worse than 1 %")

    with open(os.path.join(machine, "ccc_kernel.csv"), "w") as f:
        f.write("# Collapsed-cone kernel of the generic 6 MV beam, written by tools/convert_kernels.py\n")
        f.write("# from ../shared/physics/kernels/edk_poly_mohan6_water_48x24.csv (EGSnrc EDKnrc, Mohan 6 MV, water).\n")
        f.write("# Cumulative kernel per polar bin: C(r) = F_fast (1 - exp(-a_fast r)) + F_slow (1 - exp(-a_slow r)),\n")
        f.write("# r radiological distance in mm at 1 g/cm3. Polar angles from the primary photon direction.\n")
        f.write(f"# azimuths {AZIMUTHS}\n")
        f.write("theta_min_deg,theta_max_deg,theta_axis_deg,fraction_fast,a_fast_per_mm,fraction_slow,a_slow_per_mm\n")
        for row in rows:
            f.write("{:.4f},{:.4f},{:.4f},{:.6e},{:.6e},{:.6e},{:.6e}\n".format(*row))

    spectrum = np.loadtxt(os.path.join(physics, "spectrum_mohan6.csv"), delimiter=",", skiprows=2)
    with open(os.path.join(machine, "spectrum.csv"), "w") as f:
        f.write("# Mohan, Chui & Lidofsky, Med Phys 12:595 (1985) 6 MV spectrum (photons per MeV, relative),\n")
        f.write("# copied by tools/convert_kernels.py from ../shared/physics/spectrum_mohan6.csv.\n")
        f.write("e_low_mev,e_high_mev,photons_per_mev\n")
        for lo, hi, w in spectrum:
            f.write(f"{lo:.4f},{hi:.4f},{w:.7g}\n")


if __name__ == "__main__":
    main()
