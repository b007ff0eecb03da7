// SPDX-License-Identifier: Apache-2.0
// Task.Stats payload: a `runw events --stats` document as containerd's cgroup metrics message.
#pragma once

#include "support/result.h"

#include <google/protobuf/any.pb.h>
#include <string_view>

namespace runw::shim {

/// Which containerd/cgroups metrics message a Stats reply carries.
enum class MetricsKind {
  CgroupV1, ///< io.containerd.cgroups.v1.Metrics: cgroup v1 and hybrid hosts
  CgroupV2, ///< io.containerd.cgroups.v2.Metrics: hosts with only cgroup v2
};

/// The Any type_url of each kind. containerd 1.6's typeurl finds the gogo-registered message
/// by its bare full name (typeurl.MarshalAny writes the same), so there is no
/// "type.googleapis.com/" prefix.
inline constexpr std::string_view kMetricsV1TypeUrl = "io.containerd.cgroups.v1.Metrics";
inline constexpr std::string_view kMetricsV2TypeUrl = "io.containerd.cgroups.v2.Metrics";

/// Converts the stats event `runw events --stats` prints ({"type":"stats","data":{cpu, memory,
/// pids, blkio, hugetlb}}) into the metrics message of kind, serialized into an Any whose
/// type_url and value are set by hand. Missing counters stay zero; a document that is not a
/// stats event is an Internal error.
Result<google::protobuf::Any> metricsFromStatsEvent(std::string_view json, MetricsKind kind);

} // namespace runw::shim
