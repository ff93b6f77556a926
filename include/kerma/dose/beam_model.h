#ifndef KERMA_DOSE_BEAM_MODEL_H
#define KERMA_DOSE_BEAM_MODEL_H

#include <filesystem>
#include <vector>

namespace kerma::dose {

/// One bin of a photon spectrum: photons per MeV (relative) between eLowMeV and eHighMeV.
struct SpectrumBin {
  double eLowMeV = 0, eHighMeV = 0, photonsPerMeV = 0;
};

/// Mass attenuation coefficient of water against energy, interpolated log-log.
struct AttenuationTable {
  std::vector<double> energyMeV;         ///< strictly increasing
  std::vector<double> valuesCm2PerG;  ///< μ/ρ, one per energy
  /// μ/ρ at E, cm²/g; clamped to the table's end values outside it.
  double muOverRhoCm2PerG(double E) const;
};

/// One exponential term of a cumulative kernel: fraction · (1 − e^(−a r)), r radiological distance
/// in mm at 1 g/cm³. A fraction may be negative where the terms together stay a non-negative kernel
/// (docs/methods/dose.md, eq. 6).
struct KernelTerm {
  double fraction = 0, aPerMm = 0;
};

/// The most terms a kernel direction may have (the transport is unrolled for 1 to this many).
constexpr int MAX_KERNEL_TERMS = 4;

/// One polar bin of the collapsed-cone direction set. The cumulative kernel along its axis is
/// C(r) = Σ_k fraction_k (1 − e^(−a_k r)), r radiological distance in mm at 1 g/cm³
/// (docs/methods/dose.md, eq. 6); the fractions are per unit TERMA and are shared evenly by the
/// bin's azimuths. Every bin of a kernel has the same number of terms.
struct KernelPolarBin {
  double thetaMinDeg = 0, thetaMaxDeg = 0;  ///< bin limits, from the primary photon direction
  double thetaAxisDeg = 0;                  ///< polar angle of the collapsed line
  std::vector<KernelTerm> terms;
  /// C(r): the fraction of TERMA deposited within radiological distance r (mm at 1 g/cm³).
  double cumulative(double rMm) const;
};

/// Collapsed-cone kernel: polar bins × azimuthCount directions.
struct CccKernel {
  std::vector<KernelPolarBin> polarBins;
  int azimuthCount = 12;
  int directionCount() const { return static_cast<int>(polarBins.size()) * azimuthCount; }
};

/// Piecewise-linear table y(x), x strictly increasing; clamped outside.
struct Table1d {
  std::vector<double> x, y;
  double at(double value) const;
};

/// What the photon dose engine needs of a machine beyond its geometry (machine.h): the
/// spectrum, attenuation data and kernel, and the parameters of the fluence model. Read from
/// beam_model.json in the machine folder; see resources/machines/generic-6mv/README.md.
struct BeamModel {
  std::vector<SpectrumBin> spectrum;
  AttenuationTable attenuation;
  CccKernel kernel;
  double collimatorDistanceMm = 450;  ///< source to the collimating edges, mm
  double primarySourceSigmaMm = 0;    ///< Gaussian σ of the focal spot at the target, mm
  double extraFocalWeight = 0;        ///< fraction of the open-field fluence from the head
  double extraFocalSigmaAtIsoMm = 0;  ///< its Gaussian σ projected to the isocentre plane, mm
  Table1d offAxisIntensity;           ///< relative primary fluence against radius at iso, mm
  double offAxisSofteningPerMm = 0;   ///< relative rise of μ per mm of radius at the isocentre
  double leafTipTransmissionWidthMm = 0;  ///< rounded leaf end: width of the graded tip, mm
  double tongueAndGrooveWidthMm = 0;      ///< width of the tongue-and-groove band, mm
  Table1d collimatorScatter;          ///< Sc against equivalent square of the jaws, mm
  double calibrationGyPerMu = 0.01;   ///< at d_max, calibrationFieldMm square, calibrationSsdMm
  double calibrationFieldMm = 100;
  double calibrationSsdMm = 1000;

  /// The same model with a point source, no head scatter, flat unsoftened fluence: the
  /// head-less beam of the Monte Carlo reference set-ups (DOSXYZnrc source 3).
  BeamModel pointSource() const;
};

/// Reads folder/beam_model.json and the spectrum, attenuation and kernel files it names. Throws
/// kerma::Error (Io) when a file cannot be read and (BadInput) naming the file and item for a
/// missing or inconsistent value.
BeamModel loadBeamModel(const std::filesystem::path& folder);

}  // namespace kerma::dose

#endif  // KERMA_DOSE_BEAM_MODEL_H
