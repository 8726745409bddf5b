#include "api/conversation_stream.h"

#include "api/frames.h"

namespace balie::api {
namespace {

constexpr size_t kReplayPage = 500;

// The stream error code for a service refusal.
std::string_view ErrorCode(const base::Status& status) {
  switch (status.code()) {
    case base::StatusCode::kInvalidArgument:
      return "bad_field";
    case base::StatusCode::kFailedPrecondition:
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

}  // namespace

ConversationStream::ConversationStream(std::shared_ptr<net::WebSocketConnection> connection,
                                       std::string conversation_id, std::int64_t after,
                                       service::ConversationService& service,
                                       service::ConversationHub& hub, base::WorkerPool& workers,
                                       const StreamOptions& options)
    : connection_(std::move(connection)),
      conversation_id_(std::move(conversation_id)),
      service_(service),
      hub_(hub),
      workers_(workers),
      options_(options),
      bucket_(options.messages_per_second, options.message_burst),
      last_sent_seq_(after) {}

ConversationStream::~ConversationStream() { hub_.Unsubscribe(conversation_id_, this); }

void ConversationStream::Begin() {
  hub_.Subscribe(conversation_id_, shared_from_this());
  if (!workers_.Post([self = shared_from_this()] { self->Replay(); })) {
    connection_->Close(1001, "server shutting down");
  }
}

void ConversationStream::Replay() {
  // Live events that arrive meanwhile are held and sent after, those already replayed skipped.
  for (;;) {
    std::int64_t after = 0;
    {
      std::lock_guard lock(mutex_);
      after = last_sent_seq_;
    }
    auto events = service_.History(conversation_id_, after, kReplayPage);
    if (!events.ok()) {
      connection_->Send(ErrorFrame("unavailable", "cannot read the conversation now: reconnect"));
      connection_->Close(1011, "storage unavailable");
      return;
    }
    std::lock_guard lock(mutex_);
    for (const model::Event& event : *events) {
      SendEventLocked(event);
    }
    if (events->size() < kReplayPage) {
      break;
    }
  }
  auto status = service_.Status(conversation_id_);
  std::lock_guard lock(mutex_);
  replaying_ = false;
  for (const model::Event& event : held_events_) {
    SendEventLocked(event);
  }
  held_events_.clear();
  if (held_status_) {
    connection_->Send(StatusFrame(*held_status_));
  } else if (status.ok()) {
    connection_->Send(StatusFrame(*status));
  }
  held_status_.reset();
}

void ConversationStream::SendEventLocked(const model::Event& event) {
  if (event.seq <= last_sent_seq_ || !model::VisibleToCustomer(event.kind)) {
    return;
  }
  last_sent_seq_ = event.seq;
  if (std::string frame = EventFrame(event); !frame.empty()) {
    connection_->Send(std::move(frame));
  }
}

void ConversationStream::OnEvent(const model::Event& event) {
  std::lock_guard lock(mutex_);
  if (closed_) {
    return;
  }
  if (replaying_) {
    held_events_.push_back(event);
    return;
  }
  SendEventLocked(event);
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
  auto decoded = DecodeClientFrame(message);
  if (const auto* error = std::get_if<FrameError>(&decoded)) {
    return SendError(error->code, error->message, error->client_id);
  }
  const ClientFrame& frame = std::get<ClientFrame>(decoded);
  if (frame.type == FrameType::kPing) {
    return connection_->Send(PongFrame());
  }
  const auto now = std::chrono::steady_clock::now();
  if (!bucket_.Take(now)) {
    return connection_->Send(ErrorFrame(
        "rate_limited", "too many frames per second: slow down and resend with the same client_id",
        frame.client_id, bucket_.Wait(now).count()));
  }
  if (frame.type == FrameType::kTyping) {
    return service_.Typing(conversation_id_);
  }
  if (workers_.backlog() > options_.max_worker_backlog) {
    return SendError("unavailable",
                     "Balie is very busy: resend in a moment with the same client_id",
                     frame.client_id);
  }
  if (!workers_.Post([self = shared_from_this(), frame] { self->Handle(frame); })) {
    SendError("unavailable", "Balie is shutting down: reconnect and resend with the same client_id",
              frame.client_id);
  }
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
    SendError(ErrorCode(failure), failure.message(), frame.client_id);
  }
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
