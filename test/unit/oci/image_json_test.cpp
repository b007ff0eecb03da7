// SPDX-License-Identifier: Apache-2.0
// image-spec documents: upstream examples round trip, digest/size/schemaVersion checks.
#include "oci/image.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

namespace runw::oci {
namespace {

// manifest.md, Example Image Manifest.
constexpr const char *kManifestExample = R"({
  "schemaVersion": 2,
  "mediaType": "application/vnd.oci.image.manifest.v1+json",
  "config": {
    "mediaType": "application/vnd.oci.image.config.v1+json",
    "digest": "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7",
    "size": 7023
  },
  "layers": [
    {
      "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
      "digest": "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0",
      "size": 32654
    },
    {
      "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
      "digest": "sha256:3c3a4604a545cdc127456d94e421cd355bca5b528f4a9c1905b15da2eb4a4c6b",
      "size": 16724
    },
    {
      "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
      "digest": "sha256:ec4b8955958665577945c89419d1af06b5f7636b4ac3da7f12184802ad867736",
      "size": 73109
    }
  ],
  "subject": {
    "mediaType": "application/vnd.oci.image.manifest.v1+json",
    "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270",
    "size": 7682
  },
  "annotations": {
    "com.example.key1": "value1",
    "com.example.key2": "value2"
  }
})";

// manifest.md, the empty config descriptor used by artifacts.
constexpr const char *kEmptyDescriptorExample = R"({
  "mediaType": "application/vnd.oci.empty.v1+json",
  "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
  "size": 2,
  "data": "e30="
})";

// descriptor.md, Examples (urls, artifactType).
constexpr const char *kDescriptorUrlsExample = R"({
  "mediaType": "application/vnd.oci.image.manifest.v1+json",
  "size": 7682,
  "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270",
  "urls": [
    "https://example.com/example-manifest"
  ]
})";

constexpr const char *kDescriptorArtifactExample = R"({
  "mediaType": "application/vnd.oci.image.manifest.v1+json",
  "size": 123,
  "digest": "sha256:87923725d74f4bfb94c9e86d64170f7521aad8221a5de834851470ca142da630",
  "artifactType": "application/vnd.example.sbom.v1"
})";

// image-layout.md, index.json example (nested index, ref names, a non-OCI media type).
constexpr const char *kIndexExample = R"({
  "schemaVersion": 2,
  "mediaType": "application/vnd.oci.image.index.v1+json",
  "manifests": [
    {
      "mediaType": "application/vnd.oci.image.index.v1+json",
      "size": 7143,
      "digest": "sha256:0228f90e926ba6b96e4f39cf294b2586d38fbb5a1e385c05cd1ee40ea54fe7fd",
      "annotations": {
        "org.opencontainers.image.ref.name": "stable-release"
      }
    },
    {
      "mediaType": "application/vnd.oci.image.manifest.v1+json",
      "size": 7143,
      "digest": "sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f",
      "platform": {
        "architecture": "ppc64le",
        "os": "linux"
      },
      "annotations": {
        "org.opencontainers.image.ref.name": "v1.0"
      }
    },
    {
      "mediaType": "application/xml",
      "size": 7143,
      "digest": "sha256:b3d63d132d21c3ff4c35a061adf23cf43da8ae054247e32faa95494d904a007e",
      "annotations": {
        "org.freedesktop.specifications.metainfo.version": "1.0",
        "org.freedesktop.specifications.metainfo.type": "AppStream"
      }
    }
  ],
  "annotations": {
    "com.example.index.revision": "r124356"
  }
})";

