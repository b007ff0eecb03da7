// SPDX-License-Identifier: Apache-2.0
// StateStore: create/load/save/remove/list under a mkdtemp root, and what the layout promises.
#include "state/fs_ops.h"
#include "state/state_store.h"
#include "state_test_util.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fcntl.h>
#include <fstream>
#include <optional>
#include <string>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace runw::runtime::state {
namespace {

using testing::makeRecord;
using testing::TempDir;

std::vector<std::string> sortedEntries(const std::string &dir) {
  std::vector<std::string> names;
  for (const auto &entry : std::filesystem::directory_iterator(dir)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

void writeFile(const std::string &path, const std::string &content) {
  std::ofstream(path) << content;
}

class StateStoreTest : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(tmp.path().empty());
    auto opened = StateStore::open(tmp.sub("root"));
    ASSERT_TRUE(opened) << opened.error().describe();
    store.emplace(std::move(*opened));
  }
  TempDir tmp;
  std::optional<StateStore> store;
};

TEST(StateStoreOpen, CreatesMissingRootAndParentsWith0700) {
  TempDir tmp;
  const std::string root = tmp.sub("a/b/runw/");
  const auto store = StateStore::open(root);
  ASSERT_TRUE(store) << store.error().describe();
  EXPECT_EQ(store->root(), tmp.sub("a/b/runw"));
  struct stat st {};
  ASSERT_EQ(::stat(store->root().c_str(), &st), 0);
  EXPECT_TRUE(S_ISDIR(st.st_mode));
  EXPECT_EQ(st.st_mode & 07777, 0700u);
  EXPECT_EQ(store->containerDir("c1"), tmp.sub("a/b/runw/c1"));
  EXPECT_EQ(store->execFifoPath("c1"), tmp.sub("a/b/runw/c1/exec.fifo"));
  // Opening an existing root works too.
  EXPECT_TRUE(StateStore::open(root));
}

TEST(StateStoreOpen, FailsWhenRootIsAFile) {
  TempDir tmp;
  writeFile(tmp.sub("file"), "x");
  EXPECT_FALSE(StateStore::open(tmp.sub("file")));
  EXPECT_FALSE(StateStore::open(""));
}

TEST_F(StateStoreTest, CreateThenLoadRoundTrips) {
  ContainerRecord record = makeRecord("c1");
  record.annotations["k"] = "v";
  {
    auto lock = store->create(record);
    ASSERT_TRUE(lock) << lock.error().describe();
    EXPECT_EQ(lock->id(), "c1");
    EXPECT_EQ(lock->mode(), LockMode::Exclusive);
  }
  const auto loaded = store->load("c1");
  ASSERT_TRUE(loaded) << loaded.error().describe();
  EXPECT_EQ(*loaded, record);
  // Only the container, fully built: no temporary directory or file is left behind.
  EXPECT_EQ(sortedEntries(store->root()), std::vector<std::string>{"c1"});
  EXPECT_EQ(sortedEntries(store->containerDir("c1")),
            (std::vector<std::string>{"lock", "state.json"}));
  struct stat st {};
  ASSERT_EQ(::stat(store->containerDir("c1").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0711u);
  ASSERT_EQ(::stat((store->containerDir("c1") + "/state.json").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
}

TEST_F(StateStoreTest, CreateOfExistingIdFails) {
  ASSERT_TRUE(store->create(makeRecord("c1")));
  const auto again = store->create(makeRecord("c1"));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::Exists);
  EXPECT_EQ(again.error().message, "container with given ID already exists: c1");
  // The loser left nothing behind.
  EXPECT_EQ(sortedEntries(store->root()), std::vector<std::string>{"c1"});
}

TEST_F(StateStoreTest, CreateRejectsInvalidIdsWithoutTouchingTheFilesystem) {
  for (const char *id : {"", "..", "../escape", "a/b", "a b"}) {
    const auto result = store->create(makeRecord(id));
    ASSERT_FALSE(result) << id;
    EXPECT_EQ(result.error().code, ErrorCode::Invalid) << id;
  }
  EXPECT_TRUE(sortedEntries(store->root()).empty());
  EXPECT_FALSE(std::filesystem::exists(tmp.sub("escape")));
}

TEST_F(StateStoreTest, LoadOfMissingContainerSaysItDoesNotExist) {
  const auto missing = store->load("nope");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
  EXPECT_EQ(missing.error().message, "container does not exist: nope");
  // A directory without state.json (not ours) is not a container either.
  ASSERT_EQ(::mkdir((store->root() + "/empty").c_str(), 0700), 0);
  const auto empty = store->load("empty");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, ErrorCode::NotFound);
  const auto invalid = store->load("../root");
  ASSERT_FALSE(invalid);
  EXPECT_EQ(invalid.error().code, ErrorCode::Invalid);
}

TEST_F(StateStoreTest, LoadDoesNotFollowASymlinkedContainerDir) {
  ASSERT_TRUE(store->create(makeRecord("real")));
  ASSERT_EQ(::symlink("real", (store->root() + "/alias").c_str()), 0);
  const auto alias = store->load("alias");
  ASSERT_FALSE(alias);
  EXPECT_EQ(alias.error().code, ErrorCode::NotFound);
  EXPECT_FALSE(ContainerLock::acquire(*store, "alias", LockMode::Shared));
}

TEST_F(StateStoreTest, LoadRejectsARecordForAnotherId) {
  ASSERT_TRUE(store->create(makeRecord("c1")));
  ASSERT_EQ(::mkdir((store->root() + "/c2").c_str(), 0700), 0);
  std::filesystem::copy_file(store->containerDir("c1") + "/state.json",
                             store->containerDir("c2") + "/state.json");
  const auto loaded = store->load("c2");
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, ErrorCode::Invalid);
}

TEST_F(StateStoreTest, SaveReplacesTheRecordAndLeavesNoTemporaryFile) {
  auto lock = store->create(makeRecord("c1"));
  ASSERT_TRUE(lock);
  ContainerRecord record = makeRecord("c1");
  record.status = oci::ContainerStatus::Created;
  record.initPid = 77;
  record.initStartTime = 88;
  // A leftover from a writer killed between write and rename.
  writeFile(store->containerDir("c1") + "/.state.json.tmp", "{garbage");
  const auto saved = store->save(*lock, record);
  ASSERT_TRUE(saved) << saved.error().describe();
  const auto loaded = store->load("c1");
  ASSERT_TRUE(loaded);
  EXPECT_EQ(*loaded, record);
  EXPECT_EQ(sortedEntries(store->containerDir("c1")),
            (std::vector<std::string>{"lock", "state.json"}));
}

TEST_F(StateStoreTest, SaveAndRemoveNeedTheExclusiveLockOfThatContainer) {
  ASSERT_TRUE(store->create(makeRecord("c1")));
  ASSERT_TRUE(store->create(makeRecord("c2")));
  auto shared = ContainerLock::acquire(*store, "c1", LockMode::Shared);
  ASSERT_TRUE(shared) << shared.error().describe();
  const auto viaShared = store->save(*shared, makeRecord("c1"));
  ASSERT_FALSE(viaShared);
  EXPECT_EQ(viaShared.error().code, ErrorCode::Internal);
  EXPECT_FALSE(store->remove(std::move(*shared)));
  auto other = ContainerLock::acquire(*store, "c2", LockMode::Exclusive);
  ASSERT_TRUE(other);
  EXPECT_FALSE(store->save(*other, makeRecord("c1")));
  EXPECT_TRUE(store->load("c1"));
}

TEST_F(StateStoreTest, RemoveDeletesTheTreeButNeverFollowsSymlinks) {
  auto lock = store->create(makeRecord("c1"));
  ASSERT_TRUE(lock);
  const std::string outside = tmp.sub("outside");
  ASSERT_EQ(::mkdir(outside.c_str(), 0700), 0);
  writeFile(outside + "/precious", "keep");
  const std::string dir = store->containerDir("c1");
  ASSERT_EQ(::symlink(outside.c_str(), (dir + "/link-dir").c_str()), 0);
  ASSERT_EQ(::symlink((outside + "/precious").c_str(), (dir + "/link-file").c_str()), 0);
  ASSERT_EQ(::mkdir((dir + "/sub").c_str(), 0700), 0);
  ASSERT_EQ(::mkdir((dir + "/sub/deeper").c_str(), 0700), 0);
  writeFile(dir + "/sub/deeper/file", "x");
  ASSERT_EQ(::symlink(outside.c_str(), (dir + "/sub/deeper/up").c_str()), 0);
  ASSERT_EQ(::mkfifo((dir + "/exec.fifo").c_str(), 0600), 0);

  const auto removed = store->remove(std::move(*lock));
  ASSERT_TRUE(removed) << removed.error().describe();
  EXPECT_TRUE(sortedEntries(store->root()).empty());
  EXPECT_EQ(sortedEntries(outside), std::vector<std::string>{"precious"});
  const auto loaded = store->load("c1");
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, ErrorCode::NotFound);
}

