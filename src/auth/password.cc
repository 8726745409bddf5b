#include "auth/password.h"

#include <sodium.h>
#include <zxcvbn.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "auth/sodium.h"
#include "base/text.h"

namespace balie::auth {

namespace {

constexpr size_t kMinPassword = 10;
constexpr size_t kMaxPassword = 200;

// Words that Dutch speakers put in passwords, which zxcvbn's English dictionaries lack: counted
// as dictionary words (a handful of guesses each), not as random letters.
constexpr const char* kDutchPasswordWords[] = {"wachtwoord",
                                               "paswoord",
                                               "wachtwoorden",
                                               "geheim",
                                               "geheimpje",
                                               "welkom",
                                               "hallo",
                                               "hoi",
                                               "doei",
                                               "balie",
                                               "klantenservice",
                                               "klant",
                                               "medewerker",
                                               "beheerder",
                                               "beheer",
                                               "gebruiker",
                                               "inloggen",
                                               "toegang",
                                               "sleutel",
                                               "codewoord",
                                               "veilig",
                                               "beveiliging",
                                               "sterk",
                                               "nieuw",
                                               "wijzigen",
                                               "lente",
                                               "voorjaar",
                                               "zomer",
                                               "herfst",
                                               "winter",
                                               "januari",
                                               "februari",
                                               "maart",
                                               "april",
                                               "mei",
                                               "juni",
                                               "juli",
                                               "augustus",
                                               "september",
                                               "oktober",
                                               "november",
                                               "december",
                                               "maandag",
                                               "dinsdag",
                                               "woensdag",
                                               "donderdag",
                                               "vrijdag",
                                               "zaterdag",
                                               "zondag",
                                               "nederland",
                                               "holland",
                                               "amsterdam",
                                               "rotterdam",
                                               "utrecht",
                                               "denhaag",
                                               "eindhoven",
                                               "groningen",
                                               "ajax",
                                               "feyenoord",
                                               "oranje",
                                               "liefde",
                                               "schat",
                                               "schatje",
                                               "lieverd",
                                               "prinses",
                                               "voetbal",
                                               "fiets",
                                               "kaas",
                                               "bank",
                                               "belasting",
                                               "belastingdienst",
                                               "gemeente",
                                               "verzekering",
                                               "bedrijf",
                                               "kantoor",
                                               "werk",
                                               "thuis",
                                               "familie",
                                               "kinderen",
                                               "mama",
                                               "papa",
                                               "opa",
                                               "oma",
                                               "poes",
                                               "hond",
                                               "konijn",
                                               "vakantie",
                                               "zonnetje",
                                               "regen",
                                               "computer",
                                               "telefoon",
                                               "gezellig",
                                               "lekker",
                                               "dankjewel",
                                               "alsjeblieft",
                                               "welkom01",
                                               "wachtwoord1",
                                               "geheim123"};

// The code points that count as white space in a password (ASCII and Unicode spaces).
bool OnlyWhiteSpace(std::string_view text) {
  static const std::string_view kSpaces[] = {
      "\xc2\xa0",     "\xe1\x9a\x80", "\xe2\x80\x80", "\xe2\x80\x81", "\xe2\x80\x82",
      "\xe2\x80\x83", "\xe2\x80\x84", "\xe2\x80\x85", "\xe2\x80\x86", "\xe2\x80\x87",
      "\xe2\x80\x88", "\xe2\x80\x89", "\xe2\x80\x8a", "\xe2\x80\x8b", "\xe2\x80\xa8",
      "\xe2\x80\xa9", "\xe2\x80\xaf", "\xe2\x81\x9f", "\xe3\x80\x80", "\xef\xbb\xbf"};
  while (!text.empty()) {
    const char c = text.front();
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      text.remove_prefix(1);
      continue;
    }
    const auto space = std::find_if(std::begin(kSpaces), std::end(kSpaces),
                                    [text](std::string_view s) { return text.starts_with(s); });
    if (space == std::end(kSpaces)) {
      return false;
    }
    text.remove_prefix(space->size());
  }
  return true;
}

std::string Lower(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  });
  return lower;
}

// The owner's names as words: the log-in name whole and in its parts ("jan.devries", "jan",
// "devries"), and the words of the display name, folded ("Jan de Vries" -> "jan", "vries").
std::vector<std::string> OwnerWords(const PasswordOwner& owner) {
  std::vector<std::string> words;
  const std::string name = Lower(owner.name);
  if (name.size() >= 3) {
    words.push_back(name);
  }
  for (std::string_view source : {std::string_view(name), owner.display_name}) {
    for (std::string& word : base::Words(source)) {
      if (word.size() >= 3 && std::find(words.begin(), words.end(), word) == words.end()) {
        words.push_back(std::move(word));
      }
    }
  }
  return words;
}

