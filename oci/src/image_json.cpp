// SPDX-License-Identifier: Apache-2.0
// image-spec documents <-> structs: descriptor, manifest, index and image config, with the
// digest, size and schemaVersion checks that types alone cannot express.
#include "codec.h"
#include "json_path.h"

#include "oci/image.h"
#include "oci/json.h"

#include <fmt/format.h>

#include <string>
#include <string_view>

namespace runw::oci {
namespace detail {

template <class Io> void fields(Io &io, Platform &v) {
  io.required("architecture", v.architecture);
  io.required("os", v.os);
  io.optional("os.version", v.osVersion);
  io.optional("os.features", v.osFeatures);
  io.optional("variant", v.variant);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, Descriptor &v) {
  io.required("mediaType", v.mediaType);
  io.required("digest", v.digest);
  io.required("size", v.size);
  io.optional("urls", v.urls);
  io.optional("annotations", v.annotations);
  io.optional("data", v.data);
  io.optional("platform", v.platform);
  io.optional("artifactType", v.artifactType);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, Manifest &v) {
  io.required("schemaVersion", v.schemaVersion);
  io.optional("mediaType", v.mediaType);
  io.optional("artifactType", v.artifactType);
  io.required("config", v.config);
  io.required("layers", v.layers);
  io.optional("subject", v.subject);
  io.optional("annotations", v.annotations);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, Index &v) {
  io.required("schemaVersion", v.schemaVersion);
  io.optional("mediaType", v.mediaType);
  io.optional("artifactType", v.artifactType);
  io.required("manifests", v.manifests);
  io.optional("subject", v.subject);
  io.optional("annotations", v.annotations);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, EmptyObject &v) { io.extensions(v.extensions); }

template <class Io> void fields(Io &io, ImageConfig &v) {
  io.optional("User", v.user);
  io.optional("ExposedPorts", v.exposedPorts);
  io.optional("Env", v.env);
  io.optional("Entrypoint", v.entrypoint);
  io.optional("Cmd", v.cmd);
  io.optional("Volumes", v.volumes);
  io.optional("WorkingDir", v.workingDir);
  io.optional("Labels", v.labels);
  io.optional("StopSignal", v.stopSignal);
  io.optional("ArgsEscaped", v.argsEscaped);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, RootFs &v) {
  io.required("type", v.type);
  io.required("diff_ids", v.diffIds);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, History &v) {
  io.optional("created", v.created);
  io.optional("created_by", v.createdBy);
  io.optional("author", v.author);
  io.optional("comment", v.comment);
  io.optional("empty_layer", v.emptyLayer);
  io.extensions(v.extensions);
}

// Member order follows the Go struct (Platform is embedded after author).
template <class Io> void fields(Io &io, Image &v) {
  io.optional("created", v.created);
  io.optional("author", v.author);
  io.required("architecture", v.architecture);
  io.required("os", v.os);
  io.optional("os.version", v.osVersion);
  io.optional("os.features", v.osFeatures);
  io.optional("variant", v.variant);
  io.optional("config", v.config);
  io.required("rootfs", v.rootfs);
  io.optional("history", v.history);
  io.extensions(v.extensions);
}

namespace {

Result<void> invalidAt(const std::string &path, const std::string &message) {
  return fail(ErrorCode::Invalid, fmt::format("{}: {}", path, message));
}

bool isLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool isLowerHex(char c) { return (c >= 'a' && c <= 'f') || (c >= '0' && c <= '9'); }
bool isAlnum(char c) { return isLowerAlnum(c) || (c >= 'A' && c <= 'Z'); }

// algorithm ::= component (separator component)*, component ::= [a-z0-9]+,
// separator ::= [+._-] (descriptor.md "Digests").
bool isDigestAlgorithm(std::string_view algorithm) {
  bool afterComponentChar = false;
  for (const char c : algorithm) {
    if (isLowerAlnum(c)) {
      afterComponentChar = true;
    } else if ((c == '+' || c == '.' || c == '_' || c == '-') && afterComponentChar) {
      afterComponentChar = false;
    } else {
      return false;
    }
  }
  return afterComponentChar;
}

// Go's encoding/json writes []byte with base64.StdEncoding: padded, alphabet A-Za-z0-9+/.
bool isStdBase64(std::string_view text) {
  if (text.size() % 4 != 0) {
    return false;
  }
  size_t padding = 0;
  while (padding < 2 && padding < text.size() && text[text.size() - 1 - padding] == '=') {
    ++padding;
  }
  for (size_t i = 0; i < text.size() - padding; ++i) {
    const char c = text[i];
    if (!isAlnum(c) && c != '+' && c != '/') {
      return false;
    }
  }
  return true;
}

// mediaType per defs-descriptor.json: type "/" subtype, each 1..127 restricted-name chars
// (RFC 6838 section 4.2) starting with an alphanumeric.
bool isMediaType(std::string_view text) {
  const auto isRestrictedName = [](std::string_view part) {
    constexpr size_t kMaxLength = 127;
    if (part.empty() || part.size() > kMaxLength || !isAlnum(part.front())) {
      return false;
    }
    for (const char c : part) {
      if (!isAlnum(c) && std::string_view("!#$&^_.+-").find(c) == std::string_view::npos) {
        return false;
      }
    }
    return true;
  };
  const size_t slash = text.find('/');
  return slash != std::string_view::npos && isRestrictedName(text.substr(0, slash)) &&
         isRestrictedName(text.substr(slash + 1));
}

Result<void> checkDigestAt(const std::string &digest, const std::string &path) {
  auto checked = checkDigest(digest);
  if (!checked) {
    return invalidAt(path, checked.error().message);
  }
  return {};
}

Result<void> checkMediaTypeAt(const std::string &mediaType, const std::string &path) {
  if (!isMediaType(mediaType)) {
    return invalidAt(
        path, fmt::format("\"{}\" is not a media type (type/subtype)", mediaType.substr(0, 80)));
  }
  return {};
}

Result<void> checkDescriptor(const Descriptor &descriptor, const std::string &path) {
  TRY(checkMediaTypeAt(descriptor.mediaType, appendKey(path, "mediaType")));
  TRY(checkDigestAt(descriptor.digest, appendKey(path, "digest")));
  if (descriptor.size < 0) {
    return invalidAt(appendKey(path, "size"),
                     fmt::format("must not be negative, got {}", descriptor.size));
  }
  if (descriptor.data && !isStdBase64(*descriptor.data)) {
    return invalidAt(appendKey(path, "data"), "is not padded standard base64");
  }
  if (descriptor.artifactType) {
    TRY(checkMediaTypeAt(*descriptor.artifactType, appendKey(path, "artifactType")));
  }
  return {};
}

// manifest.md and image-index.md: "This REQUIRED property ... MUST be 2" for compatibility
// with older Docker versions.
Result<void> checkSchemaVersion(int32_t schemaVersion) {
  if (schemaVersion != 2) {
    return invalidAt("schemaVersion", fmt::format("must be 2, got {}", schemaVersion));
  }
  return {};
}

Result<void> checkManifest(const Manifest &manifest) {
  TRY(checkSchemaVersion(manifest.schemaVersion));
  TRY(checkDescriptor(manifest.config, "config"));
  for (size_t i = 0; i < manifest.layers.size(); ++i) {
    TRY(checkDescriptor(manifest.layers[i], appendIndex("layers", i)));
  }
  if (manifest.subject) {
    TRY(checkDescriptor(*manifest.subject, "subject"));
  }
  return {};
}

Result<void> checkIndex(const Index &index) {
  TRY(checkSchemaVersion(index.schemaVersion));
  for (size_t i = 0; i < index.manifests.size(); ++i) {
    TRY(checkDescriptor(index.manifests[i], appendIndex("manifests", i)));
  }
  if (index.subject) {
    TRY(checkDescriptor(*index.subject, "subject"));
  }
  return {};
}

Result<void> checkImage(const Image &image) {
  // config.md: "rootfs.type MUST be set to layers".
  if (image.rootfs.type != "layers") {
    return invalidAt("rootfs.type", fmt::format("must be \"layers\", got \"{}\"",
                                                image.rootfs.type.substr(0, 80)));
  }
  for (size_t i = 0; i < image.rootfs.diffIds.size(); ++i) {
    TRY(checkDigestAt(image.rootfs.diffIds[i], appendIndex("rootfs.diff_ids", i)));
  }
  return {};
}

} // namespace
} // namespace detail

Result<void> checkDigest(std::string_view digest) {
  const size_t colon = digest.find(':');
  if (colon == std::string_view::npos) {
    return fail(ErrorCode::Invalid, "digest must be algorithm:encoded");
  }
  const std::string_view algorithm = digest.substr(0, colon);
  const std::string_view encoded = digest.substr(colon + 1);
  if (!detail::isDigestAlgorithm(algorithm)) {
    return fail(ErrorCode::Invalid,
                fmt::format("digest algorithm \"{}\" is not lowercase alphanumeric components "
                            "joined by [+._-]",
                            algorithm.substr(0, 80)));
  }
  size_t hexLength = 0;
  if (algorithm == "sha256" || algorithm == "blake3") {
    hexLength = 64;
  } else if (algorithm == "sha512") {
    hexLength = 128;
  }
  if (hexLength != 0) {
    bool lowerHex = true;
    for (const char c : encoded) {
      lowerHex = lowerHex && detail::isLowerHex(c);
    }
    if (!lowerHex || encoded.size() != hexLength) {
      return fail(ErrorCode::Invalid, fmt::format("{} digest must be {} lowercase hex characters",
                                                  algorithm, hexLength));
    }
    return {};
  }
  // Unregistered algorithms pass when they match the grammar (descriptor.md).
  if (encoded.empty()) {
    return fail(ErrorCode::Invalid, "digest has an empty encoded part");
  }
  for (const char c : encoded) {
    if (!detail::isAlnum(c) && c != '=' && c != '_' && c != '-') {
      return fail(ErrorCode::Invalid, "digest encoded part is not [a-zA-Z0-9=_-]+");
    }
  }
  return {};
}

Result<Descriptor> parseDescriptor(std::string_view json, const ParseLimits &limits) {
  Descriptor descriptor = TRY(detail::decodeDocument<Descriptor>(json, limits));
  TRY(detail::checkDescriptor(descriptor, ""));
  return descriptor;
}

Result<Manifest> parseManifest(std::string_view json, const ParseLimits &limits) {
  Manifest manifest = TRY(detail::decodeDocument<Manifest>(json, limits));
  TRY(detail::checkManifest(manifest));
  return manifest;
}

Result<Index> parseIndex(std::string_view json, const ParseLimits &limits) {
  Index index = TRY(detail::decodeDocument<Index>(json, limits));
  TRY(detail::checkIndex(index));
  return index;
}

Result<Image> parseImage(std::string_view json, const ParseLimits &limits) {
  Image image = TRY(detail::decodeDocument<Image>(json, limits));
  TRY(detail::checkImage(image));
  return image;
}

std::string serialize(const Descriptor &descriptor, const SerializeOptions &options) {
  return detail::encodeDocument(descriptor, options);
}

std::string serialize(const Manifest &manifest, const SerializeOptions &options) {
  return detail::encodeDocument(manifest, options);
}

std::string serialize(const Index &index, const SerializeOptions &options) {
  return detail::encodeDocument(index, options);
}

std::string serialize(const Image &image, const SerializeOptions &options) {
  return detail::encodeDocument(image, options);
}

} // namespace runw::oci
