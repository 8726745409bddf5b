#ifndef BALIE_API_CONVERSATION_STREAM_H_
#define BALIE_API_CONVERSATION_STREAM_H_

// One customer's WebSocket on one conversation: replays what the client missed, then relays live
// events and statuses, and turns the client's frames into service calls: a message on the I/O
// thread where it need not wait (ConversationService::PostMessageThen; again on a worker where
// that answered from a stale copy), the rest on the worker pool.
//
// Threads: OnMessage/OnTooLarge/OnClose come from the connection's I/O strand; OnEvent/OnStatus/
// OnTyping from whichever thread published. A mutex orders everything sent, so that events go out
// once each, in seq order, after the replay.

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "api/customer_limits.h"
#include "api/frames.h"
#include "api/rate_limiter.h"
#include "base/worker_pool.h"
#include "net/server.h"
#include "service/conversation_hub.h"
#include "service/conversation_service.h"

namespace balie::api {

struct StreamOptions {
  size_t max_worker_backlog = 20000;   // beyond this, frames are refused as "unavailable"
  size_t max_frame_bytes = 16 * 1024;  // for the message of a too_large error
};

// What a customer's stream works with; all outlive it.
struct StreamServices {
  service::ConversationService& service;
  service::ConversationHub& hub;
  base::WorkerPool& workers;
  CustomerLimits& limits;
  const base::Clock& clock;
};

class ConversationStream final : public net::WebSocketHandler,
                                 public service::ConversationListener,
                                 public std::enable_shared_from_this<ConversationStream> {
 public:
  // `place`: the stream's place among the conversation's open streams (CustomerLimits), held
  // while the stream lives; `address`: the client's, for the limits per address.
  ConversationStream(std::shared_ptr<net::WebSocketConnection> connection,
                     std::string conversation_id, std::int64_t after, std::string address,
                     std::shared_ptr<void> place, StreamServices services,
                     const StreamOptions& options);
  ~ConversationStream() override;

  // Subscribes and replays on the worker pool, in steps paced by how fast the client reads
  // (WebSocketConnection::WhenDrained); call once, right after construction.
  void Begin();

  void OnMessage(std::string_view message) override;
  void OnTooLarge(size_t size) override;
  void OnClose() override;

  void OnEvent(const model::Event& event) override;
  void OnStatus(const service::ConversationStatus& status) override;
  void OnTyping(model::Author author) override;
  void OnStoredElsewhere(std::int64_t last_seq) override;

 private:
  // Starts a replay from storage after the last event sent (live events are held meanwhile): for
  // events another process stored, or a live event after a gap.
  void CatchUp();
  // Posts the next replay step to the workers; `room`: the bytes the connection can take.
  void ContinueReplay(size_t room);
  void ReplayStep(size_t room);
  // OnMessage without the exception barrier.
  void Receive(std::string_view message);
  void Handle(const ClientFrame& frame);
  // A message answered on this (I/O) thread and stored without waiting
  // (ConversationService::PostMessageThen); false where that would wait: Handle it on a worker.
  bool PostMessageNow(const ClientFrame& frame);
  // Hands `frame` to the workers, after the frames of this stream already there; `again`: a
  // message that PostMessageNow must not answer (ConversationService::PostMessageThen's
  // kAborted), before the frames that came after it.
  void ToWorkers(const ClientFrame& frame, bool again);
  // Whether a frame of this stream is on the workers.
  bool OnWorkers();
  // On a worker: Handle(frame), then the frames that came meanwhile, in order.
  void HandleInOrder(ClientFrame frame);
  // Tells the client why `frame` was refused.
  void Refused(const ClientFrame& frame, const base::Status& failure);
  void SendError(std::string_view code, std::string_view message, std::string_view client_id);
  // Sends an event unless it was sent already (the replay and live delivery overlap); returns
  // the bytes sent.
  size_t SendEventLocked(const model::Event& event);
  // Sends a status unless it is the one this stream sent last.
  void SendStatusLocked(const service::ConversationStatus& status);

  const std::shared_ptr<net::WebSocketConnection> connection_;
  const std::string conversation_id_;
  const std::string address_;
  const std::shared_ptr<void> place_;
  service::ConversationService& service_;
  service::ConversationHub& hub_;
  base::WorkerPool& workers_;
  CustomerLimits& limits_;
  const base::Clock& clock_;
  const StreamOptions options_;
  TokenBucket typing_;  // typing frames of this stream; used on the I/O strand only
  // A frame of this stream is on the workers (HandleInOrder); those after it wait here.
  std::mutex frames_mutex_;
  bool on_workers_ = false;
  std::deque<ClientFrame> waiting_frames_;

  std::mutex mutex_;
  std::int64_t last_sent_seq_;
  bool replaying_ = true;
  bool again_ = false;  // more was stored elsewhere while the replay ran: one more pass
  bool closed_ = false;
  std::vector<model::Event> held_events_;  // live events that came during the replay
  std::optional<service::ConversationStatus> held_status_;
  // The last status this stream sent: one the same again (after each bot reply) is not sent.
  std::optional<service::ConversationStatus> sent_status_;
  // Failed reads of the replay under way, one after another (ReplayStep runs one at a time).
  int replay_failures_ = 0;
};

}  // namespace balie::api

#endif  // BALIE_API_CONVERSATION_STREAM_H_
