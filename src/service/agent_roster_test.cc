// Who is on duty where several processes share one database: an agent another process announces
// on duty is on duty here too (presence, the queue's agents on duty), but this process assigns
// only to its own consoles and announces only them.

#include "service/agent_roster.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "base/time_format.h"

namespace balie::service {
namespace {

using routing::PresenceState;

class AgentRosterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name : {"jan", "kees"}) {
      model::StaffMember member;
      member.id = std::string("s_") + name;
      member.name = name;
      member.display_name = name;
      member.queues = {"algemeen"};
      member.capacity = 2;
      ASSERT_TRUE(roster_.SetAccount(member).ok());
    }
  }

  PresenceState StateOf(const std::string& id) const { return roster_.Agent(id)->presence.state; }

  base::ManualClock clock_{*base::ParseTime("2026-12-07T10:00:00Z")};
  AgentRoster roster_{clock_};
};

TEST_F(AgentRosterTest, AnAgentOnDutyElsewhereIsOnDutyHereUntilTheAnnouncementLapses) {
  roster_.ConsoleConnected("s_kees");  // kees on this process
  EXPECT_EQ(StateOf("s_jan"), PresenceState::kOffline);
  EXPECT_EQ(roster_.OnDuty("algemeen").size(), 1u);

  const std::string jan[] = {"s_jan"};
  roster_.SetOnDutyElsewhere(jan, clock_.Now() + std::chrono::seconds(3));
  EXPECT_EQ(StateOf("s_jan"), PresenceState::kAvailable);
  EXPECT_EQ(roster_.OnDuty("algemeen").size(), 2u);
  EXPECT_TRUE(roster_.Tick()) << "a change the overview's watchers are told of";
  // Busy by the load every process counts.
  roster_.SetChats("s_jan", 2);
  EXPECT_EQ(StateOf("s_jan"), PresenceState::kBusy);

  // This process neither assigns to jan (its dispatcher sees its own consoles) nor announces jan.
  const auto snapshots = roster_.Snapshots();
  const auto snapshot = std::find_if(snapshots.begin(), snapshots.end(),
                                     [](const auto& agent) { return agent.id == "s_jan"; });
  ASSERT_NE(snapshot, snapshots.end());
  EXPECT_EQ(snapshot->presence, PresenceState::kOffline);
  EXPECT_EQ(roster_.OnDutyHere(), std::vector<std::string>{"s_kees"});

  // Not announced again: offline once it lapses.
  clock_.Advance(std::chrono::seconds(3));
  EXPECT_EQ(StateOf("s_jan"), PresenceState::kOffline);
  EXPECT_EQ(roster_.OnDuty("algemeen").size(), 1u);
  EXPECT_TRUE(roster_.Tick());
}

}  // namespace
}  // namespace balie::service
