// SPDX-License-Identifier: Apache-2.0
// Unit tests of the OCI mount option parser and rootfsPropagation mapping.
#include "linux/mount_options.h"

#include <gtest/gtest.h>

#include <string>
#include <sys/mount.h>
#include <utility>
#include <vector>

namespace runw::runtime::fs {
namespace {

MountOptions parse(std::vector<std::string> options) { return parseMountOptions(options); }

TEST(MountOptions, EverySetFlag) {
  const std::vector<std::pair<std::string, unsigned long>> cases = {
      {"ro", MS_RDONLY},
      {"nosuid", MS_NOSUID},
      {"nodev", MS_NODEV},
      {"noexec", MS_NOEXEC},
      {"sync", MS_SYNCHRONOUS},
      {"dirsync", MS_DIRSYNC},
      {"remount", MS_REMOUNT},
      {"mand", MS_MANDLOCK},
      {"noatime", MS_NOATIME},
      {"nodiratime", MS_NODIRATIME},
      {"relatime", MS_RELATIME},
      {"strictatime", MS_STRICTATIME},
      {"bind", MS_BIND},
      {"rbind", MS_BIND | MS_REC},
      {"silent", MS_SILENT},
      {"acl", MS_POSIXACL},
      {"iversion", MS_I_VERSION},
      {"lazytime", MS_LAZYTIME},
      {"nosymfollow", MS_NOSYMFOLLOW},
  };
  for (const auto &[name, flag] : cases) {
    const MountOptions parsed = parse({name});
    EXPECT_EQ(parsed.flags, flag) << name;
    EXPECT_EQ(parsed.clearedFlags, 0UL) << name;
    EXPECT_TRUE(parsed.data.empty()) << name;
  }
}

TEST(MountOptions, EveryClearFlag) {
  const std::vector<std::pair<std::string, unsigned long>> cases = {
      {"rw", MS_RDONLY},
      {"suid", MS_NOSUID},
      {"dev", MS_NODEV},
      {"exec", MS_NOEXEC},
      {"async", MS_SYNCHRONOUS},
      {"nomand", MS_MANDLOCK},
      {"atime", MS_NOATIME},
      {"diratime", MS_NODIRATIME},
      {"norelatime", MS_RELATIME},
      {"nostrictatime", MS_STRICTATIME},
      {"loud", MS_SILENT},
      {"noacl", MS_POSIXACL},
      {"noiversion", MS_I_VERSION},
      {"nolazytime", MS_LAZYTIME},
      {"symfollow", MS_NOSYMFOLLOW},
  };
  for (const auto &[name, flag] : cases) {
    const MountOptions parsed = parse({name});
    EXPECT_EQ(parsed.flags, 0UL) << name;
    EXPECT_EQ(parsed.clearedFlags, flag) << name;
  }
}

TEST(MountOptions, LaterOptionWins) {
  EXPECT_EQ(parse({"ro", "rw"}).flags, 0UL);
  EXPECT_EQ(parse({"ro", "rw"}).clearedFlags, static_cast<unsigned long>(MS_RDONLY));
  EXPECT_EQ(parse({"rw", "ro"}).flags, static_cast<unsigned long>(MS_RDONLY));
  EXPECT_EQ(parse({"rw", "ro"}).clearedFlags, 0UL);
  EXPECT_EQ(parse({"nosuid", "suid", "nodev"}).flags, static_cast<unsigned long>(MS_NODEV));
}

TEST(MountOptions, DefaultsIsANoOp) {
  const MountOptions parsed = parse({"defaults"});
  EXPECT_EQ(parsed, MountOptions{});
}

TEST(MountOptions, TypicalSpecMounts) {
  const MountOptions devpts =
      parse({"nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"});
  EXPECT_EQ(devpts.flags, static_cast<unsigned long>(MS_NOSUID | MS_NOEXEC));
  EXPECT_EQ(devpts.data, "newinstance,ptmxmode=0666,mode=0620,gid=5");
  const MountOptions bind = parse({"rbind", "ro", "nosuid", "rprivate"});
  EXPECT_EQ(bind.flags, static_cast<unsigned long>(MS_BIND | MS_REC | MS_RDONLY | MS_NOSUID));
  ASSERT_EQ(bind.propagation.size(), 1U);
  EXPECT_EQ(bind.propagation[0], static_cast<unsigned long>(MS_PRIVATE | MS_REC));
  EXPECT_TRUE(bind.data.empty());
}

TEST(MountOptions, UnknownOptionsBecomeDataInOrder) {
  const MountOptions parsed = parse({"size=65536k", "ro", "mode=755", "uid=1000", "foo"});
  EXPECT_EQ(parsed.data, "size=65536k,mode=755,uid=1000,foo");
  EXPECT_EQ(parsed.flags, static_cast<unsigned long>(MS_RDONLY));
}

TEST(MountOptions, PropagationKeptInOrder) {
  const MountOptions parsed = parse(
      {"private", "rprivate", "shared", "rshared", "slave", "rslave", "unbindable", "runbindable"});
  const std::vector<unsigned long> expected = {
      MS_PRIVATE, MS_PRIVATE | MS_REC, MS_SHARED,     MS_SHARED | MS_REC,
      MS_SLAVE,   MS_SLAVE | MS_REC,   MS_UNBINDABLE, MS_UNBINDABLE | MS_REC};
  EXPECT_EQ(parsed.propagation, expected);
  EXPECT_EQ(parsed.flags, 0UL);
}

TEST(MountOptions, RecursiveAttributes) {
  const MountOptions parsed = parse({"rro", "rnosuid", "rnodev", "rnoexec", "rnodiratime"});
  EXPECT_EQ(parsed.recAttrSet,
            static_cast<uint64_t>(MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV |
                                  MOUNT_ATTR_NOEXEC | MOUNT_ATTR_NODIRATIME));
  EXPECT_EQ(parsed.recAttrClr, 0U);
  EXPECT_EQ(parsed.flags, 0UL);
  const MountOptions cleared = parse({"rro", "rrw", "rsuid", "rdev", "rexec", "rdiratime"});
  EXPECT_EQ(cleared.recAttrSet, 0U);
  EXPECT_EQ(cleared.recAttrClr,
            static_cast<uint64_t>(MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV |
                                  MOUNT_ATTR_NOEXEC | MOUNT_ATTR_NODIRATIME));
}

TEST(MountOptions, RecursiveAtimeAlsoClearsTheAtimeField) {
  const MountOptions noatime = parse({"rnoatime"});
  EXPECT_EQ(noatime.recAttrSet, static_cast<uint64_t>(MOUNT_ATTR_NOATIME));
  EXPECT_EQ(noatime.recAttrClr, static_cast<uint64_t>(MOUNT_ATTR__ATIME));
  const MountOptions strict = parse({"rstrictatime"});
  EXPECT_EQ(strict.recAttrSet, static_cast<uint64_t>(MOUNT_ATTR_STRICTATIME));
  EXPECT_EQ(strict.recAttrClr, static_cast<uint64_t>(MOUNT_ATTR__ATIME));
  const MountOptions relatime = parse({"rrelatime"});
  EXPECT_EQ(relatime.recAttrSet, 0U);
  EXPECT_EQ(relatime.recAttrClr, static_cast<uint64_t>(MOUNT_ATTR__ATIME));
  EXPECT_EQ(parse({"ratime"}).recAttrClr, static_cast<uint64_t>(MOUNT_ATTR_NOATIME));
  EXPECT_EQ(parse({"rnosymfollow"}).recAttrSet, static_cast<uint64_t>(MOUNT_ATTR_NOSYMFOLLOW));
}

TEST(MountOptions, ExtensionsAreNotData) {
  EXPECT_TRUE(parse({"tmpcopyup"}).tmpcopyup);
  EXPECT_FALSE(parse({"tmpcopyup", "notmpcopyup"}).tmpcopyup);
  EXPECT_TRUE(parse({"idmap"}).idmap);
  EXPECT_TRUE(parse({"ridmap"}).idmap);
  EXPECT_TRUE(parse({"tmpcopyup", "idmap"}).data.empty());
}

TEST(MountOptions, IsBindMount) {
  MountEntry entry{"/x", "bind", "/src", {}};
  EXPECT_TRUE(isBindMount(entry));
  entry.type = "none";
  EXPECT_FALSE(isBindMount(entry));
  entry.options = parse({"rbind"});
  EXPECT_TRUE(isBindMount(entry));
  entry.type = "tmpfs";
  entry.options = parse({"size=1m"});
  EXPECT_FALSE(isBindMount(entry));
}

TEST(RootfsPropagation, AllValues) {
  EXPECT_EQ(*parseRootfsPropagation(""), 0UL);
  EXPECT_EQ(*parseRootfsPropagation("shared"), static_cast<unsigned long>(MS_SHARED));
  EXPECT_EQ(*parseRootfsPropagation("rshared"), static_cast<unsigned long>(MS_SHARED | MS_REC));
  EXPECT_EQ(*parseRootfsPropagation("slave"), static_cast<unsigned long>(MS_SLAVE));
  EXPECT_EQ(*parseRootfsPropagation("rslave"), static_cast<unsigned long>(MS_SLAVE | MS_REC));
  EXPECT_EQ(*parseRootfsPropagation("private"), static_cast<unsigned long>(MS_PRIVATE));
  EXPECT_EQ(*parseRootfsPropagation("rprivate"), static_cast<unsigned long>(MS_PRIVATE | MS_REC));
  EXPECT_EQ(*parseRootfsPropagation("unbindable"), static_cast<unsigned long>(MS_UNBINDABLE));
  EXPECT_EQ(*parseRootfsPropagation("runbindable"),
            static_cast<unsigned long>(MS_UNBINDABLE | MS_REC));
  const auto bad = parseRootfsPropagation("bogus");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::Invalid);
}

} // namespace
} // namespace runw::runtime::fs
