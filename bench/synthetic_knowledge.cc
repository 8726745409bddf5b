#include "synthetic_knowledge.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <string_view>
#include <unordered_set>

namespace balie::bench {
namespace {

using model::Language;

// Real words, roughly most frequent first. Single words only: the generator joins them with spaces.
constexpr std::string_view kDutchFunctionWords[] = {
    "de",    "het",   "een",    "van",     "en",    "in",    "is",     "je",     "op",
    "te",    "dat",   "voor",   "met",     "niet",  "u",     "uw",     "zijn",   "kunt",
    "wordt", "als",   "bij",    "of",      "aan",   "om",    "ook",    "naar",   "deze",
    "die",   "er",    "dan",    "wij",     "we",    "dit",   "hebt",   "heeft",  "moet",
    "kan",   "meer",  "tot",    "nog",     "door",  "over",  "wel",    "geen",   "uit",
    "na",    "wat",   "hoe",    "wanneer", "waar",  "welke", "alle",   "binnen", "zonder",
    "via",   "per",   "zo",     "maar",    "al",    "ons",   "onze",   "worden", "hebben",
    "mag",   "mogen", "moeten", "kunnen",  "graag", "eerst", "daarna", "altijd", "soms",
};

constexpr std::string_view kDutchContentWords[] = {
    "rekening",
    "betaalrekening",
    "spaarrekening",
    "betaalpas",
    "creditcard",
    "pincode",
    "hypotheek",
    "rente",
    "aflossing",
    "lening",
    "krediet",
    "verzekering",
    "polis",
    "premie",
    "schade",
    "dekking",
    "uitkering",
    "pensioen",
    "belasting",
    "aangifte",
    "toeslag",
    "zorgtoeslag",
    "huurtoeslag",
    "kinderbijslag",
    "gemeente",
    "paspoort",
    "rijbewijs",
    "identiteitskaart",
    "uittreksel",
    "verhuizing",
    "adres",
    "inschrijving",
    "vergunning",
    "afspraak",
    "formulier",
    "machtiging",
    "incasso",
    "overboeking",
    "betaling",
    "storting",
    "opname",
    "saldo",
    "limiet",
    "afschrift",
    "jaaroverzicht",
    "transactie",
    "kosten",
    "tarief",
    "boete",
    "termijn",
    "looptijd",
    "maandlasten",
    "woning",
    "huis",
    "taxatie",
    "notaris",
    "akte",
    "erfenis",
    "nabestaanden",
    "overlijden",
    "echtscheiding",
    "partner",
    "kind",
    "studie",
    "studiefinanciering",
    "bijstand",
    "werkgever",
    "salaris",
    "inkomen",
    "vermogen",
    "beleggen",
    "aandelen",
    "fondsen",
    "rendement",
    "risico",
    "bezwaar",
    "beroep",
    "klacht",
    "beslissing",
    "besluit",
    "aanvraag",
    "wijziging",
    "opzegging",
    "aanvragen",
    "wijzigen",
    "blokkeren",
    "activeren",
    "inloggen",
    "app",
    "website",
    "digid",
    "wachtwoord",
    "code",
    "sms",
    "email",
    "brief",
    "post",
    "klantenservice",
    "telefoon",
    "chat",
    "openingstijden",
    "kantoor",
    "balie",
    "loket",
    "legitimatie",
    "bewijs",
    "document",
    "bijlage",
    "handtekening",
    "ondertekenen",
    "contract",
    "voorwaarden",
    "fraude",
    "phishing",
    "oplichting",
    "diefstal",
    "verlies",
    "vervanging",
    "auto",
    "reis",
    "inboedel",
    "opstal",
    "aansprakelijkheid",
    "rechtsbijstand",
    "zorgverzekering",
    "tandarts",
    "fysiotherapie",
    "vergoeding",
    "declaratie",
    "nota",
    "factuur",
    "achterstand",
    "betalingsregeling",
    "schuld",
    "schuldhulp",
    "deurwaarder",
    "herinnering",
    "aanmaning",
    "bedrag",
    "euro",
    "maand",
    "jaar",
    "week",
    "dag",
    "datum",
    "periode",
    "nummer",
    "iban",
    "burgerservicenummer",
    "naam",
    "geboortedatum",
    "nationaliteit",
    "verblijfsvergunning",
    "afval",
    "container",
    "grofvuil",
    "parkeren",
    "bouwvergunning",
    "subsidie",
    "waterschap",
    "heffing",
    "aanslag",
    "kwijtschelding",
    "uitstel",
    "teruggave",
    "voorlopig",
    "definitief",
    "betalen",
    "sparen",
    "lenen",
    "terugbetalen",
    "overmaken",
    "opnemen",
    "storten",
    "melden",
    "bellen",
    "invullen",
    "versturen",
    "ontvangen",
    "controleren",
    "bevestigen",
    "annuleren",
    "verlengen",
    "verhogen",
    "verlagen",
    "kwijt",
    "gestolen",
    "verlopen",
    "geblokkeerd",
    "gratis",
    "maandelijks",
    "jaarlijks",
    "direct",
    "online",
    "buitenland",
    "werkdagen",
    "medewerker",
    "klant",
    "bank",
    "verzekeraar",
    "hypotheekadviseur",
    "geldautomaat",
    "pinautomaat",
    "contactloos",
    "betaalverzoek",
    "spaardoel",
    "kinderrekening",
    "gezamenlijk",
    "volmacht",
    "beheerder",
};

constexpr std::string_view kEnglishFunctionWords[] = {
    "the",  "to",   "of",     "and",    "a",     "in",     "is",      "for",  "you",
    "your", "on",   "that",   "with",   "can",   "be",     "are",     "this", "or",
    "we",   "it",   "by",     "as",     "at",    "from",   "if",      "will", "not",
    "have", "has",  "do",     "an",     "our",   "when",   "how",     "what", "which",
    "more", "all",  "after",  "before", "about", "within", "without", "per",  "also",
    "may",  "must", "should", "then",   "first", "always", "any",     "only", "there",
};

constexpr std::string_view kEnglishContentWords[] = {
    "account",     "savings",     "debit",     "card",        "credit",       "pin",
    "mortgage",    "interest",    "repayment", "loan",        "insurance",    "policy",
    "premium",     "damage",      "claim",     "excess",      "cover",        "benefit",
    "pension",     "tax",         "return",    "allowance",   "council",      "passport",
    "licence",     "certificate", "address",   "move",        "registration", "permit",
    "parking",     "appointment", "form",      "mandate",     "transfer",     "payment",
    "deposit",     "withdrawal",  "balance",   "limit",       "statement",    "overview",
    "transaction", "costs",       "fee",       "fine",        "term",         "instalment",
    "home",        "house",       "valuation", "notary",      "deed",         "inheritance",
    "death",       "divorce",     "partner",   "child",       "student",      "employer",
    "salary",      "income",      "assets",    "invest",      "shares",       "funds",
    "risk",        "objection",   "appeal",    "complaint",   "decision",     "application",
    "change",      "cancel",      "apply",     "block",       "activate",     "login",
    "app",         "website",     "password",  "code",        "text",         "email",
    "letter",      "mail",        "service",   "phone",       "chat",         "hours",
    "office",      "desk",        "identity",  "proof",       "document",     "attachment",
    "signature",   "sign",        "contract",  "conditions",  "fraud",        "phishing",
    "scam",        "theft",       "loss",      "replacement", "car",          "travel",
    "contents",    "building",    "liability", "legal",       "health",       "dentist",
    "refund",      "invoice",     "arrears",   "arrangement", "debt",         "reminder",
    "amount",      "euro",        "month",     "year",        "week",         "day",
    "date",        "period",      "number",    "iban",        "name",         "birth",
    "residence",   "waste",       "bin",       "subsidy",     "assessment",   "deferral",
    "pay",         "save",        "borrow",    "repay",       "withdraw",     "report",
    "call",        "fill",        "send",      "receive",     "check",        "confirm",
    "extend",      "increase",    "reduce",    "lost",        "stolen",       "expired",
    "blocked",     "free",        "monthly",   "yearly",      "online",       "abroad",
    "staff",       "customer",    "bank",      "insurer",     "adviser",      "cash",
    "contactless", "request",     "joint",     "power",       "attorney",     "overdraft",
};

constexpr std::string_view kDutchStarters[] = {
    "hoe kan ik", "wat moet ik doen als", "waar vind ik", "kan ik mijn", "hoe lang duurt",
    "wat kost",   "wanneer krijg ik",     "mag ik",       "ik wil mijn", "hoe werkt",
};
constexpr std::string_view kEnglishStarters[] = {
    "how do I",        "what happens if", "where can I find",
    "can I change my", "how long does",   "what does it cost to",
    "when will I get", "may I",           "I want to",
    "how does",
};

constexpr std::string_view kTopics[] = {
    "betalen",    "sparen",      "lenen",     "hypotheek", "verzekeren", "belastingen",
    "toeslagen",  "burgerzaken", "afval",     "parkeren",  "wonen",      "zorg",
    "pensioen",   "beleggen",    "fraude",    "contact",   "inloggen",   "schade",
    "reizen",     "ondernemen",  "studie",    "schulden",  "pas",        "app",
    "veiligheid", "overlijden",  "verhuizen", "kinderen",  "werk",       "vergunningen",
};

struct Syllables {
  std::vector<std::string_view> onsets, vowels, codas, suffixes;
};

// Builds `count` distinct pronounceable words of 2–3 syllables that are not real words.
std::vector<std::string> SyntheticWords(const Syllables& s, size_t count, std::mt19937_64& rng,
                                        std::unordered_set<std::string>& taken) {
  auto pick = [&rng](const std::vector<std::string_view>& from) {
    return from[std::uniform_int_distribution<size_t>(0, from.size() - 1)(rng)];
  };
  std::vector<std::string> words;
  while (words.size() < count) {
    std::string word;
    const int syllables = std::uniform_int_distribution<int>(2, 3)(rng);
    for (int i = 0; i < syllables; ++i) {
      word += pick(s.onsets);
      word += pick(s.vowels);
      word += pick(s.codas);
    }
    word += pick(s.suffixes);
    if (word.size() >= 4 && taken.insert(word).second) words.push_back(std::move(word));
  }
  return words;
}

// Zipf–Mandelbrot sampling over ranks 0..n-1: P(rank) proportional to 1 / (rank + offset)^exponent.
// Content words are drawn with an offset of about the number of function words, as if both shared
// one rank-frequency curve: the most common content word is then in about a third of the
// passages, as "rekening" would be in a bank's knowledge base, not in every one.
class Zipf {
 public:
  Zipf(size_t n, double exponent, double offset) {
    std::vector<double> weights(n);
    for (size_t r = 0; r < n; ++r) {
      weights[r] = 1.0 / std::pow(static_cast<double>(r) + offset, exponent);
    }
    distribution_ = std::discrete_distribution<size_t>(weights.begin(), weights.end());
  }
  size_t operator()(std::mt19937_64& rng) { return distribution_(rng); }

