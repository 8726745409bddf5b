#include "api/staff_stream.h"

#include "api/frames.h"
#include "api/staff_frames.h"
#include "api/staff_json.h"
#include "base/barrier.h"
#include "base/log.h"
#include "base/time_format.h"

namespace balie::api {

using nlohmann::json;

namespace {

constexpr size_t kMaxWatches = 50;
constexpr size_t kMaxHeldEvents = 256;

// Events after which the conversation may have left the agent's sight: its queue, its agent or
// the person asked for changed.
bool MayChangeAccess(model::EventKind kind) {
  using model::EventKind;
  return kind != EventKind::kCustomerMessage && kind != EventKind::kBotReply &&
         kind != EventKind::kAgentMessage && kind != EventKind::kNote;
}

}  // namespace

// Forwards one watched conversation's events (internal notes included) to the console while the
// agent may see it; holds them back while that is being checked. Each seq once, in order: a live
// event after a gap, or a change stored by another process (OnStoredElsewhere), first reads what
// is missing from storage (CatchUp, on a worker).
class StaffStream::Watch final : public service::ConversationListener,
                                 public std::enable_shared_from_this<Watch> {
 public:
  // `after`: the last event the console has; without it, the watch starts from the last event
  // stored when it is first allowed (Start).
  Watch(std::weak_ptr<StaffStream> stream, std::string conversation_id, bool sees_everything,
        std::optional<std::int64_t> after)
      : stream_(std::move(stream)),
        conversation_id_(std::move(conversation_id)),
        sees_everything_(sees_everything),
        last_seq_(after.value_or(0)),
        known_(after.has_value()) {}

  const std::string& conversation_id() const { return conversation_id_; }

  // Whether the last check allowed it and no event since calls for another.
  bool allowed() {
    std::lock_guard lock(mutex_);
    return !checking_;
  }

  void OnEvent(const model::Event& event) override {
    auto stream = stream_.lock();
    if (!stream) {
      return;
    }
    bool check = false;
    {
      std::lock_guard lock(mutex_);
      if (known_ && event.seq > last_seq_ + 1) {
        // Events before it were stored by another process: read them (and this one) first.
        if (!catching_up_) {
          catching_up_ = true;
          return stream->CatchUp(shared_from_this());
        }
        again_ = true;
        return;
      }
      if (catching_up_) {
        again_ = again_ || event.seq > last_seq_;
        return;
      }
      check = DeliverLocked(*stream, event);
    }
    if (check) {
      stream->Check(shared_from_this());
    }
  }
  void OnStatus(const service::ConversationStatus&) override {}
  void OnTyping(model::Author) override {}
  void OnStoredElsewhere(std::int64_t last_seq) override {
    auto stream = stream_.lock();
    if (!stream) {
      return;
    }
    std::lock_guard lock(mutex_);
    if (!known_ || catching_up_) {
      again_ = true;  // caught up once it starts, or once more
      return;
    }
    if (last_seq > last_seq_) {
      catching_up_ = true;
      stream->CatchUp(shared_from_this());
    }
  }

  // On a worker, when the first check has allowed it (once): with `after`, the events stored
  // after it are read; without, the last event stored now is where the watch starts (unless
  // events came already).
  void Start(StaffStream& stream, service::AgentDesk& desk) {
    bool from_after = false;
    {
      std::lock_guard lock(mutex_);
      if (started_) {
        return;
      }
      started_ = true;
      from_after = known_ && !catching_up_;
      catching_up_ = catching_up_ || from_after;
    }
    if (from_after) {
      return CatchUpFrom(stream, desk);
    }
    auto last = desk.LastSeq(conversation_id_);
    std::lock_guard lock(mutex_);
    if (!known_) {
      known_ = true;
      last_seq_ = std::max(last_seq_, last.ok() ? *last : 0);
    }
    if (again_ && !catching_up_) {
      again_ = false;
      catching_up_ = true;
      stream.CatchUp(shared_from_this());
    }
  }

  // On a worker: reads and delivers the stored events after the last one delivered, until none
  // is left and nothing more was stored meanwhile.
  void CatchUpFrom(StaffStream& stream, service::AgentDesk& desk) {
    constexpr size_t kPage = 200;
    for (;;) {
      std::int64_t after = 0;
      {
        std::lock_guard lock(mutex_);
        after = last_seq_;
      }
      auto events = desk.EventsAfter(conversation_id_, after, kPage);
      bool check = false;
      {
        std::lock_guard lock(mutex_);
        if (!events.ok()) {
          catching_up_ = false;  // the next change or event tries again
          return;
        }
        for (const model::Event& event : *events) {
          check = DeliverLocked(stream, event) || check;
        }
        if (events->size() < kPage) {
          catching_up_ = again_;
          again_ = false;
        }
      }
      if (check) {
        stream.Check(shared_from_this());
      }
      std::lock_guard lock(mutex_);
      if (!catching_up_) {
        return;
      }
    }
  }

  // The check allowed it: sends what was held, up to the next event that calls for a check.
  void Allowed() {
    auto stream = stream_.lock();
    if (!stream) {
      return;
    }
    bool check = false;
    bool overflowed = false;
    {
      std::lock_guard lock(mutex_);
      overflowed = overflow_;
      if (!overflowed) {
        checking_ = false;
        size_t sent = 0;
        while (sent < held_.size() && !check) {
          check = SendLocked(*stream, held_[sent++]);
        }
        held_.erase(held_.begin(), held_.begin() + static_cast<std::ptrdiff_t>(sent));
      }
    }
    if (overflowed) {
      return stream->EndWatch(shared_from_this(), "unavailable",
                              "too many events while checking access; open the conversation again");
    }
    if (check) {
      stream->Check(shared_from_this());
    }
  }

 private:
  // Sends (or, while a check runs, holds) an event not delivered yet; true when it calls for a
  // check.
  bool DeliverLocked(StaffStream& stream, const model::Event& event) {
    if (known_ && event.seq <= last_seq_) {
      return false;
    }
    last_seq_ = std::max(last_seq_, event.seq);
    if (checking_) {
      if (held_.size() >= kMaxHeldEvents) {
        overflow_ = true;
      } else {
        held_.push_back(event);
      }
      return false;
    }
    return SendLocked(stream, event);
  }

  // Sends one event; true when it calls for a check (then later ones are held until it answers).
  bool SendLocked(StaffStream& stream, const model::Event& event) {
    stream.Send(Dump({{"type", "event"},
                      {"conversation_id", conversation_id_},
                      {"event", StaffEventJson(event)}}));
    if (sees_everything_ || !MayChangeAccess(event.kind())) {
      return false;
    }
    checking_ = true;
    return true;
  }

  const std::weak_ptr<StaffStream> stream_;
  const std::string conversation_id_;
  const bool sees_everything_;  // supervisors: no checks after the first
  std::mutex mutex_;
  bool checking_ = true;  // the first check is still to answer
  bool overflow_ = false;
  std::vector<model::Event> held_;
  std::int64_t last_seq_;     // the last event delivered (sent or held)
  bool known_;                // last_seq_ is where the console is (after, or Start)
  bool catching_up_ = false;  // CatchUpFrom runs or is posted
  bool again_ = false;        // more was stored meanwhile: one more read
  bool started_ = false;      // Start ran (the first check)
};

StaffStream::StaffStream(std::shared_ptr<net::WebSocketConnection> connection,
                         model::StaffMember member, std::string session, StaffServices services,
                         base::WorkerPool& workers)
    : connection_(std::move(connection)),
      member_(std::move(member)),
      session_(std::move(session)),
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

void StaffStream::Send(std::string frame) {
  if (!ended_) {
    connection_->Send(std::move(frame));
  }
}

void StaffStream::End(std::uint16_t code, std::string reason) {
  if (ended_.exchange(true)) {
    return;
  }
  {
    std::lock_guard lock(mutex_);
    for (const auto& [id, watch] : watches_) {
      services_.hub.Unsubscribe(id, watch.get());
    }
    watches_.clear();
  }
  services_.staff_hub.Unsubscribe(this);
  base::Log(base::LogLevel::kInfo, "staff stream ended",
            {{"staff", member_.id}, {"code", std::to_string(code)}, {"cause", reason}});
  connection_->Close(code, std::move(reason));
}

bool StaffStream::Revalidate() {
  const base::Status valid = services_.accounts.SessionValid(session_);
  if (valid.code() == base::StatusCode::kUnauthenticated) {
    End(kSessionEnded, "session ended: log in again");
    return false;
  }
  return true;  // valid, or storage unavailable for a moment: asked again soon
}

void StaffStream::OnSessionsEnded(const service::SessionsEnded& ended) {
  if (ended.staff_id != member_.id || (!ended.session.empty() && ended.session != session_)) {
    return;
  }
  switch (ended.why) {
    case service::SessionEnd::kLoggedOut:
      return End(kSessionEnded, "logged out");
    case service::SessionEnd::kDisabled:
      return End(kSessionEnded, "account disabled");
    case service::SessionEnd::kPasswordChanged:
      return End(kSessionEnded, "password changed: log in again");
    case service::SessionEnd::kRightsChanged:
      return End(kRightsChanged, "role or queues changed: reconnect");
  }
}

void StaffStream::Refresh() {
  do {
    refresh_again_ = false;
    if (ended_ || !Revalidate()) {
      break;
    }
    const base::TimePoint now = services_.clock.Now();
    if (auto inbox = services_.desk.InboxOf(member_); inbox.ok()) {
      json frame = InboxJson(*inbox, now);
      frame["type"] = "inbox";
      Send(Dump(frame));
    }
    if (auto view = services_.roster.Agent(member_.id)) {
      std::string presence = Dump({{"type", "presence"}, {"presence", PresenceJson(*view)}});
      std::lock_guard lock(mutex_);
      if (presence != last_presence_) {
        last_presence_ = presence;
        Send(std::move(presence));
      }
    }
    if (model::RoleAtLeast(member_.role, model::Role::kSupervisor)) {
      json frame = OverviewJson(services_.desk.GetOverview());
      frame["type"] = "overview";
      Send(Dump(frame));
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
  Send(Dump({{"type", "assigned"}, {"conversation_id", conversation_id}}));
}

void StaffStream::OnCustomerTyping(const std::string& conversation_id) {
  std::lock_guard lock(mutex_);
  if (auto found = watches_.find(conversation_id);
      found != watches_.end() && found->second->allowed()) {
    Send(Dump({{"type", "typing"}, {"conversation_id", conversation_id}}));
  }
}

void StaffStream::BeginWatch(const std::string& conversation_id,
                             std::optional<std::int64_t> after) {
  auto watch =
      std::make_shared<Watch>(weak_from_this(), conversation_id,
                              model::RoleAtLeast(member_.role, model::Role::kSupervisor), after);
  {
    std::lock_guard lock(mutex_);
    if (closed_ || watches_.contains(conversation_id)) {
      return;
    }
    if (watches_.size() >= kMaxWatches) {
      return Send(ErrorFrame("too_many", "a console watches at most " +
                                             std::to_string(kMaxWatches) +
                                             " conversations at once; unwatch one first"));
    }
    // Subscribed before the check, so that nothing is missed; held back until it answers.
    services_.hub.Subscribe(conversation_id, watch);
    watches_.emplace(conversation_id, watch);
  }
  Check(watch);
}

void StaffStream::Check(const std::shared_ptr<Watch>& watch) {
  const bool posted = workers_.Post([self = shared_from_this(), watch] {
    const base::Status status =
        self->services_.desk.MaySee(self->member_, watch->conversation_id());
    if (status.ok()) {
      watch->Start(*self, self->services_.desk);
      return watch->Allowed();
    }
    const bool denied = status.code() == base::StatusCode::kPermissionDenied;
    self->EndWatch(watch,
                   denied                                         ? "forbidden"
                   : status.code() == base::StatusCode::kNotFound ? "not_found"
                                                                  : "unavailable",
                   base::ForClient(status).message());
  });
  if (!posted) {
    EndWatch(watch, "unavailable", "Balie is shutting down; reconnect shortly");
  }
}

void StaffStream::CatchUp(const std::shared_ptr<Watch>& watch) {
  (void)workers_.Post(
      [self = shared_from_this(), watch] { watch->CatchUpFrom(*self, self->services_.desk); });
}

void StaffStream::EndWatch(const std::shared_ptr<Watch>& watch, std::string_view code,
                           std::string_view message) {
  {
    std::lock_guard lock(mutex_);
    auto found = watches_.find(watch->conversation_id());
    if (found == watches_.end() || found->second != watch) {
      return;  // unwatched meanwhile
    }
    services_.hub.Unsubscribe(watch->conversation_id(), watch.get());
    watches_.erase(found);
  }
  Send(Dump({{"type", "error"},
             {"code", code},
             {"message", message},
             {"conversation_id", watch->conversation_id()}}));
}

void StaffStream::Unwatch(const std::string& conversation_id) {
  std::lock_guard lock(mutex_);
  if (auto found = watches_.find(conversation_id); found != watches_.end()) {
    services_.hub.Unsubscribe(conversation_id, found->second.get());
    watches_.erase(found);
  }
}

void StaffStream::OnMessage(std::string_view message) {
  if (ended_) {
    return;
  }
  if (!frames_.Take(services_.clock.Now())) {
    return Send(ErrorFrame("rate_limited", "too many frames from this console: slow down"));
  }
  const base::Status handled =
      base::Contain("a console frame failed", {{"staff", member_.id}}, [&] { Receive(message); });
  if (!handled.ok()) {
    Send(ErrorFrame("internal", handled.message()));
  }
}

void StaffStream::Receive(std::string_view message) {
  auto decoded = DecodeStaffFrame(message);
  services_.roster.Heartbeat(member_.id);  // any frame is a sign of life
  if (const auto* error = std::get_if<FrameError>(&decoded)) {
    return Send(ErrorFrame(error->code, error->message));
  }
  const StaffFrame& frame = std::get<StaffFrame>(decoded);
  switch (frame.type) {
    case StaffFrameType::kHeartbeat:
      // Every 20 s from a console: the time to ask whether its session still holds (one check
      // at a time, however fast heartbeats come).
      if (!revalidating_.exchange(true) && !workers_.Post([self = shared_from_this()] {
            self->Revalidate();
            self->revalidating_ = false;
          })) {
        End(1001, "server shutting down");
      }
      return;
    case StaffFrameType::kWatch:
      return BeginWatch(frame.conversation_id, frame.after);
    case StaffFrameType::kUnwatch:
      return Unwatch(frame.conversation_id);
    case StaffFrameType::kTyping: {
      // Only into a conversation the console watches and the agent may see (checked there).
      bool allowed = false;
      {
        std::lock_guard lock(mutex_);
        auto found = watches_.find(frame.conversation_id);
        allowed = found != watches_.end() && found->second->allowed();
      }
      if (!allowed) {
        return Send(Dump(
            {{"type", "error"},
             {"code", "forbidden"},
             {"message", "typing only into a conversation you watch and may see: watch it first"},
             {"conversation_id", frame.conversation_id}}));
      }
      services_.roster.Acted(member_.id);
      return services_.hub.PublishTyping(frame.conversation_id, model::Author::kAgent);
    }
    case StaffFrameType::kPresence:
      services_.roster.Choose(
          member_.id, frame.state,
          frame.state == routing::ChosenState::kAway ? frame.back_at : std::nullopt);
      services_.staff_hub.PublishChanged();
      return;
  }
}

void StaffStream::OnTooLarge(size_t size) {
  Send(ErrorFrame("too_large", "the frame has " + std::to_string(size) + " bytes; too large"));
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
