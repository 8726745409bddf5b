#ifndef BALIE_API_HTTP_UTIL_H_
#define BALIE_API_HTTP_UTIL_H_

// Small pieces shared by the route handlers (http_api.cc, staff_routes.cc). Pure.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "api/router.h"
#include "base/status.h"
#include "net/server.h"

namespace balie::api {

net::HttpResponse JsonResponse(int status, const nlohmann::json& body);

// The JSON object of a request body; an empty body is {}.
base::Result<nlohmann::json> BodyObject(const Request& request);

// A string field of a body: nullopt when absent; kInvalidArgument when present and not a string.
base::Result<std::optional<std::string>> OptionalString(const nlohmann::json& body,
                                                        const char* name);
// A required string field.
base::Result<std::string> RequiredString(const nlohmann::json& body, const char* name);

std::optional<std::int64_t> NonNegative(std::string_view text);

// The value of one cookie of the request, or "".
std::string CookieValue(const net::HttpRequest& request, std::string_view name);

// "Bearer TOKEN" from the Authorization header, or "".
std::string BearerToken(const net::HttpRequest& request);

// Constant-time comparison of two secrets.
bool SecretsEqual(std::string_view a, std::string_view b);

}  // namespace balie::api

#endif  // BALIE_API_HTTP_UTIL_H_
