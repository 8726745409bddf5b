#include "service/conversation_service.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <random>

#include "base/temp_dir.h"
#include "base/text.h"
#include "base/time_format.h"
#include "service/remote_changes.h"
#include "storage/sqlite_store.h"
#include "support/service_testing.h"

namespace balie::service {
namespace {

using model::ConversationState;
using model::EventKind;
using model::Language;
using testing::DemoEngine;
using testing::ExpectTheHistoryReplaysToTheSummary;
using testing::kSundayNight;
using testing::kTuesdayMorning;
using testing::Queue;
using testing::Recorder;
using namespace std::chrono_literals;

class ConversationServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::make_unique<base::TempDir>(base::TempDir::Create("balie-service-test-").value());
    // Someone is on duty in both queues unless a test says otherwise (no dispatcher runs here:
    // nobody is assigned).
    testing::PutOnDuty(roster_, "s_dienst", {"algemeen", "hypotheken"});
    OpenService();
  }

  void OpenService() {
    service_.reset();
    core_.reset();
    failing_.reset();
    board_.reset();
    store_.reset();
    auto store = storage::SqliteStore::Open(dir_->path() / "balie.db");
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    std::vector<QueueConfig> queues;
    queues.push_back(Queue("algemeen", {"algemeen"}, 2));
    queues.push_back(Queue("hypotheken", {"hypotheek"}, 1));
    board_ = std::make_unique<QueueBoard>(std::move(queues), "algemeen");
    failing_ = std::make_unique<testing::FailingStore>(*store_);
    core_ = std::make_unique<ConversationCore>(*failing_, DemoEngine(dutch_register_), clock_,
                                               *board_, roster_, hub_, staff_hub_);
    service_ = std::make_unique<ConversationService>(*core_);
  }

  std::string StartConversation(Language language = Language::kDutch) {
    auto started = service_->Start(language);
    EXPECT_TRUE(started.ok()) << started.status().ToString();
    return started->conversation.id;
  }

  Outcome Say(const std::string& id, const std::string& text) {
    auto outcome = service_->PostMessage(id, {"m" + std::to_string(++client_counter_), text, ""});
    EXPECT_TRUE(outcome.ok()) << outcome.status().ToString();
    return outcome.ok() ? std::move(outcome).value() : Outcome{};
  }

  static model::ReplyDecision Decision(const model::Event& reply) {
    return std::get<model::BotReplyEvent>(reply.data).decision;
  }
  static std::string FirstSource(const model::Event& reply) {
    const auto& sources = std::get<model::BotReplyEvent>(reply.data).sources;
    return sources.empty() ? "" : sources.front().id;
  }

  static const model::Event* Find(const Outcome& outcome, EventKind kind) {
    for (const auto& event : outcome.events) {
      if (event.kind() == kind) return &event;
    }
    return nullptr;
  }

  base::ManualClock clock_{kTuesdayMorning};
  model::Register dutch_register_ = model::Register::kFormal;  // the organisation's
  std::unique_ptr<base::TempDir> dir_;
  std::unique_ptr<storage::SqliteStore> store_;
  std::unique_ptr<testing::FailingStore> failing_;  // what the service stores through
  std::unique_ptr<QueueBoard> board_;
  AgentRoster roster_{clock_};
  ConversationHub hub_;
  StaffHub staff_hub_;
  std::unique_ptr<ConversationCore> core_;
  std::unique_ptr<ConversationService> service_;
  int client_counter_ = 0;
};

TEST_F(ConversationServiceTest, StartsAConversationThatOnlyItsTokenOpens) {
  auto started = service_->Start(Language::kEnglish);
  ASSERT_TRUE(started.ok());
  const std::string id = started->conversation.id;
  EXPECT_TRUE(service_->Authorize(id, started->token).ok());
  EXPECT_EQ(service_->Authorize(id, "wrong").status().code(), base::StatusCode::kUnauthenticated);
  EXPECT_EQ(service_->Authorize(id, "").status().code(), base::StatusCode::kUnauthenticated);
  EXPECT_EQ(service_->Authorize("c_unknown", started->token).status().code(),
            base::StatusCode::kNotFound);
  auto other = service_->Start(Language::kDutch);
  EXPECT_FALSE(service_->Authorize(id, other->token).ok());
  auto history = service_->History(id, 0, 100);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ(history->front().kind(), EventKind::kStarted);
  EXPECT_EQ(std::get<model::StartedEvent>(history->front().data).language, Language::kEnglish);
}

TEST_F(ConversationServiceTest, AnswersFromTheKnowledgeWithTheLink) {
  const std::string id = StartConversation();
  std::optional<Receipt> stored;
  auto outcome =
      service_->PostMessage(id, {"m-1", "Ik ben mijn pinpas kwijt, wat moet ik doen?", ""},
                            [&](const Receipt& receipt) { stored = receipt; });
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->seq, 2);
  EXPECT_FALSE(stored->duplicate);
  ASSERT_EQ(outcome->events.size(), 2u);
  const model::Event& reply = outcome->events[1];
  EXPECT_EQ(reply.kind(), EventKind::kBotReply);
  const auto& answer = std::get<model::BotReplyEvent>(reply.data);
  EXPECT_EQ(answer.decision, model::ReplyDecision::kAnswer);
  ASSERT_FALSE(answer.sources.empty());
  EXPECT_EQ(answer.sources[0].id, "pas-blokkeren");
  EXPECT_NE(answer.sources[0].url.find("http"), std::string::npos);
  EXPECT_FALSE(reply.text.empty());
  EXPECT_EQ(outcome->status.state, ConversationState::kBot);
  EXPECT_FALSE(store_->Get(id)->awaiting_reply);
}

