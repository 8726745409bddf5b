#include "api/customer_routes.h"

#include <algorithm>

#include "api/frames.h"
#include "api/http_util.h"
#include "base/time_format.h"

namespace balie::api {
namespace {

using nlohmann::json;

json ConversationEvents(const std::vector<model::Event>& events) {
  json list = json::array();
  for (const model::Event& event : events) {
    if (auto object = CustomerEventJson(event)) {
      list.push_back(std::move(*object));
    }
  }
  return list;
}

// The body of `request` as a client frame decoded by `decode` (frames.h), or the 400 that says
// what is wrong with it.
template <typename Decode>
base::Result<ClientFrame> BodyFrame(const Request& request, Decode decode) {
  auto body = BodyObject(request);
  if (!body.ok()) {
    return body.status();
  }
  auto decoded = decode(*body);
  if (const auto* error = std::get_if<FrameError>(&decoded)) {
    return base::InvalidArgument(error->message);
  }
  return std::get<ClientFrame>(std::move(decoded));
}

// Decodes a body as the stream's frame of `type` (the body names no type of its own).
auto AsFrame(const char* type) {
  return [type](json& body) {
    body["type"] = type;
    return DecodeClientFrame(Dump(body));
  };
}

}  // namespace

CustomerRoutes::CustomerRoutes(service::ConversationService& conversations,
                               service::ConversationHub& hub, service::AgentDesk& desk,
                               const base::Clock& clock, base::WorkerPool& workers,
                               CustomerRouteOptions options)
    : conversations_(conversations),
      hub_(hub),
      desk_(desk),
      clock_(clock),
      workers_(workers),
      options_(std::move(options)),
      conversation_limiter_(options_.conversations_per_second, options_.conversation_burst),
      limits_(options_.limits, clock_) {}

void CustomerRoutes::ShareLimits(SharedLimits& shared) {
  shared.Add("customer_conversations_by_address", conversation_limiter_);
  limits_.ShareLimits(shared);
}

void CustomerRoutes::AddTo(Router& router) {
  RouteAdder<CustomerRoutes> routes(router, *this);
  routes.Public("POST", "/api/v1/conversations", &CustomerRoutes::StartConversation,
                "start a conversation");
  routes.Public("GET", "/api/v1/availability", &CustomerRoutes::GetAvailability,
                "availability per queue");
  Customer(router, "GET", "/api/v1/conversations/{id}", &CustomerRoutes::GetStatus,
           "conversation status");
  Customer(router, "GET", "/api/v1/conversations/{id}/messages", &CustomerRoutes::GetMessages,
           "history");
  Customer(router, "POST", "/api/v1/conversations/{id}/messages", &CustomerRoutes::PostMessage,
           "send a customer message");
  Customer(router, "POST", "/api/v1/conversations/{id}/choice", &CustomerRoutes::PostChoice,
           "choose how to go on");
  Customer(router, "POST", "/api/v1/conversations/{id}/handoff", &CustomerRoutes::PostHandoff,
           "ask for a person");
  Customer(router, "GET", "/api/v1/conversations/{id}/callback-slots",
           &CustomerRoutes::GetCallbackSlots, "callback times");
  Customer(router, "GET", "/api/v1/conversations/{id}/advisor", &CustomerRoutes::GetAdvisor,
           "the personal advisor's status");
}

void CustomerRoutes::Customer(Router& router, std::string method, std::string pattern,
                              Method handler, std::string summary) {
  // Reads have a limit of their own per conversation (changes count theirs in the handler).
  const bool read = method == "GET";
  router.Add({std::move(method), std::move(pattern), Access::kCustomer, model::Role::kAgent, false,
              [this, handler, read](const Request& request) {
                std::chrono::milliseconds retry_after{0};
                if (base::Status allowed = read ? limits_.TakeRead(request.Param("id"), retry_after)
                                                : base::Status::Ok();
                    !allowed.ok()) {
                  return TooMany(allowed, retry_after);
                }
                return (this->*handler)(request);
              },
              std::move(summary)});
}

std::optional<net::HttpResponse> CustomerRoutes::LimitCustomer(const Request& request,
                                                               bool booking) {
  std::chrono::milliseconds retry_after{0};
  base::Status allowed = limits_.TakeAction(request.Param("id"), retry_after);
  if (allowed.ok() && booking) {
    allowed = limits_.TakeBooking(request.Param("id"), request.http.remote_address, retry_after);
  }
  if (allowed.ok()) {
    return std::nullopt;
  }
  return TooMany(allowed, retry_after);
}

void CustomerRoutes::OpenStream(const Request& request, std::string id,
                                std::function<void(net::UpgradeDecision)> decide) {
  std::int64_t after = 0;
  if (const std::string_view text = request.Query("after"); !text.empty()) {
    const auto value = NonNegative(text);
    if (!value) {
      return decide(
          ErrorResponse(base::InvalidArgument("after must be a non-negative event number")));
    }
    after = *value;
  }
  std::string token(request.Query("token"));
  const bool posted = workers_.Post([this, id = std::move(id), token, after, decide,
                                     address = request.http.remote_address] {
    auto conversation = conversations_.Authorize(id, token);
    if (!conversation.ok()) {
      return decide(ErrorResponse(conversation.status()));
    }
    std::shared_ptr<void> place = limits_.OpenStream(id);
    if (!place) {
      return decide(ErrorResponse(base::ResourceExhausted(
          "this conversation has " + std::to_string(options_.limits.max_streams_per_conversation) +
          " streams open already, the most it may: close one (another tab or device) first")));
    }
    decide(net::AcceptWebSocket(
        [this, id, after, address, place](std::shared_ptr<net::WebSocketConnection> c) {
          auto stream = std::make_shared<ConversationStream>(
              std::move(c), id, after, address, place,
              StreamServices{conversations_, hub_, workers_, limits_, clock_}, options_.stream);
          stream->Begin();
          return stream;
        }));
  });
  if (!posted) {
    decide(ErrorResponse(base::Unavailable("Balie is shutting down; reconnect shortly")));
  }
}

net::HttpResponse CustomerRoutes::StartConversation(const Request& request) {
  std::chrono::milliseconds retry_after{0};
  if (!conversation_limiter_.Take(request.http.remote_address, clock_.Now(), retry_after)) {
    return TooMany(
        base::ResourceExhausted("too many new conversations from this address; try again later"),
        retry_after);
  }
  auto body = BodyObject(request);
  if (!body.ok()) {
    return ErrorResponse(body.status());
  }
  model::Language language = model::Language::kDutch;
  auto language_code = OptionalString(*body, "language");
  auto customer = OptionalString(*body, "customer");
  if (!language_code.ok() || !customer.ok()) {
    return ErrorResponse(!language_code.ok() ? language_code.status() : customer.status());
  }
  if (language_code->has_value()) {
    const auto parsed = model::ParseLanguage(**language_code);
    if (!parsed) {
      return ErrorResponse(base::InvalidArgument("language must be \"nl\" or \"en\""));
    }
    language = *parsed;
  }
  auto started = conversations_.Start(language, customer->value_or(""));
  if (!started.ok()) {
    return ErrorResponse(started.status());
  }
  const std::string& id = started->conversation.id;
  return JsonResponse(201, {{"id", id},
                            {"token", started->token},
                            {"language", model::LanguageCode(language)},
                            {"stream", "/api/v1/conversations/" + id + "/stream"},
                            {"advisor", !started->conversation.advisor.empty()}});
}

net::HttpResponse CustomerRoutes::GetStatus(const Request& request) {
  auto status = conversations_.Status(request.Param("id"));
  return status.ok() ? JsonResponse(200, StatusJson(*status)) : ErrorResponse(status.status());
}

net::HttpResponse CustomerRoutes::GetMessages(const Request& request) {
  const size_t page = conversations_.options().max_history_page;
  std::int64_t after = 0;
  std::int64_t limit = static_cast<std::int64_t>(page);
  for (auto [name, target] : {std::pair{"after", &after}, std::pair{"limit", &limit}}) {
    if (const std::string_view text = request.Query(name); !text.empty()) {
      const auto value = NonNegative(text);
      if (!value) {
        return ErrorResponse(
            base::InvalidArgument(std::string(name) + " must be a non-negative number"));
      }
      *target = *value;
    }
  }
  limit = std::clamp<std::int64_t>(limit, 1, static_cast<std::int64_t>(page));
  auto history = conversations_.Page(request.Param("id"), after, static_cast<size_t>(limit));
  if (!history.ok()) {
    return ErrorResponse(history.status());
  }
  return JsonResponse(200,
                      {{"events", ConversationEvents(history->events)}, {"more", history->more}});
}

net::HttpResponse CustomerRoutes::PostMessage(const Request& request) {
  auto decoded = BodyFrame(request, AsFrame("message"));
  if (!decoded.ok()) {
    return ErrorResponse(decoded.status());
  }
  const ClientFrame& frame = *decoded;
  if (auto refused = LimitCustomer(request, /*booking=*/false)) {
    return *refused;
  }
  auto outcome = conversations_.PostMessage(request.Param("id"),
                                            {frame.client_id, frame.text, frame.article_id});
  if (!outcome.ok()) {
    return ErrorResponse(outcome.status());
  }
  return JsonResponse(outcome->receipt.duplicate ? 200 : 201,
                      {{"receipt", ReceiptJson(outcome->receipt)},
                       {"events", ConversationEvents(outcome->events)},
                       {"status", StatusJson(outcome->status)}});
}

net::HttpResponse CustomerRoutes::PostChoice(const Request& request) {
  auto decoded = BodyFrame(request, DecodeChoice);
  if (!decoded.ok()) {
    return ErrorResponse(decoded.status());
  }
  const ClientFrame& frame = *decoded;
  const bool booking = frame.option == service::ChoiceOption::kCallback;
  if (auto refused = LimitCustomer(request, booking)) {
    return *refused;
  }
  auto outcome = conversations_.Choose(
      request.Param("id"),
      {frame.client_id, frame.option, frame.slot, frame.phone, frame.name, frame.with_advisor});
  if (!outcome.ok()) {
    if (booking) {
      limits_.RefundBooking(request.Param("id"), request.http.remote_address);
    }
    return ErrorResponse(outcome.status());
  }
  return JsonResponse(
      200, {{"receipt", ReceiptJson(outcome->receipt)}, {"status", StatusJson(outcome->status)}});
}

net::HttpResponse CustomerRoutes::PostHandoff(const Request& request) {
  auto decoded = BodyFrame(request, AsFrame("handoff"));
  if (!decoded.ok()) {
    return ErrorResponse(decoded.status());
  }
  const ClientFrame& frame = *decoded;
  if (auto refused = LimitCustomer(request, /*booking=*/false)) {
    return *refused;
  }
  auto outcome =
      conversations_.RequestPerson(request.Param("id"), frame.client_id, frame.to_advisor);
  if (!outcome.ok()) {
    return ErrorResponse(outcome.status());
  }
  return JsonResponse(
      200, {{"receipt", ReceiptJson(outcome->receipt)}, {"status", StatusJson(outcome->status)}});
}

net::HttpResponse CustomerRoutes::GetCallbackSlots(const Request& request) {
  auto slots = conversations_.CallbackSlots(request.Param("id"));
  return slots.ok() ? JsonResponse(200, SlotsJson(*slots)) : ErrorResponse(slots.status());
}

net::HttpResponse CustomerRoutes::GetAdvisor(const Request& request) {
  auto advisor = conversations_.Advisor(request.Param("id"));
  return advisor.ok() ? JsonResponse(200, AdvisorJson(*advisor)) : ErrorResponse(advisor.status());
}

net::HttpResponse CustomerRoutes::GetAvailability(const Request& request) {
  const auto language = model::ParseLanguage(request.Query("language"));
  json queues = json::array();
  for (const service::Availability& queue :
       desk_.GetAvailability(language.value_or(model::Language::kDutch))) {
    auto time_or_null = [](const std::optional<base::TimePoint>& time) {
      return time ? json(base::FormatTime(*time)) : json(nullptr);
    };
    queues.push_back(
        {{"id", queue.id},
         {"name", queue.name},
         {"default", queue.is_default},
         {"time_zone", queue.time_zone},
         {"open", queue.open},
         {"staffed", queue.staffed},
         {"opens_at", time_or_null(queue.opens_at)},
         {"closes_at", time_or_null(queue.closes_at)},
         {"staffed_from", time_or_null(queue.staffed_from)},
         {"agents_on_duty", queue.agents_on_duty},
         {"estimated_wait_seconds",
          queue.estimated_wait ? json(queue.estimated_wait->count()) : json(nullptr)}});
  }
  return JsonResponse(200, {{"queues", std::move(queues)},
                            {"register", model::RegisterCode(conversations_.dutch_register())}});
}

}  // namespace balie::api