TEST_F(StateStoreTest, RemovedIdCanBeCreatedAgain) {
  auto first = store->create(makeRecord("c1"));
  ASSERT_TRUE(first);
  ASSERT_TRUE(store->remove(std::move(*first)));
  ContainerRecord second = makeRecord("c1");
  second.bundle = "/second";
  ASSERT_TRUE(store->create(second));
  const auto loaded = store->load("c1");
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->bundle, "/second");
}

TEST_F(StateStoreTest, ListReturnsContainersSortedAndSkipsJunk) {
  ASSERT_TRUE(store->create(makeRecord("zeta")));
  ASSERT_TRUE(store->create(makeRecord("alpha")));
  const std::string root = store->root();
  writeFile(root + "/file", "not a container");
  ASSERT_EQ(::mkdir((root + "/empty").c_str(), 0700), 0);
  ASSERT_EQ(::mkdir((root + "/broken").c_str(), 0700), 0);
  writeFile(root + "/broken/state.json", "{");
  ASSERT_EQ(::mkdir((root + "/a b").c_str(), 0700), 0);
  ASSERT_EQ(::symlink("alpha", (root + "/link").c_str()), 0);
  ASSERT_EQ(::mkdir((root + "/~creating~x~1.0").c_str(), 0700), 0);
  const auto listed = store->list();
  ASSERT_TRUE(listed) << listed.error().describe();
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].id, "alpha");
  EXPECT_EQ((*listed)[1].id, "zeta");
}