// config.md, Example.
constexpr const char *kImageExample = R"({
    "created": "2015-10-31T22:22:56.015925234Z",
    "author": "Alyssa P. Hacker <alyspdev@example.com>",
    "architecture": "amd64",
    "os": "linux",
    "config": {
        "User": "alice",
        "ExposedPorts": {
            "8080/tcp": {}
        },
        "Env": [
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "FOO=oci_is_a",
            "BAR=well_written_spec"
        ],
        "Entrypoint": [
            "/bin/my-app-binary"
        ],
        "Cmd": [
            "--foreground",
            "--config",
            "/etc/my-app.d/default.cfg"
        ],
        "Volumes": {
            "/var/job-result-data": {},
            "/var/log/my-app-logs": {}
        },
        "WorkingDir": "/home/alice",
        "Labels": {
            "com.example.project.git.url": "https://example.com/project.git",
            "com.example.project.git.commit": "45a939b2999782a3f005621a8d0f29aa387e1d6b"
        }
    },
    "rootfs": {
      "diff_ids": [
        "sha256:c6f988f4874bb0add23a778f753c65efe992244e148a1d2ec2a8b664fb66bbd1",
        "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef"
      ],
      "type": "layers"
    },
    "history": [
      {
        "created": "2015-10-31T22:22:54.690851953Z",
        "created_by": "/bin/sh -c #(nop) ADD file:a3bc1e842b69636f9df5256c49c5374fb4eef1e)"
                                      R"(281fe3f282c65fb853ee171c5 in /"
      },
      {
        "created": "2015-10-31T22:22:55.613815829Z",
        "created_by": "/bin/sh -c #(nop) CMD [\"sh\"]",
        "empty_layer": true
      },
      {
        "created": "2015-10-31T22:22:56.329850019Z",
        "created_by": "/bin/sh -c apk add curl"
      }
    ]
})";

// A wasm image config as built by `buildah --platform wasi/wasm` (os.version, variant and
// Docker-only members that must survive a round trip).
constexpr const char *kWasmImage = R"({
  "architecture": "wasm",
  "os": "wasip1",
  "os.version": "preview1",
  "os.features": ["component"],
  "variant": "v1",
  "config": {"Entrypoint": ["/hello.wasm"], "Hostname": "", "ArgsEscaped": true,
             "Labels": {"module.wasm.image/variant": "compat-smart"}},
  "rootfs": {"type": "layers", "diff_ids": []},
  "docker_version": "24.0.0"
})";

constexpr const char *kSha256 =
    "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7";

template <class Parse> std::string errorOf(Parse parse, const std::string &json) {
  auto result = parse(json, ParseLimits{});
  return result ? std::string("(parsed)") : result.error().describe();
}

std::string descriptorError(const std::string &json) { return errorOf(parseDescriptor, json); }
std::string manifestError(const std::string &json) { return errorOf(parseManifest, json); }
std::string indexError(const std::string &json) { return errorOf(parseIndex, json); }
std::string imageError(const std::string &json) { return errorOf(parseImage, json); }

std::string digestError(const std::string &digest) {
  auto checked = checkDigest(digest);
  return checked ? std::string("(valid)") : checked.error().describe();
}

/// parse -> serialize gives the same JSON, and parse -> serialize -> parse the same struct.
template <class Parse> void expectRoundTrip(Parse parse, const char *json) {
  auto first = parse(json, ParseLimits{});
  ASSERT_TRUE(first.has_value()) << first.error().describe();
  const std::string text = serialize(*first);
  EXPECT_EQ(nlohmann::json::parse(text), nlohmann::json::parse(json)) << text;
  auto second = parse(text, ParseLimits{});
  ASSERT_TRUE(second.has_value()) << second.error().describe();
  EXPECT_EQ(*second, *first);
}

TEST(ImageJson, UpstreamExamplesRoundTrip) {
  expectRoundTrip(parseManifest, kManifestExample);
  expectRoundTrip(parseDescriptor, kEmptyDescriptorExample);
  expectRoundTrip(parseDescriptor, kDescriptorUrlsExample);
  expectRoundTrip(parseDescriptor, kDescriptorArtifactExample);
  expectRoundTrip(parseIndex, kIndexExample);
  expectRoundTrip(parseImage, kImageExample);
  expectRoundTrip(parseImage, kWasmImage);
}

TEST(ImageJson, ParsesManifestFields) {
  auto manifest = parseManifest(kManifestExample);
  ASSERT_TRUE(manifest.has_value()) << manifest.error().describe();
  EXPECT_EQ(manifest->schemaVersion, 2);
  EXPECT_EQ(manifest->mediaType, kMediaTypeImageManifest);
  EXPECT_EQ(manifest->config.mediaType, kMediaTypeImageConfig);
  EXPECT_EQ(manifest->config.size, 7023);
  ASSERT_EQ(manifest->layers.size(), 3U);
  EXPECT_EQ(manifest->layers[2].mediaType, kMediaTypeImageLayerGzip);
  EXPECT_EQ(manifest->layers[2].size, 73109);
  ASSERT_TRUE(manifest->subject.has_value());
  EXPECT_EQ(manifest->subject->size, 7682);
  EXPECT_EQ(manifest->annotations->at("com.example.key2"), "value2");
}

