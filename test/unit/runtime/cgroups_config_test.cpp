// SPDX-License-Identifier: Apache-2.0
// cgroupsPath conversion: plain paths, runc's default, and systemd's slice:prefix:name form.
#include "cgroups/config.h"

#include <gtest/gtest.h>

#include <string>

namespace runw::runtime::cgroups {
namespace {

std::string resolved(std::string_view path, bool systemd, std::string_view id = "abc") {
  auto out = resolveCgroupsPath(path, id, systemd);
  EXPECT_TRUE(out.has_value()) << (out ? "" : out.error().describe());
  return out ? *out : std::string();
}

TEST(CgroupsPath, EmptyIsRelativeIdLikeRunc) { EXPECT_EQ(resolved("", false, "c1"), "c1"); }

TEST(CgroupsPath, AbsoluteKeptAndCleaned) {
  EXPECT_EQ(resolved("/kubepods/burstable/pod1/abc", false), "/kubepods/burstable/pod1/abc");
  EXPECT_EQ(resolved("/a//b/./c/", false), "/a/b/c");
  EXPECT_EQ(resolved("/a/../../../b", false), "/b");
}

TEST(CgroupsPath, RelativeCannotClimb) {
  EXPECT_EQ(resolved("x/y", false), "x/y");
  EXPECT_EQ(resolved("../../x", false), "x");
  EXPECT_FALSE(resolveCgroupsPath("..", "id", false).has_value());
}

TEST(CgroupsPath, SystemdSimpleSlice) {
  EXPECT_EQ(resolved("system.slice:crio:abc", true), "/system.slice/crio-abc.scope");
}

TEST(CgroupsPath, SystemdNestedSliceExpanded) {
  EXPECT_EQ(resolved("kubepods-besteffort-pod123.slice:cri-containerd:abc", true),
            "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod123.slice/"
            "cri-containerd-abc.scope");
}

TEST(CgroupsPath, SystemdDefaults) {
  EXPECT_EQ(resolved("", true, "c9"), "/system.slice/runw-c9.scope");
  EXPECT_EQ(resolved(":docker:x", true), "/system.slice/docker-x.scope");
  EXPECT_EQ(resolved("-.slice:p:x", true), "/p-x.scope");
}

TEST(CgroupsPath, SystemdSliceUnitNameUsedAsIs) {
  EXPECT_EQ(resolved("machine.slice:ignored:my-vm.slice", true), "/machine.slice/my-vm.slice");
}

TEST(CgroupsPath, SystemdBadForms) {
  EXPECT_FALSE(resolveCgroupsPath("system.slice:crio", "id", true).has_value());
  EXPECT_FALSE(resolveCgroupsPath("a:b:c:d", "id", true).has_value());
  EXPECT_FALSE(resolveCgroupsPath("notaslice:p:n", "id", true).has_value());
  EXPECT_FALSE(resolveCgroupsPath("a--b.slice:p:n", "id", true).has_value());
  EXPECT_FALSE(resolveCgroupsPath("-a.slice:p:n", "id", true).has_value());
  EXPECT_FALSE(resolveCgroupsPath("a/b.slice:p:n", "id", true).has_value());
  EXPECT_FALSE(resolveCgroupsPath("system.slice:p:", "id", true).has_value());
  EXPECT_FALSE(resolveCgroupsPath("system.slice:p:../x", "id", true).has_value());
}

TEST(CgroupsPath, ExpandSlice) {
  EXPECT_EQ(*expandSlice("a-b-c.slice"), "/a.slice/a-b.slice/a-b-c.slice");
  EXPECT_EQ(*expandSlice("-.slice"), "/");
  EXPECT_FALSE(expandSlice(".slice").has_value());
  EXPECT_FALSE(expandSlice("a-.slice").has_value());
}

TEST(CgroupsPath, CleanPath) {
  EXPECT_EQ(cleanCgroupPath("/"), "/");
  EXPECT_EQ(cleanCgroupPath("a/./b/../c"), "a/c");
  EXPECT_EQ(cleanCgroupPath("/../.."), "/");
}

} // namespace
} // namespace runw::runtime::cgroups
