// SPDX-License-Identifier: Apache-2.0
// Parsing of OCI mount options and rootfsPropagation into mount(2)/mount_setattr(2) terms.
#include "linux/mount_options.h"

#include "support/strings.h"

#include <array>
#include <sys/mount.h>

namespace runw::runtime::fs {
namespace {

/// One named option: `flag` is set, or cleared when `clear` is true.
struct FlagOption {
  std::string_view name;
  bool clear;
  unsigned long flag;
};

// runc libcontainer/specconv/spec_linux.go mountFlags; "defaults" is accepted and does nothing.
constexpr std::array kFlagOptions = {
    FlagOption{"acl", false, MS_POSIXACL},
    FlagOption{"async", true, MS_SYNCHRONOUS},
    FlagOption{"atime", true, MS_NOATIME},
    FlagOption{"bind", false, MS_BIND},
    FlagOption{"defaults", false, 0},
    FlagOption{"dev", true, MS_NODEV},
    FlagOption{"diratime", true, MS_NODIRATIME},
    FlagOption{"dirsync", false, MS_DIRSYNC},
    FlagOption{"exec", true, MS_NOEXEC},
    FlagOption{"iversion", false, MS_I_VERSION},
    FlagOption{"lazytime", false, MS_LAZYTIME},
    FlagOption{"loud", true, MS_SILENT},
    FlagOption{"mand", false, MS_MANDLOCK},
    FlagOption{"noacl", true, MS_POSIXACL},
    FlagOption{"noatime", false, MS_NOATIME},
    FlagOption{"nodev", false, MS_NODEV},
    FlagOption{"nodiratime", false, MS_NODIRATIME},
    FlagOption{"noexec", false, MS_NOEXEC},
    FlagOption{"noiversion", true, MS_I_VERSION},
    FlagOption{"nolazytime", true, MS_LAZYTIME},
    FlagOption{"nomand", true, MS_MANDLOCK},
    FlagOption{"norelatime", true, MS_RELATIME},
    FlagOption{"nostrictatime", true, MS_STRICTATIME},
    FlagOption{"nosuid", false, MS_NOSUID},
    FlagOption{"nosymfollow", false, MS_NOSYMFOLLOW},
    FlagOption{"rbind", false, MS_BIND | MS_REC},
    FlagOption{"relatime", false, MS_RELATIME},
    FlagOption{"remount", false, MS_REMOUNT},
    FlagOption{"ro", false, MS_RDONLY},
    FlagOption{"rw", true, MS_RDONLY},
    FlagOption{"silent", false, MS_SILENT},
    FlagOption{"strictatime", false, MS_STRICTATIME},
    FlagOption{"suid", true, MS_NOSUID},
    FlagOption{"symfollow", true, MS_NOSYMFOLLOW},
    FlagOption{"sync", false, MS_SYNCHRONOUS},
};

/// A propagation option and its MS_* flags.
struct PropagationOption {
  std::string_view name;
  unsigned long flags;
};

constexpr std::array kPropagationOptions = {
    PropagationOption{"private", MS_PRIVATE},
    PropagationOption{"rprivate", MS_PRIVATE | MS_REC},
    PropagationOption{"shared", MS_SHARED},
    PropagationOption{"rshared", MS_SHARED | MS_REC},
    PropagationOption{"slave", MS_SLAVE},
    PropagationOption{"rslave", MS_SLAVE | MS_REC},
    PropagationOption{"unbindable", MS_UNBINDABLE},
    PropagationOption{"runbindable", MS_UNBINDABLE | MS_REC},
};

/// A recursive attribute option (mount_setattr(2) with AT_RECURSIVE).
struct RecAttrOption {
  std::string_view name;
  bool clear;
  uint64_t attr;
};

// runc's recAttrFlags. MOUNT_ATTR_RELATIME is 0: "rrelatime" only clears the other atime modes.
constexpr std::array kRecAttrOptions = {
    RecAttrOption{"rro", false, MOUNT_ATTR_RDONLY},
    RecAttrOption{"rrw", true, MOUNT_ATTR_RDONLY},
    RecAttrOption{"rnosuid", false, MOUNT_ATTR_NOSUID},
    RecAttrOption{"rsuid", true, MOUNT_ATTR_NOSUID},
    RecAttrOption{"rnodev", false, MOUNT_ATTR_NODEV},
    RecAttrOption{"rdev", true, MOUNT_ATTR_NODEV},
    RecAttrOption{"rnoexec", false, MOUNT_ATTR_NOEXEC},
    RecAttrOption{"rexec", true, MOUNT_ATTR_NOEXEC},
    RecAttrOption{"rnodiratime", false, MOUNT_ATTR_NODIRATIME},
    RecAttrOption{"rdiratime", true, MOUNT_ATTR_NODIRATIME},
    RecAttrOption{"rrelatime", false, MOUNT_ATTR_RELATIME},
    RecAttrOption{"rnorelatime", true, MOUNT_ATTR_RELATIME},
    RecAttrOption{"rnoatime", false, MOUNT_ATTR_NOATIME},
    RecAttrOption{"ratime", true, MOUNT_ATTR_NOATIME},
    RecAttrOption{"rstrictatime", false, MOUNT_ATTR_STRICTATIME},
    RecAttrOption{"rnostrictatime", true, MOUNT_ATTR_STRICTATIME},
    RecAttrOption{"rnosymfollow", false, MOUNT_ATTR_NOSYMFOLLOW},
    RecAttrOption{"rsymfollow", true, MOUNT_ATTR_NOSYMFOLLOW},
};

template <class Table> const auto *findOption(const Table &table, std::string_view name) {
  for (const auto &entry : table) {
    if (entry.name == name) {
      return &entry;
    }
  }
  return static_cast<const typename Table::value_type *>(nullptr);
}

void applyRecAttr(MountOptions &out, const RecAttrOption &opt) {
  if (opt.clear) {
    out.recAttrClr |= opt.attr;
    out.recAttrSet &= ~opt.attr;
    return;
  }
  out.recAttrSet |= opt.attr;
  out.recAttrClr &= ~opt.attr;
  // mount_setattr(2): an atime mode cannot be set alone, MOUNT_ATTR__ATIME must be cleared too.
  if ((opt.attr & MOUNT_ATTR__ATIME) == opt.attr) {
    out.recAttrClr |= MOUNT_ATTR__ATIME;
  }
}

} // namespace

MountOptions parseMountOptions(const std::vector<std::string> &options) {
  MountOptions out;
  std::vector<std::string_view> data;
  for (const auto &option : options) {
    if (const auto *flag = findOption(kFlagOptions, option)) {
      if (flag->clear) {
        out.flags &= ~flag->flag;
        out.clearedFlags |= flag->flag;
      } else {
        out.flags |= flag->flag;
        out.clearedFlags &= ~flag->flag;
      }
    } else if (const auto *prop = findOption(kPropagationOptions, option)) {
      out.propagation.push_back(prop->flags);
    } else if (const auto *rec = findOption(kRecAttrOptions, option)) {
      applyRecAttr(out, *rec);
    } else if (option == "tmpcopyup" || option == "notmpcopyup") {
      out.tmpcopyup = option == "tmpcopyup";
    } else if (option == "idmap" || option == "ridmap") {
      out.idmap = true;
    } else {
      data.push_back(option);
    }
  }
  for (size_t i = 0; i < data.size(); ++i) {
    if (i != 0) {
      out.data += ',';
    }
    out.data += data[i];
  }
  return out;
}

Result<unsigned long> parseRootfsPropagation(std::string_view value) {
  if (value.empty()) {
    return 0UL;
  }
  if (const auto *prop = findOption(kPropagationOptions, value)) {
    return prop->flags;
  }
  return fail(ErrorCode::Invalid, strprintf("rootfsPropagation: unknown value \"{}\"", value));
}

bool isBindMount(const MountEntry &mount) {
  return mount.type == "bind" || (mount.options.flags & MS_BIND) != 0;
}

std::vector<std::string> knownMountOptions() {
  std::vector<std::string> names;
  for (const auto &option : kFlagOptions) {
    names.emplace_back(option.name);
  }
  for (const auto &option : kPropagationOptions) {
    names.emplace_back(option.name);
  }
  for (const auto &option : kRecAttrOptions) {
    names.emplace_back(option.name);
  }
  names.emplace_back("tmpcopyup");
  return names;
}

} // namespace runw::runtime::fs
