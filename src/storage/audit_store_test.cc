// The contract of AuditStore (audit_store.h), one suite run against SQLite and PostgreSQL
// (support/store_backends.h). What only one store does (its triggers, seen through SQL) is tested
// in sqlite_audit_store_test.cc and postgres_store_test.cc.

#include "storage/audit_store.h"

#include <gtest/gtest.h>

#include <thread>

#include "base/time_format.h"
#include "support/store_backends.h"
#include "support/store_testing.h"

namespace balie::storage {
namespace {

using model::AuditEntry;
using model::Event;
using model::EventKind;

const base::TimePoint kStart = *base::ParseTime("2026-11-24T09:30:00Z");

// Storage knows no hash function; this stands in for auth::AuditEntryHash (the encoding itself,
// which is as unique as its hash).
std::string Seal(const AuditEntry& entry) { return "sealed(" + model::AuditHashInput(entry) + ")"; }

AuditEntry Entry(std::string actor, std::string action, std::string conversation = "",
                 std::string customer = "") {
  AuditEntry entry;
  entry.at = kStart;
  entry.actor = std::move(actor);
  entry.action = std::move(action);
  entry.conversation_id = std::move(conversation);
  entry.customer_ref = std::move(customer);
  return entry;
}

template <typename Backend>
class AuditStoreTest : public testing::StoreTest<Backend> {
 protected:
  // A conversation of `customer` with a started event and one customer message per text, the
  // message i at kStart + i hours.
  void Conversation(const std::string& id, const std::string& customer,
                    const std::vector<std::string>& texts) {
    model::Conversation c;
    c.id = id;
    c.token_hash = "hash";
    c.created_at = kStart;
    c.customer_ref = customer;
    std::vector<Event> events;
    Event started;
    started.seq = 1;
    started.at = kStart;
    started.data = model::DefaultData(EventKind::kStarted);
    events.push_back(started);
    for (size_t i = 0; i < texts.size(); ++i) {
      Event message;
      message.seq = static_cast<std::int64_t>(i) + 2;
      message.at = kStart + std::chrono::hours(i + 1);
      message.author = model::Author::kCustomer;
      message.text = texts[i];
      message.data = model::DefaultData(EventKind::kCustomerMessage);
      events.push_back(message);
    }
    c.last_seq = events.back().seq;
    ASSERT_TRUE(this->store_->Create(c, events).ok());
  }

  std::vector<AuditEntry> All() {
    auto entries = this->store_->AuditEntries(0, 1000);
    EXPECT_TRUE(entries.ok()) << entries.status().ToString();
    return entries.ok() ? *entries : std::vector<AuditEntry>{};
  }
};
TYPED_TEST_SUITE(AuditStoreTest, testing::StoreBackends, testing::StoreBackendNames);

TYPED_TEST(AuditStoreTest, ChainsEachEntryToTheOneBefore) {
  auto first = this->store_->AppendAudit(Entry("s_1", "login"), Seal);
  auto second = this->store_->AppendAudit(Entry("s_1", "conversation_read", "c_1", "K-1"), Seal);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->seq, 1);
  EXPECT_EQ(first->prev_hash, model::kAuditGenesisHash);
  EXPECT_EQ(second->seq, 2);
  EXPECT_EQ(second->prev_hash, first->hash);
  EXPECT_EQ(second->hash, Seal(*second));
  EXPECT_EQ(this->All(), (std::vector<AuditEntry>{*first, *second}));
  // Stored to the millisecond, and hashed as stored.
  auto precise = Entry("s_1", "logout");
  precise.at = kStart + std::chrono::microseconds(1500);
  auto third = this->store_->AppendAudit(precise, Seal);
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->at, kStart + std::chrono::milliseconds(1));
  EXPECT_EQ(this->All().back(), *third);
}

