// SPDX-License-Identifier: Apache-2.0
// Forwarding one event to containerd: containerd.services.events.ttrpc.v1.Events/Forward.
#pragma once

#include "ttrpc/client.h"
#include "ttrpc/status.h"

#include <chrono>
#include <string>
#include <string_view>

namespace runw::shim {

/// containerd's ttrpc events service (api/services/ttrpc/events/v1/events.proto).
inline constexpr std::string_view kEventsService = "containerd.services.events.ttrpc.v1.Events";
/// Its only method.
inline constexpr std::string_view kEventsForwardMethod = "Forward";
/// The metadata key carrying the containerd namespace on ttrpc (pkg/namespaces/ttrpc.go).
inline constexpr std::string_view kNamespaceMetadataKey = "containerd-namespace-ttrpc";
/// How long one Forward may take, as containerd's shim publisher allows (pkg/shim/publisher.go).
inline constexpr std::chrono::seconds kForwardTimeout{5};

/// One event as containerd.types.Envelope carries it.
struct ForwardedEvent {
  std::string ns;      ///< containerd namespace, e.g. "k8s.io"
  std::string topic;   ///< e.g. "/tasks/exit"
  std::string typeUrl; ///< full protobuf name, e.g. "containerd.events.TaskExit"
  std::string value;   ///< the serialized event message
  std::chrono::system_clock::time_point timestamp;
};

/// Serializes a ForwardRequest{Envelope} for an event.
std::string encodeForwardRequest(const ForwardedEvent &event);

/// Sends one event with the namespace metadata and kForwardTimeout; Empty reply on success.
ttrpc::RpcResult<void> forwardEvent(ttrpc::Client &client, const ForwardedEvent &event);

} // namespace runw::shim