// A "did you mean" option the customer picked is answered from that article and named in the
// history; an id the knowledge base does not have (an option of an older knowledge base, or one
// a client made up) is not stored, and the message is asked as typed, in the conversation's
// language.
TEST_F(ConversationServiceTest, APickedOptionIsAnsweredOnlyWhenTheKnowledgeBaseHasIt) {
  const std::string id = StartConversation(Language::kEnglish);
  auto picked = service_->PostMessage(id, {"m-1", "Card lost or stolen?", "pas-blokkeren-en"});
  ASSERT_TRUE(picked.ok()) << picked.status().ToString();
  ASSERT_EQ(picked->events.size(), 2u);
  EXPECT_EQ(std::get<model::CustomerMessageEvent>(picked->events[0].data).article_id,
            "pas-blokkeren-en");
  EXPECT_EQ(FirstSource(picked->events[1]), "pas-blokkeren-en");
  EXPECT_EQ(std::get<model::BotReplyEvent>(picked->events[1].data).confidence, 1.0);

  for (const std::string& unknown :
       std::vector<std::string>{"../../etc/passwd", "pas-blokkeren-oud", std::string(5000, 'x')}) {
    auto typed = service_->PostMessage(
        id, {"m-" + std::to_string(unknown.size()), "How do I view my PIN?", unknown});
    ASSERT_TRUE(typed.ok()) << typed.status().ToString();
    ASSERT_EQ(typed->events.size(), 2u);
    EXPECT_EQ(std::get<model::CustomerMessageEvent>(typed->events[0].data).article_id, "");
    const auto& reply = std::get<model::BotReplyEvent>(typed->events[1].data);
    EXPECT_EQ(FirstSource(typed->events[1]), "pincode-vergeten-en");
    EXPECT_EQ(reply.language, Language::kEnglish);
    EXPECT_LT(reply.confidence, 1.0);
  }
  auto history = service_->History(id, 0, 100);
  ASSERT_TRUE(history.ok());
  for (const model::Event& event : *history) {
    if (const auto* message = std::get_if<model::CustomerMessageEvent>(&event.data)) {
      EXPECT_TRUE(message->article_id.empty() || message->article_id == "pas-blokkeren-en");
    }
  }
}

TEST_F(ConversationServiceTest, AResentMessageIsStoredAndAnsweredOnce) {
  const std::string id = StartConversation();
  ASSERT_TRUE(service_->PostMessage(id, {"same", "Hoe hoog is de spaarrente?", ""}).ok());
  auto again = service_->PostMessage(id, {"same", "Hoe hoog is de spaarrente?", ""});
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->receipt.duplicate);
  EXPECT_EQ(again->receipt.seq, 2);
  EXPECT_TRUE(again->events.empty());
  EXPECT_EQ(service_->History(id, 0, 100)->size(), 3u);
}

TEST_F(ConversationServiceTest, AMessageAndItsReplyAreStoredTogetherOrNotAtAll) {
  const std::string id = StartConversation();
  auto recorder = std::make_shared<Recorder>();
  hub_.Subscribe(id, recorder);
  failing_->fail_appends = true;
  bool acknowledged = false;
  auto failed = service_->PostMessage(id, {"m-1", "Hoe hoog is de spaarrente?", ""},
                                      [&](const Receipt&) { acknowledged = true; });
  EXPECT_EQ(failed.status().code(), base::StatusCode::kUnavailable);
  EXPECT_FALSE(acknowledged);
  EXPECT_TRUE(recorder->events.empty());
  EXPECT_EQ(service_->History(id, 0, 100)->size(), 1u);

  // Sent again once the disk has room: stored and answered in one commit, acknowledged before
  // either event is published.
  failing_->fail_appends = false;
  std::optional<Receipt> receipt;
  size_t published_at_receipt = 1;
  auto resent = service_->PostMessage(id, {"m-1", "Hoe hoog is de spaarrente?", ""},
                                      [&](const Receipt& stored) {
                                        receipt = stored;
                                        published_at_receipt = recorder->events.size();
                                      });
  ASSERT_TRUE(resent.ok()) << resent.status().ToString();
  ASSERT_TRUE(receipt.has_value());
  EXPECT_FALSE(receipt->duplicate);
  EXPECT_EQ(receipt->seq, 2);
  EXPECT_EQ(published_at_receipt, 0u);
  ASSERT_EQ(resent->events.size(), 2u);
  EXPECT_EQ(resent->events[0].kind(), EventKind::kCustomerMessage);
  EXPECT_EQ(resent->events[1].kind(), EventKind::kBotReply);
  EXPECT_EQ(recorder->events.size(), 2u);
  EXPECT_FALSE(store_->Get(id)->awaiting_reply);
  EXPECT_EQ(service_->History(id, 0, 100)->size(), 3u);
}

// What PostMessageThen called back, and when.
struct Called {
  std::mutex mutex;
  std::condition_variable changed;
  std::optional<Receipt> receipt;
  size_t published_at_receipt = 0;
  std::optional<base::Status> done;

  base::Status Wait() {
    std::unique_lock lock(mutex);
    EXPECT_TRUE(changed.wait_for(lock, 10s, [this] { return done.has_value(); }));
    return done.value_or(base::Internal("not called back"));
  }
};

TEST_F(ConversationServiceTest, AMessageIsAnsweredAndStoredWithoutAThreadWaitingForTheCommit) {
  const std::string id = StartConversation();
  auto recorder = std::make_shared<Recorder>();
  hub_.Subscribe(id, recorder);
  Called called;
  ASSERT_TRUE(service_->PostMessageThen(
      id, {"m-1", "Hoe hoog is de spaarrente?", ""},
      [&](const Receipt& stored) {
        std::lock_guard lock(called.mutex);
        called.receipt = stored;
        std::lock_guard seen(recorder->mutex_);
        called.published_at_receipt = recorder->events.size();
      },
      [&](const base::Status& status) {
        std::lock_guard lock(called.mutex);
        called.done = status;
        called.changed.notify_all();
      }));
  const base::Status status = called.Wait();
  ASSERT_TRUE(status.ok()) << status.ToString();
  // Acknowledged once durable, before anything is published; then the message and the reply.
  ASSERT_TRUE(called.receipt.has_value());
  EXPECT_EQ(called.receipt->seq, 2);
  EXPECT_FALSE(called.receipt->duplicate);
  EXPECT_EQ(called.published_at_receipt, 0u);
  {
    std::lock_guard lock(recorder->mutex_);
    ASSERT_EQ(recorder->events.size(), 2u);
    EXPECT_EQ(recorder->events[0].kind(), EventKind::kCustomerMessage);
    EXPECT_EQ(recorder->events[1].kind(), EventKind::kBotReply);
    EXPECT_FALSE(recorder->statuses.empty());  // the queue a hand-off would go to now
  }
  EXPECT_EQ(service_->History(id, 0, 100)->size(), 3u);
  EXPECT_FALSE(store_->Get(id)->awaiting_reply);
  // The conversation's lock was released by the writer: the next change goes through.
  EXPECT_EQ(Say(id, "En wat kost een betaalrekening?").receipt.seq, 4);
}

