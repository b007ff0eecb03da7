// SPDX-License-Identifier: Apache-2.0
// Container id validation: the ids runc accepts, and nothing that could name another path.
#pragma once

#include "support/result.h"

#include <cstddef>
#include <string_view>

namespace runw::runtime::state {

/// Longest accepted id. runc has no explicit bound and fails later at mkdir with
/// ENAMETOOLONG; the id is one directory name, so runw refuses anything over NAME_MAX up front.
inline constexpr size_t kMaxContainerIdLength = 255;

/// Checks a container id the way runc's libcontainer validateID does: non-empty, only
/// `A-Z a-z 0-9 _ + - .`, and not `.` or `..`. Anything else (a '/', NUL, space, non-ASCII
/// byte) fails with ErrorCode::Invalid: "container id cannot be empty" or
/// "invalid container ID format: <id>".
Result<void> validateContainerId(std::string_view id);

} // namespace runw::runtime::state
