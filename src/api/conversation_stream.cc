#include "api/conversation_stream.h"

#include <algorithm>

#include "api/frames.h"
#include "base/barrier.h"

namespace balie::api {
namespace {

constexpr size_t kReplayPage = 200;
// When a customer is asked to resend what storage could not take (PostgreSQL reconnects every
// second meanwhile).
constexpr std::chrono::milliseconds kResendAfter{1000};
// A replay that cannot read the conversation is tried again this often before the stream is
// closed (10 s: a PostgreSQL restart).
constexpr std::chrono::milliseconds kReplayRetryAfter{500};
constexpr int kReplayTries = 20;
// Frames of one stream waiting for the one of it on the workers (the rate limits keep it far
// below).
constexpr size_t kMaxWaitingFrames = 100;

// The stream error code for a service refusal.
std::string_view ErrorCode(const base::Status& status) {
  switch (status.code()) {
    case base::StatusCode::kInvalidArgument:
      return "bad_field";
    case base::StatusCode::kFailedPrecondition:
    case base::StatusCode::kAborted:
    case base::StatusCode::kAlreadyExists:
      return "conflict";
    case base::StatusCode::kNotFound:
      return "not_found";
    case base::StatusCode::kResourceExhausted:
      return "rate_limited";
    case base::StatusCode::kUnavailable:
      return "unavailable";
    default:
      return "internal";
  }
}

bool IsBooking(const ClientFrame& frame) {
  return frame.type == FrameType::kChoose && frame.option == service::ChoiceOption::kCallback;
}

}  // namespace

ConversationStream::ConversationStream(std::shared_ptr<net::WebSocketConnection> connection,
                                       std::string conversation_id, std::int64_t after,
                                       std::string address, std::shared_ptr<void> place,
                                       StreamServices services, const StreamOptions& options)
    : connection_(std::move(connection)),
      conversation_id_(std::move(conversation_id)),
      address_(std::move(address)),
      place_(std::move(place)),
      service_(services.service),
      hub_(services.hub),
      workers_(services.workers),
      limits_(services.limits),
      clock_(services.clock),
      options_(options),
      typing_(services.limits.options().actions_per_second, services.limits.options().action_burst),
      last_sent_seq_(after) {}

ConversationStream::~ConversationStream() { hub_.Unsubscribe(conversation_id_, this); }

void ConversationStream::Begin() {
  hub_.Subscribe(conversation_id_, shared_from_this());
  connection_->WhenDrained(
      [self = shared_from_this()](size_t room) { self->ContinueReplay(room); });
}

void ConversationStream::ContinueReplay(size_t room) {
  if (!workers_.Post([self = shared_from_this(), room] { self->ReplayStep(room); })) {
    connection_->Close(1001, "server shutting down");
  }
}

void ConversationStream::ReplayStep(size_t room) {
  // About half the room the connection has, then the rest once the client has read it: any
  // history goes through one connection, as fast as the client reads. Live events that arrive
  // meanwhile are held and sent after; those the replay already sent are skipped. What another
  // process stores meanwhile (again_) gets one more pass.
  const size_t step_bytes = std::max<size_t>(room / 2, 1);
  size_t sent = 0;
  for (;;) {
    std::int64_t after = 0;
    {
      std::lock_guard lock(mutex_);
      if (closed_) {
        return;
      }
      after = last_sent_seq_;
    }
    auto page = service_.Page(conversation_id_, after, kReplayPage);
    if (!page.ok() && ++replay_failures_ <= kReplayTries) {
      // Storage failing for a moment (PostgreSQL restarting): the stream stays open and the
      // replay is tried again; live events are held meanwhile.
      if (!workers_.PostAfter(kReplayRetryAfter,
                              [self = shared_from_this(), room] { self->ReplayStep(room); })) {
        connection_->Close(1001, "server shutting down");
      }
      return;
    }
    if (!page.ok()) {
      // Storage failing for longer: not a fault of this server, so 1013 (try again later) rather
      // than 1011 (internal error).
      connection_->Send(ErrorFrame("unavailable",
                                   "cannot read the conversation now: reconnect in a moment", "",
                                   kResendAfter.count()));
      connection_->Close(1013, "storage unavailable");
      return;
    }
    replay_failures_ = 0;
    {
      std::lock_guard lock(mutex_);
      for (const model::Event& event : page->events) {
        if (sent >= step_bytes) {
          connection_->WhenDrained(
              [self = shared_from_this()](size_t more) { self->ContinueReplay(more); });
          return;
        }
        sent += SendEventLocked(event);
      }
      if (page->more) {
        continue;
      }
    }
    auto status = service_.Status(conversation_id_);
    std::lock_guard lock(mutex_);
    if (again_) {
      again_ = false;
      continue;
    }
    replaying_ = false;
    for (const model::Event& event : held_events_) {
      SendEventLocked(event);
    }
    held_events_.clear();
    if (held_status_) {
      SendStatusLocked(*held_status_);
    } else if (status.ok()) {
      SendStatusLocked(*status);
    }
    held_status_.reset();
    return;
  }
}

size_t ConversationStream::SendEventLocked(const model::Event& event) {
  if (event.seq <= last_sent_seq_) {
    return 0;
  }
  // Counted as passed even when the customer does not see it, so that a gap means a missed event.
  last_sent_seq_ = event.seq;
  if (!model::VisibleToCustomer(event.kind())) {
    return 0;
  }
  std::string frame = EventFrame(event);
  if (frame.empty()) {
    return 0;  // nothing of this event is for the customer
  }
  const size_t size = frame.size();
  connection_->Send(std::move(frame));
  return size;
}

void ConversationStream::OnEvent(const model::Event& event) {
  {
    std::lock_guard lock(mutex_);
    if (closed_) {
      return;
    }
    if (replaying_) {
      held_events_.push_back(event);
      return;
    }
    if (event.seq <= last_sent_seq_ + 1) {
      SendEventLocked(event);
      return;
    }
    // Events before it were stored by another process and not yet read: read them first.
    replaying_ = true;
    held_events_.push_back(event);
  }
  CatchUp();
}

void ConversationStream::OnStoredElsewhere(std::int64_t last_seq) {
  {
    std::lock_guard lock(mutex_);
    if (closed_ || last_seq <= last_sent_seq_) {
      return;
    }
    if (replaying_) {
      again_ = true;
      return;
    }
    replaying_ = true;
  }
  CatchUp();
}

void ConversationStream::CatchUp() {
  connection_->WhenDrained(
      [self = shared_from_this()](size_t room) { self->ContinueReplay(room); });
}

void ConversationStream::OnStatus(const service::ConversationStatus& status) {
  std::lock_guard lock(mutex_);
  if (closed_) {
    return;
  }
  if (replaying_) {
    held_status_ = status;
    return;
  }
  SendStatusLocked(status);
}

void ConversationStream::SendStatusLocked(const service::ConversationStatus& status) {
  if (sent_status_ == status) {
    return;  // the customer has it: a bot reply publishes the status again, mostly unchanged
  }
  sent_status_ = status;
  connection_->Send(StatusFrame(status));
}

void ConversationStream::OnTyping(model::Author author) {
  if (author == model::Author::kCustomer) {
    return;  // the customer's own typing is for staff
  }
  connection_->Send(TypingFrame(author));
}

void ConversationStream::SendError(std::string_view code, std::string_view message,
                                   std::string_view client_id) {
  connection_->Send(ErrorFrame(code, message, client_id));
}

void ConversationStream::OnMessage(std::string_view message) {
  const base::Status handled = base::Contain(
      "a customer frame failed", {{"conversation", conversation_id_}}, [&] { Receive(message); });
  if (!handled.ok()) {
    SendError("internal", handled.message(), "");
  }
}

void ConversationStream::Receive(std::string_view message) {
  auto decoded = DecodeClientFrame(message);
  if (const auto* error = std::get_if<FrameError>(&decoded)) {
    return SendError(error->code, error->message, error->client_id);
  }
  const ClientFrame& frame = std::get<ClientFrame>(decoded);
  if (frame.type == FrameType::kPing) {
    return connection_->Send(PongFrame());
  }
  if (frame.type == FrameType::kTyping) {
    if (typing_.Take(clock_.Now())) {
      service_.Typing(conversation_id_);
    }
    return;  // too many typing frames are dropped: they change nothing
  }
  // The limits count per conversation, however many streams and HTTP clients it has.
  std::chrono::milliseconds retry_after{0};
  base::Status allowed = limits_.TakeAction(conversation_id_, retry_after);
  if (allowed.ok() && IsBooking(frame)) {
    allowed = limits_.TakeBooking(conversation_id_, address_, retry_after);
  }
  if (!allowed.ok()) {
    return connection_->Send(
        ErrorFrame("rate_limited", allowed.message(), frame.client_id, retry_after.count()));
  }
  // A message is answered here, on the I/O thread, and stored without a thread waiting for the
  // commit (run to completion), unless that would wait: then, as every other frame, on a worker.
  // A stream's frames are handled one after another, in the order they came: while one is on the
  // workers, the next wait for it (a message here waits for the conversation's lock, which an
  // earlier message's commit holds, on a worker). While frames wait for the workers at all
  // (overload), new ones queue behind them, first come first served.
  if (frame.type == FrameType::kMessage && workers_.backlog() == 0 && !OnWorkers() &&
      PostMessageNow(frame)) {
    return;
  }
  if (workers_.backlog() > options_.max_worker_backlog) {
    return SendError("unavailable",
                     "Balie is very busy: resend in a moment with the same client_id",
                     frame.client_id);
  }
  ToWorkers(frame, /*again=*/false);
}

void ConversationStream::ToWorkers(const ClientFrame& frame, bool again) {
  {
    std::lock_guard lock(frames_mutex_);
    if (on_workers_) {
      if (again) {
        waiting_frames_.push_front(frame);
        return;
      }
      if (waiting_frames_.size() >= kMaxWaitingFrames) {
        return SendError("unavailable",
                         "Balie is very busy: resend in a moment with the same client_id",
                         frame.client_id);
      }
      waiting_frames_.push_back(frame);
      return;
    }
    on_workers_ = true;
  }
  if (!workers_.Post([self = shared_from_this(), frame] { self->HandleInOrder(frame); })) {
    std::lock_guard lock(frames_mutex_);
    on_workers_ = false;  // nothing waits: it was not on the workers
    SendError("unavailable", "Balie is shutting down: reconnect and resend with the same client_id",
              frame.client_id);
  }
}

bool ConversationStream::OnWorkers() {
  std::lock_guard lock(frames_mutex_);
  return on_workers_;
}

void ConversationStream::HandleInOrder(ClientFrame frame) {
  for (;;) {
    const base::Status handled = base::Contain(
        "a customer frame failed", {{"conversation", conversation_id_}}, [&] { Handle(frame); });
    if (!handled.ok()) {
      SendError("internal", handled.message(), frame.client_id);
    }
    std::lock_guard lock(frames_mutex_);
    if (waiting_frames_.empty()) {
      on_workers_ = false;
      return;
    }
    frame = std::move(waiting_frames_.front());
    waiting_frames_.pop_front();
  }
}

bool ConversationStream::PostMessageNow(const ClientFrame& frame) {
  return service_.PostMessageThen(
      conversation_id_, {frame.client_id, frame.text, frame.article_id},
      [self = shared_from_this()](const service::Receipt& receipt) {
        self->connection_->Send(ReceiptFrame(receipt));
      },
      [self = shared_from_this(), frame](const base::Status& status) {
        if (status.code() == base::StatusCode::kAborted) {
          // Answered from a copy of the conversation that was stale, or a resend: nothing was
          // stored, and a worker reads the conversation and handles the message again.
          self->ToWorkers(frame, /*again=*/true);
        } else if (!status.ok()) {
          self->Refused(frame, status);
        }
      });
}

void ConversationStream::Handle(const ClientFrame& frame) {
  auto on_stored = [this](const service::Receipt& receipt) {
    connection_->Send(ReceiptFrame(receipt));
  };
  base::Status failure;
  switch (frame.type) {
    case FrameType::kMessage: {
      auto outcome = service_.PostMessage(
          conversation_id_, {frame.client_id, frame.text, frame.article_id}, on_stored);
      failure = outcome.status();
      break;
    }
    case FrameType::kHandoff:
      failure =
          service_.RequestPerson(conversation_id_, frame.client_id, frame.to_advisor, on_stored)
              .status();
      break;
    case FrameType::kChoose:
      failure = service_
                    .Choose(conversation_id_,
                            {frame.client_id, frame.option, frame.slot, frame.phone, frame.name,
                             frame.with_advisor},
                            on_stored)
                    .status();
      break;
    case FrameType::kTyping:
    case FrameType::kPing:
      break;
  }
  if (!failure.ok()) {
    Refused(frame, failure);
  }
}

void ConversationStream::Refused(const ClientFrame& frame, const base::Status& failure) {
  if (IsBooking(frame)) {
    limits_.RefundBooking(conversation_id_, address_);  // no callback was booked
  }
  if (failure.code() == base::StatusCode::kUnavailable) {
    // Storage failing (PostgreSQL restarting, a commit whose outcome is unknown): the customer
    // is told what to do, not the cause, which names the database (it is in the server's log).
    return connection_->Send(ErrorFrame(
        "unavailable",
        "Balie cannot store this right now: resend it in a moment with the same client_id",
        frame.client_id, kResendAfter.count()));
  }
  SendError(ErrorCode(failure), base::ForClient(failure).message(), frame.client_id);
}

void ConversationStream::OnTooLarge(size_t size) {
  SendError("too_large",
            "the frame has " + std::to_string(size) + " bytes; frames may have at most " +
                std::to_string(options_.max_frame_bytes) + " bytes",
            "");
}

void ConversationStream::OnClose() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    held_events_.clear();
  }
  hub_.Unsubscribe(conversation_id_, this);
}

}  // namespace balie::api