TYPED_TEST(AuditStoreTest, ConcurrentAppendsOfTwoStoresNeverForkTheChain) {
  // A second store on the same database: another process (a server beside this one, or a command
  // run beside it), appending at the same time.
  auto other = this->backend_.Open();
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  constexpr int kThreads = 8;
  constexpr int kEach = 40;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    AuditStore& store = t % 2 == 0 ? *this->store_ : **other;
    threads.emplace_back([&store, t] {
      for (int i = 0; i < kEach; ++i) {
        const auto stored = store.AppendAudit(
            Entry("s_" + std::to_string(t), "conversation_read", "c_" + std::to_string(i)), Seal);
        EXPECT_TRUE(stored.ok()) << stored.status().ToString();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  ASSERT_TRUE((*other)->AppendAudit(Entry("cli", "export"), Seal).ok());
  const auto entries = this->All();
  ASSERT_EQ(entries.size(), size_t{kThreads * kEach + 1});
  std::string prev(model::kAuditGenesisHash);
  for (size_t i = 0; i < entries.size(); ++i) {
    EXPECT_EQ(entries[i].seq, static_cast<std::int64_t>(i) + 1);
    EXPECT_EQ(entries[i].prev_hash, prev);
    EXPECT_EQ(entries[i].hash, Seal(entries[i]));
    prev = entries[i].hash;
  }
  // Read in pages.
  auto page = this->store_->AuditEntries(100, 10);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 10u);
  EXPECT_EQ(page->front().seq, 101);
}

TYPED_TEST(AuditStoreTest, FindsTheEntriesAboutACustomerAndTheirConversations) {
  this->Conversation("c_1", "K-1", {});
  this->Conversation("c_2", "K-2", {});
  ASSERT_TRUE(this->store_->AppendAudit(Entry("s_1", "conversation_read", "c_1"), Seal).ok());
  ASSERT_TRUE(this->store_->AppendAudit(Entry("s_1", "conversation_read", "c_2"), Seal).ok());
  ASSERT_TRUE(this->store_->AppendAudit(Entry("cli", "export", "", "K-1"), Seal).ok());
  ASSERT_TRUE(this->store_->AppendAudit(Entry("s_1", "login"), Seal).ok());
  auto about = this->store_->AuditEntriesAbout("K-1");
  ASSERT_TRUE(about.ok());
  ASSERT_EQ(about->size(), 2u);
  EXPECT_EQ((*about)[0].conversation_id, "c_1");
  EXPECT_EQ((*about)[1].action, "export");
  EXPECT_TRUE(this->store_->AuditEntriesAbout("K-3")->empty());
}

TYPED_TEST(AuditStoreTest, ErasesOldTextsKeepingTheirHashWithTheirAuditEntryAtomically) {
  this->Conversation("c_1", "K-1", {"mijn rekening 123", "nog een vraag", "de laatste"});
  auto texts = this->store_->TextsBefore(kStart + std::chrono::hours(2), 100);
  ASSERT_TRUE(texts.ok());
  ASSERT_EQ(texts->size(), 2u);
  EXPECT_EQ((*texts)[0].event.text, "mijn rekening 123");
  EXPECT_EQ((*texts)[0].conversation_id, "c_1");
  EXPECT_EQ((*texts)[0].customer_ref, "K-1");
  EXPECT_EQ((*texts)[1].event.seq, 3);
  const std::vector<AuditStore::ErasedText> erased = {{"c_1", 2, "hash-2", std::nullopt},
                                                      {"c_1", 3, "hash-3", std::nullopt}};
  const std::vector<AuditEntry> entries = {Entry("system", "erasure", "c_1", "K-1")};
  ASSERT_TRUE(this->store_->EraseTexts(erased, entries, Seal).ok());
  auto events = this->store_->Events("c_1", 0, 10);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 4u);
  EXPECT_EQ((*events)[1].text, "");
  EXPECT_EQ((*events)[1].erased_text_sha256, "hash-2");
  EXPECT_EQ((*events)[2].erased_text_sha256, "hash-3");
  EXPECT_EQ((*events)[3].text, "de laatste");
  EXPECT_EQ((*events)[3].erased_text_sha256, "");
  EXPECT_EQ(this->All().size(), 1u);
  EXPECT_TRUE(this->store_->TextsBefore(kStart + std::chrono::hours(2), 100)->empty());
  // A second erasure of the same event (another run that read it before the first wrote) is
  // refused whole: the first hash stays, the other event is not erased, and no entry is added.
  EXPECT_EQ(
      this->store_
          ->EraseTexts({{{"c_1", 4, "hash-4", std::nullopt}, {"c_1", 2, "other", std::nullopt}}},
                       entries, Seal)
          .code(),
      base::StatusCode::kFailedPrecondition);
  EXPECT_EQ(this->store_->Events("c_1", 1, 1)->front().erased_text_sha256, "hash-2");
  EXPECT_EQ(this->store_->Events("c_1", 3, 1)->front().text, "de laatste");
  EXPECT_EQ(this->All().size(), 1u);
}

TYPED_TEST(AuditStoreTest, ErasesPhoneNumbersAndNamesOfEventsWithOrWithoutAText) {
  const auto [c, events] = testing::CallbackNotReached("c_1");
  ASSERT_TRUE(this->store_->Create(c, events).ok());
  const model::CallbackBooking& booking = *std::get<model::ChoiceEvent>(events[2].data).callback;

  auto found = this->store_->TextsBefore(kStart + std::chrono::days(1), 100);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_EQ(found->size(), 4u);  // not the start, nor the choice to wait
  std::vector<AuditStore::ErasedText> erased;
  for (const auto& text : *found) {
    EXPECT_EQ(text.event, events[static_cast<size_t>(text.event.seq) - 1]);
    model::EventData data = text.event.data;
    const bool personal = model::ErasePersonalFields(data);
    EXPECT_EQ(personal, text.event.seq >= 3) << text.event.seq;
    erased.push_back(
        {"c_1", text.event.seq, "hash", personal ? std::optional(data) : std::nullopt});
  }
  EXPECT_EQ(erased.front().seq, 2);
  EXPECT_EQ(erased.back().seq, 5);
  ASSERT_TRUE(
      this->store_->EraseTexts(erased, {{Entry("system", "erasure", "c_1", "K-1")}}, Seal).ok());

  auto stored = this->store_->Events("c_1", 0, 10);
  ASSERT_TRUE(stored.ok());
  const auto& choice = std::get<model::ChoiceEvent>((*stored)[2].data);
  EXPECT_EQ(choice.callback->phone, "");
  EXPECT_EQ(choice.callback->name, "");
  EXPECT_EQ(choice.callback->start, booking.start) << "the slot stays";
  EXPECT_EQ(std::get<model::AssignedEvent>((*stored)[3].data).phone, "");
  EXPECT_EQ(std::get<model::AssignedEvent>((*stored)[3].data).agent.name, "Anna");
  EXPECT_EQ(std::get<model::CallbackOutcomeEvent>((*stored)[4].data).retry->phone, "");
  EXPECT_EQ((*stored)[4].text, "");
  for (size_t i = 1; i <= 4; ++i) EXPECT_EQ((*stored)[i].erased_text_sha256, "hash");
  EXPECT_EQ((*stored)[5], events[5]);
  EXPECT_TRUE(this->store_->TextsBefore(kStart + std::chrono::days(1), 100)->empty());
}

TYPED_TEST(AuditStoreTest, ErasesTheWordsOfAContestReviewedLongAgoOverTheRevisionItWasRead) {
  const base::TimePoint reviewed = kStart + std::chrono::hours(1);
  auto id = this->store_->AddCustomerFlag(testing::ContestedFlag(reviewed));
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_TRUE(this->store_->ContestsReviewedBefore(reviewed - std::chrono::seconds(1), 10)->empty())
      << "reviewed later";
  auto found = this->store_->ContestsReviewedBefore(reviewed, 10);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_EQ(found->size(), 1u);
  model::CustomerFlag flag = found->front();
  EXPECT_EQ(flag.id, *id);
  flag.contests[0].words.clear();
  flag.contests[0].words_erased_sha256 = "hash";

  // A review meanwhile (the revision moved on): nothing is written, not even the entry.
  model::CustomerFlag stale = flag;
  stale.revision -= 1;
  EXPECT_EQ(
      this->store_->EraseContestWords(stale, Entry("system", "erasure", "c_1", "K-1"), Seal).code(),
      base::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(this->All().empty());

  ASSERT_TRUE(
      this->store_->EraseContestWords(flag, Entry("system", "erasure", "c_1", "K-1"), Seal).ok());
  auto stored = this->store_->CustomerFlagById(*id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->contests[0].words, "");
  EXPECT_EQ(stored->contests[0].words_erased_sha256, "hash");
  EXPECT_EQ(stored->contests[0].reason, "de pas was niet geblokkeerd") << "the review stays";
  EXPECT_EQ(stored->contests[1].words, "Ik was echt in Spanje") << "it waits for review";
  EXPECT_EQ(stored->revision, flag.revision + 1);
  EXPECT_EQ(this->All().size(), 1u);
  EXPECT_TRUE(this->store_->ContestsReviewedBefore(kStart + std::chrono::days(400), 10)->empty());
}

TYPED_TEST(AuditStoreTest, RetentionLeavesTheTextsOfConversationsSomeoneStillOwesAnAnswer) {
  this->Conversation("c_1", "K-1", {"open vraag"});
  for (const model::ConversationState state :
       {model::ConversationState::kWaiting, model::ConversationState::kFollowUp,
        model::ConversationState::kCallback, model::ConversationState::kAssigned}) {
    auto conversation = this->store_->Get("c_1");
    ASSERT_TRUE(conversation.ok());
    conversation->state = state;
    conversation->last_seq += 1;
    Event note;
    note.seq = conversation->last_seq;
    note.at = kStart;
    note.data = model::DefaultData(EventKind::kStarted);
    ASSERT_TRUE(this->store_->Append(*conversation, {&note, 1}).ok());
    EXPECT_TRUE(this->store_->TextsBefore(kStart + std::chrono::days(1), 10)->empty())
        << model::StateName(state);
  }
  auto resolved = this->store_->Get("c_1");
  resolved->state = model::ConversationState::kResolved;
  resolved->last_seq += 1;
  Event last;
  last.seq = resolved->last_seq;
  last.at = kStart;
  last.data = model::DefaultData(EventKind::kStarted);
  ASSERT_TRUE(this->store_->Append(*resolved, {&last, 1}).ok());
  EXPECT_EQ(this->store_->TextsBefore(kStart + std::chrono::days(1), 10)->size(), 1u);
}

}  // namespace
}  // namespace balie::storage
