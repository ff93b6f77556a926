#include "itk_image.h"

#include "kerma/core/error.h"

#include <itkImage.h>
#include <itkImageMaskSpatialObject.h>
#include <itkImageRegistrationMethodv4.h>
#include <itkMattesMutualInformationImageToImageMetricv4.h>
#include <itkRegistrationParameterScalesFromPhysicalShift.h>
#include <itkRegularStepGradientDescentOptimizerv4.h>
#include <itkVersorRigid3DTransform.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <random>

namespace kerma::registration::itkbridge {

namespace {

using Image = itk::Image<float, 3>;
using MaskImage = itk::Image<unsigned char, 3>;
using Versor = itk::VersorRigid3DTransform<double>;
using Metric = itk::MattesMutualInformationImageToImageMetricv4<Image, Image>;
using Optimizer = itk::RegularStepGradientDescentOptimizerv4<double>;
using Registration = itk::ImageRegistrationMethodv4<Image, Image, Versor>;

constexpr unsigned HISTOGRAM_BINS = 50;
// Voxels of the fixed image the metric samples at each level (all where the level has fewer): a
// count, not a share, so that a 512 x 512 CT costs what a small one does. On LUNG1 moved and
// re-sliced (tests/benchmarks/registration_vs_elastix.sh) 30 000 gave 0.03-0.06 mm in 3.2 s, 50 000
// 0.03-0.09 mm in 4.2 s, 20 % of the voxels (1.8 million at 2 mm) 0.2 mm in 99 s.
constexpr std::array<double, 3> SAMPLES_PER_LEVEL{30000, 30000, 30000};
constexpr itk::SizeValueType SAMPLING_SEED = 20121207;  // fixed: the same samples every run
// The smoothing of the levels of LEVEL_VOXEL_MM (Gaussian σ in voxels of the level).
constexpr std::array<double, 3> LEVEL_SMOOTHING_VOXELS{1, 0.5, 0};
// Regular-step gradient descent: the first step (in the scaled parameters: about mm), the
// smallest, the factor a step shrinks by when the gradient turns, the iterations a level may take.
// Tried on the tests' three cases (a known map from the patients' centres, on bone from a given
// start, a CT onto itself): a first step of 4 left the CT on itself 4 degrees off (it jumped out
// of the narrow peak identical grids give); halving the step at every turn stopped the descent
// early on the sampled metric's noise, 3 mm off; these values meet all three within 0.4 mm.
constexpr double LEARNING_RATE = 1;
constexpr double MINIMUM_STEP = 0.001;
// Above this the voxel is patient, not air: where the start puts the two patients' centres.
constexpr double BODY_HU = -500;
constexpr double RELAXATION = 0.8;
constexpr unsigned MAX_ITERATIONS = 200;

Image::Pointer itkImage(const PlainImage& plain) {
  if (voxelCount(plain.grid) == 0) throw Error(ErrorCode::BadInput, "registration: an image without voxels");
  return itkImage<float>(plain.grid, plain.hu);
}

// The bone of the image (at least boneHu) as a mask the metric reads the fixed image through.
itk::ImageMaskSpatialObject<3>::Pointer boneMask(const PlainImage& plain, double boneHu) {
  std::vector<unsigned char> inside(voxelCount(plain.grid));
  std::transform(plain.hu, plain.hu + inside.size(), inside.begin(),
                 [boneHu](float hu) { return static_cast<unsigned char>(hu >= boneHu); });
  if (std::find(inside.begin(), inside.end(), 1) == inside.end())
    throw Error(ErrorCode::BadInput, "registration on bone: no voxel of the fixed image reaches " +
                                         std::to_string(int(boneHu)) + " HU");
  auto mask = itk::ImageMaskSpatialObject<3>::New();
  mask->SetImage(itkImage<unsigned char>(plain.grid, inside.data()));
  mask->Update();
  return mask;
}

// The centroid of the patient in image, physical mm: of the voxels above BODY_HU (no air).
Image::PointType bodyCentre(const PlainImage& plain, const Image& image) {
  double sum[3] = {0, 0, 0};
  double count = 0;
  std::size_t n = 0;
  for (int k = 0; k < plain.grid.size[2]; ++k)
    for (int j = 0; j < plain.grid.size[1]; ++j)
      for (int i = 0; i < plain.grid.size[0]; ++i, ++n)
        if (plain.hu[n] > BODY_HU) {
          sum[0] += i;
          sum[1] += j;
          sum[2] += k;
          ++count;
        }
  if (count == 0) throw Error(ErrorCode::BadInput, "registration: an image without a patient (no voxel above -500 HU)");
  itk::ContinuousIndex<double, 3> mean;
  for (unsigned a = 0; a < 3; ++a) mean[a] = sum[a] / count;
  Image::PointType centre;
  image.TransformContinuousIndexToPhysicalPoint(mean, centre);
  return centre;
}

PlainRigid plainOf(const Versor& transform) {
  PlainRigid plain;
  const auto matrix = transform.GetMatrix();
  const auto offset = transform.GetOffset();
  for (unsigned a = 0; a < 3; ++a) {
    for (unsigned b = 0; b < 3; ++b) plain.rotation[3 * a + b] = matrix[a][b];
    plain.translationMm[a] = offset[a];
  }
  return plain;
}

// The versor of a given map, rotating about centre.
Versor::Pointer versorOf(const PlainRigid& movingFromFixed, const Image::PointType& centre) {
  auto transform = Versor::New();
  transform->SetCenter(centre);
  Versor::MatrixType matrix;
  Versor::OutputVectorType offset;
  for (unsigned a = 0; a < 3; ++a) {
    for (unsigned b = 0; b < 3; ++b) matrix[a][b] = movingFromFixed.rotation[3 * a + b];
    offset[a] = movingFromFixed.translationMm[a];
  }
  transform->SetMatrix(matrix);
  transform->SetOffset(offset);
  return transform;
}

// Mattes mutual information with image gradients at the sampled points alone, by central
// differences: filtering whole images for them took more time than the rest of the registration.
Metric::Pointer mattesMetric() {
  auto metric = Metric::New();
  metric->SetNumberOfHistogramBins(HISTOGRAM_BINS);
  metric->SetUseMovingImageGradientFilter(false);
  metric->SetUseFixedImageGradientFilter(false);
  return metric;
}


// Reports the fraction done after every iteration of every level and, once keepGoing says stop,
// ends each level at its next iteration (ITK's v4 registration has no other way out).
class ProgressObserver {
 public:
  ProgressObserver(Registration& registration, Optimizer& optimizer, const KeepGoing& keepGoing)
      : registration_(registration), optimizer_(optimizer), keepGoing_(keepGoing) {}
  void iterated() {
    // Levels take tens of iterations, rarely MAX_ITERATIONS: the share of a level grows towards
    // 1 with its iterations rather than in proportion to a bound it does not reach.
    const double iterations = double(optimizer_.GetCurrentIteration()) + 1;
    const double fraction =
        (double(registration_.GetCurrentLevel()) + iterations / (iterations + 30)) / double(LEVEL_VOXEL_MM.size());
    if (cancelled_ || (keepGoing_ && !keepGoing_(fraction))) {
      cancelled_ = true;
      optimizer_.StopOptimization();
    }
  }
  bool cancelled() const { return cancelled_; }

