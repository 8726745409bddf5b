#include "app/serve_config.h"

#include <arpa/inet.h>
#include <toml++/toml.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <variant>

#include "base/time_format.h"
#include "model/voice.h"

extern char** environ;

namespace balie::app {
namespace {

// An IPv4 or IPv6 address written in full ("10.0.0.5", "::1"): no names, no ranges.
bool IsIpAddress(const std::string& text) {
  unsigned char bytes[sizeof(in6_addr)];
  return inet_pton(AF_INET, text.c_str(), bytes) == 1 ||
         inet_pton(AF_INET6, text.c_str(), bytes) == 1;
}

using Value = std::variant<std::int64_t, double, bool, std::string, std::vector<std::string>>;
enum class Kind { kInteger, kNumber, kBool, kString, kStringList };

struct Setting {
  std::string section;
  std::string key;
  Kind kind;
  // Applies a value of the right kind; a non-ok status says what is wrong with it.
  std::function<base::Status(const Value&, ServeConfig&)> apply;
};

std::string KindName(Kind kind) {
  switch (kind) {
    case Kind::kInteger:
      return "a whole number";
    case Kind::kNumber:
      return "a number";
    case Kind::kBool:
      return "true or false";
    case Kind::kString:
      return "a string";
    case Kind::kStringList:
      return "a list of strings";
  }
  return "a value";
}

template <typename Field>
Setting Count(std::string section, std::string key, Field ServeConfig::*object,
              size_t Field::*field, std::int64_t min, std::int64_t max) {
  return {section, key, Kind::kInteger,
          [=](const Value& value, ServeConfig& config) -> base::Status {
            const auto number = std::get<std::int64_t>(value);
            if (number < min || number > max) {
              return base::InvalidArgument("must be between " + std::to_string(min) + " and " +
                                           std::to_string(max));
            }
            (config.*object).*field = static_cast<size_t>(number);
            return base::Status::Ok();
          }};
}

// A duration in whole `Unit`s (std::chrono::seconds, minutes, hours) between `min` and `max`,
// stored in a std::chrono::seconds field.
template <typename Unit, typename Field>
Setting Duration(std::string section, std::string key, Field ServeConfig::*object,
                 std::chrono::seconds Field::*field, std::int64_t min, std::int64_t max,
                 std::string unit) {
  return {section, key, Kind::kInteger,
          [=](const Value& value, ServeConfig& config) -> base::Status {
            const auto number = std::get<std::int64_t>(value);
            if (number < min || number > max) {
              return base::InvalidArgument("must be between " + std::to_string(min) + " and " +
                                           std::to_string(max) + " " + unit);
            }
            (config.*object).*field = Unit(number);
            return base::Status::Ok();
          }};
}

template <typename Field>
Setting Seconds(std::string section, std::string key, Field ServeConfig::*object,
                std::chrono::seconds Field::*field) {
  return {section, key, Kind::kInteger,
          [=](const Value& value, ServeConfig& config) -> base::Status {
            const auto number = std::get<std::int64_t>(value);
            if (number < 1 || number > 86400) {
              return base::InvalidArgument("must be between 1 and 86400 seconds");
            }
            (config.*object).*field = std::chrono::seconds(number);
            return base::Status::Ok();
          }};
}

Setting Rate(std::string section, std::string key, double api::ApiOptions::*field) {
  return {section, key, Kind::kNumber,
          [=](const Value& value, ServeConfig& config) -> base::Status {
            const double number = std::get<double>(value);
            if (!(number > 0) || number > 1e6) {
              return base::InvalidArgument("must be a number above 0");
            }
            config.api.*field = number;
            return base::Status::Ok();
          }};
}

template <typename Options>
Setting OptionRate(std::string section, std::string key, Options api::ApiOptions::*options,
                   double Options::*field) {
  return {section, key, Kind::kNumber,
          [=](const Value& value, ServeConfig& config) -> base::Status {
            const double number = std::get<double>(value);
            if (!(number > 0) || number > 1e6) {
              return base::InvalidArgument("must be a number above 0");
            }
            (config.api.*options).*field = number;
            return base::Status::Ok();
          }};
}

Setting Fraction(std::string key, double answer::EngineConfig::*field) {
  return {"engine", key, Kind::kNumber,
          [=](const Value& value, ServeConfig& config) -> base::Status {
            const double number = std::get<double>(value);
            if (!(number >= 0 && number <= 1)) {
              return base::InvalidArgument("must be between 0 and 1");
            }
            config.engine.*field = number;
            return base::Status::Ok();
          }};
}

const std::vector<Setting>& Settings() {
  static const std::vector<Setting> settings = [] {
    std::vector<Setting> all;
    all.push_back({"server", "listen", Kind::kString, [](const Value& value, ServeConfig& config) {
                     return ParseListen(std::get<std::string>(value), config.server);
                   }});
    all.push_back({"server", "io_threads", Kind::kInteger,
                   [](const Value& value, ServeConfig& config) -> base::Status {
                     const auto n = std::get<std::int64_t>(value);
                     if (n < 1 || n > 64) {
                       return base::InvalidArgument("must be between 1 and 64");
                     }
                     config.server.io_threads = static_cast<int>(n);
                     return base::Status::Ok();
                   }});
    all.push_back({"server", "workers", Kind::kInteger,
                   [](const Value& value, ServeConfig& config) -> base::Status {
                     const auto n = std::get<std::int64_t>(value);
                     if (n < 1 || n > 256) {
                       return base::InvalidArgument("must be between 1 and 256");
                     }
                     config.workers = static_cast<size_t>(n);
                     return base::Status::Ok();
                   }});
    all.push_back(
        {"server", "web_root", Kind::kString, [](const Value& value, ServeConfig& config) {
           config.web_root = std::get<std::string>(value);
           return base::Status::Ok();
         }});
    all.push_back({"server", "allowed_origins", Kind::kStringList,
                   [](const Value& value, ServeConfig& config) {
                     config.api.allowed_origins = std::get<std::vector<std::string>>(value);
                     return base::Status::Ok();
                   }});
    all.push_back(
        {"server", "reuse_port", Kind::kBool, [](const Value& value, ServeConfig& config) {
           config.server.reuse_port = std::get<bool>(value);
           return base::Status::Ok();
         }});
    all.push_back({"server", "trusted_proxies", Kind::kStringList,
                   [](const Value& value, ServeConfig& config) -> base::Status {
                     for (const std::string& proxy : std::get<std::vector<std::string>>(value)) {
                       if (!IsIpAddress(proxy)) {
                         return base::InvalidArgument(
                             "'" + proxy +
                             "' is not an IP address; list each load balancer's address, e.g. "
                             "[\"10.0.0.5\"]");
                       }
                     }
                     config.server.trusted_proxies = std::get<std::vector<std::string>>(value);
                     return base::Status::Ok();
                   }});
    all.push_back({"server", "status_refresh_seconds", Kind::kInteger,
                   [](const Value& value, ServeConfig& config) -> base::Status {
                     const auto n = std::get<std::int64_t>(value);
                     if (n < 1 || n > 3600) {
                       return base::InvalidArgument("must be between 1 and 3600");
                     }
                     config.status_refresh = std::chrono::seconds(n);
                     return base::Status::Ok();
                   }});
    all.push_back(Count("limits", "max_header_bytes", &ServeConfig::server,
                        &net::ServerOptions::max_header_bytes, 1024, 1 << 20));
    all.push_back(Count("limits", "max_body_bytes", &ServeConfig::server,
                        &net::ServerOptions::max_body_bytes, 1024, 64 << 20));
    all.push_back(Count("limits", "max_frame_bytes", &ServeConfig::server,
                        &net::ServerOptions::max_message_bytes, 256, 1 << 20));
    all.push_back(Count("limits", "max_queued_output_bytes", &ServeConfig::server,
                        &net::ServerOptions::max_queued_output_bytes, 16 << 10, 64 << 20));
    all.push_back(Count("limits", "max_connections", &ServeConfig::server,
                        &net::ServerOptions::max_connections, 1, 1000000));
    all.push_back(Count("limits", "max_connections_per_address", &ServeConfig::server,
                        &net::ServerOptions::max_connections_per_address, 1, 1000000));
    all.push_back(Count("limits", "max_unfinished_message_bytes", &ServeConfig::server,
                        &net::ServerOptions::max_unfinished_message_bytes, 1 << 20,
                        std::int64_t{1} << 36));
    all.push_back(Count("limits", "max_message_chars", &ServeConfig::service,
                        &service::ServiceOptions::max_message_chars, 1, 100000));
    all.push_back(Count("limits", "max_events_per_conversation", &ServeConfig::service,
                        &service::ServiceOptions::max_events_per_conversation, 10, 10000000));
    all.push_back(Seconds("limits", "http_idle_seconds", &ServeConfig::server,
                          &net::ServerOptions::http_idle_timeout));
    all.push_back(Seconds("limits", "websocket_idle_seconds", &ServeConfig::server,
                          &net::ServerOptions::websocket_idle_timeout));
    all.push_back(OptionRate("limits", "messages_per_second", &api::ApiOptions::customers,
                             &api::CustomerLimitOptions::actions_per_second));
    all.push_back(OptionRate("limits", "message_burst", &api::ApiOptions::customers,
                             &api::CustomerLimitOptions::action_burst));
    all.push_back(OptionRate("limits", "reads_per_second", &api::ApiOptions::customers,
                             &api::CustomerLimitOptions::reads_per_second));
    all.push_back(OptionRate("limits", "callback_bookings_per_conversation_per_hour",
                             &api::ApiOptions::customers,
                             &api::CustomerLimitOptions::bookings_per_conversation_per_hour));
    all.push_back(OptionRate("limits", "callback_bookings_per_address_per_hour",
                             &api::ApiOptions::customers,
                             &api::CustomerLimitOptions::bookings_per_address_per_hour));
    all.push_back({"limits", "max_streams_per_conversation", Kind::kInteger,
                   [](const Value& value, ServeConfig& config) -> base::Status {
                     const auto n = std::get<std::int64_t>(value);
                     if (n < 1 || n > 1000) {
                       return base::InvalidArgument("must be between 1 and 1000");
                     }
                     config.api.customers.max_streams_per_conversation = static_cast<size_t>(n);
                     return base::Status::Ok();
                   }});
    all.push_back(OptionRate("staff", "wrong_passwords_per_address_per_minute",
                             &api::ApiOptions::logins,
                             &api::LoginLimitOptions::per_address_per_minute));
    all.push_back(OptionRate("staff", "wrong_passwords_per_account_and_address_per_minute",
                             &api::ApiOptions::logins,
                             &api::LoginLimitOptions::per_account_and_address_per_minute));
    all.push_back(OptionRate("staff", "wrong_passwords_per_account_per_minute",
                             &api::ApiOptions::logins,
                             &api::LoginLimitOptions::per_account_per_minute));
    all.push_back({"staff", "password_check_threads", Kind::kInteger,
                   [](const Value& value, ServeConfig& config) -> base::Status {
                     const auto n = std::get<std::int64_t>(value);
                     if (n < 1 || n > 16) {
                       return base::InvalidArgument("must be between 1 and 16");
                     }
                     config.password_check_threads = static_cast<size_t>(n);
                     return base::Status::Ok();
                   }});
    all.push_back({"staff", "max_password_checks_waiting", Kind::kInteger,
                   [](const Value& value, ServeConfig& config) -> base::Status {
                     const auto n = std::get<std::int64_t>(value);
                     if (n < 1 || n > 10000) {
                       return base::InvalidArgument("must be between 1 and 10000");
                     }
                     config.max_password_checks_waiting = static_cast<size_t>(n);
                     return base::Status::Ok();
                   }});
    all.push_back(
        Rate("limits", "conversations_per_second", &api::ApiOptions::conversations_per_second));
    all.push_back(Rate("limits", "conversation_burst", &api::ApiOptions::conversation_burst));
    all.push_back({"limits", "max_worker_backlog", Kind::kInteger,
                   [](const Value& value, ServeConfig& config) -> base::Status {
                     const auto n = std::get<std::int64_t>(value);
                     if (n < 1 || n > 10000000) {
                       return base::InvalidArgument("must be between 1 and 10000000");
                     }
                     config.api.stream.max_worker_backlog = static_cast<size_t>(n);
                     return base::Status::Ok();
                   }});
    all.push_back({"storage", "url", Kind::kString,
                   [](const Value& value, ServeConfig& config) -> base::Status {
                     const auto& url = std::get<std::string>(value);
                     if (!url.empty()) {
                       if (base::Status status = storage::CheckStoreUrl(url); !status.ok()) {
                         return status;
                       }
                     }
                     config.storage_url = url;
                     return base::Status::Ok();
                   }});
    all.push_back({"storage", "synchronous", Kind::kString,
                   [](const Value& value, ServeConfig& config) -> base::Status {
                     const std::string& mode = std::get<std::string>(value);
                     if (mode != "full" && mode != "normal") {
                       return base::InvalidArgument(
                           "must be \"full\" (durable against power loss) or \"normal\" (against "
                           "a crash of Balie only)");
                     }
                     config.synchronous_full = mode == "full";
                     return base::Status::Ok();
                   }});
    all.push_back({"storage", "integrity_check", Kind::kString,
                   [](const Value& value, ServeConfig& config) -> base::Status {
                     using Check = storage::SqliteOptions::Check;
                     const std::string& check = std::get<std::string>(value);
                     if (check == "quick") {
                       config.integrity_check = Check::kQuick;
                     } else if (check == "full") {
                       config.integrity_check = Check::kFull;
                     } else if (check == "off") {
                       config.integrity_check = Check::kNone;
                     } else {
                       return base::InvalidArgument(
                           "must be \"quick\" (read every page on start), \"full\" (also match "
                           "indexes with their tables; slower) or \"off\"");
                     }
                     return base::Status::Ok();
                   }});
    all.push_back({"storage", "max_database_megabytes", Kind::kInteger,
                   [](const Value& value, ServeConfig& config) -> base::Status {
                     const auto n = std::get<std::int64_t>(value);
                     if (n < 0 || n > (std::int64_t{1} << 30)) {
                       return base::InvalidArgument(
                           "must be between 0 (no limit) and 1073741824 megabytes");
                     }
                     config.max_database_bytes = static_cast<std::uint64_t>(n) << 20;
                     return base::Status::Ok();
                   }});
    all.push_back({"retention", "conversation_text_days", Kind::kInteger,
                   [](const Value& value, ServeConfig& config) -> base::Status {
                     const auto n = std::get<std::int64_t>(value);
                     if (n < 0 || n > 365 * 100) {
                       return base::InvalidArgument(
                           "must be between 0 (keep for ever) and 36500 days");
                     }
                     config.retention_text_days = static_cast<int>(n);
                     return base::Status::Ok();
                   }});
    all.push_back({"organisation", "register", Kind::kString,
                   [](const Value& value, ServeConfig& config) -> base::Status {
                     const auto form = model::ParseRegister(std::get<std::string>(value));
                     if (!form) {
                       return base::InvalidArgument(
                           "must be \"u\" (formal) or \"je\" (informal): how Balie addresses "
                           "customers in Dutch, as the knowledge base does");
                     }
                     config.dutch_register = *form;
                     return base::Status::Ok();
                   }});
    all.push_back(Fraction("answer_probability", &answer::EngineConfig::answer_probability));
    all.push_back(Fraction("candidate_probability", &answer::EngineConfig::candidate_probability));
    all.push_back(Fraction("answer_score", &answer::EngineConfig::answer_score));
    all.push_back(Fraction("candidate_score", &answer::EngineConfig::candidate_score));
    all.push_back(
        {"engine", "decline_off_topic", Kind::kBool, [](const Value& value, ServeConfig& config) {
           config.engine.decline_off_topic = std::get<bool>(value);
           return base::Status::Ok();
         }});
    all.push_back({"engine", "index_memory_mib", Kind::kInteger,
                   [](const Value& value, ServeConfig& config) -> base::Status {
                     const auto n = std::get<std::int64_t>(value);
                     if (n < 0 || n > 1048576) {
                       return base::InvalidArgument(
                           "must be between 0 (read the index's files) and 1048576 megabytes");
                     }
                     config.engine.index_memory_bytes = static_cast<std::uintmax_t>(n) << 20;
                     return base::Status::Ok();
                   }});
    all.push_back(Fraction("clarify_margin", &answer::EngineConfig::clarify_margin));
    all.push_back(Fraction("classifier_weight", &answer::EngineConfig::classifier_weight));
    all.push_back(Fraction("out_of_scope_overruled_from",
                           &answer::EngineConfig::out_of_scope_overruled_from));
    all.push_back({"staff", "session_hours", Kind::kInteger,
                   [](const Value& value, ServeConfig& config) -> base::Status {
                     const auto n = std::get<std::int64_t>(value);
                     if (n < 1 || n > 24 * 30) {
                       return base::InvalidArgument("must be between 1 and 720 hours");
                     }
                     config.api.session_lifetime = std::chrono::hours(n);
                     return base::Status::Ok();
                   }});
    all.push_back(Duration<std::chrono::minutes>(
        "staff", "away_after_minutes", &ServeConfig::presence, &routing::PresenceConfig::away_after,
        1, 24 * 60, "minutes"));
    all.push_back(Duration<std::chrono::seconds>(
        "staff", "offline_after_seconds", &ServeConfig::presence,
        &routing::PresenceConfig::offline_after, 1, 3600, "seconds"));
    all.push_back({"flags", "max_days", Kind::kInteger,
                   [](const Value& value, ServeConfig& config) -> base::Status {
                     const auto days = std::get<std::int64_t>(value);
                     if (days < 1 || days > 3650) {
                       return base::InvalidArgument("must be between 1 and 3650 days");
                     }
                     config.desk.flags.max_days = static_cast<int>(days);
                     return base::Status::Ok();
                   }});
    all.push_back(
        Duration<std::chrono::hours>("approvals", "expire_after_hours", &ServeConfig::desk,
                                     &service::DeskOptions::approval_expiry, 1, 30 * 24, "hours"));
    // When customers are offered other ways than waiting (issue 14).
    all.push_back(Duration<std::chrono::seconds>(
        "queues", "nobody_on_duty_grace_seconds", &ServeConfig::desk,
        &service::DeskOptions::nobody_on_duty_grace, 0, 3600, "seconds"));
    all.push_back(
        Duration<std::chrono::minutes>("queues", "offer_after_minutes", &ServeConfig::desk,
                                       &service::DeskOptions::offer_after, 1, 24 * 60, "minutes"));
    all.push_back(
        Duration<std::chrono::minutes>("queues", "offer_margin_minutes", &ServeConfig::desk,
                                       &service::DeskOptions::offer_margin, 0, 24 * 60, "minutes"));
    all.push_back({"customers", "reference_secret", Kind::kString,
                   [](const Value& value, ServeConfig& config) -> base::Status {
                     const std::string& secret = std::get<std::string>(value);
                     if (!secret.empty() && secret.size() < 16) {
                       return base::InvalidArgument(
                           "must be at least 16 characters (a long random secret shared with "
                           "the organisation's website)");
                     }
                     config.service.customer_reference_secret = secret;
                     return base::Status::Ok();
                   }});
    all.push_back({"queues", "default", Kind::kString, [](const Value& value, ServeConfig& config) {
                     config.default_queue = std::get<std::string>(value);
                     return base::Status::Ok();
                   }});
    return all;
  }();
  return settings;
}

std::string Where(const toml::node& node, const std::string& file) {
  const auto& begin = node.source().begin;
  return file + ":" + std::to_string(begin.line);
}

// Reads a TOML value of the setting's kind.
std::optional<Value> FromToml(const toml::node& node, Kind kind) {
  switch (kind) {
    case Kind::kInteger:
      // as_integer, not value<std::int64_t>: that converts a float such as 1e308 to an integer
      // without a range check (undefined behaviour; found by fuzz/config_fuzz.cc).
      if (const auto* integer = node.as_integer()) return Value(integer->get());
      return std::nullopt;
    case Kind::kNumber:
      if (auto v = node.value<double>()) return Value(*v);
      return std::nullopt;
    case Kind::kBool:
      if (auto v = node.value<bool>()) return Value(*v);
      return std::nullopt;
    case Kind::kString:
      if (auto v = node.value<std::string>()) return Value(*v);
      return std::nullopt;
    case Kind::kStringList: {
      const toml::array* array = node.as_array();
      if (array == nullptr) return std::nullopt;
      std::vector<std::string> list;
      for (const toml::node& item : *array) {
        auto text = item.value<std::string>();
        if (!text) return std::nullopt;
        list.push_back(*text);
      }
      return Value(std::move(list));
    }
  }
  return std::nullopt;
}

// Reads an environment value of the setting's kind (lists are comma-separated).
std::optional<Value> FromText(const std::string& text, Kind kind) {
  switch (kind) {
    case Kind::kInteger: {
      std::int64_t value = 0;
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
      return Value(value);
    }
    case Kind::kNumber: {
      char* end = nullptr;
      const double value = std::strtod(text.c_str(), &end);
      if (text.empty() || end != text.c_str() + text.size()) return std::nullopt;
      return Value(value);
    }
    case Kind::kBool:
      if (text == "true" || text == "1") return Value(true);
      if (text == "false" || text == "0") return Value(false);
      return std::nullopt;
    case Kind::kString:
      return Value(text);
    case Kind::kStringList: {
      std::vector<std::string> list;
      size_t start = 0;
      while (start <= text.size()) {
        const size_t comma = text.find(',', start);
        std::string item = text.substr(start, comma == std::string::npos ? comma : comma - start);
        item.erase(0, item.find_first_not_of(' '));
        item.erase(item.find_last_not_of(' ') + 1);
        if (!item.empty()) list.push_back(item);
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      return Value(std::move(list));
    }
  }
  return std::nullopt;
}

std::string EnvName(const Setting& setting) {
  std::string name = "BALIE_" + setting.section + "_" + setting.key;
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return name;
}

std::vector<std::string> Strings(const toml::node* node) {
  std::vector<std::string> list;
  if (const toml::array* array = node != nullptr ? node->as_array() : nullptr) {
    for (const toml::node& item : *array) {
      if (auto text = item.value<std::string>()) list.push_back(*text);
    }
  }
  return list;
}

// The whole number `key` of a [[queue]], `fallback` when it is not given.
base::Result<std::int64_t> QueueNumber(const toml::table& table, std::string_view key,
                                       std::int64_t fallback, std::int64_t min, std::int64_t max,
                                       const std::string& where) {
  const toml::node* node = table.get(key);
  if (node == nullptr) {
    return fallback;
  }
  const auto* integer = node->as_integer();  // never value<>(): see FromToml
  if (integer == nullptr || integer->get() < min || integer->get() > max) {
    return base::InvalidArgument(where + ": " + std::string(key) + " must be a whole number from " +
                                 std::to_string(min) + " to " + std::to_string(max));
  }
  return integer->get();
}

// The string `key` of a [[queue]], `fallback` when it is not given.
base::Result<std::string> QueueText(const toml::table& table, std::string_view key,
                                    const std::string& fallback, const std::string& where) {
  const toml::node* node = table.get(key);
  if (node == nullptr) {
    return fallback;
  }
  if (!node->is_string()) {
    return base::InvalidArgument(where + ": " + std::string(key) + " must be a string");
  }
  return *node->value<std::string>();
}

// The list of strings `key` of a [[queue]], empty when it is not given.
base::Result<std::vector<std::string>> QueueList(const toml::table& table, std::string_view key,
                                                 const std::string& where) {
  const toml::node* node = table.get(key);
  if (node == nullptr) {
    return std::vector<std::string>();
  }
  const toml::array* array = node->as_array();
  if (array == nullptr || !array->is_homogeneous(toml::node_type::string)) {
    return base::InvalidArgument(where + ": " + std::string(key) +
                                 " must be a list of strings, e.g. [\"a\", \"b\"]");
  }
  return Strings(node);
}

// An IANA time zone name such as "Europe/Amsterdam" or "UTC": parts of letters, digits, '_', '-'
// and '+' between slashes. Anything else would be read as a path (cctz loads the named file
// under /usr/share/zoneinfo, or a path given whole), e.g. "/dev/stdin".
bool TimeZoneName(std::string_view name) {
  if (name.empty() || name.size() > 64 || name.front() == '/' || name.back() == '/') {
    return false;
  }
  size_t part = 0;  // length of the current part
  for (size_t i = 0; i <= name.size(); ++i) {
    if (i == name.size() || name[i] == '/') {
      const std::string_view text = name.substr(i - part, part);
      if (part == 0 || text == "." || text == "..") return false;
      part = 0;
      continue;
    }
    const char c = name[i];
    const bool allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                         (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '+';
    if (!allowed) return false;
    ++part;
  }
  return true;
}

// One [[decision]] table: a decision staff may take for a customer.
base::Result<model::DecisionKind> ReadDecision(const toml::table& table, const std::string& file) {
  static const std::set<std::string> kKeys = {"id",   "name_nl",   "name_en", "unit",
                                              "rule", "four_eyes", "adverse"};
  for (const auto& [key, node] : table) {
    if (kKeys.count(std::string(key.str())) == 0) {
      return base::InvalidArgument(Where(node, file) + ": unknown setting '" +
                                   std::string(key.str()) + "' in a [[decision]]");
    }
  }
  const std::string where = Where(table, file) + ": decision";
  model::DecisionKind kind;
  for (auto [key, value] : {std::pair{"id", &kind.id}, std::pair{"name_nl", &kind.name_nl},
                            std::pair{"name_en", &kind.name_en}, std::pair{"rule", &kind.rule}}) {
    auto text = QueueText(table, key, "", where);
    if (!text.ok()) {
      return text.status();
    }
    *value = std::move(text).value();
  }
  auto unit = QueueText(table, "unit", "", where);
  if (!unit.ok()) {
    return unit.status();
  }
  const auto parsed = model::ParseDecisionUnit(*unit);
  if (!parsed) {
    return base::InvalidArgument(where + " '" + kind.id +
                                 "': unit must be \"euro\", \"days\" or \"exception\"");
  }
  kind.unit = *parsed;
  for (auto [key, value] :
       {std::pair{"four_eyes", &kind.four_eyes}, std::pair{"adverse", &kind.adverse}}) {
    if (const toml::node* node = table.get(key)) {
      if (!node->is_boolean()) {
        return base::InvalidArgument(where + " '" + kind.id + "': " + key +
                                     " must be true or false");
      }
      *value = *node->value<bool>();
    }
  }
  return kind;
}

// One [[flag_kind]] table: a kind of flag about customers, in the organisation's words.
base::Result<model::FlagKindConfig> ReadFlagKind(const toml::table& table,
                                                 const std::string& file) {
  static const std::set<std::string> kKeys = {"id", "name_nl", "name_en"};
  for (const auto& [key, node] : table) {
    if (kKeys.count(std::string(key.str())) == 0) {
      return base::InvalidArgument(Where(node, file) + ": unknown setting '" +
                                   std::string(key.str()) + "' in a [[flag_kind]]");
    }
  }
  model::FlagKindConfig kind;
  for (auto [key, value] : {std::pair{"id", &kind.id}, std::pair{"name_nl", &kind.name_nl},
                            std::pair{"name_en", &kind.name_en}}) {
    auto text = QueueText(table, key, "", Where(table, file) + ": flag kind");
    if (!text.ok()) {
      return text.status();
    }
    *value = std::move(text).value();
  }
  return kind;
}

// A mandate's limit for a decision of `unit`: euros (12.50 allowed) as cents, whole days, or
// true/false for an exception.
std::optional<std::int64_t> MandateLimit(const toml::node& node, model::DecisionUnit unit) {
  switch (unit) {
    case model::DecisionUnit::kEuroCents:
      if (const auto* integer = node.as_integer()) {
        return integer->get() >= 0 && integer->get() <= 1'000'000'000
                   ? std::optional<std::int64_t>(integer->get() * 100)
                   : std::nullopt;
      }
      if (const auto* number = node.as_floating_point()) {
        const double euros = number->get();
        return euros >= 0 && euros <= 1e9 ? std::optional<std::int64_t>(std::llround(euros * 100))
                                          : std::nullopt;
      }
      return std::nullopt;
    case model::DecisionUnit::kDays:
      if (const auto* integer = node.as_integer();
          integer != nullptr && integer->get() >= 0 && integer->get() <= 100'000) {
        return integer->get();
      }
      return std::nullopt;
    case model::DecisionUnit::kException:
      if (const auto* flag = node.as_boolean()) {
        return flag->get() ? 1 : 0;
      }
      return std::nullopt;
  }
  return std::nullopt;
}

// The limits of one [mandates.ROLE] or [mandates.staff.NAME] table.
base::Result<model::MandateLimits> ReadLimits(const toml::table& table, const model::Mandates& m,
                                              const std::string& whose, const std::string& file) {
  model::MandateLimits limits;
  for (const auto& [key, node] : table) {
    const std::string decision(key.str());
    const model::DecisionKind* kind = m.Find(decision);
    if (kind == nullptr) {
      return base::InvalidArgument(Where(node, file) + ": the mandate of " + whose + " names '" +
                                   decision + "', which no [[decision]] describes");
    }
    const auto limit = MandateLimit(node, kind->unit);
    if (!limit) {
      static constexpr std::string_view kExpected[] = {"an amount in euros of 0 or more (12.50)",
                                                       "a whole number of days of 0 or more",
                                                       "true or false"};
      return base::InvalidArgument(Where(node, file) + ": the mandate of " + whose + " for '" +
                                   decision + "' must be " +
                                   std::string(kExpected[static_cast<int>(kind->unit)]));
    }
    limits[decision] = *limit;
  }
  return limits;
}

// The [mandates] section: a table per role, and [mandates.staff.NAME] per person.
base::Status ReadMandates(const toml::node& section, const std::string& file,
                          model::Mandates& mandates) {
  const toml::table* table = section.as_table();
  if (table == nullptr) {
    return base::InvalidArgument(Where(section, file) +
                                 ": mandates are written as [mandates.ROLE]");
  }
  for (const auto& [key, node] : *table) {
    const std::string name(key.str());
    const toml::table* limits = node.as_table();
    if (limits == nullptr) {
      return base::InvalidArgument(Where(node, file) + ": mandates." + name + " must be a table");
    }
    if (name == "staff") {
      for (const auto& [person, person_node] : *limits) {
        const toml::table* own = person_node.as_table();
        if (own == nullptr) {
          return base::InvalidArgument(Where(person_node, file) +
                                       ": write a person's mandate as [mandates.staff.NAME]");
        }
        auto read = ReadLimits(*own, mandates, "staff " + std::string(person.str()), file);
        if (!read.ok()) {
          return read.status();
        }
        mandates.by_staff[std::string(person.str())] = std::move(read).value();
      }
      continue;
    }
    const auto role = model::ParseRole(name);
    if (!role) {
      return base::InvalidArgument(Where(node, file) + ": [mandates." + name +
                                   "]: a role (agent, supervisor, admin) or staff");
    }
    auto read = ReadLimits(*limits, mandates, "role " + name, file);
    if (!read.ok()) {
      return read.status();
    }
    mandates.by_role[*role] = std::move(read).value();
  }
  return base::Status::Ok();
}

// One [[queue]] table.
base::Result<service::QueueConfig> ReadQueue(const toml::table& table, const std::string& file) {
  static const std::set<std::string> kKeys = {"id",
                                              "name_nl",
                                              "name_en",
                                              "topics",
                                              "time_zone",
                                              "hours",
                                              "holidays",
                                              "callback_slot_minutes",
                                              "callback_lead_minutes",
                                              "callbacks_per_agent",
                                              "callback_horizon_days",
                                              "languages"};
  for (const auto& [key, node] : table) {
    if (!kKeys.contains(std::string(key.str()))) {
      return base::InvalidArgument(Where(node, file) + ": unknown setting '" +
                                   std::string(key.str()) + "' in [[queue]]");
    }
  }
  const auto id = table["id"].value<std::string>();
  if (!id || id->empty()) {
    return base::InvalidArgument(Where(table, file) +
                                 ": a [[queue]] needs an id, e.g. id = \"algemeen\"");
  }
  const std::string where = Where(table, file) + ": queue '" + *id + "'";
  routing::OfficeHoursConfig hours;
  auto time_zone = QueueText(table, "time_zone", "Europe/Amsterdam", where);
  if (!time_zone.ok()) {
    return time_zone.status();
  }
  if (!TimeZoneName(*time_zone)) {
    return base::InvalidArgument(where +
                                 ": time_zone must be a time zone name such as "
                                 "\"Europe/Amsterdam\" or \"UTC\"");
  }
  hours.time_zone = std::move(time_zone).value();
  if (const toml::table* weekly = table["hours"].as_table()) {
    for (const auto& [day, ranges] : *weekly) {
      if (!ranges.is_array()) {
        return base::InvalidArgument(Where(ranges, file) + ": hours." + std::string(day.str()) +
                                     " must be a list like [\"08:00-12:00\", \"13:00-17:00\"]");
      }
      hours.weekly[std::string(day.str())] = Strings(&ranges);
    }
  }
  if (const toml::table* holidays = table["holidays"].as_table()) {
    for (const auto& [date, ranges] : *holidays) {
      if (!ranges.is_array()) {
        return base::InvalidArgument(Where(ranges, file) + ": holidays.\"" +
                                     std::string(date.str()) +
                                     "\" must be a list of ranges ([] for closed all day)");
      }
      hours.holidays[std::string(date.str())] = Strings(&ranges);
    }
  }
  // Bounded so that every time computed from them fits the clock (and a day's slots a page).
  auto slot_minutes = QueueNumber(table, "callback_slot_minutes", 15, 1, 24 * 60, where);
  auto lead_minutes = QueueNumber(table, "callback_lead_minutes", 30, 0, 7 * 24 * 60, where);
  auto horizon_days = QueueNumber(table, "callback_horizon_days", 7, 1, 366, where);
  auto per_agent = QueueNumber(table, "callbacks_per_agent", 1, 0, 1000, where);
  for (const auto* number : {&slot_minutes, &lead_minutes, &horizon_days, &per_agent}) {
    if (!number->ok()) {
      return number->status();
    }
  }
  routing::CallbackRules rules;
  rules.slot_length = std::chrono::minutes(*slot_minutes);
  rules.lead_time = std::chrono::minutes(*lead_minutes);
  rules.horizon = std::chrono::hours(24 * *horizon_days);
  rules.booking_notice = std::min(rules.booking_notice, rules.lead_time);
  // The same check as an admin's change of the hours gets (AdminRoutes::ChangeQueue).
  auto slots = service::BuildQueueHours(hours, rules);
  if (!slots.ok()) {
    return base::InvalidArgument(where + ": " + slots.status().message());
  }
  auto name_nl = QueueText(table, "name_nl", *id, where);
  auto name_en = name_nl.ok() ? QueueText(table, "name_en", *name_nl, where) : name_nl;
  auto topics = QueueList(table, "topics", where);
  auto language_codes = QueueList(table, "languages", where);
  for (const base::Status& status :
       {name_nl.status(), name_en.status(), topics.status(), language_codes.status()}) {
    if (!status.ok()) {
      return status;
    }
  }
  std::vector<model::Language> languages;
  if (table["languages"].node() != nullptr) {
    for (const std::string& code : *language_codes) {
      const auto language = model::ParseLanguage(code);
      if (!language) {
        return base::InvalidArgument(where + ": languages must be a list of \"nl\", \"en\"");
      }
      languages.push_back(*language);
    }
  } else {
    languages = {model::Language::kDutch, model::Language::kEnglish};
  }
  return service::QueueConfig{*id,
                              std::move(name_nl).value(),
                              std::move(name_en).value(),
                              std::move(topics).value(),
                              std::move(slots).value(),
                              static_cast<int>(*per_agent),
                              std::move(languages)};
}

// The queue used when the configuration names none: customer service on weekdays 08:00-20:00
// and Saturdays 09:00-17:00 in Amsterdam.
service::QueueConfig DefaultQueue() {
  routing::OfficeHoursConfig hours;
  for (const char* day : {"monday", "tuesday", "wednesday", "thursday", "friday"}) {
    hours.weekly[day] = {"08:00-20:00"};
  }
  hours.weekly["saturday"] = {"09:00-17:00"};
  auto office_hours = routing::OfficeHours::Create(hours);
  auto slots = routing::CallbackSlots::Create(std::move(office_hours).value(), {});
  return {"algemeen", "Klantenservice", "Customer service", {}, std::move(slots).value(), 1};
}

base::Status ApplyFile(const std::string& file, ServeConfig& config) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::error_code ignored;
    if (!std::filesystem::exists(file, ignored)) {
      return base::NotFound("the configuration file " + file + " does not exist");
    }
    return base::Unavailable("cannot read the configuration file " + file);
  }
  std::ostringstream text;
  text << in.rdbuf();
  return ApplyConfigText(text.str(), file, config);
}

}  // namespace

base::Status ApplyConfigText(std::string_view text, const std::string& file, ServeConfig& config) {
  toml::table root;
  try {
    root = toml::parse(text, file);
  } catch (const toml::parse_error& error) {
    return base::InvalidArgument(file + ":" + std::to_string(error.source().begin.line) + ": " +
                                 std::string(error.description()));
  }
  model::Mandates& mandates = config.desk.mandates;
  if (const toml::array* decisions = root["decision"].as_array()) {
    if (!decisions->is_array_of_tables()) {
      return base::InvalidArgument(Where(*decisions, file) +
                                   ": decisions are written as [[decision]] tables");
    }
    for (const toml::node& node : *decisions) {
      auto decision = ReadDecision(*node.as_table(), file);
      if (!decision.ok()) {
        return decision.status();
      }
      mandates.decisions.push_back(std::move(decision).value());
      if (base::Status status = model::CheckMandates(mandates); !status.ok()) {
        return base::InvalidArgument(Where(node, file) + ": " + status.message());
      }
    }
  }
  for (const auto& [section_key, section] : root) {
    const std::string section_name(section_key.str());
    if (section_name == "flag_kind") {
      const toml::array* kinds = section.as_array();
      if (kinds == nullptr || !kinds->is_array_of_tables()) {
        return base::InvalidArgument(Where(section, file) +
                                     ": flag kinds are written as [[flag_kind]] tables");
      }
      for (const toml::node& node : *kinds) {
        auto kind = ReadFlagKind(*node.as_table(), file);
        if (!kind.ok()) {
          return kind.status();
        }
        config.desk.flags.kinds.push_back(std::move(kind).value());
        if (base::Status status = model::CheckFlagRules(config.desk.flags); !status.ok()) {
          return base::InvalidArgument(Where(node, file) + ": " + status.message());
        }
      }
      continue;
    }
    if (section_name == "decision") {
      if (!section.is_array()) {
        return base::InvalidArgument(Where(section, file) +
                                     ": decisions are written as [[decision]] tables");
      }
      continue;  // read above: mandates name them wherever they stand in the file
    }
    if (section_name == "mandates") {
      if (base::Status status = ReadMandates(section, file, mandates); !status.ok()) {
        return status;
      }
      continue;
    }
    if (section_name == "queue") {
      const toml::array* queues = section.as_array();
      if (queues == nullptr || !queues->is_array_of_tables()) {
        return base::InvalidArgument(Where(section, file) +
                                     ": queues are written as [[queue]] tables");
      }
      for (const toml::node& node : *queues) {
        auto queue = ReadQueue(*node.as_table(), file);
        if (!queue.ok()) {
          return queue.status();
        }
        for (const auto& existing : config.queues) {
          if (existing.id == queue->id) {
            return base::InvalidArgument(Where(node, file) + ": two queues have the id '" +
                                         queue->id + "'");
          }
        }
        config.queues.push_back(std::move(queue).value());
      }
      continue;
    }
    const toml::table* table = section.as_table();
    if (table == nullptr) {
      return base::InvalidArgument(Where(section, file) + ": '" + section_name +
                                   "' must be a section ([" + section_name + "])");
    }
    for (const auto& [key_name, node] : *table) {
      const std::string key(key_name.str());
      const auto setting =
          std::find_if(Settings().begin(), Settings().end(), [&](const Setting& candidate) {
            return candidate.section == section_name && candidate.key == key;
          });
      if (setting == Settings().end()) {
        // The thresholds that compared the combined score whatever the knowledge base had.
        if (section_name == "engine" &&
            (key == "answer_threshold" || key == "candidate_threshold")) {
          const std::string kind = key.substr(0, key.find('_'));
          return base::InvalidArgument(
              Where(node, file) + ": engine." + key + " is now two settings: " + kind +
              "_probability (an estimated probability of being right, used where the knowledge "
              "base has a calibration.txt) and " +
              kind + "_score (the combined score, used without one); see balie.example.toml");
        }
        return base::InvalidArgument(Where(node, file) + ": unknown setting '" + key + "' in [" +
                                     section_name + "] (see balie.example.toml)");
      }
      const auto value = FromToml(node, setting->kind);
      if (!value) {
        return base::InvalidArgument(Where(node, file) + ": " + section_name + "." + key +
                                     " must be " + KindName(setting->kind));
      }
      if (base::Status status = setting->apply(*value, config); !status.ok()) {
        return base::InvalidArgument(Where(node, file) + ": " + section_name + "." + key + " " +
                                     status.message());
      }
    }
  }
  return base::Status::Ok();
}

namespace {

base::Status ApplyEnvironment(const std::map<std::string, std::string>& environment,
                              ServeConfig& config) {
  std::set<std::string> prefixes;
  for (const Setting& setting : Settings()) {
    std::string prefix = EnvName(setting);
    prefixes.insert(prefix.substr(0, prefix.size() - setting.key.size()));
  }
  for (const auto& variable : environment) {
    // Named copies: clang 14 cannot capture structured bindings in lambdas.
    const std::string& name = variable.first;
    const std::string& text = variable.second;
    const bool ours = std::any_of(prefixes.begin(), prefixes.end(), [&](const std::string& prefix) {
      return name.starts_with(prefix);
    });
    if (!ours) {
      continue;
    }
    const auto setting = std::find_if(Settings().begin(), Settings().end(),
                                      [&](const Setting& s) { return EnvName(s) == name; });
    if (setting == Settings().end()) {
      return base::InvalidArgument("the environment variable " + name +
                                   " is not a setting (see balie.example.toml)");
    }
    const auto value = FromText(text, setting->kind);
    if (!value) {
      return base::InvalidArgument("the environment variable " + name + " must be " +
                                   KindName(setting->kind) + ", not '" + text + "'");
    }
    if (base::Status status = setting->apply(*value, config); !status.ok()) {
      return base::InvalidArgument("the environment variable " + name + " " + status.message());
    }
  }
  return base::Status::Ok();
}

}  // namespace

base::Status ParseListen(const std::string& text, net::ServerOptions& server) {
  const size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
    return base::InvalidArgument("listen must be HOST:PORT, e.g. 127.0.0.1:8080, not '" + text +
                                 "'");
  }
  std::string host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host == "localhost") {
    host = "127.0.0.1";
  }
  int port = 0;
  const std::string port_text = text.substr(colon + 1);
  const auto [end, error] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (error != std::errc() || end != port_text.data() + port_text.size() || port < 0 ||
      port > 65535) {
    return base::InvalidArgument("the port in '" + text + "' must be a number from 0 to 65535");
  }
  server.host = host;
  server.port = static_cast<std::uint16_t>(port);
  return base::Status::Ok();
}

