// Who is on duty where several processes share one database: an agent another process announces
// on duty (or away) is so here too (presence, the queue's agents on duty), but this process
// assigns only to its own consoles and announces only what it sees itself; a choice made in one
// process is taken over by the others, the last one made winning.

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
  PresenceState SnapshotOf(const std::string& id) const {
    const auto snapshots = roster_.Snapshots();
    const auto found = std::find_if(snapshots.begin(), snapshots.end(),
                                    [&id](const auto& agent) { return agent.id == id; });
    return found == snapshots.end() ? PresenceState::kOffline : found->presence;
  }
  const storage::StaffPresence* Announced(const std::vector<storage::StaffPresence>& staff,
                                          const std::string& id) const {
    const auto found = std::find_if(staff.begin(), staff.end(),
                                    [&id](const auto& member) { return member.staff_id == id; });
    return found == staff.end() ? nullptr : &*found;
  }

  base::ManualClock clock_{*base::ParseTime("2026-12-07T10:00:00Z")};
  AgentRoster roster_{clock_};
};

TEST_F(AgentRosterTest, AnAgentOnDutyElsewhereIsOnDutyHereUntilTheAnnouncementLapses) {
  roster_.ConsoleConnected("s_kees");  // kees on this process
  EXPECT_EQ(StateOf("s_jan"), PresenceState::kOffline);
  EXPECT_EQ(roster_.OnDuty("algemeen").size(), 1u);

  const storage::StaffPresence jan[] = {{"s_jan", "available", "available", {}, std::nullopt}};
  roster_.SetPresenceElsewhere("b", jan, clock_.Now() + std::chrono::seconds(3));
  EXPECT_EQ(StateOf("s_jan"), PresenceState::kAvailable);
  EXPECT_EQ(roster_.OnDuty("algemeen").size(), 2u);
  EXPECT_TRUE(roster_.Tick()) << "a change the overview's watchers are told of";
  // Busy by the load every process counts.
  roster_.SetChats("s_jan", 2);
  EXPECT_EQ(StateOf("s_jan"), PresenceState::kBusy);

  // This process neither assigns to jan (its dispatcher sees its own consoles) nor announces jan.
  EXPECT_EQ(SnapshotOf("s_jan"), PresenceState::kOffline);
  const auto here = roster_.PresenceHere();
  ASSERT_EQ(here.size(), 1u);
  EXPECT_EQ(here[0].staff_id, "s_kees");
  EXPECT_EQ(here[0].state, "available");

  // Not announced again: offline once it lapses.
  clock_.Advance(std::chrono::seconds(3));
  EXPECT_EQ(StateOf("s_jan"), PresenceState::kOffline);
  EXPECT_EQ(roster_.OnDuty("algemeen").size(), 1u);
  EXPECT_TRUE(roster_.Tick());
}

TEST_F(AgentRosterTest, AwayElsewhereIsAwayHereWithTheReturnAndTheChoiceIsTakenOver) {
  roster_.ConsoleConnected("s_jan");  // jan has consoles on this process and on "b"
  EXPECT_EQ(SnapshotOf("s_jan"), PresenceState::kAvailable);

  // Jan chooses away on "b", back in 15 minutes.
  const base::TimePoint back = clock_.Now() + std::chrono::minutes(15);
  const storage::StaffPresence away[] = {{"s_jan", "away", "away", clock_.Now(), back}};
  const std::uint64_t before = roster_.version();
  roster_.SetPresenceElsewhere("b", away, clock_.Now() + std::chrono::seconds(3));
  EXPECT_GT(roster_.version(), before) << "the consoles here are told";
  EXPECT_EQ(StateOf("s_jan"), PresenceState::kAway);
  EXPECT_EQ(roster_.Agent("s_jan")->back_at, back);
  EXPECT_EQ(SnapshotOf("s_jan"), PresenceState::kAway) << "not assigned to here";
  EXPECT_TRUE(roster_.OnDuty("algemeen").empty());
  // And said so onwards, with when it was chosen.
  auto here = roster_.PresenceHere();
  const auto* told = Announced(here, "s_jan");
  ASSERT_NE(told, nullptr);
  EXPECT_EQ(told->state, "away");
  EXPECT_EQ(told->chosen, "away");
  EXPECT_EQ(told->back_at, back);

  // An older choice announced late changes nothing; a newer one here wins over it.
  clock_.Advance(std::chrono::seconds(1));
  roster_.Choose("s_jan", routing::ChosenState::kAvailable);
  const storage::StaffPresence stale[] = {
      {"s_jan", "away", "away", clock_.Now() - std::chrono::seconds(1), back}};
  roster_.SetPresenceElsewhere("b", stale, clock_.Now() + std::chrono::seconds(3));
  EXPECT_EQ(SnapshotOf("s_jan"), PresenceState::kAvailable);
  EXPECT_EQ(StateOf("s_jan"), PresenceState::kAvailable);
  EXPECT_EQ(roster_.Agent("s_jan")->back_at, std::nullopt);
}

TEST_F(AgentRosterTest, AnAgentAwayOnlyElsewhereIsAwayHereUntilTheAnnouncementLapses) {
  // Kees idles on "b" (no choice of his): away there, so away here rather than offline.
  const storage::StaffPresence idle[] = {{"s_kees", "away", "available", {}, std::nullopt}};
  roster_.SetPresenceElsewhere("b", idle, clock_.Now() + std::chrono::seconds(3));
  EXPECT_EQ(StateOf("s_kees"), PresenceState::kAway);
  EXPECT_TRUE(roster_.OnDuty("algemeen").empty());
  EXPECT_EQ(Announced(roster_.PresenceHere(), "s_kees"), nullptr) << "not present here";
  // On duty on "c" at the same time: the most present wins.
  const storage::StaffPresence on_duty[] = {{"s_kees", "available", "available", {}, std::nullopt}};
  roster_.SetPresenceElsewhere("c", on_duty, clock_.Now() + std::chrono::seconds(1));
  EXPECT_EQ(StateOf("s_kees"), PresenceState::kAvailable);
  clock_.Advance(std::chrono::seconds(1));
  EXPECT_EQ(StateOf("s_kees"), PresenceState::kAway);
  clock_.Advance(std::chrono::seconds(2));
  EXPECT_EQ(StateOf("s_kees"), PresenceState::kOffline);
}

}  // namespace
}  // namespace balie::service
