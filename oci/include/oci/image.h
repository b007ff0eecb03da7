// SPDX-License-Identifier: Apache-2.0
// Typed model of the OCI image-spec 1.1 documents: descriptor, manifest, index and image config.
#pragma once

#include "oci/extensions.h"
#include "oci/json.h"
#include "oci/spec.h"
#include "support/result.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace runw::oci {

/// \name Media types (image-spec media-types.md)
/// @{
/// A content descriptor document.
inline constexpr const char *kMediaTypeDescriptor = "application/vnd.oci.descriptor.v1+json";
/// The `oci-layout` file of an image layout.
inline constexpr const char *kMediaTypeLayoutHeader = "application/vnd.oci.layout.header.v1+json";
/// An image index.
inline constexpr const char *kMediaTypeImageIndex = "application/vnd.oci.image.index.v1+json";
/// An image manifest.
inline constexpr const char *kMediaTypeImageManifest = "application/vnd.oci.image.manifest.v1+json";
/// An image configuration.
inline constexpr const char *kMediaTypeImageConfig = "application/vnd.oci.image.config.v1+json";
/// The empty blob `{}`, used as the config of artifacts.
inline constexpr const char *kMediaTypeEmptyJson = "application/vnd.oci.empty.v1+json";
/// An uncompressed tar layer.
inline constexpr const char *kMediaTypeImageLayer = "application/vnd.oci.image.layer.v1.tar";
/// A gzip-compressed tar layer.
inline constexpr const char *kMediaTypeImageLayerGzip =
    "application/vnd.oci.image.layer.v1.tar+gzip";
/// A zstd-compressed tar layer.
inline constexpr const char *kMediaTypeImageLayerZstd =
    "application/vnd.oci.image.layer.v1.tar+zstd";
/// A non-distributable tar layer (deprecated by image-spec 1.1, still readable).
inline constexpr const char *kMediaTypeImageLayerNonDistributable =
    "application/vnd.oci.image.layer.nondistributable.v1.tar";
/// A non-distributable gzip layer (deprecated by image-spec 1.1, still readable).
inline constexpr const char *kMediaTypeImageLayerNonDistributableGzip =
    "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
/// A non-distributable zstd layer (deprecated by image-spec 1.1, still readable).
inline constexpr const char *kMediaTypeImageLayerNonDistributableZstd =
    "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd";
/// @}

/// \name Pre-defined annotation keys (image-spec annotations.md)
/// @{
/// Date and time the image was built (RFC 3339).
inline constexpr const char *kAnnotationCreated = "org.opencontainers.image.created";
/// Contact details of the people or organization responsible for the image.
inline constexpr const char *kAnnotationAuthors = "org.opencontainers.image.authors";
/// URL to find more information on the image.
inline constexpr const char *kAnnotationUrl = "org.opencontainers.image.url";
/// URL to get documentation on the image.
inline constexpr const char *kAnnotationDocumentation = "org.opencontainers.image.documentation";
/// URL to get source code for building the image.
inline constexpr const char *kAnnotationSource = "org.opencontainers.image.source";
/// Version of the packaged software.
inline constexpr const char *kAnnotationVersion = "org.opencontainers.image.version";
/// Source control revision of the packaged software.
inline constexpr const char *kAnnotationRevision = "org.opencontainers.image.revision";
/// Name of the distributing entity, organization or individual.
inline constexpr const char *kAnnotationVendor = "org.opencontainers.image.vendor";
/// Licenses of the contained software, as an SPDX License Expression.
inline constexpr const char *kAnnotationLicenses = "org.opencontainers.image.licenses";
/// Name of the reference for a target (on descriptors of an image layout's index.json).
inline constexpr const char *kAnnotationRefName = "org.opencontainers.image.ref.name";
/// Human-readable title of the image.
inline constexpr const char *kAnnotationTitle = "org.opencontainers.image.title";
/// Human-readable description of the packaged software.
inline constexpr const char *kAnnotationDescription = "org.opencontainers.image.description";
/// Digest of the image's base image.
inline constexpr const char *kAnnotationBaseImageDigest = "org.opencontainers.image.base.digest";
/// Image reference of the image's base image.
inline constexpr const char *kAnnotationBaseImageName = "org.opencontainers.image.base.name";
/// @}

/// \name Wasm conventions (crun handlers, runwasi)
/// @{
/// Image/container annotation selecting a wasm variant: `compat` or `compat-smart`.
inline constexpr const char *kAnnotationWasmVariant = "module.wasm.image/variant";
/// crun's handler annotation: `wasm` or `wasm-smart`.
inline constexpr const char *kAnnotationRuncHandler = "run.oci.handler";
/// @}

/// The platform an image or manifest runs on (image-index.md "platform").
struct Platform {
  std::string architecture;                           ///< GOARCH spelling: amd64, arm64, wasm
  std::string os;                                     ///< GOOS spelling: linux, windows, wasip1
  std::optional<std::string> osVersion;               ///< JSON "os.version"
  std::optional<std::vector<std::string>> osFeatures; ///< JSON "os.features"
  std::optional<std::string> variant;                 ///< CPU variant, e.g. v7 or v8
  Extensions extensions;
  bool operator==(const Platform &) const = default;
};