std::map<std::string, std::string> ProcessEnvironment() {
  std::map<std::string, std::string> environment;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string text(*entry);
    const size_t equals = text.find('=');
    if (equals != std::string::npos) {
      environment.emplace(text.substr(0, equals), text.substr(equals + 1));
    }
  }
  return environment;
}

base::Result<ServeConfig> LoadServeConfig(const ServeFlags& flags,
                                          const std::map<std::string, std::string>& environment) {
  ServeConfig config;
  if (!flags.config_file.empty()) {
    if (base::Status status = ApplyFile(flags.config_file, config); !status.ok()) {
      return status;
    }
  }
  if (base::Status status = ApplyEnvironment(environment, config); !status.ok()) {
    return status;
  }
  if (!flags.listen.empty()) {
    if (base::Status status = ParseListen(flags.listen, config.server); !status.ok()) {
      return base::InvalidArgument("--listen: " + status.message());
    }
  }
  if (!flags.kb_dir.empty()) config.kb_dir = flags.kb_dir;
  if (!flags.data_dir.empty()) config.data_dir = flags.data_dir;
  if (!flags.storage_url.empty()) {
    if (base::Status status = storage::CheckStoreUrl(flags.storage_url); !status.ok()) {
      return base::InvalidArgument("--storage: " + status.message());
    }
    config.storage_url = flags.storage_url;
  }
  if (!flags.web_root.empty()) config.web_root = flags.web_root;
  if (!flags.pretend_time.empty()) {
    config.pretend_time = base::ParseTime(flags.pretend_time);
    if (!config.pretend_time) {
      return base::InvalidArgument("--pretend-time must be a time like 2026-11-29T02:00:00Z");
    }
  }
  if (config.kb_dir.empty()) {
    return base::InvalidArgument("--kb DIR is required: the knowledge base to answer from");
  }
  if (config.data_dir.empty() && config.storage_url.empty()) {
    return base::InvalidArgument(
        "--data DIR is required: where conversations are stored (or --storage postgresql://…)");
  }
  if (config.queues.empty()) {
    config.queues.push_back(DefaultQueue());
  }
  if (config.default_queue.empty()) {
    config.default_queue = config.queues.front().id;
  }
  const bool known =
      std::any_of(config.queues.begin(), config.queues.end(),
                  [&](const auto& queue) { return queue.id == config.default_queue; });
  if (!known) {
    return base::InvalidArgument("queues.default is '" + config.default_queue +
                                 "', which is not one of the [[queue]] ids");
  }
  config.api.stream.max_frame_bytes = config.server.max_message_bytes;
  return config;
}

}  // namespace balie::app