 private:
  std::discrete_distribution<size_t> distribution_;
};

// The words of one language, by rank, and how to draw them.
struct Vocabulary {
  std::vector<std::string> function_words;
  std::vector<std::string> content_words;  // real words first, then compounds and synthetic
  std::vector<std::string_view> starters;
};

Vocabulary MakeVocabulary(Language language) {
  std::mt19937_64 rng(language == Language::kDutch ? 7 : 11);
  Vocabulary v;
  std::unordered_set<std::string> taken;
  std::vector<std::string> real;
  if (language == Language::kDutch) {
    for (std::string_view w : kDutchFunctionWords) v.function_words.emplace_back(w);
    for (std::string_view w : kDutchContentWords) real.emplace_back(w);
    for (std::string_view w : kDutchStarters) v.starters.push_back(w);
  } else {
    for (std::string_view w : kEnglishFunctionWords) v.function_words.emplace_back(w);
    for (std::string_view w : kEnglishContentWords) real.emplace_back(w);
    for (std::string_view w : kEnglishStarters) v.starters.push_back(w);
  }
  for (const std::string& w : real) taken.insert(w);
  for (const std::string& w : v.function_words) taken.insert(w);

  std::vector<std::string> tail;
  if (language == Language::kDutch) {
    // Compounds of two real words ("hypotheekrente"), as Dutch writes them.
    std::uniform_int_distribution<size_t> any(0, real.size() - 1);
    while (tail.size() < 400) {
      std::string compound = real[any(rng)] + real[any(rng)];
      if (compound.size() <= 24 && taken.insert(compound).second) tail.push_back(compound);
    }
    const Syllables dutch{{"b", "d", "g", "k",   "l",  "m",  "n",  "p",  "r",  "s", "t",
                           "v", "w", "z", "sch", "st", "kr", "gr", "br", "tr", "h", "j"},
                          {"a", "e", "i", "o", "u", "aa", "ee", "oo", "ie", "oe", "ij", "ui", "eu"},
                          {"", "", "n", "r", "l", "s", "t", "k", "ng", "nd", "rt", "cht"},
                          {"", "", "ing", "heid", "en", "er", "te", "lijk", "baar"}};
    for (std::string& w : SyntheticWords(dutch, 2600, rng, taken)) tail.push_back(std::move(w));
  } else {
    const Syllables english{{"b", "c", "d", "f", "g",  "h",  "l",  "m",  "n",  "p", "r",
                             "s", "t", "v", "w", "st", "pr", "tr", "cl", "gr", "sh"},
                            {"a", "e", "i", "o", "u", "ea", "ou", "ai", "oo"},
                            {"", "", "n", "r", "l", "s", "t", "ck", "nd", "st", "sh"},
                            {"", "", "tion", "ment", "ing", "er", "able", "ity", "ness"}};
    for (std::string& w : SyntheticWords(english, 2000, rng, taken)) tail.push_back(std::move(w));
  }
  std::shuffle(real.begin(), real.end(), rng);
  std::shuffle(tail.begin(), tail.end(), rng);
  v.content_words = std::move(real);
  for (std::string& w : tail) v.content_words.push_back(std::move(w));
  return v;
}

std::string Capitalised(std::string text) {
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 32);
  return text;
}

std::string Join(const std::vector<std::string>& words) {
  std::string text;
  for (const std::string& w : words) {
    if (!text.empty()) text += ' ';
    text += w;
  }
  return text;
}

constexpr double kContentRankOffset = 25;

// Draws the words of one language: function words and content words with Zipf frequencies.
struct LanguageModel {
  explicit LanguageModel(Language l)
      : language(l),
        vocabulary(MakeVocabulary(l)),
        function_rank(vocabulary.function_words.size(), 1.0, 1.0),
        content_rank(vocabulary.content_words.size(), 1.0, kContentRankOffset),
        theme_rank(vocabulary.content_words.size(), 0.6, kContentRankOffset) {}

