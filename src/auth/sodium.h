#ifndef BALIE_AUTH_SODIUM_H_
#define BALIE_AUTH_SODIUM_H_

// Internal to auth/: libsodium must be initialised before use.

namespace balie::auth {

// Initialises libsodium once (thread-safe); aborts if the system has no usable random source,
// since no secret may be made then.
void EnsureSodium();

}  // namespace balie::auth

#endif  // BALIE_AUTH_SODIUM_H_
