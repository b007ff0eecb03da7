// SPDX-License-Identifier: Apache-2.0
// ContainerRecord helpers that need no JSON: the `created` timestamp.
#include "state/record.h"

#include "support/strings.h"

#include <array>
#include <ctime>

namespace runw::runtime::state {

std::string formatCreatedTime(const timespec &when) {
  tm utc{};
  const time_t seconds = when.tv_sec;
  gmtime_r(&seconds, &utc);
  std::array<char, 32> date{};
  const size_t length = std::strftime(date.data(), date.size(), "%Y-%m-%dT%H:%M:%S", &utc);
  std::string out(date.data(), length);
  if (when.tv_nsec > 0) {
    // Go's RFC3339Nano drops trailing zeros of the fraction, and the whole fraction when 0.
    std::string fraction = strprintf("{:09}", when.tv_nsec);
    while (!fraction.empty() && fraction.back() == '0') {
      fraction.pop_back();
    }
    out += '.';
    out += fraction;
  }
  out += 'Z';
  return out;
}

std::string nowCreatedTime() {
  timespec now{};
  // CLOCK_REALTIME cannot fail with a valid clock id and pointer (clock_gettime(2)).
  (void)clock_gettime(CLOCK_REALTIME, &now);
  return formatCreatedTime(now);
}

} // namespace runw::runtime::state