  const std::string& FunctionWord(std::mt19937_64& rng) {
    return vocabulary.function_words[function_rank(rng)];
  }
  const std::string& ContentWord(std::mt19937_64& rng) {
    return vocabulary.content_words[content_rank(rng)];
  }
  // Theme words are drawn from a flatter distribution: they are what sets an article apart.
  const std::string& ThemeWord(std::mt19937_64& rng) {
    return vocabulary.content_words[theme_rank(rng)];
  }

  Language language;
  Vocabulary vocabulary;
  Zipf function_rank;
  Zipf content_rank;
  Zipf theme_rank;
};

bool Chance(std::mt19937_64& rng, double p) { return std::bernoulli_distribution(p)(rng); }
size_t Between(std::mt19937_64& rng, size_t low, size_t high) {
  return std::uniform_int_distribution<size_t>(low, high)(rng);
}

std::string SectionText(LanguageModel& model, const std::vector<std::string>& theme, size_t words,
                        std::mt19937_64& rng) {
  std::string text;
  size_t written = 0;
  while (written < words) {
    const size_t sentence = std::min(Between(rng, 6, 16), words - written);
    std::vector<std::string> sentence_words;
    for (size_t i = 0; i < sentence; ++i) {
      const double roll = std::uniform_real_distribution<double>(0, 1)(rng);
      if (roll < 0.42) {
        sentence_words.push_back(model.FunctionWord(rng));
      } else if (roll < 0.62) {
        sentence_words.push_back(theme[Between(rng, 0, theme.size() - 1)]);
      } else if (roll < 0.64) {
        sentence_words.push_back(std::to_string(Between(rng, 1, 500)));
      } else {
        sentence_words.push_back(model.ContentWord(rng));
      }
    }
    if (!text.empty()) text += ' ';
    text += Capitalised(Join(sentence_words)) + '.';
    written += sentence;
  }
  return text;
}

std::string Question(LanguageModel& model, const std::vector<std::string>& theme,
                     std::mt19937_64& rng) {
  std::vector<std::string> words;
  words.emplace_back(
      model.vocabulary.starters[Between(rng, 0, model.vocabulary.starters.size() - 1)]);
  const size_t n = Between(rng, 2, 4);
  for (size_t i = 0; i < n; ++i) {
    if (i > 0 && Chance(rng, 0.3)) words.push_back(model.FunctionWord(rng));
    words.push_back(Chance(rng, 0.8) ? theme[Between(rng, 0, theme.size() - 1)]
                                     : model.ContentWord(rng));
  }
  return Join(words) + "?";
}

// A typo of the kinds customers make: two letters swapped, one dropped, one replaced.
std::string WithTypo(std::string word, std::mt19937_64& rng) {
  if (word.size() < 5) return word;
  const size_t at = Between(rng, 1, word.size() - 2);
  switch (Between(rng, 0, 2)) {
    case 0:
      std::swap(word[at], word[at + 1]);
      break;
    case 1:
      word.erase(at, 1);
      break;
    default:
      word[at] = static_cast<char>('a' + Between(rng, 0, 25));
      break;
  }
  return word;
}

std::vector<std::string> SplitSpaces(std::string_view text) {
  std::vector<std::string> words;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) words.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

// Drops words (keeping at least two) and adds at most two typos.
std::string Perturbed(std::string_view question, std::mt19937_64& rng) {
  std::vector<std::string> words = SplitSpaces(question);
  std::vector<std::string> kept;
  for (size_t i = 0; i < words.size(); ++i) {
    const size_t left = words.size() - i;
    if (kept.size() + left > 2 && Chance(rng, 0.2)) continue;
    kept.push_back(words[i]);
  }
  for (int t = 0; t < 2 && !kept.empty(); ++t) {
    if (Chance(rng, 0.35)) {
      std::string& word = kept[Between(rng, 0, kept.size() - 1)];
      word = WithTypo(word, rng);
    }
  }
  return Join(kept);
}

}  // namespace