TEST_F(ConversationServiceTest, AMessageThatWouldWaitIsLeftForPostMessage) {
  const std::string id = StartConversation();
  const auto ignored = [](const Receipt&) {};
  bool told = false;
  const auto done = [&](const base::Status&) { told = true; };
  {
    // Another change of the conversation under way.
    auto change = core_->Begin(id, "");
    ASSERT_TRUE(change.ok());
    EXPECT_FALSE(
        service_->PostMessageThen(id, {"m-1", "Hoe hoog is de spaarrente?", ""}, ignored, done));
  }
  // A resend: PostMessage answers it (and replies again where the first reply was not stored).
  Say(id, "Hoe hoog is de spaarrente?");  // m1
  EXPECT_FALSE(
      service_->PostMessageThen(id, {"m1", "Hoe hoog is de spaarrente?", ""}, ignored, done));
  EXPECT_FALSE(told);
  EXPECT_EQ(service_->History(id, 0, 100)->size(), 3u);

  // Refused at once, on this thread: bad input, an unknown conversation.
  Called bad;
  ASSERT_TRUE(service_->PostMessageThen(id, {"m-2", "", ""}, ignored,
                                        [&](const base::Status& status) { bad.done = status; }));
  ASSERT_TRUE(bad.done.has_value());
  EXPECT_EQ(bad.done->code(), base::StatusCode::kInvalidArgument);
  Called unknown;
  ASSERT_TRUE(
      service_->PostMessageThen("nope", {"m-3", "Hallo", ""}, ignored,
                                [&](const base::Status& status) { unknown.done = status; }));
  ASSERT_TRUE(unknown.done.has_value());
  EXPECT_EQ(unknown.done->code(), base::StatusCode::kNotFound);
}

TEST_F(ConversationServiceTest, AMessageWhoseCommitFailsIsNeitherAcknowledgedNorPublished) {
  const std::string id = StartConversation();
  auto recorder = std::make_shared<Recorder>();
  hub_.Subscribe(id, recorder);
  failing_->fail_appends = true;
  Called called;
  ASSERT_TRUE(service_->PostMessageThen(
      id, {"m-1", "Hoe hoog is de spaarrente?", ""},
      [&](const Receipt& stored) { called.receipt = stored; },
      [&](const base::Status& status) {
        std::lock_guard lock(called.mutex);
        called.done = status;
        called.changed.notify_all();
      }));
  EXPECT_EQ(called.Wait().code(), base::StatusCode::kUnavailable);
  EXPECT_FALSE(called.receipt.has_value());
  EXPECT_TRUE(recorder->events.empty());
  EXPECT_EQ(service_->History(id, 0, 100)->size(), 1u);
  // Nothing is held: sent again once the disk has room, it is stored and answered.
  failing_->fail_appends = false;
  auto resent = service_->PostMessage(id, {"m-1", "Hoe hoog is de spaarrente?", ""});
  ASSERT_TRUE(resent.ok()) << resent.status().ToString();
  EXPECT_FALSE(resent->receipt.duplicate);
  EXPECT_EQ(service_->History(id, 0, 100)->size(), 3u);
}

TEST_F(ConversationServiceTest, RefusesBadInputWithAClearMessage) {
  const std::string id = StartConversation();
  auto bad_id = service_->PostMessage(id, {"has space", "hallo", ""});
  EXPECT_EQ(bad_id.status().code(), base::StatusCode::kInvalidArgument);
  EXPECT_NE(bad_id.status().message().find("client_id"), std::string::npos);
  EXPECT_EQ(service_->PostMessage(id, {std::string(65, 'a'), "hallo", ""}).status().code(),
            base::StatusCode::kInvalidArgument);
  EXPECT_EQ(service_->PostMessage(id, {"m", "   ", ""}).status().code(),
            base::StatusCode::kInvalidArgument);
  auto too_long = service_->PostMessage(id, {"m", std::string(4001, 'a'), ""});
  EXPECT_NE(too_long.status().message().find("4000"), std::string::npos);
  EXPECT_EQ(service_->PostMessage(id, {"m", "\xff\xfe", ""}).status().code(),
            base::StatusCode::kInvalidArgument);
  EXPECT_EQ(service_->PostMessage("c_nope", {"m", "hallo", ""}).status().code(),
            base::StatusCode::kNotFound);
  // Nothing of the above was stored.
  EXPECT_EQ(service_->History(id, 0, 100)->size(), 1u);
}

TEST_F(ConversationServiceTest, HandsOffToAQueueWithAnHonestPosition) {
  const std::string first = StartConversation();
  const std::string second = StartConversation();
  auto recorder = std::make_shared<Recorder>();
  hub_.Subscribe(second, recorder);

  Outcome outcome = Say(first, "Ik wil een medewerker spreken");
  const model::Event* reply = Find(outcome, EventKind::kBotReply);
  ASSERT_NE(reply, nullptr);
  EXPECT_EQ(Decision(*reply), model::ReplyDecision::kHandoff);
  const model::Event* handoff = Find(outcome, EventKind::kHandoff);
  ASSERT_NE(handoff, nullptr);
  EXPECT_EQ(std::get<model::HandoffEvent>(handoff->data).queue.id, "algemeen");
  EXPECT_EQ(outcome.status.state, ConversationState::kWaiting);
  EXPECT_EQ(outcome.status.position, 1);
  EXPECT_FALSE(outcome.status.estimated_wait.has_value());  // no data: said so, not invented
  EXPECT_NE(outcome.status.message.find("nummer 1"), std::string::npos) << outcome.status.message;
  EXPECT_NE(outcome.status.message.find("niet eerlijk"), std::string::npos);
  EXPECT_TRUE(outcome.status.open);
  EXPECT_EQ(outcome.status.options, (std::vector{ChoiceOption::kWait, ChoiceOption::kLeaveMessage,
                                                 ChoiceOption::kCallback}));

  auto requested = service_->RequestPerson(second, "p-1", false);
  ASSERT_TRUE(requested.ok()) << requested.status().ToString();
  EXPECT_EQ(requested->status.position, 2);
  EXPECT_EQ(service_->RequestPerson(second, "p-2", false).status().code(),
            base::StatusCode::kFailedPrecondition);

  // The first leaves the question instead of waiting: the second moves up and is told.
  recorder->statuses.clear();
  auto left = service_->Choose(first, {"c-1", ChoiceOption::kLeaveMessage, {}, "", ""});
  ASSERT_TRUE(left.ok()) << left.status().ToString();
  EXPECT_EQ(left->status.state, ConversationState::kFollowUp);
  EXPECT_NE(left->status.message.find("bewaard"), std::string::npos);
  ASSERT_FALSE(recorder->statuses.empty());
  EXPECT_EQ(recorder->statuses.back().position, 1);
  EXPECT_EQ(service_->Status(second)->position, 1);
}