// Whether the whole (lower-cased) password is one trivial pattern: a unit repeated ("aaaa",
// "abab", "qwertyqwerty"), a run of consecutive characters up or down ("abcdef", "1234567890",
// digits wrapping round), or a run along a keyboard row ("qwertyuiop", "asdfghjkl", azerty too).
bool Trivial(const std::string& lower) {
  const size_t n = lower.size();
  for (size_t unit = 1; unit <= n / 2; ++unit) {
    if (n % unit == 0 && lower.compare(0, n - unit, lower, unit, n - unit) == 0) {
      return true;
    }
  }
  for (int step : {1, -1}) {
    bool run = true;
    for (size_t i = 1; i < n && run; ++i) {
      const int a = static_cast<unsigned char>(lower[i - 1]);
      const int b = static_cast<unsigned char>(lower[i]);
      const bool wrap = step == 1 ? (a == '9' && b == '0') : (a == '0' && b == '9');
      run = b - a == step || wrap;
    }
    if (run) {
      return true;
    }
  }
  static const std::string kRows[] = {"1234567890qwertyuiopasdfghjklzxcvbnm",
                                      "1234567890azertyuiopqsdfghjklmwxcvbn",
                                      "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p"};
  for (const std::string& row : kRows) {
    std::string reversed(row.rbegin(), row.rend());
    if (row.find(lower) != std::string::npos || reversed.find(lower) != std::string::npos) {
      return true;
    }
  }
  return false;
}

struct Estimate {
  double bits = 0;
  bool words = false;  // common passwords, dictionary words or the owner's names in it
  bool dates = false;
};

Estimate Measure(const std::string& password, const std::vector<std::string>& owner_words) {
  std::vector<const char*> dictionary;
  dictionary.reserve(owner_words.size() + std::size(kDutchPasswordWords));
  for (const std::string& word : owner_words) dictionary.push_back(word.c_str());
  for (const char* word : kDutchPasswordWords) dictionary.push_back(word);
  dictionary.push_back(nullptr);
  ZxcMatch_t* info = nullptr;
  Estimate estimate;
  estimate.bits = ZxcvbnMatch(password.c_str(), dictionary.data(), &info);
  for (const ZxcMatch_t* match = info; match != nullptr; match = match->Next) {
    const int type = static_cast<int>(match->Type) & ~static_cast<int>(MULTIPLE_MATCH);
    estimate.words |= type == DICTIONARY_MATCH || type == DICT_LEET_MATCH || type == USER_MATCH ||
                      type == USER_LEET_MATCH;
    estimate.dates |= type == DATE_MATCH || type == YEAR_MATCH;
  }
  ZxcvbnFreeInfo(info);
  if (!std::isfinite(estimate.bits)) {
    estimate.bits = 0;
  }
  return estimate;
}

}  // namespace

base::Status CheckPasswordRules(std::string_view password) {
  if (password.size() < kMinPassword) {
    return base::InvalidArgument("the password must have at least 10 characters");
  }
  if (password.size() > kMaxPassword) {
    return base::InvalidArgument("the password must have at most 200 characters");
  }
  return base::Status::Ok();
}

base::Status CheckNewPassword(std::string_view password, const PasswordOwner& owner) {
  if (OnlyWhiteSpace(password)) {
    return base::InvalidArgument("the password must not be empty or only spaces");
  }
  if (base::Status status = CheckPasswordRules(password); !status.ok()) {
    return status;
  }
  if (password.find('\0') != std::string_view::npos) {
    return base::InvalidArgument("the password must not contain a NUL character");
  }
  const std::string lower = Lower(password);
  const std::vector<std::string> owner_words = OwnerWords(owner);
  for (const std::string& word : owner_words) {
    if (lower.find(word) != std::string::npos && (word.size() >= 4 || word == Lower(owner.name))) {
      return base::InvalidArgument("the password must not contain the user's name or user name ('" +
                                   word +
                                   "'); choose words that have nothing to do with the account");
    }
  }
  if (Trivial(lower)) {
    return base::InvalidArgument(
        "the password is a simple sequence, repetition or keyboard row (like abcdef, 123456, "
        "qwerty or aaaaaa); use a sentence of four or more unusual words, or 12 or more random "
        "characters");
  }
  const Estimate estimate = Measure(std::string(password), owner_words);
  if (estimate.bits < kMinPasswordBits) {
    std::string why = "the password is too easy to guess (strength " +
                      std::to_string(static_cast<int>(estimate.bits)) + " of the " +
                      std::to_string(static_cast<int>(kMinPasswordBits)) + " bits needed)";
    if (estimate.words) {
      why += ": it is made of common words, names or passwords (such as 'wachtwoord' or 'welkom')";
    } else if (estimate.dates) {
      why += ": dates and years are easy to guess";
    }
    return base::InvalidArgument(
        why + "; use a sentence of four or more unusual words, or 12 or more random characters");
  }
  return base::Status::Ok();
}

base::Result<std::string> HashPassword(std::string_view password) {
  if (base::Status status = CheckPasswordRules(password); !status.ok()) {
    return status;
  }
  EnsureSodium();
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(hash, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return base::Unavailable("not enough memory to hash a password; try again");
  }
  return std::string(hash);
}

bool VerifyPassword(std::string_view password, const std::string& hash) {
  EnsureSodium();
  if (hash.empty() || password.size() > kMaxPassword) {
    return false;
  }
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

}  // namespace balie::auth