 private:
  Registration& registration_;
  Optimizer& optimizer_;
  const KeepGoing& keepGoing_;
  bool cancelled_ = false;
};

}  // namespace

PlainResult registerRigid(const PlainImage& fixed, const PlainImage& moving, std::optional<double> boneHu,
                          const std::optional<PlainRigid>& initial, const KeepGoing& keepGoing) {
  const Image::Pointer fixedImage = itkImage(fixed);
  const Image::Pointer movingImage = itkImage(moving);

  // Rotation about the fixed patient's centre, where the search is best conditioned.
  const Image::PointType fixedCentre = bodyCentre(fixed, *fixedImage);
  Versor::Pointer transform;
  if (initial) {
    transform = versorOf(*initial, fixedCentre);
  } else {
    // The moving patient's centre on the fixed one's, no rotation.
    transform = Versor::New();
    transform->SetCenter(fixedCentre);
    const Image::PointType movingCentre = bodyCentre(moving, *movingImage);
    Versor::OutputVectorType translation;
    for (unsigned a = 0; a < 3; ++a) translation[a] = movingCentre[a] - fixedCentre[a];
    transform->SetTranslation(translation);
  }

  auto metric = mattesMetric();
  // The share of the fixed image the metric reads: random samples outside it are dropped.
  double readShare = 1;
  if (boneHu) {
    metric->SetFixedImageMask(boneMask(fixed, *boneHu));
    readShare = double(std::count_if(fixed.hu, fixed.hu + voxelCount(fixed.grid), [&](float hu) { return hu >= *boneHu; })) /
                double(voxelCount(fixed.grid));
  }
  auto optimizer = Optimizer::New();
  optimizer->SetLearningRate(LEARNING_RATE);
  optimizer->SetMinimumStepLength(MINIMUM_STEP);
  optimizer->SetRelaxationFactor(RELAXATION);
  optimizer->SetNumberOfIterations(MAX_ITERATIONS);
  optimizer->SetReturnBestParametersAndValue(true);
  auto scales = itk::RegistrationParameterScalesFromPhysicalShift<Metric>::New();
  scales->SetMetric(metric);
  optimizer->SetScalesEstimator(scales);
  optimizer->SetDoEstimateLearningRateOnce(false);

  auto registration = Registration::New();
  registration->SetFixedImage(fixedImage);
  registration->SetMovingImage(movingImage);
  registration->SetMetric(metric);
  registration->SetOptimizer(optimizer);
  registration->SetInitialTransform(transform);
  registration->InPlaceOn();
  registration->SetMetricSamplingStrategy(Registration::MetricSamplingStrategyEnum::RANDOM);
  Registration::MetricSamplingPercentageArrayType percentages(LEVEL_VOXEL_MM.size());
  registration->MetricSamplingReinitializeSeed(SAMPLING_SEED);
  registration->SetNumberOfLevels(LEVEL_VOXEL_MM.size());
  Registration::SmoothingSigmasArrayType sigmas(LEVEL_VOXEL_MM.size());
  for (std::size_t level = 0; level < LEVEL_VOXEL_MM.size(); ++level) {
    Registration::ShrinkFactorsPerDimensionContainerType shrink;
    for (unsigned a = 0; a < 3; ++a)
      shrink[a] = std::max(1u, unsigned(std::lround(LEVEL_VOXEL_MM[level] / fixed.grid.spacingMm[a])));
    registration->SetShrinkFactorsPerDimension(unsigned(level), shrink);
    sigmas[level] = LEVEL_SMOOTHING_VOXELS[level];
    double levelVoxels = 1;
    for (unsigned a = 0; a < 3; ++a) levelVoxels *= std::ceil(double(fixed.grid.size[a]) / shrink[a]);
    percentages[level] = std::min(1.0, SAMPLES_PER_LEVEL[level] / (levelVoxels * readShare));
  }
  registration->SetMetricSamplingPercentagePerLevel(percentages);
  registration->SetSmoothingSigmasPerLevel(sigmas);
  registration->SetSmoothingSigmasAreSpecifiedInPhysicalUnits(false);

  ProgressObserver progress(*registration, *optimizer, keepGoing);
  optimizer->AddObserver(itk::IterationEvent(), [&progress](const itk::EventObject&) { progress.iterated(); });
  try {
    registration->Update();
  } catch (const itk::ExceptionObject& e) {
    throw Error(ErrorCode::BadInput, std::string("rigid registration failed: ") + e.GetDescription());
  }
  PlainResult result;
  result.cancelled = progress.cancelled();
  result.iterations = int(optimizer->GetCurrentIteration());
  result.movingFromFixed = plainOf(*registration->GetTransform());
  result.metricValue = optimizer->GetValue();
  result.stopCondition = optimizer->GetStopConditionDescription();
  return result;
}

double rigidMetric(const PlainImage& fixed, const PlainImage& moving, std::optional<double> boneHu,
                   const PlainRigid& movingFromFixed) {
  const Image::Pointer fixedImage = itkImage(fixed);
  const Image::Pointer movingImage = itkImage(moving);
  std::vector<std::size_t> candidates;
  for (std::size_t n = 0; n < voxelCount(fixed.grid); ++n)
    if (!boneHu || fixed.hu[n] >= *boneHu) candidates.push_back(n);
  if (candidates.empty())
    throw Error(ErrorCode::BadInput, "registration on bone: no voxel of the fixed image reaches " +
                                         std::to_string(int(*boneHu)) + " HU");
  // The registration's number of samples, at voxel centres drawn with its seed.
  auto points = Metric::FixedSampledPointSetType::New();
  std::mt19937_64 random(SAMPLING_SEED);
  std::uniform_int_distribution<std::size_t> pick(0, candidates.size() - 1);
  const auto samples = std::min(std::size_t(SAMPLES_PER_LEVEL.back()), candidates.size());
  for (std::size_t s = 0; s < samples; ++s) {
    const std::size_t n = candidates[pick(random)];
    const auto nx = std::size_t(fixed.grid.size[0]), ny = std::size_t(fixed.grid.size[1]);
    Image::IndexType index;
    index[0] = itk::IndexValueType(n % nx);
    index[1] = itk::IndexValueType(n / nx % ny);
    index[2] = itk::IndexValueType(n / (nx * ny));
    Image::PointType point;
    fixedImage->TransformIndexToPhysicalPoint(index, point);
    points->SetPoint(s, point);
  }
  auto metric = mattesMetric();
  metric->SetFixedImage(fixedImage);
  metric->SetMovingImage(movingImage);
  Image::PointType origin;
  origin.Fill(0);  // any centre: the map is given whole
  metric->SetMovingTransform(versorOf(movingFromFixed, origin));
  metric->SetVirtualDomainFromImage(fixedImage);
  metric->SetFixedSampledPointSet(points);
  metric->SetUseSampledPointSet(true);
  try {
    metric->Initialize();
    return metric->GetValue();
  } catch (const itk::ExceptionObject& e) {
    throw Error(ErrorCode::BadInput, std::string("registration metric failed: ") + e.GetDescription());
  }
}

}  // namespace kerma::registration::itkbridge