TEST(ImageJson, ParsesIndexPlatformAndAnnotations) {
  auto index = parseIndex(kIndexExample);
  ASSERT_TRUE(index.has_value()) << index.error().describe();
  ASSERT_EQ(index->manifests.size(), 3U);
  EXPECT_EQ(index->manifests[0].annotations->at(kAnnotationRefName), "stable-release");
  ASSERT_TRUE(index->manifests[1].platform.has_value());
  EXPECT_EQ(index->manifests[1].platform->architecture, "ppc64le");
  EXPECT_EQ(index->manifests[1].platform->os, "linux");
  EXPECT_FALSE(index->manifests[1].platform->osVersion.has_value());
  EXPECT_EQ(index->manifests[2].mediaType, "application/xml");
}

TEST(ImageJson, ParsesImageConfig) {
  auto image = parseImage(kImageExample);
  ASSERT_TRUE(image.has_value()) << image.error().describe();
  EXPECT_EQ(image->architecture, "amd64");
  EXPECT_EQ(image->os, "linux");
  EXPECT_EQ(image->author, "Alyssa P. Hacker <alyspdev@example.com>");
  ASSERT_TRUE(image->config.has_value());
  EXPECT_EQ(image->config->user, "alice");
  ASSERT_TRUE(image->config->exposedPorts.has_value());
  EXPECT_EQ(image->config->exposedPorts->count("8080/tcp"), 1U);
  ASSERT_TRUE(image->config->volumes.has_value());
  EXPECT_EQ(image->config->volumes->size(), 2U);
  EXPECT_EQ(image->config->workingDir, "/home/alice");
  EXPECT_EQ(image->config->cmd->size(), 3U);
  EXPECT_EQ(image->rootfs.type, "layers");
  EXPECT_EQ(image->rootfs.diffIds.size(), 2U);
  ASSERT_EQ(image->history->size(), 3U);
  EXPECT_EQ((*image->history)[1].emptyLayer, true);
  EXPECT_EQ((*image->history)[1].createdBy, "/bin/sh -c #(nop) CMD [\"sh\"]");
}

TEST(ImageJson, ParsesDottedPlatformKeys) {
  auto image = parseImage(kWasmImage);
  ASSERT_TRUE(image.has_value()) << image.error().describe();
  EXPECT_EQ(image->osVersion, "preview1");
  ASSERT_TRUE(image->osFeatures.has_value());
  EXPECT_EQ(image->osFeatures->at(0), "component");
  EXPECT_EQ(image->variant, "v1");
  EXPECT_EQ(image->config->argsEscaped, true);
  EXPECT_EQ(image->config->labels->at(kAnnotationWasmVariant), "compat-smart");
  ASSERT_EQ(image->extensions.members.size(), 1U);
  EXPECT_EQ(image->extensions.members[0].first, "docker_version");
  EXPECT_EQ(imageError(R"({"architecture":"wasm","os":"wasip1","os.features":"x",)"
                       R"("rootfs":{"type":"layers","diff_ids":[]}})"),
            "[\"os.features\"]: expected array, got string");
}

TEST(ImageJson, SetMembersKeepUnexpectedContent) {
  const char *json = R"({"architecture":"amd64","os":"linux","config":{"ExposedPorts":)"
                     R"({"80/tcp":{},"53/udp":{"x":1}}},"rootfs":{"type":"layers","diff_ids":[]}})";
  auto image = parseImage(json);
  ASSERT_TRUE(image.has_value()) << image.error().describe();
  EXPECT_EQ(image->config->exposedPorts->at("80/tcp"), EmptyObject{});
  EXPECT_EQ(image->config->exposedPorts->at("53/udp").extensions.members.size(), 1U);
  EXPECT_EQ(nlohmann::json::parse(serialize(*image)), nlohmann::json::parse(json));
  EXPECT_EQ(imageError(R"({"architecture":"amd64","os":"linux","config":{"Volumes":{"/v":1}},)"
                       R"("rootfs":{"type":"layers","diff_ids":[]}})"),
            "config.Volumes[\"/v\"]: expected object, got number");
}

