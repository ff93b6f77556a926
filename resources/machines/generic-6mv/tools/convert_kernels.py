#!/usr/bin/python3
"""Collapsed-cone kernel and spectrum for Kerma's generic 6 MV beam model.

Reads the EGSnrc/EDKnrc polyenergetic point kernel of the Mohan 6 MV spectrum in water
(48 cones of 3.75 deg x 24 shells, ../shared/physics/kernels/edk_poly_mohan6_water_48x24.csv;
see ../shared/physics/README.md for how it was made) and writes

  ccc_kernel.csv  one row per polar bin of the collapsed-cone direction set: the bin's polar
                  limits, the polar angle of its axis (energy-weighted mean over the bin), and a
                  fit of its cumulative radial kernel by TERMS exponential terms (Ahnesjo 1989,
                  eq. 9, with more terms):
                      C(r) = sum_k F_k (1 - exp(-a_k r)),
                  r radiological distance in mm at 1 g/cm3; F_k (= A_k/a_k) are energy fractions
                  per unit TERMA, the engine divides them evenly among the azimuths of the bin.
  spectrum.csv    the Mohan, Chui & Lidofsky (1985) 6 MV spectrum, copied from
                  ../shared/physics/spectrum_mohan6.csv with its bin limits.

The whole kernel (charged particles, scattered photons, bremsstrahlung and annihilation) is
fitted at once: the rates a_k are the best TERMS-subset of a logarithmic grid (least squares on
the cumulative kernel at the 24 shell radii), the fractions F_k by linear least squares with the
energy within 60 cm held exactly (energy conservation by construction). A fraction may be
negative (the slow build-up of the scattered-photon part near the origin needs a difference of
two exponentials), but only where the kernel dC/dr stays non-negative at every radius. Two terms
(one for the primary, one for the scatter part) put energy too close to the interaction point:
the build-up dose of a 10 x 10 field was up to 1.5 % of the maximum too high. The search takes
about three minutes.

Run from the repository root:

  /usr/bin/python3 resources/machines/generic-6mv/tools/convert_kernels.py [SHARED_DIR]

It prints, per bin, the fitted fractions and the largest cumulative error, and the energy
conservation check (sum of fitted fractions against the kernel's 0.958 within 60 cm).
"""
import itertools
import os
import sys

import numpy as np

POLAR_EDGES_DEG = [0.0, 15.0, 30.0, 48.75, 71.25, 105.0, 180.0]  # multiples of 3.75 deg
AZIMUTHS = 12  # 6 polar bins x 12 azimuths = 72 directions
TERMS = 4  # exponential terms per direction (the engine handles 1 to 4)
RATES_PER_MM = np.geomspace(1e-3, 3.0, 40)  # candidate a_k


def fit_kernel(r_mm, c):
    """[(F_k, a_k)] of sum_k F_k (1 - e^(-a_k r)) for the cumulative kernel c(r), r in mm: least
    squares at the shell radii with c(60 cm) held, dC/dr >= 0 everywhere."""
    r_fine = np.linspace(0.0, r_mm[-1], 6001)
    best = (np.inf, None)
    for subset in itertools.combinations(RATES_PER_MM, TERMS):
        a = np.array(subset)
        shape = 1 - np.exp(-np.outer(r_mm, a))
        # The constraint row, weighted so heavily that it holds to rounding.
        f = np.linalg.lstsq(np.vstack([shape, 1e4 * shape[-1]]), np.append(c, 1e4 * c[-1]), rcond=None)[0]
        if np.min(np.exp(-np.outer(r_fine, a)) @ (f * a)) < 0:
            continue
        err = float(np.sum((shape @ f - c) ** 2))
        if err < best[0]:
            best = (err, list(zip(f, a)))
    return best[1]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    machine = os.path.dirname(here)
    shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(machine, "../../../../shared")
    physics = os.path.join(shared, "physics")
    k = np.genfromtxt(os.path.join(physics, "kernels/edk_poly_mohan6_water_48x24.csv"),
                      delimiter=",", names=True)
    total = k["total"].reshape(48, 24)
    r_max_cm = k["r_max_cm"].reshape(48, 24)[0]
    theta_lo = k["theta_min_deg"].reshape(48, 24)[:, 0]
    theta_hi = k["theta_max_deg"].reshape(48, 24)[:, 0]
    r_mm = 10.0 * r_max_cm

    rows = []
    fitted_sum = 0.0
    print("bin  theta    (F_k, a_k/mm) ...  max|dC|/C(60cm)")
    for lo, hi in zip(POLAR_EDGES_DEG[:-1], POLAR_EDGES_DEG[1:]):
        cones = (theta_lo >= lo - 1e-9) & (theta_hi <= hi + 1e-9)
        e = total[cones].sum(axis=1)
        mid = 0.5 * (theta_lo[cones] + theta_hi[cones])
        axis_deg = float(np.sum(e * mid) / np.sum(e))
        c = np.cumsum(total[cones].sum(axis=0))
        terms = fit_kernel(r_mm, c)
        model = sum(f * (1 - np.exp(-a * r_mm)) for f, a in terms)
        fitted_sum += model[-1]
        print(f"{len(rows):3d}  {axis_deg:7.3f}  " + "  ".join(f"({f:+.5f}, {a:.5f})" for f, a in terms) +
              f"  {np.max(np.abs(model - c)) / c[-1]:.4f}")
        rows.append([lo, hi, axis_deg] + [x for term in terms for x in term])
    kernel_sum = total.sum()
    print(f"energy within 60 cm: kernel {kernel_sum:.5f}, fit {fitted_sum:.5f} "
          f"({100 * (fitted_sum / kernel_sum - 1):+.2f} %)")
    if abs(fitted_sum / kernel_sum - 1) > 0.01:
        sys.exit("energy conservation of the fit worse than 1 %")

    with open(os.path.join(machine, "ccc_kernel.csv"), "w") as f:
        f.write("# Collapsed-cone kernel of the generic 6 MV beam, written by tools/convert_kernels.py\n")
        f.write("# from ../shared/physics/kernels/edk_poly_mohan6_water_48x24.csv (EGSnrc EDKnrc, Mohan 6 MV, water).\n")
        f.write("# Cumulative kernel per polar bin: C(r) = sum_k F_k (1 - exp(-a_k r)),\n")
        f.write("# r radiological distance in mm at 1 g/cm3. Polar angles from the primary photon direction.\n")
        f.write(f"# azimuths {AZIMUTHS}\n")
        f.write(f"# terms {TERMS}\n")
        f.write("theta_min_deg,theta_max_deg,theta_axis_deg," +
                ",".join(f"fraction_{k + 1},a_{k + 1}_per_mm" for k in range(TERMS)) + "\n")
        for row in rows:
            f.write("{:.4f},{:.4f},{:.4f},".format(*row[:3]) + ",".join(f"{x:.6e}" for x in row[3:]) + "\n")

    spectrum = np.loadtxt(os.path.join(physics, "spectrum_mohan6.csv"), delimiter=",", skiprows=2)
    with open(os.path.join(machine, "spectrum.csv"), "w") as f:
        f.write("# Mohan, Chui & Lidofsky, Med Phys 12:595 (1985) 6 MV spectrum (photons per MeV, relative),\n")
        f.write("# copied by tools/convert_kernels.py from ../shared/physics/spectrum_mohan6.csv.\n")
        f.write("e_low_mev,e_high_mev,photons_per_mev\n")
        for lo, hi, w in spectrum:
            f.write(f"{lo:.4f},{hi:.4f},{w:.7g}\n")


if __name__ == "__main__":
    main()
