// The small synthetic patient of tests/support/small_ct.h as the workstation's structure model.
#ifndef KERMA_TESTS_APP_SMALL_PATIENT_H
#define KERMA_TESTS_APP_SMALL_PATIENT_H

#include "small_ct.h"

#include "kerma/app/structure_set_model.h"

namespace kerma::app::testing {

using kerma::testing::countSet;
using kerma::testing::cubeStructure;
using kerma::testing::CUBE_HI;
using kerma::testing::CUBE_K_HI;
using kerma::testing::CUBE_K_LO;
using kerma::testing::CUBE_LO;
using kerma::testing::sameMask;
using kerma::testing::smallCt;

inline StructureSetModel smallModel() {
  auto ct = smallCt();
  std::vector<structure::Structure> structures;
  structures.push_back(cubeStructure(ct->hu.geometry()));
  return StructureSetModel(ct, std::move(structures));
}

}  // namespace kerma::app::testing

#endif  // KERMA_TESTS_APP_SMALL_PATIENT_H
