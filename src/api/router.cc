#include "api/router.h"

namespace balie::api {
namespace {

std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space) {
  std::string decoded;
  decoded.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      auto hex = [](char h) -> int {
        if (h >= '0' && h <= '9') return h - '0';
        if (h >= 'a' && h <= 'f') return h - 'a' + 10;
        if (h >= 'A' && h <= 'F') return h - 'A' + 10;
        return -1;
      };
      if (i + 2 >= text.size()) {
        return std::nullopt;
      }
      const int high = hex(text[i + 1]);
      const int low = hex(text[i + 2]);
      if (high < 0 || low < 0) {
        return std::nullopt;
      }
      decoded.push_back(static_cast<char>(high * 16 + low));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      decoded.push_back(' ');
    } else {
      decoded.push_back(c);
    }
  }
  return decoded;
}

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> segments;
  size_t start = 1;
  while (start <= path.size()) {
    const size_t end = path.find('/', start);
    segments.push_back(path.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) {
      break;
    }
    start = end + 1;
  }
  return segments;
}

bool Matches(std::string_view pattern, std::string_view path,
             std::map<std::string, std::string, std::less<>>& params) {
  if (pattern == "/*") {
    return true;
  }
  const auto want = Segments(pattern);
  const auto have = Segments(path);
  if (want.size() != have.size()) {
    return false;
  }
  std::map<std::string, std::string, std::less<>> found;
  for (size_t i = 0; i < want.size(); ++i) {
    if (want[i].size() > 2 && want[i].front() == '{' && want[i].back() == '}') {
      if (have[i].empty()) {
        return false;
      }
      found.emplace(std::string(want[i].substr(1, want[i].size() - 2)), std::string(have[i]));
    } else if (want[i] != have[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

}  // namespace

std::string_view Request::Query(std::string_view name) const {
  auto found = query.find(name);
  return found == query.end() ? std::string_view() : std::string_view(found->second);
}

std::string_view Request::Param(std::string_view name) const {
  auto found = params.find(name);
  return found == params.end() ? std::string_view() : std::string_view(found->second);
}

std::optional<Request> ParseTarget(const net::HttpRequest& http) {
  Request request;
  request.http = http;
  const std::string_view target = http.target;
  if (target.empty() || target.front() != '/') {
    return std::nullopt;
  }
  const size_t question = target.find('?');
  auto path = PercentDecode(target.substr(0, question), false);
  if (!path) {
    return std::nullopt;
  }
  request.path = std::move(*path);
  if (question != std::string_view::npos) {
    std::string_view query = target.substr(question + 1);
    while (!query.empty()) {
      const size_t amp = query.find('&');
      const std::string_view pair = query.substr(0, amp);
      const size_t equals = pair.find('=');
      auto name = PercentDecode(pair.substr(0, equals), true);
      auto value = PercentDecode(
          equals == std::string_view::npos ? std::string_view() : pair.substr(equals + 1), true);
      if (!name || !value) {
        return std::nullopt;
      }
      if (!name->empty()) {
        request.query.emplace(std::move(*name), std::move(*value));
      }
      query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    }
  }
  return request;
}

void Router::Add(Route route) { routes_.push_back(std::move(route)); }

const Route* Router::Match(Request& request, bool& path_exists) const {
  path_exists = false;
  for (const Route& route : routes_) {
    std::map<std::string, std::string, std::less<>> params;
    if (!Matches(route.pattern, request.path, params)) {
      continue;
    }
    const bool head_as_get = request.http.method == "HEAD" && route.method == "GET";
    if (route.method != request.http.method && !head_as_get) {
      if (route.pattern != "/*") {
        path_exists = true;
      }
      continue;
    }
    request.params = std::move(params);
    return &route;
  }
  return nullptr;
}

}  // namespace balie::api