TEST(ImageJson, SerializesDescriptorInGoOrder) {
  Descriptor descriptor;
  descriptor.mediaType = kMediaTypeEmptyJson;
  descriptor.digest = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";
  descriptor.size = 2;
  descriptor.data = "e30=";
  EXPECT_EQ(serialize(descriptor),
            R"({"mediaType":"application/vnd.oci.empty.v1+json","digest":"sha256:44136fa355b3678)"
            R"(a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2,"data":"e30="})");
}

TEST(ImageJson, ChecksDigestSyntax) {
  EXPECT_EQ(digestError(kSha256), "(valid)");
  EXPECT_EQ(digestError("sha512:" + std::string(128, 'a')), "(valid)");
  EXPECT_EQ(digestError("blake3:" + std::string(64, '0')), "(valid)");
  // Unregistered algorithms pass when they follow the grammar (descriptor.md).
  EXPECT_EQ(digestError("multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8"),
            "(valid)");
  EXPECT_EQ(digestError("sha256+b64u:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564"), "(valid)");

  EXPECT_EQ(digestError("b5b2b2c507a0944348e0303114d8d93a"), "digest must be algorithm:encoded");
  EXPECT_EQ(digestError("sha256:" + std::string(63, 'a')),
            "sha256 digest must be 64 lowercase hex characters");
  EXPECT_EQ(digestError("sha256:" + std::string(64, 'A')),
            "sha256 digest must be 64 lowercase hex characters");
  EXPECT_EQ(digestError("sha512:" + std::string(64, 'a')),
            "sha512 digest must be 128 lowercase hex characters");
  EXPECT_EQ(digestError("SHA256:abc"),
            "digest algorithm \"SHA256\" is not lowercase alphanumeric components joined by "
            "[+._-]");
  EXPECT_EQ(digestError("sha256+:abc"),
            "digest algorithm \"sha256+\" is not lowercase alphanumeric components joined by "
            "[+._-]");
  EXPECT_EQ(digestError(":abc"),
            "digest algorithm \"\" is not lowercase alphanumeric components joined by [+._-]");
  EXPECT_EQ(digestError("md5:"), "digest has an empty encoded part");
  EXPECT_EQ(digestError("md5:ab/cd"), "digest encoded part is not [a-zA-Z0-9=_-]+");
}

TEST(ImageJson, DigestErrorsNameThePath) {
  const std::string bad = "sha256:1234";
  EXPECT_EQ(descriptorError(R"({"mediaType":"a/b","digest":")" + bad + R"(","size":1})"),
            "digest: sha256 digest must be 64 lowercase hex characters");
  EXPECT_EQ(manifestError(R"({"schemaVersion":2,"config":{"mediaType":"a/b","digest":")" +
                          std::string(kSha256) +
                          R"(","size":1},"layers":[{"mediaType":"a/b","digest":")" +
                          std::string(kSha256) + R"(","size":1},{"mediaType":"a/b","digest":")" +
                          bad + R"(","size":1}]})"),
            "layers[1].digest: sha256 digest must be 64 lowercase hex characters");
  EXPECT_EQ(manifestError(R"({"schemaVersion":2,"config":{"mediaType":"a/b","digest":"x",)"
                          R"("size":1},"layers":[]})"),
            "config.digest: digest must be algorithm:encoded");
  EXPECT_EQ(indexError(R"({"schemaVersion":2,"manifests":[],"subject":{"mediaType":"a/b",)"
                       R"("digest":"sha256:","size":1}})"),
            "subject.digest: sha256 digest must be 64 lowercase hex characters");
  EXPECT_EQ(imageError(R"({"architecture":"amd64","os":"linux","rootfs":{"type":"layers",)"
                       R"("diff_ids":[")" +
                       std::string(kSha256) + R"(","sha256:XYZ"]}})"),
            "rootfs.diff_ids[1]: sha256 digest must be 64 lowercase hex characters");
}

