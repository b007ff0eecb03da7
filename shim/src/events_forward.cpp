// SPDX-License-Identifier: Apache-2.0
// Events/Forward request building and the call itself.
#include "events_forward.h"

#include "containerd/services/events/ttrpc/v1/events.pb.h"

namespace runw::shim {

std::string encodeForwardRequest(const ForwardedEvent &event) {
  containerd::services::events::ttrpc::v1::ForwardRequest request;
  auto *envelope = request.mutable_envelope();
  const auto sinceEpoch = event.timestamp.time_since_epoch();
  const auto seconds = std::chrono::floor<std::chrono::seconds>(sinceEpoch);
  envelope->mutable_timestamp()->set_seconds(seconds.count());
  envelope->mutable_timestamp()->set_nanos(static_cast<std::int32_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(sinceEpoch - seconds).count()));
  envelope->set_namespace_(event.ns);
  envelope->set_topic(event.topic);
  envelope->mutable_event()->set_type_url(event.typeUrl);
  envelope->mutable_event()->set_value(event.value);
  return request.SerializeAsString();
}

ttrpc::RpcResult<void> forwardEvent(ttrpc::Client &client, const ForwardedEvent &event) {
  ttrpc::CallOptions options{kForwardTimeout, {{std::string(kNamespaceMetadataKey), event.ns}}};
  auto reply =
      client.call(kEventsService, kEventsForwardMethod, encodeForwardRequest(event), options);
  if (!reply.has_value()) {
    return std::unexpected(std::move(reply).error());
  }
  return {};
}

} // namespace runw::shim
