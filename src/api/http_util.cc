#include "api/http_util.h"

#include <algorithm>
#include <charconv>

#include "api/frames.h"
#include "base/barrier.h"
#include "base/text.h"
#include "base/time_format.h"

namespace balie::api {
namespace {

using nlohmann::json;

std::string_view ErrorCodeName(base::StatusCode code) {
  switch (code) {
    case base::StatusCode::kInvalidArgument:
      return "bad_request";
    case base::StatusCode::kUnauthenticated:
      return "unauthorized";
    case base::StatusCode::kPermissionDenied:
      return "forbidden";
    case base::StatusCode::kNotFound:
      return "not_found";
    case base::StatusCode::kAlreadyExists:
    case base::StatusCode::kFailedPrecondition:
    case base::StatusCode::kAborted:
      return "conflict";
    case base::StatusCode::kResourceExhausted:
      return "rate_limited";
    case base::StatusCode::kUnavailable:
      return "unavailable";
    default:
      return "internal";
  }
}

int HttpStatus(base::StatusCode code) {
  switch (code) {
    case base::StatusCode::kOk:
      return 200;
    case base::StatusCode::kInvalidArgument:
      return 400;
    case base::StatusCode::kUnauthenticated:
      return 401;
    case base::StatusCode::kPermissionDenied:
      return 403;
    case base::StatusCode::kNotFound:
      return 404;
    case base::StatusCode::kAlreadyExists:
    case base::StatusCode::kFailedPrecondition:
    case base::StatusCode::kAborted:
      return 409;
    case base::StatusCode::kResourceExhausted:
      return 429;
    case base::StatusCode::kUnavailable:
      return 503;
    case base::StatusCode::kInternal:
      return 500;
  }
  return 500;
}

}  // namespace

net::HttpResponse ErrorResponse(const base::Status& failure) {
  const base::Status status = base::ForClient(failure);
  net::HttpResponse response = JsonResponse(
      HttpStatus(status.code()),
      {{"error", {{"code", ErrorCodeName(status.code())}, {"message", status.message()}}}});
  if (status.code() == base::StatusCode::kUnauthenticated) {
    response.headers.emplace_back("WWW-Authenticate", "Bearer");
  }
  if (status.code() == base::StatusCode::kUnavailable) {
    // Storage restarting, shutting down, very busy: worth asking again soon.
    response.headers.emplace_back("Retry-After", "1");
  }
  return response;
}

net::HttpResponse TooMany(const base::Status& status, std::chrono::milliseconds retry_after) {
  net::HttpResponse response = ErrorResponse(status);
  std::erase_if(response.headers, [](const auto& header) { return header.first == "Retry-After"; });
  response.headers.emplace_back(
      "Retry-After", std::to_string(std::max<long>(1, (retry_after.count() + 999) / 1000)));
  return response;
}

net::HttpResponse JsonResponse(int status, const json& body) {
  net::HttpResponse response;
  response.status = status;
  response.body = Dump(body);
  return response;
}

json SlotsJson(const std::vector<routing::Interval>& slots) {
  json list = json::array();
  for (const routing::Interval& slot : slots) {
    list.push_back({{"start", base::FormatTime(slot.start)}, {"end", base::FormatTime(slot.end)}});
  }
  return {{"slots", std::move(list)}};
}

base::Result<json> BodyObject(const Request& request) {
  if (base::Trim(request.http.body).empty()) {
    return json::object();
  }
  json body = json::parse(request.http.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    return base::InvalidArgument("the request body must be a JSON object");
  }
  return body;
}

base::Result<std::optional<std::string>> OptionalString(const json& body, const char* name) {
  auto found = body.find(name);
  if (found == body.end() || found->is_null()) {
    return std::optional<std::string>();
  }
  if (!found->is_string()) {
    return base::InvalidArgument(std::string(name) + " must be a string");
  }
  return std::optional<std::string>(found->get<std::string>());
}

base::Result<std::string> RequiredString(const json& body, const char* name) {
  auto value = OptionalString(body, name);
  if (!value.ok()) {
    return value.status();
  }
  if (!value->has_value()) {
    return base::InvalidArgument(std::string(name) + " is missing");
  }
  return **value;
}

std::optional<std::int64_t> NonNegative(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0) {
    return std::nullopt;
  }
  return value;
}

std::string CookieValue(const net::HttpRequest& request, std::string_view name) {
  for (const auto& [header, value] : request.headers) {
    if (header != "cookie") {
      continue;
    }
    std::string_view rest = value;
    while (!rest.empty()) {
      const size_t semicolon = rest.find(';');
      std::string_view pair = base::Trim(rest.substr(0, semicolon));
      const size_t equals = pair.find('=');
      if (equals != std::string_view::npos && pair.substr(0, equals) == name) {
        return std::string(pair.substr(equals + 1));
      }
      rest = semicolon == std::string_view::npos ? std::string_view() : rest.substr(semicolon + 1);
    }
  }
  return {};
}

std::string BearerToken(const net::HttpRequest& request) {
  const std::string_view header = request.Header("authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (header.size() > kBearer.size() &&
      std::equal(kBearer.begin(), kBearer.end(), header.begin(),
                 [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
    return std::string(base::Trim(header.substr(kBearer.size())));
  }
  return {};
}

bool SecretsEqual(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  unsigned char difference = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    difference |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return difference == 0;
}

bool SameOrigin(const net::HttpRequest& request) {
  const std::string_view origin = request.Header("origin");
  if (origin.empty()) {
    return true;  // not a browser's cross-site request
  }
  const std::string_view host = request.Header("host");
  const size_t scheme = origin.find("://");
  return scheme != std::string_view::npos && !host.empty() && origin.substr(scheme + 3) == host;
}

}  // namespace balie::api
