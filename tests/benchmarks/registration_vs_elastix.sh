#!/usr/bin/env bash
# Rigid registration of a real CT to itself "scanned again" (LUNG1-001 moved by 1.5, -2 and 3
# degrees about x, y, z and 27 mm, re-sliced at 5 mm over a 60 mm shorter length, ±20 HU of noise,
# a new Frame of Reference): kerma-cli register against elastix (Euler transform, Mattes mutual
# information, 3 resolutions, adaptive stochastic gradient descent), in one run. Accuracy: the
# target registration error at points inside the body every 20 mm; time: the registration alone
# (kerma-cli's "seconds") and both whole processes. Then the same CT deformed smoothly by up to
# 12 mm on top of that move (the registration tests' case): kerma-cli register --method deformable
# (its Deformable Spatial Registration scored) against elastix rigid then B-spline (30 mm grid,
# bending-energy penalty; its field from transformix), scored as the tests do.
# Usage: registration_vs_elastix.sh BUILD_DIR [SHARED_DIR]
set -euo pipefail
build=${1:?usage: $0 BUILD_DIR [SHARED_DIR]}
shared=${2:-$(dirname "$0")/../../../shared}
ct="$shared/data/lung1-001/ct"
cli="$build/src/cli/kerma-cli"
pair="$build/tests/benchmarks/registration_pair"
command -v elastix > /dev/null || { echo "elastix not installed (Debian package elastix)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$pair" make "$ct" "$work"

wall() {  # seconds of wall time of "$@", its output to $work/out
  local t0 t1
  t0=$(date +%s.%N)
  "$@" > "$work/out" 2>&1
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }'
}

kermaWall=$(wall "$cli" register --fixed "$ct" --moving "$work/moving" --json)
kermaSeconds=$(/usr/bin/python3 -c 'import json,sys; print("%.2f" % json.load(open(sys.argv[1]))["seconds"])' "$work/out")
kermaMatrix=$(/usr/bin/python3 -c 'import json,sys; print(" ".join(repr(v) for r in json.load(open(sys.argv[1]))["fixedFromMoving"] for v in r))' "$work/out")
kermaScore=$("$pair" score "$ct" "$work" $kermaMatrix)

# elastix: the configuration of the anchor in issue 16 (its parameter names, elastix 5.0): what the
# rigid and the B-spline steps share, then each one's own.
common='(FixedInternalImagePixelType "float")
(MovingInternalImagePixelType "float")
(FixedImagePyramid "FixedSmoothingImagePyramid")
(MovingImagePyramid "MovingSmoothingImagePyramid")
(Interpolator "BSplineInterpolator")
(BSplineInterpolationOrder 1)
(ResampleInterpolator "FinalBSplineInterpolator")
(FinalBSplineInterpolationOrder 1)
(Resampler "DefaultResampler")
(NumberOfHistogramBins 32)
(Optimizer "AdaptiveStochasticGradientDescent")
(NumberOfResolutions 3)
(MaximumNumberOfIterations 500)
(ImageSampler "RandomCoordinate")
(NumberOfSpatialSamples 4000)
(NewSamplesEveryIteration "true")
(WriteResultImage "false")
(ResultImageFormat "mha")'
cat > "$work/euler.txt" <<PARAMS
$common
(Registration "MultiResolutionRegistration")
(Metric "AdvancedMattesMutualInformation")
(Transform "EulerTransform")
(AutomaticTransformInitialization "true")
(AutomaticTransformInitializationMethod "CenterOfGravity")
(AutomaticScalesEstimation "true")
PARAMS
mkdir "$work/elastix"
elastixWall=$(wall elastix -f "$work/fixed.mha" -m "$work/moving.mha" -p "$work/euler.txt" -out "$work/elastix" -threads 2)
# Its Euler transform maps fixed points to moving ones: x_moving = R (x - c) + c + t, R = Rz Rx Ry.
elastixMatrix=$(/usr/bin/python3 - "$work/elastix/TransformParameters.0.txt" <<'PY'
import math, re, sys
text = open(sys.argv[1]).read()
def numbers(name):
    return [float(v) for v in re.search(r"\(" + name + r" ([^)]*)\)", text).group(1).split()]
rx, ry, rz, tx, ty, tz = numbers("TransformParameters")
c = numbers("CenterOfRotationPoint")
def mul(a, b):
    return [[sum(a[i][k] * b[k][j] for k in range(3)) for j in range(3)] for i in range(3)]
X = [[1, 0, 0], [0, math.cos(rx), -math.sin(rx)], [0, math.sin(rx), math.cos(rx)]]
Y = [[math.cos(ry), 0, math.sin(ry)], [0, 1, 0], [-math.sin(ry), 0, math.cos(ry)]]
Z = [[math.cos(rz), -math.sin(rz), 0], [math.sin(rz), math.cos(rz), 0], [0, 0, 1]]
R = mul(Z, mul(X, Y))
t = [tx, ty, tz]
offset = [c[i] + t[i] - sum(R[i][k] * c[k] for k in range(3)) for i in range(3)]
# fixedFromMoving is the inverse: R^T (x - offset).
Rt = [[R[j][i] for j in range(3)] for i in range(3)]
o = [-sum(Rt[i][k] * offset[k] for k in range(3)) for i in range(3)]
rows = [Rt[i] + [o[i]] for i in range(3)] + [[0, 0, 0, 1]]
print(" ".join(repr(v) for r in rows for v in r))
PY
)
elastixScore=$("$pair" score "$ct" "$work" $elastixMatrix)

echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
echo "kerma-cli register: $kermaScore (mm); registration ${kermaSeconds} s, whole process ${kermaWall} s"
echo "elastix (Euler, 3 levels): $elastixScore (mm); whole process ${elastixWall} s"

# Deformable: the same move with the smooth deformation on top.
deformed="$work/deformed"
"$pair" make-deformed "$ct" "$deformed"
kermaDeformableWall=$(wall "$cli" register --fixed "$ct" --moving "$deformed/moving" --method deformable --out "$deformed/REG.dcm" --json)
kermaDeformableSeconds=$(/usr/bin/python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print("%.2f s, Jacobian %.2f to %.2f, %d folded" % (j["seconds"], j["jacobian"]["min"], j["jacobian"]["max"], j["foldedVoxels"]))' "$work/out")
kermaDeformableScore=$("$pair" score-field "$ct" "$deformed/REG.dcm")

# elastix: the rigid step above, then a B-spline of 30 mm with the bending-energy penalty.
cat > "$work/bspline.txt" <<PARAMS
$common
(Registration "MultiMetricMultiResolutionRegistration")
(Metric "AdvancedMattesMutualInformation" "TransformBendingEnergyPenalty")
(Metric0Weight 1.0)
(Metric1Weight 1.0)
(Transform "BSplineTransform")
(FinalGridSpacingInPhysicalUnits 30)
(HowToCombineTransforms "Compose")
PARAMS
mkdir "$deformed/elastix"
elastixDeformableWall=$(wall elastix -f "$work/fixed.mha" -m "$deformed/moving.mha" -p "$work/euler.txt" -p "$work/bspline.txt" \
  -out "$deformed/elastix" -threads 2)
transformix -def all -tp "$deformed/elastix/TransformParameters.1.txt" -out "$deformed/elastix" > /dev/null
elastixDeformableScore=$("$pair" score-field "$ct" "$deformed/elastix/deformationField.mha")

echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
echo "kerma-cli register --method deformable: $kermaDeformableScore (mm); registration $kermaDeformableSeconds; whole process ${kermaDeformableWall} s"
echo "elastix (Euler, then B-spline 30 mm with bending energy): $elastixDeformableScore (mm); whole process ${elastixDeformableWall} s"