// The executor's undo: a change that books a callback slot and is then not stored (the disk is
// full) frees the slot, and a booking the conversation had before stays counted.
TEST_F(ConversationServiceTest, AChangeThatIsNotStoredFreesTheSlotItBooked) {
  const std::string first = StartConversation();
  Say(first, "Ik wil een medewerker spreken");
  const auto slots = service_->CallbackSlots(first).value();
  ASSERT_GE(slots.size(), 2u);
  const auto book = [&](const std::string& id, const std::string& client, base::TimePoint slot) {
    return service_->Choose(id, {client, ChoiceOption::kCallback, slot, "0612345678", ""});
  };
  ASSERT_TRUE(book(first, "b1", slots[0].start).ok());  // 1 of the slot's 2 places

  failing_->fail_appends = true;
  EXPECT_EQ(book(first, "b2", slots[1].start).status().code(), base::StatusCode::kUnavailable);
  failing_->fail_appends = false;
  EXPECT_EQ(store_->Get(first)->callback->start, slots[0].start);

  // slots[1] has both its places (the failed booking was freed); slots[0] one (first's stays).
  std::vector<std::string> others;
  for (int i = 0; i < 3; ++i) {
    others.push_back(StartConversation());
    Say(others.back(), "Ik wil een medewerker spreken");
  }
  EXPECT_TRUE(book(others[0], "o1", slots[1].start).ok());
  EXPECT_TRUE(book(others[1], "o2", slots[1].start).ok());
  EXPECT_TRUE(book(others[2], "o3", slots[0].start).ok());
  const auto fourth = StartConversation();
  Say(fourth, "Ik wil een medewerker spreken");
  EXPECT_EQ(book(fourth, "o4", slots[0].start).status().code(),
            base::StatusCode::kFailedPrecondition);  // full: first's booking was kept
}

// Issue 11, item 6: off-topic is not a hand-off. The bot says what it can help with, the
// conversation stays with it, and a bank question after that is answered.
TEST_F(ConversationServiceTest, OffTopicIsDeclinedAndTheConversationStaysWithTheBot) {
  const std::string id = StartConversation();
  const Outcome trivia = Say(id, "wat is de hoofdstad van Frankrijk");
  const model::Event* reply = Find(trivia, EventKind::kBotReply);
  ASSERT_NE(reply, nullptr);
  EXPECT_EQ(Decision(*reply), model::ReplyDecision::kDecline);
  EXPECT_NE(reply->text.find("niet mee helpen"), std::string::npos) << reply->text;
  EXPECT_TRUE(std::get<model::BotReplyEvent>(reply->data).sources.empty());
  EXPECT_EQ(Find(trivia, EventKind::kHandoff), nullptr);
  EXPECT_EQ(trivia.status.state, ConversationState::kBot);

  const Outcome bank = Say(id, "Ik ben mijn pinpas kwijt, wat moet ik doen?");
  reply = Find(bank, EventKind::kBotReply);
  ASSERT_NE(reply, nullptr);
  EXPECT_EQ(Decision(*reply), model::ReplyDecision::kAnswer);
  EXPECT_EQ(FirstSource(*reply), "pas-blokkeren");
  EXPECT_EQ(bank.status.state, ConversationState::kBot);
  ExpectTheHistoryReplaysToTheSummary(*store_, store_->Get(id).value());
}

// "ben je een echt mens?" is answered with what the bot is and the offer of a person; a plain yes
// to that offer is a request for one. The same yes without the offer is no hand-off.
TEST_F(ConversationServiceTest, APlainYesToTheOfferOfAPersonIsARequestForOne) {
  const std::string id = StartConversation();
  const Outcome yes_alone = Say(id, "ja graag");
  EXPECT_EQ(Find(yes_alone, EventKind::kHandoff), nullptr);
  EXPECT_EQ(yes_alone.status.state, ConversationState::kBot);

  const Outcome asked = Say(id, "ben je een echt mens?");
  const model::Event* reply = Find(asked, EventKind::kBotReply);
  ASSERT_NE(reply, nullptr);
  EXPECT_EQ(Decision(*reply), model::ReplyDecision::kDecline);
  EXPECT_NE(reply->text.find("medewerker spreken"), std::string::npos) << reply->text;
  EXPECT_EQ(asked.status.state, ConversationState::kBot);

  const Outcome yes = Say(id, "Ja, graag!");
  reply = Find(yes, EventKind::kBotReply);
  ASSERT_NE(reply, nullptr);
  EXPECT_EQ(Decision(*reply), model::ReplyDecision::kHandoff);
  EXPECT_NE(reply->text.find("medewerker spreken"), std::string::npos) << reply->text;
  const model::Event* handoff = Find(yes, EventKind::kHandoff);
  ASSERT_NE(handoff, nullptr);
  EXPECT_EQ(std::get<model::HandoffEvent>(handoff->data).cause, "asked_for_person");
  EXPECT_NE(yes.status.state, ConversationState::kBot);
  ExpectTheHistoryReplaysToTheSummary(*store_, store_->Get(id).value());
}