TEST(ImageJson, ChecksSchemaVersion) {
  EXPECT_EQ(manifestError(R"({"schemaVersion":1,"config":{"mediaType":"a/b","digest":")" +
                          std::string(kSha256) + R"(","size":1},"layers":[]})"),
            "schemaVersion: must be 2, got 1");
  EXPECT_EQ(indexError(R"({"schemaVersion":3,"manifests":[]})"), "schemaVersion: must be 2, got 3");
  EXPECT_EQ(indexError(R"({"manifests":[]})"), "schemaVersion: missing required field");
  EXPECT_EQ(indexError(R"({"schemaVersion":"2","manifests":[]})"),
            "schemaVersion: expected integer, got string");
  EXPECT_EQ(indexError(R"({"schemaVersion":2})"), "manifests: missing required field");
}

TEST(ImageJson, ChecksSizeDataAndMediaType) {
  const std::string prefix = R"({"mediaType":"a/b","digest":")" + std::string(kSha256) + "\",";
  EXPECT_EQ(descriptorError(prefix + R"("size":-1})"), "size: must not be negative, got -1");
  EXPECT_EQ(descriptorError(prefix + R"("size":9223372036854775808})"),
            "size: 9223372036854775808 is out of range for int64");
  EXPECT_EQ(descriptorError(prefix + R"("size":1e3})"), "size: 1000.0 is out of range for int64");
  EXPECT_EQ(descriptorError(prefix + R"("size":1,"data":"e30"})"),
            "data: is not padded standard base64");
  EXPECT_EQ(descriptorError(prefix + R"("size":1,"data":"e3-="})"),
            "data: is not padded standard base64");
  EXPECT_EQ(descriptorError(prefix + R"("size":1,"data":""})"), "(parsed)");
  EXPECT_EQ(descriptorError(R"({"mediaType":"manifest","digest":")" + std::string(kSha256) +
                            R"(","size":1})"),
            "mediaType: \"manifest\" is not a media type (type/subtype)");
  EXPECT_EQ(descriptorError(prefix + R"("size":1,"artifactType":"a/"})"),
            "artifactType: \"a/\" is not a media type (type/subtype)");
  EXPECT_EQ(descriptorError(prefix + R"("size":1,"platform":{"os":"linux"}})"),
            "platform.architecture: missing required field");
}

TEST(ImageJson, ChecksRootFsType) {
  EXPECT_EQ(imageError(R"({"architecture":"amd64","os":"linux","rootfs":{"type":"tar",)"
                       R"("diff_ids":[]}})"),
            "rootfs.type: must be \"layers\", got \"tar\"");
  EXPECT_EQ(imageError(R"({"architecture":"amd64","os":"linux"})"),
            "rootfs: missing required field");
  EXPECT_EQ(imageError(R"({"os":"linux","rootfs":{"type":"layers","diff_ids":[]}})"),
            "architecture: missing required field");
  EXPECT_EQ(imageError(R"({"architecture":"amd64","os":"linux","rootfs":{"type":"layers",)"
                       R"("diff_ids":[]},"history":[{"empty_layer":"yes"}]})"),
            "history[0].empty_layer: expected boolean, got string");
}

TEST(ImageJson, NullEntrypointCountsAsAbsent) {
  auto image = parseImage(R"({"architecture":"amd64","os":"linux","config":{"Entrypoint":null,)"
                          R"("Cmd":["sh"]},"rootfs":{"type":"layers","diff_ids":[]}})");
  ASSERT_TRUE(image.has_value()) << image.error().describe();
  EXPECT_FALSE(image->config->entrypoint.has_value());
  EXPECT_EQ(image->config->cmd->at(0), "sh");
}

TEST(ImageJson, ConstantsMatchTheSpec) {
  EXPECT_STREQ(kMediaTypeImageIndex, "application/vnd.oci.image.index.v1+json");
  EXPECT_STREQ(kMediaTypeImageLayerZstd, "application/vnd.oci.image.layer.v1.tar+zstd");
  EXPECT_STREQ(kAnnotationBaseImageDigest, "org.opencontainers.image.base.digest");
  EXPECT_STREQ(kAnnotationWasmVariant, "module.wasm.image/variant");
  EXPECT_STREQ(kAnnotationRuncHandler, "run.oci.handler");
}

} // namespace
} // namespace runw::oci
