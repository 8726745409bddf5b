// Signed customer references (src/auth/customer_reference.cc), which the organisation's site puts
// in the widget and any visitor can change. The first byte chooses what the rest is: even, a
// reference as it arrives (anything at all); odd, the payload's JSON, signed here with the right
// secret, so that the decoding of the claims behind the signature check is reached too. What is
// accepted must keep the header's promises and survive being signed and verified again.

#include <sodium.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "auth/customer_reference.h"
#include "base/time_format.h"

namespace {

constexpr std::string_view kSecret = "the organisation's long random secret";
const balie::base::TimePoint kNow = *balie::base::ParseTime("2026-11-24T09:00:00Z");

std::string Base64(const unsigned char* data, std::size_t size) {
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string encoded(sodium_base64_encoded_len(size, kVariant), '\0');
  sodium_bin2base64(encoded.data(), encoded.size(), data, size, kVariant);
  encoded.resize(encoded.find('\0'));
  return encoded;
}

// PAYLOAD.SIGNATURE of `json`, as the organisation's site makes it.
std::string Sign(std::string_view json) {
  const std::string payload =
      Base64(reinterpret_cast<const unsigned char*>(json.data()), json.size());
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(kSecret.data()),
                              kSecret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(payload.data()),
                                payload.size());
  crypto_auth_hmacsha256_final(&state, mac.data());
  return payload + "." + Base64(mac.data(), mac.size());
}

bool Printable(std::string_view text) {
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0 || sodium_init() < 0) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::string reference = data[0] % 2 == 0 ? std::string(rest) : Sign(rest);
  auto customer = balie::auth::VerifyCustomerReference(reference, kSecret, kNow);
  if (!customer.ok()) return 0;
  if (customer->ref.empty() || customer->ref.size() > 64 || !Printable(customer->ref)) {
    __builtin_trap();  // the header promises 1 to 64 printable characters
  }
  const std::string again =
      balie::auth::SignCustomerReference(*customer, kNow + std::chrono::hours(1), kSecret);
  auto round_trip = balie::auth::VerifyCustomerReference(again, kSecret, kNow);
  if (!round_trip.ok() || round_trip->ref != customer->ref ||
      round_trip->advisor != customer->advisor) {
    __builtin_trap();
  }
  return 0;
}
