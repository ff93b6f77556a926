#ifndef KERMA_DICOM_CODECS_H
#define KERMA_DICOM_CODECS_H

namespace kerma::dicom {

/// Registers DCMTK's JPEG, JPEG-LS and RLE decoders and quiets its logger. DCMTK keeps both in a
/// process-wide registry; this sets them once, however often and from however many threads it is
/// called.
void prepareDcmtk();

}  // namespace kerma::dicom

#endif  // KERMA_DICOM_CODECS_H
