#include "codecs.h"

#include <dcmtk/dcmdata/dcvr.h>
#include <dcmtk/dcmdata/dcrledrg.h>
#include <dcmtk/oflog/oflog.h>
#include <dcmtk/dcmjpeg/djdecode.h>
#include <dcmtk/dcmjpls/djdecode.h>

#include <mutex>

namespace kerma::dicom {

void prepareDcmtk() {
  static std::once_flag once;
  std::call_once(once, [] {
    // Kerma reports every problem itself, naming the file; DCMTK's own log lines on stderr would
    // only repeat them without the file name.
    OFLog::configure(OFLogger::FATAL_LOG_LEVEL);
    DJDecoderRegistration::registerCodecs();
    DJLSDecoderRegistration::registerCodecs();
    DcmRLEDecoderRegistration::registerCodecs();
    // Files converted from Implicit VR by some tools (gdcmconv) carry every element as UN; read
    // those whose tag the dictionary knows with their real VR.
    dcmEnableUnknownVRConversion.set(OFTrue);
  });
}

}  // namespace kerma::dicom