// "Dat klopt niet" after an answer: the bot asks for the question in other words and offers a
// person, and a plain yes to that offer is a request for one.
TEST_F(ConversationServiceTest, AYesAfterTheBotSaidItHadNotUnderstoodIsARequestForAPerson) {
  const std::string id = StartConversation();
  Say(id, "Hoe hoog is de spaarrente?");
  const Outcome wrong = Say(id, "dat klopt niet");
  const model::Event* reply = Find(wrong, EventKind::kBotReply);
  ASSERT_NE(reply, nullptr);
  EXPECT_EQ(Decision(*reply), model::ReplyDecision::kDecline);
  EXPECT_EQ(FirstSource(*reply), "");
  EXPECT_NE(reply->text.find("andere woorden"), std::string::npos) << reply->text;
  EXPECT_EQ(wrong.status.state, ConversationState::kBot);

  const Outcome yes = Say(id, "ja graag");
  const model::Event* handoff = Find(yes, EventKind::kHandoff);
  ASSERT_NE(handoff, nullptr);
  EXPECT_EQ(std::get<model::HandoffEvent>(handoff->data).cause, "asked_for_person");
  ExpectTheHistoryReplaysToTheSummary(*store_, store_->Get(id).value());
}

// In English, the hand-off is in the offer's language.
TEST_F(ConversationServiceTest, AYesToAnEnglishOfferIsHandedOffInEnglish) {
  const std::string id = StartConversation();
  Say(id, "am I talking to a real person?");
  const Outcome yes = Say(id, "yes please");
  const model::Event* reply = Find(yes, EventKind::kBotReply);
  ASSERT_NE(reply, nullptr);
  EXPECT_EQ(Decision(*reply), model::ReplyDecision::kHandoff);
  EXPECT_NE(reply->text.find("talk to a person"), std::string::npos) << reply->text;
  EXPECT_NE(Find(yes, EventKind::kHandoff), nullptr);
}

// With the organisation's register "je", the bot's sentences and the status around them say "je"
// (issue 11: consistent with a knowledge base that does).
TEST_F(ConversationServiceTest, TheBotAndTheStatusSpeakInTheOrganisationsRegister) {
  dutch_register_ = model::Register::kInformal;
  OpenService();
  const std::string id = StartConversation();
  EXPECT_EQ(service_->Status(id)->message.substr(0, 9), "Je chat m");
  const Outcome trivia = Say(id, "wat is de hoofdstad van Frankrijk");
  const model::Event* reply = Find(trivia, EventKind::kBotReply);
  ASSERT_NE(reply, nullptr);
  EXPECT_EQ(reply->text.substr(0, 37), "Daar kan ik je helaas niet mee helpen") << reply->text;
  EXPECT_NE(reply->text.find("als je die nodig hebt"), std::string::npos) << reply->text;
  const Outcome person = Say(id, "ik wil een medewerker spreken");
  reply = Find(person, EventKind::kBotReply);
  ASSERT_NE(reply, nullptr);
  EXPECT_EQ(reply->text, "Je wilt graag een medewerker spreken: ik geef je bericht door.");
  EXPECT_EQ(person.status.message.substr(0, 15), "Je bent nummer ") << person.status.message;
  for (const std::string& text : {trivia.status.message, person.status.message, reply->text}) {
    for (const std::string& word : base::Words(text)) {
      EXPECT_TRUE(word != "u" && word != "uw") << text;
    }
  }
}

// The reply is in the question's language, and so is what Balie says around it: a conversation
// started in Dutch goes on in English after an English question (the status, the hand-off), and
// back; a message that shows no language keeps the conversation's.
TEST_F(ConversationServiceTest, TheSentencesAroundAnAnswerFollowTheQuestionsLanguage) {
  const std::string id = StartConversation(Language::kDutch);
  const Outcome english = Say(id, "I lost my debit card, what should I do?");
  const model::Event* reply = Find(english, EventKind::kBotReply);
  ASSERT_NE(reply, nullptr);
  EXPECT_EQ(std::get<model::BotReplyEvent>(reply->data).language, Language::kEnglish);
  EXPECT_EQ(english.status.language, Language::kEnglish);
  EXPECT_EQ(english.status.message.substr(0, 12), "You are chat") << english.status.message;
  const Outcome unclear = Say(id, "123");
  EXPECT_EQ(unclear.status.language, Language::kEnglish);
  const Outcome person = Say(id, "I want to talk to a person");
  reply = Find(person, EventKind::kBotReply);
  ASSERT_NE(reply, nullptr);
  EXPECT_EQ(reply->text, "You would like to talk to a person: I am passing your message on.");
  EXPECT_EQ(person.status.message.substr(0, 14), "You are number") << person.status.message;
  const model::Event* handoff = Find(person, EventKind::kHandoff);
  ASSERT_NE(handoff, nullptr);
  EXPECT_EQ(std::get<model::HandoffEvent>(handoff->data).queue.name.substr(0, 16),
            "Customer service");
  ExpectTheHistoryReplaysToTheSummary(*store_, store_->Get(id).value());

  const std::string back = StartConversation(Language::kEnglish);
  const Outcome dutch = Say(back, "Ik ben mijn pinpas kwijt, wat moet ik doen?");
  EXPECT_EQ(dutch.status.language, Language::kDutch);
  EXPECT_EQ(dutch.status.message.substr(0, 9), "U chat me") << dutch.status.message;
  ExpectTheHistoryReplaysToTheSummary(*store_, store_->Get(back).value());
}

// The article's main topic (its first) chooses, whichever queue comes first in the configuration:
// a complaint [klachten, service] goes to the complaints team, not to general service.
TEST(QueueBoardTest, TheFirstTopicThatAQueueListsChooses) {
  std::vector<QueueConfig> queues;
  queues.push_back(Queue("algemeen", {"service", "pas"}, 1));
  queues.push_back(Queue("klachten", {"klachten"}, 1));
  const QueueBoard board(std::move(queues), "algemeen");
  EXPECT_EQ(board.Choose({"klachten", "service"})->id, "klachten");
  EXPECT_EQ(board.Choose({"pas", "klachten"})->id, "algemeen");
  EXPECT_EQ(board.Choose({"onbekend"})->id, "algemeen");
}