model::KnowledgeBase GenerateKnowledgeBase(const SyntheticOptions& options) {
  std::mt19937_64 rng(options.seed);
  LanguageModel dutch(Language::kDutch);
  LanguageModel english(Language::kEnglish);

  model::KnowledgeBase knowledge;
  knowledge.articles.reserve(options.articles);
  for (size_t i = 0; i < options.articles; ++i) {
    LanguageModel& lm = Chance(rng, 0.8) ? dutch : english;
    model::Article article;
    article.language = lm.language;

    std::vector<std::string> theme;
    const size_t theme_size = Between(rng, 6, 12);
    while (theme.size() < theme_size) {
      const std::string& word = lm.ThemeWord(rng);
      if (std::find(theme.begin(), theme.end(), word) == theme.end()) theme.push_back(word);
    }

    char number[24];
    std::snprintf(number, sizeof number, "%05zu", i);
    article.id = "kb-" + std::string(number) + "-" + theme[0];
    article.url = "https://www.voorbeeld.nl/kennisbank/" + article.id;

    std::vector<std::string> title;
    const size_t title_words = Between(rng, 3, 6);
    for (size_t w = 0; w < title_words; ++w) {
      title.push_back(w % 2 == 1 && Chance(rng, 0.4) ? lm.FunctionWord(rng)
                                                     : theme[w % theme.size()]);
    }
    article.title = Capitalised(Join(title));

    const size_t topics = Between(rng, 1, 3);
    while (article.topics.size() < topics) {
      std::string topic(kTopics[Between(rng, 0, std::size(kTopics) - 1)]);
      if (std::find(article.topics.begin(), article.topics.end(), topic) == article.topics.end()) {
        article.topics.push_back(std::move(topic));
      }
    }

    const size_t examples = Between(rng, 0, 5);
    for (size_t e = 0; e < examples; ++e) article.examples.push_back(Question(lm, theme, rng));

    const size_t sections = Between(rng, 3, 5);
    for (size_t s = 0; s < sections; ++s) {
      model::Section section;
      if (s == 0) {
        section.heading = article.title;
      } else {
        std::vector<std::string> heading;
        const size_t heading_words = Between(rng, 2, 4);
        for (size_t w = 0; w < heading_words; ++w) {
          heading.push_back(Chance(rng, 0.6) ? theme[Between(rng, 0, theme.size() - 1)]
                                             : lm.ContentWord(rng));
        }
        section.heading = Capitalised(Join(heading));
      }
      section.text = SectionText(lm, theme, Between(rng, 40, 120), rng);
      article.sections.push_back(std::move(section));
    }
    article.source = {"generated/" + article.id + ".md", 1};
    knowledge.articles.push_back(std::move(article));
  }
  // The loader keeps articles sorted by id; the ids above already are.

  knowledge.synonyms = {
      {"betaalpas", "pinpas", "bankpas"}, {"creditcard", "kredietkaart"},
      {"hypotheek", "woninglening"},      {"verzekering", "polis"},
      {"gemeente", "stadhuis"},           {"legitimatie", "identiteitsbewijs"},
      {"debit card", "bank card"},        {"mortgage", "home loan"},
      {"complaint", "grievance"},
  };
  knowledge.out_of_scope_examples = {
      "wat voor weer wordt het morgen", "kunnen jullie mijn fiets repareren",
      "wie wint het wk voetbal",        "what is the best pizza in town",
      "can you book a flight for me",
  };
  return knowledge;
}