/// A content descriptor: a typed, sized, digested reference to a blob (descriptor.md).
struct Descriptor {
  std::string mediaType;
  std::string digest; ///< `algorithm:encoded`; checked by checkDigest() while parsing
  int64_t size = 0;   ///< bytes, never negative
  std::optional<std::vector<std::string>> urls;
  std::optional<StringMap> annotations;
  std::optional<std::string> data; ///< embedded content, still base64-encoded as in the JSON
  std::optional<Platform> platform;
  std::optional<std::string> artifactType;
  Extensions extensions;
  bool operator==(const Descriptor &) const = default;
};

/// An image manifest (manifest.md).
struct Manifest {
  int32_t schemaVersion = 2; ///< always 2
  std::optional<std::string> mediaType;
  std::optional<std::string> artifactType;
  Descriptor config;
  std::vector<Descriptor> layers;
  std::optional<Descriptor> subject;
  std::optional<StringMap> annotations;
  Extensions extensions;
  bool operator==(const Manifest &) const = default;
};

/// An image index: a list of manifests, usually one per platform (image-index.md).
struct Index {
  int32_t schemaVersion = 2; ///< always 2
  std::optional<std::string> mediaType;
  std::optional<std::string> artifactType;
  std::vector<Descriptor> manifests;
  std::optional<Descriptor> subject;
  std::optional<StringMap> annotations;
  Extensions extensions;
  bool operator==(const Index &) const = default;
};

/// The value of a JSON set member such as `"80/tcp": {}`. Unknown members are kept, so a
/// set survives a round trip even when a tool wrote something inside the braces.
struct EmptyObject {
  Extensions extensions;
  bool operator==(const EmptyObject &) const = default;
};

/// A JSON object used as a set of keys (Go's `map[string]struct{}`).
using StringSet = std::map<std::string, EmptyObject>;

/// The execution defaults of an image (config.md "config"); JSON keys are Docker's UpperCamel.
struct ImageConfig {
  std::optional<std::string> user;       ///< "User": name, uid, name:group or uid:gid
  std::optional<StringSet> exposedPorts; ///< "ExposedPorts": "port/tcp", "port/udp", "port"
  std::optional<std::vector<std::string>> env;
  std::optional<std::vector<std::string>> entrypoint;
  std::optional<std::vector<std::string>> cmd;
  std::optional<StringSet> volumes;
  std::optional<std::string> workingDir;
  std::optional<StringMap> labels;
  std::optional<std::string> stopSignal;
  std::optional<bool> argsEscaped; ///< deprecated Windows-only Docker field
  Extensions extensions;
  bool operator==(const ImageConfig &) const = default;
};

/// The layer DiffIDs of an image (config.md "rootfs").
struct RootFs {
  std::string type = "layers";      ///< always "layers"
  std::vector<std::string> diffIds; ///< JSON "diff_ids": digests of uncompressed layers
  Extensions extensions;
  bool operator==(const RootFs &) const = default;
};

/// One entry of the image history.
struct History {
  std::optional<std::string> created;   ///< RFC 3339 date-time
  std::optional<std::string> createdBy; ///< JSON "created_by"
  std::optional<std::string> author;
  std::optional<std::string> comment;
  std::optional<bool> emptyLayer; ///< JSON "empty_layer"
  Extensions extensions;
  bool operator==(const History &) const = default;
};

/// The image configuration document (config.md), media type kMediaTypeImageConfig.
struct Image {
  std::optional<std::string> created; ///< RFC 3339 date-time
  std::optional<std::string> author;
  std::string architecture;
  std::string os;
  std::optional<std::string> osVersion;               ///< JSON "os.version"
  std::optional<std::vector<std::string>> osFeatures; ///< JSON "os.features"
  std::optional<std::string> variant;
  std::optional<ImageConfig> config;
  RootFs rootfs;
  std::optional<std::vector<History>> history;
  Extensions extensions;
  bool operator==(const Image &) const = default;
};

/// Checks digest syntax (descriptor.md "Digests"): `algorithm:encoded` per the grammar, and
/// for the registered algorithms sha256/blake3 64 and sha512 128 lowercase hex characters.
Result<void> checkDigest(std::string_view digest);

/// Parses a descriptor document. Errors name the JSON path, like `digest: ...`.
Result<Descriptor> parseDescriptor(std::string_view json, const ParseLimits &limits = {});
/// Parses an image manifest; schemaVersion must be 2 and every digest well formed.
Result<Manifest> parseManifest(std::string_view json, const ParseLimits &limits = {});
/// Parses an image index; schemaVersion must be 2 and every digest well formed.
Result<Index> parseIndex(std::string_view json, const ParseLimits &limits = {});
/// Parses an image configuration; every rootfs.diff_ids entry must be a well-formed digest.
Result<Image> parseImage(std::string_view json, const ParseLimits &limits = {});

/// Serializes a descriptor.
std::string serialize(const Descriptor &descriptor, const SerializeOptions &options = {});
/// Serializes an image manifest.
std::string serialize(const Manifest &manifest, const SerializeOptions &options = {});
/// Serializes an image index.
std::string serialize(const Index &index, const SerializeOptions &options = {});
/// Serializes an image configuration.
std::string serialize(const Image &image, const SerializeOptions &options = {});

} // namespace runw::oci
