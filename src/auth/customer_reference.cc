#include "auth/customer_reference.h"

#include <sodium.h>

#include <array>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "auth/sodium.h"

namespace balie::auth {
namespace {

constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;

std::string Base64(const unsigned char* data, size_t size) {
  std::string encoded(sodium_base64_encoded_len(size, kVariant), '\0');
  sodium_bin2base64(encoded.data(), encoded.size(), data, size, kVariant);
  encoded.resize(encoded.find('\0'));
  return encoded;
}

std::optional<std::string> FromBase64(std::string_view text) {
  std::string decoded(text.size(), '\0');
  size_t size = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(decoded.data()), decoded.size(),
                        text.data(), text.size(), nullptr, &size, nullptr, kVariant) != 0) {
    return std::nullopt;
  }
  decoded.resize(size);
  return decoded;
}

std::array<unsigned char, crypto_auth_hmacsha256_BYTES> Mac(std::string_view payload,
                                                            std::string_view secret) {
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()),
                              secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(payload.data()),
                                payload.size());
  crypto_auth_hmacsha256_final(&state, mac.data());
  return mac;
}

// The claim "exp" as seconds since 1970, if it is one up to the year 2200 (the clock counts
// nanoseconds in 64 bits, which ends in 2262; no site means an expiry that far).
std::optional<std::int64_t> ExpirySeconds(const nlohmann::json& exp) {
  constexpr std::int64_t kLatest = 7258118400;  // 2200-01-01T00:00:00Z
  if (exp.is_number_unsigned()) {
    const auto seconds = exp.get<std::uint64_t>();
    if (seconds <= static_cast<std::uint64_t>(kLatest)) return static_cast<std::int64_t>(seconds);
  } else if (exp.is_number_integer()) {
    const auto seconds = exp.get<std::int64_t>();
    if (seconds >= 0 && seconds <= kLatest) return seconds;
  }
  return std::nullopt;
}

bool Printable(std::string_view text) {
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) return false;
  }
  return true;
}

}  // namespace

base::Result<CustomerReference> VerifyCustomerReference(std::string_view reference,
                                                        std::string_view secret,
                                                        base::TimePoint now) {
  EnsureSodium();
  if (secret.empty()) {
    return base::InvalidArgument(
        "customer references are not accepted: no customers.reference_secret is configured");
  }
  const size_t dot = reference.find('.');
  if (dot == std::string_view::npos || reference.size() > 2048) {
    return base::InvalidArgument("the customer reference is malformed (PAYLOAD.SIGNATURE)");
  }
  const std::string_view payload = reference.substr(0, dot);
  const auto signature = FromBase64(reference.substr(dot + 1));
  const auto expected = Mac(payload, secret);
  if (!signature || signature->size() != expected.size() ||
      sodium_memcmp(signature->data(), expected.data(), expected.size()) != 0) {
    return base::InvalidArgument("the customer reference has a wrong signature");
  }
  const auto json_text = FromBase64(payload);
  const nlohmann::json claims =
      json_text ? nlohmann::json::parse(*json_text, nullptr, false) : nlohmann::json();
  if (!claims.is_object() || !claims.contains("ref") || !claims["ref"].is_string() ||
      !claims.contains("exp") || !claims["exp"].is_number_integer()) {
    return base::InvalidArgument(R"(the customer reference must hold "ref" and "exp")");
  }
  const std::optional<std::int64_t> seconds = ExpirySeconds(claims["exp"]);
  if (!seconds) {
    return base::InvalidArgument(
        "the customer reference's \"exp\" must be a time in seconds since 1970 (UTC), e.g. "
        "1795600000");
  }
  const auto expires = std::chrono::system_clock::time_point(std::chrono::seconds(*seconds));
  if (expires <= now) {
    return base::InvalidArgument("the customer reference has expired; reload the page");
  }
  CustomerReference customer;
  customer.ref = claims["ref"].get<std::string>();
  if (customer.ref.empty() || customer.ref.size() > 64 || !Printable(customer.ref)) {
    return base::InvalidArgument("the customer reference's \"ref\" must be 1 to 64 characters");
  }
  if (auto advisor = claims.find("advisor"); advisor != claims.end() && advisor->is_string()) {
    customer.advisor = advisor->get<std::string>();
  }
  return customer;
}

std::string SignCustomerReference(const CustomerReference& customer, base::TimePoint expires,
                                  std::string_view secret) {
  EnsureSodium();
  nlohmann::json claims = {
      {"ref", customer.ref},
      {"exp",
       std::chrono::duration_cast<std::chrono::seconds>(expires.time_since_epoch()).count()}};
  if (!customer.advisor.empty()) {
    claims["advisor"] = customer.advisor;
  }
  const std::string json = claims.dump();
  const std::string payload =
      Base64(reinterpret_cast<const unsigned char*>(json.data()), json.size());
  const auto mac = Mac(payload, secret);
  return payload + "." + Base64(mac.data(), mac.size());
}

}  // namespace balie::auth
