// SPDX-License-Identifier: Apache-2.0
// The vendored containerd messages serialize with containerd's field numbers (exact tag bytes).
#include "containerd/events/task.pb.h"
#include "containerd/services/events/ttrpc/v1/events.pb.h"
#include "containerd/task/v2/shim.pb.h"
#include "containerd/types/task/task.pb.h"
#include "events_forward.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace runw::shim {
namespace {

namespace task = containerd::task::v2;
namespace events = containerd::events;

std::string bytes(std::initializer_list<unsigned char> list) { return {list.begin(), list.end()}; }

TEST(Proto, CreateTaskRequestFields) {
  task::CreateTaskRequest request;
  request.set_id("c");
  auto *mount = request.add_rootfs();
  mount->set_type("o");
  mount->add_options(std::string("r"));
  request.set_terminal(true);
  request.set_stderr("e");
  request.set_parent_checkpoint("p");
  request.mutable_options()->set_type_url("u");
  EXPECT_EQ(request.SerializeAsString(),
            bytes({0x0a, 0x01, 'c',                              // 1 id
                   0x1a, 0x06, 0x0a, 0x01, 'o', 0x22, 0x01, 'r', // 3 rootfs {1 type, 4 options}
                   0x20, 0x01,                                   // 4 terminal
                   0x3a, 0x01, 'e',                              // 7 stderr
                   0x4a, 0x01, 'p',                              // 9 parent_checkpoint
                   0x52, 0x03, 0x0a, 0x01, 'u'}));               // 10 options {1 type_url}
}

TEST(Proto, StateResponseFields) {
  task::StateResponse response;
  response.set_pid(7);
  response.set_status(containerd::v1::types::STOPPED);
  response.set_exit_status(137);
  response.mutable_exited_at()->set_seconds(1);
  response.set_exec_id("x");
  EXPECT_EQ(response.SerializeAsString(), bytes({0x18, 0x07,             // 3 pid
                                                 0x20, 0x03,             // 4 status = STOPPED (3)
                                                 0x48, 0x89, 0x01,       // 9 exit_status = 137
                                                 0x52, 0x02, 0x08, 0x01, // 10 exited_at {seconds 1}
                                                 0x5a, 0x01, 'x'}));     // 11 exec_id
}

TEST(Proto, TaskStatusEnumValues) {
  EXPECT_EQ(containerd::v1::types::UNKNOWN, 0);
  EXPECT_EQ(containerd::v1::types::CREATED, 1);
  EXPECT_EQ(containerd::v1::types::RUNNING, 2);
  EXPECT_EQ(containerd::v1::types::STOPPED, 3);
  EXPECT_EQ(containerd::v1::types::PAUSED, 4);
  EXPECT_EQ(containerd::v1::types::PAUSING, 5);
}

TEST(Proto, KillUpdateConnectShutdownFields) {
  task::KillRequest kill;
  kill.set_exec_id("e");
  kill.set_signal(9);
  kill.set_all(true);
  EXPECT_EQ(kill.SerializeAsString(), bytes({0x12, 0x01, 'e', 0x18, 0x09, 0x20, 0x01}));

  task::UpdateTaskRequest update;
  (*update.mutable_annotations())["k"] = std::string("v");
  EXPECT_EQ(update.SerializeAsString(),
            bytes({0x1a, 0x06, 0x0a, 0x01, 'k', 0x12, 0x01, 'v'})); // 3 annotations map entry

  task::ConnectResponse connect;
  connect.set_shim_pid(1);
  connect.set_task_pid(2);
  connect.set_version("v");
  EXPECT_EQ(connect.SerializeAsString(), bytes({0x08, 0x01, 0x10, 0x02, 0x1a, 0x01, 'v'}));

  task::ShutdownRequest shutdown;
  shutdown.set_now(true);
  EXPECT_EQ(shutdown.SerializeAsString(), bytes({0x10, 0x01}));
}

TEST(Proto, ExecAndPidsFields) {
  task::ExecProcessRequest exec;
  exec.set_terminal(true);
  exec.set_stdout("o");
  exec.mutable_spec()->set_value("{}");
  EXPECT_EQ(exec.SerializeAsString(),
            bytes({0x18, 0x01, 0x2a, 0x01, 'o', 0x3a, 0x04, 0x12, 0x02, '{', '}'}));

  task::PidsResponse pids;
  pids.add_processes()->set_pid(42);
  EXPECT_EQ(pids.SerializeAsString(), bytes({0x0a, 0x02, 0x08, 0x2a}));
}

TEST(Proto, TaskEventFields) {
  events::TaskExit exit;
  exit.set_container_id("c");
  exit.set_id("i");
  exit.set_pid(3);
  exit.set_exit_status(4);
  exit.mutable_exited_at()->set_nanos(5);
  EXPECT_EQ(exit.SerializeAsString(), bytes({0x0a, 0x01, 'c', 0x12, 0x01, 'i', 0x18, 0x03, 0x20,
                                             0x04, 0x2a, 0x02, 0x10, 0x05}));

  events::TaskDelete deleted;
  deleted.mutable_exited_at();
  deleted.set_id("e");
  EXPECT_EQ(deleted.SerializeAsString(), bytes({0x22, 0x00, 0x2a, 0x01, 'e'}));

  events::TaskCreate create;
  create.mutable_io()->set_terminal(true);
  create.set_checkpoint("k");
  create.set_pid(6);
  EXPECT_EQ(create.SerializeAsString(),
            bytes({0x22, 0x02, 0x20, 0x01, 0x2a, 0x01, 'k', 0x30, 0x06}));

  events::TaskExecStarted started;
  started.set_exec_id("e");
  started.set_pid(1);
  EXPECT_EQ(started.SerializeAsString(), bytes({0x12, 0x01, 'e', 0x18, 0x01}));
  EXPECT_EQ(events::TaskExit().GetTypeName(), "containerd.events.TaskExit");
}

TEST(Proto, ForwardRequestEnvelope) {
  ForwardedEvent event{
      "ns", "/t", "T", "v",
      std::chrono::system_clock::time_point(std::chrono::seconds(1) + std::chrono::nanoseconds(2))};
  EXPECT_EQ(encodeForwardRequest(event),
            bytes({0x0a, 0x16,                                       // 1 envelope, 22 bytes
                   0x0a, 0x04, 0x08, 0x01, 0x10, 0x02,               //   1 timestamp {1 s, 2 ns}
                   0x12, 0x02, 'n',  's',                            //   2 namespace
                   0x1a, 0x02, '/',  't',                            //   3 topic
                   0x22, 0x06, 0x0a, 0x01, 'T',  0x12, 0x01, 'v'})); // 4 event Any
  EXPECT_EQ(containerd::services::events::ttrpc::v1::ForwardRequest().GetTypeName(),
            "containerd.services.events.ttrpc.v1.ForwardRequest");
  EXPECT_EQ(task::CreateTaskRequest().GetTypeName(), "containerd.task.v2.CreateTaskRequest");
}

} // namespace
} // namespace runw::shim