TEST_F(ConversationServiceTest, TopicsChooseTheQueue) {
  const std::string id = StartConversation();
  auto outcome = Say(id, "Ik wil mijn rentevaste periode wijzigen");
  ASSERT_EQ(Decision(*Find(outcome, EventKind::kBotReply)), model::ReplyDecision::kAnswer);
  auto requested = service_->RequestPerson(id, "p-1", false);
  ASSERT_TRUE(requested.ok());
  EXPECT_EQ(requested->status.queue_id, "hypotheken");
}

TEST_F(ConversationServiceTest, WhenClosedSaysWhenItOpensAndKeepsTheQuestion) {
  clock_.Set(kSundayNight);
  const std::string id = StartConversation(Language::kEnglish);
  Outcome outcome = Say(id, "I want to talk to a real person");
  EXPECT_EQ(outcome.status.state, ConversationState::kFollowUp);
  EXPECT_FALSE(outcome.status.open);
  ASSERT_TRUE(outcome.status.opens_at.has_value());
  EXPECT_EQ(base::FormatTime(*outcome.status.opens_at), "2026-11-30T07:00:00Z");
  EXPECT_NE(outcome.status.message.find("closed now and opens again tomorrow at 08:00"),
            std::string::npos)
      << outcome.status.message;
  const model::Event* choice = Find(outcome, EventKind::kChoice);
  ASSERT_NE(choice, nullptr);
  EXPECT_EQ(std::get<model::ChoiceEvent>(choice->data).option, ChoiceOption::kLeaveMessage);
  EXPECT_EQ(std::get<model::ChoiceEvent>(choice->data).by, model::Author::kSystem);
  // Waiting is not possible while closed; a callback is.
  EXPECT_EQ(outcome.status.options,
            (std::vector{ChoiceOption::kLeaveMessage, ChoiceOption::kCallback}));
  auto wait = service_->Choose(id, {"c-1", ChoiceOption::kWait, {}, "", ""});
  EXPECT_EQ(wait.status().code(), base::StatusCode::kFailedPrecondition);
  EXPECT_NE(wait.status().message().find("closed"), std::string::npos);
}

TEST_F(ConversationServiceTest, AfterHoursTheBotKeepsAnsweringWhileTheQuestionWaits) {
  clock_.Set(kSundayNight);
  const std::string id = StartConversation(Language::kEnglish);
  ASSERT_EQ(Say(id, "I want to talk to a real person").status.state, ConversationState::kFollowUp);

  // Urgent on a Sunday night: the bot answers (blocking a card is 24/7), the question still waits.
  const Outcome lost = Say(id, "I lost my card");
  const model::Event* reply = Find(lost, EventKind::kBotReply);
  ASSERT_NE(reply, nullptr);
  EXPECT_EQ(Decision(*reply), model::ReplyDecision::kAnswer);
  EXPECT_EQ(FirstSource(*reply), "pas-blokkeren-en");
  EXPECT_EQ(lost.status.state, ConversationState::kFollowUp);

  // What the bot would hand over goes to the person who replies, without a second hand-off.
  const Outcome fraud = Say(id, "I entered my bank details on a fake website");
  reply = Find(fraud, EventKind::kBotReply);
  ASSERT_NE(reply, nullptr);
  EXPECT_EQ(Decision(*reply), model::ReplyDecision::kHandoff);
  EXPECT_EQ(reply->text.rfind("Your question is already with Customer service algemeen: a member "
                              "of staff will reply here when someone is there again, tomorrow at "
                              "08:00.",
                              0),
            0U)
      << reply->text;
  // Fraud cannot wait until tomorrow: the knowledge base's 24/7 line is in the reply itself.
  EXPECT_NE(reply->text.find("24 hours a day"), std::string::npos) << reply->text;
  EXPECT_EQ(FirstSource(*reply), "phishing-melden-en");
  EXPECT_EQ(Find(fraud, EventKind::kHandoff), nullptr);
  EXPECT_EQ(fraud.status.state, ConversationState::kFollowUp);

  // Off-topic: declined by the bot; the question still waits, nothing is handed over again.
  const Outcome trivia = Say(id, "what is the capital of France");
  reply = Find(trivia, EventKind::kBotReply);
  ASSERT_NE(reply, nullptr);
  EXPECT_EQ(Decision(*reply), model::ReplyDecision::kDecline);
  EXPECT_EQ(Find(trivia, EventKind::kHandoff), nullptr);
  EXPECT_EQ(trivia.status.state, ConversationState::kFollowUp);
  ExpectTheHistoryReplaysToTheSummary(*store_, store_->Get(id).value());
}

TEST_F(ConversationServiceTest, BooksACallbackOnlyInAFreeSlot) {
  clock_.Set(kSundayNight);
  const std::string first = StartConversation();
  Say(first, "Ik heb een vraag over mijn hypotheek, kan ik iemand spreken?");
  auto slots = service_->CallbackSlots(first);
  ASSERT_TRUE(slots.ok());
  ASSERT_FALSE(slots->empty());
  EXPECT_EQ(base::FormatTime(slots->front().start), "2026-11-30T07:00:00Z");  // Monday 08:00

  auto bad_phone = service_->Choose(
      first, {"c-1", ChoiceOption::kCallback, slots->front().start, "call me", ""});
  EXPECT_EQ(bad_phone.status().code(), base::StatusCode::kInvalidArgument);
  auto no_slot = service_->Choose(first, {"c-1", ChoiceOption::kCallback, {}, "0201234567", ""});
  EXPECT_EQ(no_slot.status().code(), base::StatusCode::kInvalidArgument);

  auto booked = service_->Choose(
      first, {"c-1", ChoiceOption::kCallback, slots->front().start, "+31 20 123 4567", "An"});
  ASSERT_TRUE(booked.ok()) << booked.status().ToString();
  EXPECT_EQ(booked->status.state, ConversationState::kCallback);
  ASSERT_TRUE(booked->status.callback.has_value());
  EXPECT_EQ(booked->status.callback->phone, "+31 20 123 4567");
  EXPECT_NE(booked->status.message.find("morgen om 08:00 terug op +31 20 123 4567"),
            std::string::npos)
      << booked->status.message;
  // Changing one's mind frees the slot.
  ASSERT_TRUE(service_->Choose(first, {"c-3", ChoiceOption::kLeaveMessage, {}, "", ""}).ok());
  EXPECT_EQ(store_->Get(first)->state, ConversationState::kFollowUp);
  EXPECT_FALSE(store_->Get(first)->callback.has_value());
}