TEST_F(StateStoreTest, CreateCollectsLeftoversOfDeadRunwsOnly) {
  const std::string root = store->root();
  // Left by a creator killed mid-way: nobody holds its lock.
  ASSERT_EQ(::mkdir((root + "/~creating~dead~1.0").c_str(), 0711), 0);
  writeFile(root + "/~creating~dead~1.0/lock", "");
  writeFile(root + "/~creating~dead~1.0/state.json", "{");
  ASSERT_EQ(::mkdir((root + "/~removing~gone~1.0").c_str(), 0711), 0);
  // A removal still in progress: its lock is held.
  ASSERT_EQ(::mkdir((root + "/~removing~busy~1.0").c_str(), 0711), 0);
  writeFile(root + "/~removing~busy~1.0/lock", "");
  const int held = ::open((root + "/~removing~busy~1.0/lock").c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(held, 0);
  ASSERT_EQ(::flock(held, LOCK_EX), 0);
  ASSERT_TRUE(store->create(makeRecord("c1")));
  EXPECT_EQ(sortedEntries(root), (std::vector<std::string>{"c1", "~removing~busy~1.0"}));
  ::close(held);
}

TEST(StateFsOps, RemoveTreeOfMissingNameSucceedsAndOfFileRemovesIt) {
  TempDir tmp;
  const UniqueFd dir(::open(tmp.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  ASSERT_TRUE(dir);
  EXPECT_TRUE(removeTreeAt(dir.get(), "missing"));
  writeFile(tmp.sub("file"), "x");
  EXPECT_TRUE(removeTreeAt(dir.get(), "file"));
  EXPECT_FALSE(std::filesystem::exists(tmp.sub("file")));
}

TEST(StateFsOps, ReadFileAtEnforcesItsLimit) {
  TempDir tmp;
  const UniqueFd dir(::open(tmp.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  ASSERT_TRUE(dir);
  writeFile(tmp.sub("big"), std::string(100, 'x'));
  const auto small = readFileAt(dir.get(), "big", 10);
  ASSERT_FALSE(small);
  EXPECT_EQ(small.error().code, ErrorCode::Limit);
  const auto whole = readFileAt(dir.get(), "big", 100);
  ASSERT_TRUE(whole);
  EXPECT_EQ(whole->size(), 100u);
}

} // namespace
} // namespace runw::runtime::state
