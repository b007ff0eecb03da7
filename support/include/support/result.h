// SPDX-License-Identifier: Apache-2.0
// Error and Result: the one error type every runw module returns, and the TRY macro.
#pragma once

#include <cerrno>
#include <cstring>
#include <expected>
#include <string>
#include <utility>
#include <vector>

namespace runw {

/// Broad class of a failure; callers branch on this, people read the message.
enum class ErrorCode {
  Invalid,     ///< bad input: malformed document, bad argument, out-of-range value
  NotFound,    ///< a named thing does not exist
  Exists,      ///< a thing that must not exist already does
  Io,          ///< an operating-system call failed (see sysErrno)
  Unsupported, ///< valid request that runw does not implement
  Limit,       ///< a resource limit was hit (size, depth, memory)
  Trap,        ///< WebAssembly code trapped; the message is the spec's trap text
  Exit,        ///< a program asked to end (WASI proc_exit); not a failure of runw
  Internal,    ///< a bug in runw
};

/// A failure: what went wrong, the errno if a system call failed, and the
/// context frames added while the error travelled up ("reading config.json").
struct Error {
  ErrorCode code = ErrorCode::Internal;
  int sysErrno = 0;
  std::string message;
  std::vector<std::string> contextFrames;

  /// One line for humans: outermost context first, then the message, then strerror.
  [[nodiscard]] std::string describe() const {
    std::string out;
    for (auto it = contextFrames.rbegin(); it != contextFrames.rend(); ++it) {
      out += *it;
      out += ": ";
    }
    out += message;
    if (sysErrno != 0) {
      out += ": ";
      out += std::strerror(sysErrno);
    }
    return out;
  }
};

/// std::expected with runw::Error, plus context(). Must be checked.
template <class T> class [[nodiscard]] Result : public std::expected<T, Error> {
public:
  using std::expected<T, Error>::expected;
  // NOLINTNEXTLINE(google-explicit-constructor): lets `return value;` and TRY work.
  Result(std::expected<T, Error> &&other) : std::expected<T, Error>(std::move(other)) {}

  /// Adds a context frame to a failed result; a success passes through unchanged.
  Result context(std::string frame) && {
    if (!this->has_value()) {
      this->error().contextFrames.push_back(std::move(frame));
    }
    return std::move(*this);
  }
};

/// Builds a failed result of any Result<T>.
inline std::unexpected<Error> fail(ErrorCode code, std::string message) {
  return std::unexpected<Error>(Error{code, 0, std::move(message), {}});
}

/// Builds a failed result for a system call that set errno.
inline std::unexpected<Error> failErrno(std::string message, int err = errno) {
  return std::unexpected<Error>(Error{ErrorCode::Io, err, std::move(message), {}});
}

} // namespace runw

#define RUNW_CONCAT_IMPL(a, b) a##b
#define RUNW_CONCAT(a, b) RUNW_CONCAT_IMPL(a, b)

/// Evaluates a Result; on failure returns its error from the enclosing function,
/// otherwise yields the value. Uses a GNU statement expression (GCC and clang). Each use gets
/// its own variable name, so a TRY nested in a lambda inside another TRY does not shadow.
#define TRY(expr) RUNW_TRY_IMPL(expr, RUNW_CONCAT(runwTryResult, __COUNTER__))
#define RUNW_TRY_IMPL(expr, var)                                                                   \
  ({                                                                                               \
    auto &&var = (expr);                                                                           \
    if (!var.has_value()) {                                                                        \
      return std::unexpected<::runw::Error>(std::move(var).error());                               \
    }                                                                                              \
    std::move(var).value();                                                                        \
  })
