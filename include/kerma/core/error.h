#ifndef KERMA_CORE_ERROR_H
#define KERMA_CORE_ERROR_H

#include <stdexcept>
#include <string>

namespace kerma {

/// What kind of failure an Error reports; decides the exit status of kerma-cli.
enum class ErrorCode {
  BadInput,   ///< the file or argument given is wrong; the user can fix it (exit status 2)
  Io,         ///< a file could not be read or written (exit status 2)
  Internal,   ///< a bug or an unexpected library failure (exit status 1)
};

/// The one exception type Kerma's libraries throw for bad input and I/O failures. The message
/// names the file or item, what was found and what was expected (lower-case start, no period).
class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ErrorCode code() const { return code_; }

 private:
  ErrorCode code_;
};

}  // namespace kerma

#endif  // KERMA_CORE_ERROR_H
