#include "api/staff_stream.h"

#include "api/frames.h"
#include "api/staff_frames.h"
#include "api/staff_json.h"
#include "base/time_format.h"

namespace balie::api {

using nlohmann::json;

// Forwards one watched conversation's events (internal notes included) to the console.
class StaffStream::Watch final : public service::ConversationListener {
 public:
  Watch(std::weak_ptr<StaffStream> stream, std::string conversation_id)
      : stream_(std::move(stream)), conversation_id_(std::move(conversation_id)) {}
  void OnEvent(const model::Event& event) override {
    if (auto stream = stream_.lock()) {
      stream->connection_->Send(Dump({{"type", "event"},
                                      {"conversation_id", conversation_id_},
                                      {"event", StaffEventJson(event)}}));
    }
  }
  void OnStatus(const service::ConversationStatus&) override {}
  void OnTyping(model::Author) override {}

 private:
  std::weak_ptr<StaffStream> stream_;
  std::string conversation_id_;
};

StaffStream::StaffStream(std::shared_ptr<net::WebSocketConnection> connection,
                         model::StaffMember member, ApiServices services, base::WorkerPool& workers)
    : connection_(std::move(connection)),
      member_(std::move(member)),
      services_(services),
      workers_(workers) {}

StaffStream::~StaffStream() { services_.staff_hub.Unsubscribe(this); }

void StaffStream::Begin() {
  services_.roster.ConsoleConnected(member_.id);
  services_.staff_hub.Subscribe(shared_from_this());
  services_.staff_hub.PublishChanged();  // others see the agent arrive
  OnChanged();
}

void StaffStream::OnChanged() {
  if (refresh_pending_.exchange(true)) {
    refresh_again_ = true;  // the refresh in flight may have read too early
    return;
  }
  if (!workers_.Post([self = shared_from_this()] { self->Refresh(); })) {
    refresh_pending_ = false;
  }
}

void StaffStream::Refresh() {
  do {
    refresh_again_ = false;
    const base::TimePoint now = services_.clock.Now();
    if (auto inbox = services_.desk.InboxOf(member_); inbox.ok()) {
      json frame = InboxJson(*inbox, now);
      frame["type"] = "inbox";
      connection_->Send(Dump(frame));
    }
    if (auto view = services_.roster.Agent(member_.id)) {
      std::string presence = Dump({{"type", "presence"}, {"presence", PresenceJson(*view)}});
      std::lock_guard lock(mutex_);
      if (presence != last_presence_) {
        last_presence_ = presence;
        connection_->Send(std::move(presence));
      }
    }
    if (model::RoleAtLeast(member_.role, model::Role::kSupervisor)) {
      json frame = OverviewJson(services_.desk.GetOverview());
      frame["type"] = "overview";
      connection_->Send(Dump(frame));
    }
  } while (refresh_again_.exchange(false));
  refresh_pending_ = false;
  if (refresh_again_) {
    OnChanged();
  }
}

void StaffStream::OnAssigned(const std::string& agent_id, const std::string& conversation_id) {
  if (agent_id != member_.id) {
    return;
  }
  connection_->Send(Dump({{"type", "assigned"}, {"conversation_id", conversation_id}}));
}

void StaffStream::OnCustomerTyping(const std::string& conversation_id) {
  std::lock_guard lock(mutex_);
  if (watches_.contains(conversation_id)) {
    connection_->Send(Dump({{"type", "typing"}, {"conversation_id", conversation_id}}));
  }
}

void StaffStream::Unwatch(const std::string& conversation_id) {
  std::lock_guard lock(mutex_);
  if (auto found = watches_.find(conversation_id); found != watches_.end()) {
    services_.hub.Unsubscribe(conversation_id, found->second.get());
    watches_.erase(found);
  }
}

void StaffStream::OnMessage(std::string_view message) {
  auto decoded = DecodeStaffFrame(message);
  services_.roster.Heartbeat(member_.id);  // any frame is a sign of life
  if (const auto* error = std::get_if<FrameError>(&decoded)) {
    return connection_->Send(ErrorFrame(error->code, error->message));
  }
  const StaffFrame& frame = std::get<StaffFrame>(decoded);
  switch (frame.type) {
    case StaffFrameType::kHeartbeat:
      return;
    case StaffFrameType::kWatch: {
      auto watch = std::make_shared<Watch>(weak_from_this(), frame.conversation_id);
      std::lock_guard lock(mutex_);
      if (watches_.size() >= 50 || watches_.contains(frame.conversation_id)) {
        return;
      }
      services_.hub.Subscribe(frame.conversation_id, watch);
      watches_.emplace(frame.conversation_id, std::move(watch));
      return;
    }
    case StaffFrameType::kUnwatch:
      return Unwatch(frame.conversation_id);
    case StaffFrameType::kTyping:
      services_.roster.Acted(member_.id);
      return services_.hub.PublishTyping(frame.conversation_id, model::Author::kAgent);
    case StaffFrameType::kPresence:
      services_.roster.Choose(
          member_.id, frame.state,
          frame.state == routing::ChosenState::kAway ? frame.back_at : std::nullopt);
      services_.staff_hub.PublishChanged();
      return;
  }
}

void StaffStream::OnTooLarge(size_t size) {
  connection_->Send(
      ErrorFrame("too_large", "the frame has " + std::to_string(size) + " bytes; too large"));
}

void StaffStream::OnClose() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    for (const auto& [id, watch] : watches_) {
      services_.hub.Unsubscribe(id, watch.get());
    }
    watches_.clear();
  }
  services_.staff_hub.Unsubscribe(this);
  services_.roster.ConsoleDisconnected(member_.id);
  services_.staff_hub.PublishChanged();
}

}  // namespace balie::api