TEST_F(ConversationServiceTest, TheLastPlaceInASlotGoesToOneCustomer) {
  clock_.Set(kSundayNight);
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    ids.push_back(StartConversation());
    Say(ids.back(), "Ik wil mijn rentevaste periode wijzigen");
    ASSERT_TRUE(service_->RequestPerson(ids.back(), "p", false).ok());
  }
  ASSERT_EQ(service_->Status(ids[0])->queue_id, "hypotheken");  // one callback per slot
  const base::TimePoint slot = service_->CallbackSlots(ids[0])->front().start;
  std::atomic<int> booked{0};
  std::vector<std::thread> threads;
  for (const std::string& id : ids) {
    threads.emplace_back([&, id] {
      if (service_->Choose(id, {"cb", ChoiceOption::kCallback, slot, "0201234567", ""}).ok()) {
        ++booked;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(booked.load(), 1);
}

TEST_F(ConversationServiceTest, NothingToChooseWithoutAHandoff) {
  const std::string id = StartConversation();
  EXPECT_EQ(service_->Choose(id, {"c-1", ChoiceOption::kWait, {}, "", ""}).status().code(),
            base::StatusCode::kFailedPrecondition);
}

TEST_F(ConversationServiceTest, RecoverAnswersWhatACrashLeftAndRebuildsTheQueue) {
  const std::string waiting = StartConversation();
  Say(waiting, "Ik wil een medewerker spreken");
  const std::string unanswered = StartConversation();
  // As if the process died between storing the message and storing the reply.
  model::Conversation c = store_->Get(unanswered).value();
  c.awaiting_reply = true;
  c.last_seq = 2;
  model::Event message;
  message.seq = 2;
  message.data = model::DefaultData(EventKind::kCustomerMessage);
  message.author = model::Author::kCustomer;
  message.at = clock_.Now();
  message.client_id = "m-1";
  message.text = "Wat kost een betaalrekening?";
  ASSERT_TRUE(store_->Append(c, {&message, 1}).ok());

  OpenService();  // a restart
  auto answered = service_->Recover();
  ASSERT_TRUE(answered.ok()) << answered.status().ToString();
  EXPECT_EQ(*answered, 1u);
  auto history = service_->History(unanswered, 0, 100);
  ASSERT_EQ(history->size(), 3u);
  EXPECT_EQ(history->back().kind(), EventKind::kBotReply);
  EXPECT_FALSE(store_->Get(unanswered)->awaiting_reply);
  EXPECT_EQ(service_->Status(waiting)->position, 1);
  // A resend of the message after the restart is a duplicate, not a second question.
  auto resent = service_->PostMessage(unanswered, {"m-1", "Wat kost een betaalrekening?", ""});
  ASSERT_TRUE(resent.ok());
  EXPECT_TRUE(resent->receipt.duplicate);
  EXPECT_EQ(service_->History(unanswered, 0, 100)->size(), 3u);
}

// Never a dead end: whatever customers do, in or out of office hours, every customer message ends
// with a reply, a person, a booked callback or a recorded follow-up.
TEST_F(ConversationServiceTest, NoSequenceOfActionsEndsInADeadEnd) {
  const std::vector<std::string> messages = {
      "Ik ben mijn pas kwijt",         "Wat is de spaarrente?",
      "Ik wil een medewerker spreken", "ik heb betalingsproblemen",
      "jullie zijn waardeloos!!!",     "xyzzy plugh",
      "Hoe open ik een rekening?",     "I want to speak to an agent",
      "Mijn vader is overleden",       "Kan ik extra aflossen op mijn hypotheek?"};
  std::mt19937 random(20261124);
  std::vector<std::string> ids;
  for (int i = 0; i < 6; ++i) ids.push_back(StartConversation());
  for (int step = 0; step < 300; ++step) {
    const std::string& id = ids[random() % ids.size()];
    const std::string client = "s" + std::to_string(step);
    switch (random() % 6) {
      case 0:
      case 1:
      case 2:
        (void)service_->PostMessage(id, {client, messages[random() % messages.size()], ""});
        break;
      case 3:
        (void)service_->RequestPerson(id, client, false);
        break;
      case 4: {
        const auto option = static_cast<ChoiceOption>(random() % 3);
        std::optional<base::TimePoint> slot;
        if (auto slots = service_->CallbackSlots(id); slots.ok() && !slots->empty()) {
          slot = (*slots)[random() % slots->size()].start;
        }
        (void)service_->Choose(id, {client, option, slot, "0612345678", ""});
        break;
      }
      case 5:
        clock_.Advance(std::chrono::minutes(random() % 600));
        break;
    }
    for (const std::string& each : ids) {
      const model::Conversation c = store_->Get(each).value();
      const auto history = service_->History(each, 0, 1000).value();
      auto last_customer = std::find_if(history.rbegin(), history.rend(), [](const auto& e) {
        return e.kind() == EventKind::kCustomerMessage;
      });
      if (last_customer == history.rend()) continue;
      const bool replied = std::any_of(history.rbegin(), last_customer, [](const auto& e) {
        return e.kind() == EventKind::kBotReply;
      });
      const bool person_on_it =
          c.state == ConversationState::kWaiting || c.state == ConversationState::kFollowUp ||
          c.state == ConversationState::kCallback || c.state == ConversationState::kAssigned;
      ASSERT_TRUE(replied || person_on_it) << "dead end in " << each << " at step " << step
                                           << ": state " << model::StateName(c.state);
      ASSERT_FALSE(c.awaiting_reply);
      ExpectTheHistoryReplaysToTheSummary(*store_, c);
      if (c.state == ConversationState::kCallback) {
        ASSERT_TRUE(c.callback.has_value());
      }
      if (c.state == ConversationState::kWaiting) {
        ASSERT_TRUE(board_->Position(c.queue, c.id).has_value());
      }
    }
  }
}

// A long conversation pages on at the page size, and internal notes (which the customer does not
// see) neither shorten a page nor end the paging early: a page is short only at the end.
TEST_F(ConversationServiceTest, HistoryPagesAreFullUntilTheEndWhateverNotesThereAre) {
  const std::string id = StartConversation();  // event 1
  auto conversation = store_->Get(id);
  ASSERT_TRUE(conversation.ok());
  // Events 2..760: customer messages and replies (600 of them), a note for every ninth event,
  // a run of 80 notes just before the 500th visible event, and 5 notes at the end.
  std::vector<model::Event> events;
  std::vector<std::int64_t> visible = {1};
  for (std::int64_t seq = 2; seq <= 760; ++seq) {
    model::Event event;
    event.seq = seq;
    event.at = clock_.Now();
    const bool note = seq % 9 == 0 || (seq > 560 && seq <= 640) || seq > 755;
    if (note) {
      event.data = model::DefaultData(EventKind::kNote);
      event.author = model::Author::kAgent;
    } else if (seq % 2 == 0) {
      event.data = model::DefaultData(EventKind::kCustomerMessage);
      event.author = model::Author::kCustomer;
      event.client_id = "h" + std::to_string(seq);
      visible.push_back(seq);
    } else {
      event.data = model::DefaultData(EventKind::kBotReply);
      event.author = model::Author::kBot;
      visible.push_back(seq);
    }
    event.text = "tekst " + std::to_string(seq);
    events.push_back(std::move(event));
  }
  conversation->last_seq = 760;
  ASSERT_TRUE(store_->Append(*conversation, events).ok());
  ASSERT_EQ(visible.size(), 601u);

  EXPECT_EQ(service_->History(id, 0, 500)->size(), 500u);
  std::vector<std::int64_t> seen;
  std::int64_t after = 0;
  for (int round = 0; round < 10; ++round) {
    auto page = service_->Page(id, after, 500);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    for (const model::Event& event : page->events) seen.push_back(event.seq);
    if (!page->more) break;
    EXPECT_EQ(page->events.size(), 500u) << "a page before the last is short";
    after = page->events.back().seq;
  }
  EXPECT_EQ(seen, visible);
  // At the exact boundary: as many visible events left as asked for, then nothing but notes.
  auto exact = service_->Page(id, visible[visible.size() - 501], 500);
  ASSERT_TRUE(exact.ok());
  EXPECT_FALSE(exact->more);
  EXPECT_EQ(exact->events.size(), 500u);
  auto one_more = service_->Page(id, visible[visible.size() - 502], 500);
  ASSERT_TRUE(one_more.ok());
  EXPECT_TRUE(one_more->more);
  EXPECT_EQ(one_more->events.size(), 500u);
  auto past_end = service_->Page(id, visible.back(), 500);
  ASSERT_TRUE(past_end.ok());
  EXPECT_TRUE(past_end->events.empty());
  EXPECT_FALSE(past_end->more);
}

// A second process on the same store (as several `balie serve` on one PostgreSQL database):
// what the first one stores reaches its watchers and settles its lines and loads, each change
// once however often it is settled, and Reconcile rebuilds the same from storage.
TEST_F(ConversationServiceTest, AnotherProcessesChangesSettleItsLinesLoadsAndWatchers) {
  std::vector<QueueConfig> queues;
  queues.push_back(Queue("algemeen", {"algemeen"}, 2));
  queues.push_back(Queue("hypotheken", {"hypotheek"}, 1));
  QueueBoard other_board(std::move(queues), "algemeen");
  AgentRoster other_roster{clock_};
  testing::PutOnDuty(other_roster, "s_dienst", {"algemeen", "hypotheken"});
  ConversationHub other_hub;
  StaffHub other_staff_hub;
  ConversationCore other(*store_, DemoEngine(), clock_, other_board, other_roster, other_hub,
                         other_staff_hub);
  RemoteChanges remote(other);

  const std::string id = StartConversation();
  auto watcher = std::make_shared<Recorder>();
  other_hub.Subscribe(id, watcher);
  const std::int64_t started = store_->Get(id)->last_seq;
  ASSERT_TRUE(service_->RequestPerson(id, "h1").ok());
  const std::int64_t handed_off = store_->Get(id)->last_seq;
  ASSERT_EQ(store_->Get(id)->state, ConversationState::kWaiting);
  const storage::StoredChange handoff{id, started + 1, handed_off, true};
  remote.Apply({&handoff, 1});
  EXPECT_EQ(other_board.Position("algemeen", id), 1);
  {
    std::lock_guard lock(watcher->mutex_);
    EXPECT_EQ(watcher->stored_elsewhere, std::vector<std::int64_t>{handed_off});
  }

  auto change = core_->Begin(id, "");
  ASSERT_TRUE(change.ok());
  std::vector<model::Event> committed;
  ASSERT_TRUE(core_
                  ->Do(*change, model::Assign{"", model::Author::kSystem, {"s_dienst", "Dienst"}},
                       committed)
                  .ok());
  change->lock.unlock();
  const storage::StoredChange assigned{id, handed_off + 1, store_->Get(id)->last_seq, true};
  remote.Apply({&assigned, 1});
  remote.Apply({&assigned, 1});  // settled twice: counted once
  EXPECT_FALSE(other_board.Position("algemeen", id).has_value());
  EXPECT_EQ(other_roster.Agent("s_dienst")->chats, 1);

  // A change settled here before an earlier one's notification: the line follows storage.
  ASSERT_TRUE(other.SettleElsewhere(id, started + 1, handed_off).ok());
  EXPECT_FALSE(other_board.Position("algemeen", id).has_value());
  EXPECT_EQ(other_roster.Agent("s_dienst")->chats, 1);
  ASSERT_TRUE(other.Reconcile().ok());
  EXPECT_FALSE(other_board.Position("algemeen", id).has_value());
  EXPECT_EQ(other_roster.Agent("s_dienst")->chats, 1);
}

}  // namespace
}  // namespace balie::service
