#ifndef KERMA_CORE_STATISTICS_H
#define KERMA_CORE_STATISTICS_H

#include "kerma/core/volume.h"

namespace kerma::core {

/// Minimum, maximum and mean of a volume's values, in the values' unit.
struct ValueSummary {
  double min = 0, max = 0, mean = 0;
};

/// Summary over all voxels; an empty volume gives zeros.
template <class T>
ValueSummary summarize(const Volume<T>& volume);

}  // namespace kerma::core

#endif  // KERMA_CORE_STATISTICS_H