std::vector<SyntheticQuestion> GenerateQuestions(const model::KnowledgeBase& knowledge,
                                                 size_t count, uint64_t seed) {
  std::mt19937_64 rng(seed);
  LanguageModel dutch(Language::kDutch);
  LanguageModel english(Language::kEnglish);
  std::vector<SyntheticQuestion> questions;
  questions.reserve(count);
  const size_t n = knowledge.articles.size();
  while (questions.size() < count) {
    const double roll = std::uniform_real_distribution<double>(0, 1)(rng);
    const model::Article& article = knowledge.articles[Between(rng, 0, n - 1)];
    LanguageModel& lm = article.language == Language::kDutch ? dutch : english;
    if (roll < 0.60) {
      if (article.examples.empty()) continue;
      const std::string& example = article.examples[Between(rng, 0, article.examples.size() - 1)];
      questions.push_back({Perturbed(example, rng), article.id});
    } else if (roll < 0.85) {
      // A new phrasing: a starter, title words and a word from the body.
      std::vector<std::string> title = SplitSpaces(article.title);
      std::vector<std::string> body = SplitSpaces(article.sections.back().text);
      std::vector<std::string> words;
      words.emplace_back(
          lm.vocabulary.starters[Between(rng, 0, lm.vocabulary.starters.size() - 1)]);
      for (size_t w = 0; w < 2; ++w) words.push_back(title[Between(rng, 0, title.size() - 1)]);
      std::string from_body = body[Between(rng, 0, body.size() - 1)];
      if (!from_body.empty() && from_body.back() == '.') from_body.pop_back();
      words.push_back(from_body);
      questions.push_back({Perturbed(Join(words), rng), article.id});
    } else {
      std::vector<std::string> words;
      const size_t length = Between(rng, 4, 10);
      for (size_t w = 0; w < length; ++w) {
        words.push_back(Chance(rng, 0.4) ? lm.FunctionWord(rng) : lm.ContentWord(rng));
      }
      questions.push_back({Join(words), ""});
    }
  }
  return questions;
}

}  // namespace balie::bench
