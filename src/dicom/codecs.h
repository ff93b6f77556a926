#ifndef KERMA_DICOM_CODECS_H
#define KERMA_DICOM_CODECS_H

namespace kerma::dicom {

/// Registers DCMTK's JPEG, JPEG-LS and RLE decoders. DCMTK keeps codecs in a process-wide
/// registry; this does it once, however often and from however many threads it is called.
void registerDecompressionCodecs();

}  // namespace kerma::dicom

#endif  // KERMA_DICOM_CODECS_H
