#include "answer/triage.h"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <span>

#include "answer/language.h"

namespace balie::answer {
namespace {

// A pattern matches when all its words occur in the message, in any order.
using Pattern = std::initializer_list<std::string_view>;

const std::array<Pattern, 42> kPersonPatterns = {{
    {"mens"},
    {"mensen", "spreken"},
    {"medewerker"},
    {"medewerkers"},
    {"iemand", "spreken"},
    {"iemand", "bellen"},
    {"iemand", "praten"},
    {"persoon", "spreken"},
    {"persoon", "praten"},
    {"echt", "persoon"},
    {"echte", "persoon"},
    {"doorverbinden"},
    {"doorverbonden"},
    {"telefonist"},
    {"live", "chat"},
    {"human"},
    {"humans"},
    {"agent"},
    {"real", "person"},
    {"live", "person"},
    {"someone", "speak"},
    {"someone", "talk"},
    {"somebody", "speak"},
    {"somebody", "talk"},
    {"person", "speak"},
    {"person", "talk"},
    {"representative"},
    {"operator"},
    {"staff", "member"},
    {"customer", "service", "rep"},
    {"call", "me", "back"},
    {"iemand", "aan", "lijn"},
    {"terugbellen"},
    {"terugbelt"},
    {"bel", "terug"},
    {"menselijk"},
    {"verbind", "door"},
    {"connect", "service"},
    {"connect", "someone"},
    {"put", "through"},
    {"ring", "me", "back"},
    {"bel", "mij"},
}};

// A person (or team) and a way of reaching them: "met een adviseur chatten", "an advisor to talk
// to". Either word alone is ordinary ("wie is mijn adviseur", "can I chat in the app").
constexpr std::array kPersonNouns = std::to_array<std::string_view>({
    "iemand",
    "persoon",
    "adviseur",
    "collega",
    "someone",
    "somebody",
    "person",
    "advisor",
    "adviser",
    "colleague",
    "employee",
});
constexpr std::array kContactVerbs = std::to_array<std::string_view>({
    "spreken",
    "praten",
    "bellen",
    "chatten",
    "doornemen",
    "speak",
    "talk",
    "chat",
});
// ... unless the message asks how, where, when or whom to reach: that the knowledge answers.
constexpr std::array kHowWords = std::to_array<std::string_view>({
    "hoe",
    "waar",
    "wanneer",
    "wie",
    "nummer",
    "telefoonnummer",
    "how",
    "where",
    "when",
    "who",
    "number",
});
// ... or asks when someone is there ("tot hoe laat zit er iemand aan de lijn", "when can I speak
// to someone"): the opening hours answer that. A request for a person names no time.
constexpr std::array kWhenWords = std::to_array<std::string_view>({"wanneer", "when"});
constexpr std::array kSomeoneWords = std::to_array<std::string_view>(
    {"iemand", "mensen", "persoon", "someone", "somebody", "person"});
constexpr std::array kCalledBack = std::to_array<std::string_view>({"teruggebeld", "callback"});
// Telling the bot it is not wanted: "geen bot", "not a robot".
constexpr std::array kBotWords = std::to_array<std::string_view>({"bot", "robot", "chatbot"});
constexpr std::array kNotWords = std::to_array<std::string_view>({"geen", "niet", "no", "not"});

// Asking whether one talks to a person ("are you a real person", "am I chatting with a human",
// "hoi, ben je een echt mens?", "is dit een bot") is a question about the bot, not a request for a
// person: it opens (after at most one word of greeting) as a question about "you", "I" or "this"
// and has none of the words of a request.
constexpr std::array<std::pair<std::string_view, std::string_view>, 13> kIdentityOpenings = {{
    {"are", "you"},
    {"are", "u"},
    {"r", "u"},
    {"am", "i"},
    {"is", "this"},
    {"ben", "je"},
    {"ben", "jij"},
    {"bent", "u"},
    {"ben", "ik"},
    {"is", "dit"},
    {"spreek", "ik"},
    {"praat", "ik"},
    {"chat", "ik"},
}};
constexpr std::array kRequestWords = std::to_array<std::string_view>({
    "wil",      "wilt",  "willen", "graag",   "alsjeblieft",   "alstublieft", "svp",
    "nodig",    "mag",   "kan",    "kun",     "doorverbinden", "want",        "wanna",
    "please",   "pls",   "need",   "can",     "could",         "would",       "connect",
    "transfer", "speak", "talk",   "spreken", "praten",
});

// Words that on their own show anger or distress.
constexpr std::array kUpsetWords = std::to_array<std::string_view>({
    // Dutch
    "belachelijk",
    "schandalig",
    "schande",
    "waardeloos",
    "woedend",
    "boos",
    "kwaad",
    "klote",
    "kut",
    "godverdomme",
    "verdomme",
    "idioot",
    "idioten",
    "wanhopig",
    "paniek",
    "zelfmoord",
    "depressief",
    "huilen",
    "bedreigd",
    "oplichters",
    "dieven",
    "onacceptabel",
    "onbeschoft",
    "schandalige",
    "belachelijke",
    "walgelijk",
    "teleurgesteld",
    "radeloos",
    // English
    "ridiculous",
    "outrageous",
    "useless",
    "angry",
    "furious",
    "pissed",
    "wtf",
    "damn",
    "desperate",
    "panic",
    "panicking",
    "suicide",
    "suicidal",
    "crying",
    "unacceptable",
    "disgrace",
    "disgraceful",
    "disgusting",
    "scammers",
    "thieves",
    "pathetic",
    "incompetent",
    "ongelofelijk",
    "absurd",
    "waardeloze",
    "onbeschofte",
});

// Phrases (all words present) that show anger or distress.
const std::array<Pattern, 11> kUpsetPatterns = {{
    {"ben", "het", "zat"},
    {"ten", "einde", "raad"},
    {"derde", "keer"},
    {"vierde", "keer"},
    {"weet", "niet", "meer", "wat"},
    {"fed", "up"},
    {"third", "time"},
    {"sick", "of"},
    {"worst", "bank"},
    {"slechtste", "bank"},
    {"klaar", "mee"},
}};

bool Has(const std::vector<std::string>& words, std::string_view word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

bool Matches(const std::vector<std::string>& words, Pattern pattern) {
  return std::all_of(pattern.begin(), pattern.end(),
                     [&words](std::string_view word) { return Has(words, word); });
}

// ---- situations ----
//
// A term is a whole word, or a word start when it ends in '*' ("overled*": overleden,
// overledene). A class matches a message when one of its terms does.
using WordClass = std::initializer_list<std::string_view>;

// Words that name a situation on their own.
const WordClass kFraudWords = {
    "opgelicht",
    "oplicht*",
    "fraude*",
    "fraud*",
    "phishing*",
    "phish*",
    "gephisht",
    "gehackt",
    "gehacked",
    "hack*",
    "nepsite*",
    "nepmail*",
    "nepbericht*",
    "nepwebsite*",
    "neppe",
    "nep",
    "misbruik*",
    "skimming",
    "skimmen",
    "geskimd",
    "scam",
    "scams",
    "scammed",
    "scammer*",
    "spoof*",
    "impersonat*",
    "oplichter*",
    "kluisrekening*",
    "voorgedaan",
    "voordeed",
    "pretend*",
    "ingetrapt",
    "gekaapt",
    "hijack*",
    "identiteitsfraude",
    "identiteitsdiefstal",
};
const WordClass kDeathWords = {
    "overled*",    "overlijd*",  "gestorven",     "sterft",     "sterven",     "stierf",
    "sterfgeval*", "doodga*",    "omgekomen",     "heengegaan", "begrafenis*", "uitvaart*",
    "crematie*",   "executeur*", "nalatenschap*", "erfgena*",   "erfrecht*",   "nabestaand*",
    "weduw*",      "rouw*",      "deceased",      "death",      "funeral*",    "executor*",
    "bereave*",    "widow*",     "probate",
};
const WordClass kDebtWords = {
    "schuld",
    "schulden",
    "schuldhulp*",
    "schuldsanering*",
    "schuldeiser*",
    "deurwaarder*",
    "beslag*",
    "betalingsachterstand*",
    "achterstand*",
    "aanmaning*",
    "incassobureau*",
    "betalingsregeling*",
    "betalingsproblem*",
    "geldzorg*",
    "geldproblem*",
    "wanbetal*",
    "krap",
    "failliet*",
    "faillissement*",
    "debt*",
    "bailiff*",
    "arrears",
    "repossess*",
    "evict*",
    "insolven*",
    "bankrupt*",
};
const WordClass kComplaintWords = {
    "klacht*",   "klagen",       "beklag",  "ontevreden*",
    "bezwaar*",  "ombudsman",    "kifid",   "geschillencommissie",
    "complain*", "dissatisfied", "unhappy", "escalat*",
};

// Classes that tell a situation together.
// Fraud: a secret or a means of paying, handed over (or asked for), to a stranger or through a
// message.
const WordClass kSecrets = {
    "pas",         "pasje",        "bankpas*",    "pinpas*",
    "betaalpas*",  "creditcard*",  "pincode*",    "pin",
    "code",        "codes",        "inlogcode*",  "inloggegeven*",
    "gegevens",    "bankgegevens", "wachtwoord*", "beveiligingscode*",
    "toegang",     "computer",     "laptop",      "card",
    "details",     "password*",    "passcode*",   "login",
    "credentials", "access",
};
const WordClass kHandedOver = {
    "gegeven",   "meegegeven",  "afgegeven",   "doorgegeven", "meegenomen", "afgepakt",
    "afgenomen", "voorgelezen", "verteld",     "ingevuld",    "ingetypt",   "ingetikt",
    "gedeeld",   "opgehaald",   "overgenomen", "vroeg",       "vroegen",    "gevraagd",
    "gave",      "given",       "handed",      "shared",      "told",       "typed",
    "entered",   "took",        "taken",       "let",         "asked",
};
const WordClass kStrangers = {
    "iemand", "man",      "vrouw",     "meneer",  "mevrouw", "persoon",  "jongen",
    "gast",   "bezorger", "onbekende", "vreemde", "link",    "sms",      "mail",
    "email",  "whatsapp", "appje",     "bericht", "gebeld",  "belde",    "telefonisch",
    "deur",   "site",     "website",   "qr",      "someone", "somebody", "woman",
    "guy",    "stranger", "caller",    "text",    "message", "called",   "door",
};
// ... or money taken (an account emptied, payments unknown or not recognised), or payments the
// customer did not make. "Gone" and "weg" are not enough: "where has my transfer gone?".
const WordClass kMoney = {
    "geld",         "saldo",   "betaling*", "afschrijving*", "opname*",  "transactie*",
    "overboeking*", "bedrag*", "euro",      "money",         "payment*", "transaction*",
    "withdrawal*",  "charges", "debits",    "savings",
};
const WordClass kGone = {
    "leeg", "leeggehaald", "onbekend*", "herken*", "drained", "emptied", "unknown", "recogni*",
};
const WordClass kNotMe = {"niet", "nooit", "zonder", "not", "never", "didnt", "without"};
const WordClass kDone = {"gedaan", "gemaakt",    "afgesloten", "made",      "make",
                         "done",   "authorised", "authorized", "authorise", "authorize"};
// ... or someone else logging in to the customer's account ("mijn ex logt nog steeds in op mijn
// bankapp"; "kan iemand met een volmacht inloggen" asks, and is not this).
const WordClass kOthers = {"ex",       "iemand",  "someone", "somebody", "onbekende",
                           "onbekend", "vreemde", "vreemd",  "unknown",  "stranger"};
const WordClass kLogsIn = {"logt", "logde", "ingelogd", "logged", "logs"};
const WordClass kAccounts = {"app", "bankapp", "rekening*", "account*", "banking"};
// ... or a "new number" asking for money (the "hoi mam" scam), or a loan in one's name.
const WordClass kNew = {"nieuw", "nieuwe", "new"};
const WordClass kNumber = {"nummer", "number"};
const WordClass kSent = {"overgemaakt", "overmaken", "gestuurd", "betaald", "sent",
                         "transferred", "paid",      "geld",     "money"};
const WordClass kName = {"naam", "name"};
const WordClass kCredit = {"lening", "loan", "krediet", "credit", "rekening", "account"};
const WordClass kOpened = {"afgesloten", "geopend", "aangevraagd", "opened", "taken", "applied"};
// ... or money sent to a "safe account" (a fraudster posing as the bank), or a purchase paid for
// and never delivered.
const WordClass kSafe = {"veilige", "safe"};
const WordClass kAccount = {"rekening", "account"};
const WordClass kSellers = {"marktplaats", "verkoper", "seller", "webshop", "tweedehands"};
const WordClass kReceived = {"gekregen", "ontvangen", "geleverd", "opgestuurd", "verstuurd",
                             "received", "delivered", "arrived",  "sent"};
// ... or someone else paying with the customer's card; an identity stolen; "fell for it".
const WordClass kUsed = {"betaald", "gepind", "gebruikt", "used", "using", "paid"};
const WordClass kCard = {"pas",        "pasje",       "bankpas*", "pinpas*",
                         "betaalpas*", "creditcard*", "card"};
const WordClass kIdentity = {"identiteit", "identity"};
const WordClass kStolen = {"gestolen", "stolen", "stole"};
const WordClass kErin = {"erin"};
const WordClass kTrapped = {"getrapt", "gestonken", "gevallen"};
const WordClass kTricked = {"tricked", "conned", "duped"};
// A link in a message, followed: "op de link geklikt", "clicked a link in a text".
const WordClass kLink = {"link", "linkje"};
const WordClass kClicked = {"geklikt", "aangeklikt", "clicked"};
// Debt: unable to pay a burden (within a few words: "kan de app niet meer bedienen ... en wil
// haar rekeningen betalen" is not), a delay of payment, behind with payments, in the red with
// hardship.
const WordClass kUnable = {"niet", "geen", "cant", "cannot", "unable", "struggling"};
const WordClass kPay = {"betalen",   "betaal",    "aflossen", "lossen",       "dragen",
                        "opbrengen", "rondkomen", "rond",     "red",          "pay",
                        "afford",    "repay",     "keep",     "terugbetalen", "afbetalen"};
const WordClass kBurdens = {
    "hypotheek*", "maandlast*", "lening*", "aflossing*", "woonlast*", "huur",       "rekeningen",
    "lasten",     "mortgage*",  "loan*",   "rent",       "bills",     "repayment*",
};
const WordClass kDelay = {"uitstel", "achter", "behind"};
const WordClass kPayments = {"betal*",     "aflos*", "payment*",   "bills", "mortgage*",
                             "hypotheek*", "alles",  "rekeningen", "lasten"};
// Paying off a credit card: "pay with my credit card" is ordinary, "pay off" or "aflossen" is not.
const WordClass kRepay = {"aflossen", "lossen", "terugbetalen", "afbetalen", "repay", "off"};
const WordClass kCards = {"creditcard*", "credit", "kredietkaart*", "krediet", "roodstand"};
// Money trouble named in other words: "we redden het financieel niet", "financiële problemen",
// "financial difficulties"; "tot mijn nek in de rekeningen".
const WordClass kFinancially = {"financieel", "financiele", "financially", "financial"};
const WordClass kTrouble = {"redden", "red",    "problemen", "probleem",   "moeilijk*", "nood",
                            "krap",   "zorgen", "trouble",   "difficult*", "hardship",  "struggl*"};
const WordClass kNeck = {"nek", "neck"};
const WordClass kStruggling = {"struggling", "struggle"};
// In the red is ordinary ("hoeveel rente betaal ik als ik rood sta?"); with hardship it is not.
const WordClass kInTheRed = {"rood", "roodstand", "min", "overdrawn"};
const WordClass kHardship = {"niet",   "geen", "cant",  "cannot",  "unable", "behind",
                             "achter", "help", "weken", "maanden", "weeks",  "months"};
// Complaint: wrong advice.
const WordClass kWrong = {"verkeerd", "verkeerde", "slecht", "slechte", "wrong", "bad"};
const WordClass kAdvice = {"geadviseerd", "advies", "advice", "advised"};
// Death told of a person ("my husband died"; "my battery died", "mijn accu is dood" are not),
// "when I die", "passed away".
const WordClass kDied = {"died", "dies", "dood"};
const WordClass kRelatives = {
    "man",     "vrouw",  "moeder", "vader", "zoon",   "dochter", "broer",     "zus",     "partner",
    "opa",     "oma",    "oom",    "tante", "ouders", "kind",    "echtgeno*", "schoon*", "vriend*",
    "husband", "wife",   "mum",    "mom",   "mother", "father",  "dad",       "son",     "daughter",
    "brother", "sister", "grand*", "uncle", "aunt",   "parent*", "friend",    "child",   "baby",
};
const WordClass kDie = {"die"};
const WordClass kIWhen = {"i", "when", "if"};
const WordClass kPassed = {"passed"};
const WordClass kAway = {"away"};
// Told in other words, in this order: "mijn vrouw is er niet meer", "I lost my husband",
// "ik heb mijn man verloren", "she is no longer with us".
const WordClass kMy = {"mijn", "onze", "ons", "my", "our"};
const WordClass kIs = {"is"};
const WordClass kEr = {"er"};
const WordClass kNiet = {"niet"};
const WordClass kMeer = {"meer"};
const WordClass kLost = {"lost"};
const WordClass kVerloren = {"verloren"};
const WordClass kNo = {"no"};
const WordClass kLonger = {"longer"};
const WordClass kWith = {"with"};
const WordClass kUs = {"us"};
const WordClass kLives = {"leeft", "leefde"};
const WordClass kAfterPassed = {"last", "yesterday", "recently", "suddenly", "this", "in", "on"};
const WordClass kGoneAway = {"gone"};

struct SituationRule {
  Situation situation;
  std::initializer_list<const WordClass*> classes;
  // When not 0: the other classes' words lie at most this many words from the first's.
  size_t window = 0;
  // The classes' words follow each other in this order, word after word (a phrase).
  bool phrase = false;
};

// In order of precedence (Situation's order).
const std::array<SituationRule, 35> kSituationRules = {{
    {Situation::kFraud, {&kFraudWords}},
    {Situation::kFraud, {&kSecrets, &kHandedOver, &kStrangers}},
    {Situation::kFraud, {&kLogsIn, &kOthers, &kAccounts}, 8},
    {Situation::kFraud, {&kMoney, &kGone}},
    {Situation::kFraud, {&kMoney, &kNotMe, &kDone}, 8},
    {Situation::kFraud, {&kNew, &kNumber, &kSent}},
    {Situation::kFraud, {&kName, &kCredit, &kOpened}},
    {Situation::kFraud, {&kSafe, &kAccount}, 0, true},
    {Situation::kFraud, {&kSellers, &kNotMe, &kReceived}, 8},
    {Situation::kFraud, {&kOthers, &kUsed, &kCard}, 6},
    {Situation::kFraud, {&kIdentity, &kStolen}, 3},
    {Situation::kFraud, {&kErin, &kTrapped}, 0, true},
    {Situation::kFraud, {&kTricked}},
    {Situation::kFraud, {&kLink, &kClicked}, 5},
    {Situation::kDeath, {&kDeathWords}},
    {Situation::kDeath, {&kDied, &kRelatives}, 6},
    {Situation::kDeath, {&kDie, &kIWhen}},
    {Situation::kDeath, {&kPassed, &kAway}},
    {Situation::kDeath, {&kRelatives, &kIs, &kEr, &kNiet, &kMeer}, 0, true},
    {Situation::kDeath, {&kLost, &kMy, &kRelatives}, 0, true},
    {Situation::kDeath, {&kMy, &kRelatives, &kVerloren}, 0, true},
    {Situation::kDeath, {&kNo, &kLonger, &kWith, &kUs}, 0, true},
    {Situation::kDeath, {&kLives, &kNiet, &kMeer}, 0, true},
    {Situation::kDeath, {&kRelatives, &kPassed, &kAfterPassed}, 0, true},
    {Situation::kDeath, {&kRelatives, &kIs, &kGoneAway}, 0, true},
    {Situation::kDebt, {&kDebtWords}},
    {Situation::kDebt, {&kUnable, &kPay, &kBurdens}, 6},
    {Situation::kDebt, {&kDelay, &kPayments}},
    {Situation::kDebt, {&kInTheRed, &kHardship}},
    {Situation::kDebt, {&kUnable, &kRepay, &kCards}, 6},
    {Situation::kDebt, {&kStruggling, &kPay, &kCards}, 6},
    {Situation::kDebt, {&kFinancially, &kTrouble}, 4},
    {Situation::kDebt, {&kNeck, &kBurdens}, 5},
    {Situation::kComplaint, {&kComplaintWords}},
    {Situation::kComplaint, {&kWrong, &kAdvice}},
}};

bool TermMatches(std::string_view term, std::string_view word) {
  if (!term.empty() && term.back() == '*') {
    term.remove_suffix(1);
    return word.size() >= term.size() && word.substr(0, term.size()) == term;
  }
  return word == term;
}

// The index of the first word of `words[from, to)` in `word_class`, or `to`.
size_t FindIn(const std::vector<std::string>& words, const WordClass& word_class, size_t from,
              size_t to) {
  for (size_t i = from; i < to; ++i) {
    for (std::string_view term : word_class) {
      if (TermMatches(term, words[i])) return i;
    }
  }
  return to;
}

// The words that match each of the rule's classes (the first found), or none.
std::vector<std::string> MatchRule(const SituationRule& rule,
                                   const std::vector<std::string>& words) {
  const WordClass& first = **rule.classes.begin();
  if (rule.phrase) {
    const size_t length = rule.classes.size();
    for (size_t at = FindIn(words, first, 0, words.size()); at + length <= words.size();
         at = FindIn(words, first, at + 1, words.size())) {
      std::vector<std::string> evidence = {words[at]};
      for (auto it = std::next(rule.classes.begin()); it != rule.classes.end(); ++it) {
        const size_t next = at + evidence.size();
        if (FindIn(words, **it, next, next + 1) != next) break;
        evidence.push_back(words[next]);
      }
      if (evidence.size() == length) return evidence;
    }
    return {};
  }
  for (size_t at = FindIn(words, first, 0, words.size()); at < words.size();
       at = FindIn(words, first, at + 1, words.size())) {
    const size_t from = rule.window == 0 ? 0 : at - std::min(at, rule.window);
    const size_t to =
        rule.window == 0 ? words.size() : std::min(words.size(), at + rule.window + 1);
    std::vector<std::string> evidence = {words[at]};
    for (auto it = std::next(rule.classes.begin()); it != rule.classes.end(); ++it) {
      const size_t found = FindIn(words, **it, from, to);
      if (found == to) break;
      evidence.push_back(words[found]);
    }
    if (evidence.size() == rule.classes.size()) return evidence;
    if (rule.window == 0) break;  // the whole message was searched
  }
  return {};
}

bool HasAny(const std::vector<std::string>& words, std::span<const std::string_view> list) {
  return std::any_of(list.begin(), list.end(),
                     [&words](std::string_view word) { return Has(words, word); });
}

// Whether `first` is followed directly by `second` somewhere in the message.
bool HasPhrase(const std::vector<std::string>& words, std::string_view first,
               std::string_view second) {
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    if (words[i] == first && words[i + 1] == second) return true;
  }
  return false;
}

std::string Describe(Pattern pattern) {
  std::string text;
  for (std::string_view word : pattern) {
    if (!text.empty()) text += ' ';
    text += word;
  }
  return text;
}

// A function word of either language: reactions and openings mix them ("thanks, doei").
bool StopWordOfEither(std::string_view word) {
  return IsStopWord(model::Language::kDutch, word) || IsStopWord(model::Language::kEnglish, word);
}

}  // namespace

std::string_view SituationName(Situation situation) {
  switch (situation) {
    case Situation::kNone:
      return "";
    case Situation::kFraud:
      return "fraud";
    case Situation::kDeath:
      return "death";
    case Situation::kDebt:
      return "debt";
    case Situation::kComplaint:
      return "complaint";
  }
  return "";
}

TriageSignals DetectTriageSignals(std::string_view text,
                                  const std::vector<std::string>& folded_words) {
  TriageSignals signals;
  const bool asks_when = HasAny(folded_words, kWhenWords) ||
                         HasPhrase(folded_words, "hoe", "laat") ||
                         HasPhrase(folded_words, "what", "time");
  bool opens_as_a_question = false;
  for (size_t i = 0; i + 1 < folded_words.size() && i < 2; ++i) {
    for (const auto& [first, second] : kIdentityOpenings) {
      opens_as_a_question =
          opens_as_a_question || (folded_words[i] == first && folded_words[i + 1] == second);
    }
  }
  for (const Pattern& pattern : kPersonPatterns) {
    const bool about_someone = std::find(kSomeoneWords.begin(), kSomeoneWords.end(),
                                         *pattern.begin()) != kSomeoneWords.end();
    if (asks_when && about_someone) continue;
    if (Matches(folded_words, pattern)) signals.person_evidence.push_back(Describe(pattern));
  }
  // A question about the bot names a person or a bot ("am I eligible for …" is about neither).
  signals.asks_what_the_bot_is =
      opens_as_a_question && !HasAny(folded_words, kRequestWords) &&
      (!signals.person_evidence.empty() || HasAny(folded_words, kBotWords));
  if (signals.asks_what_the_bot_is) signals.person_evidence.clear();
  for (std::string_view word : kUpsetWords) {
    if (Has(folded_words, word)) signals.upset_evidence.emplace_back(word);
  }
  for (const Pattern& pattern : kUpsetPatterns) {
    if (Matches(folded_words, pattern)) signals.upset_evidence.push_back(Describe(pattern));
  }
  const bool asks_how = HasAny(folded_words, kHowWords);
  if (signals.person_evidence.empty() && !asks_how && !asks_when && !signals.asks_what_the_bot_is &&
      HasAny(folded_words, kPersonNouns) && HasAny(folded_words, kContactVerbs)) {
    signals.person_evidence.emplace_back("a person to talk to");
  }
  // Asking to be called back ("ik wil graag teruggebeld worden"); how to ask for it the knowledge
  // answers.
  if (signals.person_evidence.empty() && !asks_how && HasAny(folded_words, kCalledBack)) {
    signals.person_evidence.emplace_back("to be called back");
  }
  if (signals.person_evidence.empty() && !signals.asks_what_the_bot_is &&
      HasAny(folded_words, kBotWords) && HasAny(folded_words, kNotWords)) {
    signals.person_evidence.emplace_back("not the bot");
  }
  for (const SituationRule& rule : kSituationRules) {
    std::vector<std::string> evidence = MatchRule(rule, folded_words);
    if (!evidence.empty()) {
      signals.situation = rule.situation;
      signals.situation_evidence = std::move(evidence);
      break;
    }
  }
  if (text.find("!!") != std::string_view::npos || text.find("?!") != std::string_view::npos) {
    signals.upset_evidence.emplace_back("!!");
  }
  int upper = 0;
  int letters = 0;
  for (const char c : text) {
    if (c >= 'A' && c <= 'Z') ++upper;
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) ++letters;
  }
  if (letters >= 12 && upper * 10 >= letters * 7) signals.upset_evidence.emplace_back("CAPITALS");
  signals.asks_for_person = !signals.person_evidence.empty();
  // Exclamation marks alone are enthusiasm as often as anger: they count only with another sign.
  const bool only_marks =
      signals.upset_evidence.size() == 1 && (signals.upset_evidence.front() == "!!");
  signals.upset = !signals.upset_evidence.empty() && !only_marks;
  return signals;
}

bool SaysYes(const std::vector<std::string>& folded_words) {
  // At least one word of a yes, and nothing but those and the words around one.
  static constexpr std::array kYesWords =
      std::to_array<std::string_view>({"ja", "jawel", "jazeker", "graag", "zeker", "prima", "oke",
                                       "ok", "okay", "doe", "yes", "yeah", "yep", "sure"});
  static constexpr std::array kAroundWords = std::to_array<std::string_view>(
      {"hoor", "maar", "dat", "wil", "ik", "is", "goed", "alstublieft", "alsjeblieft", "please",
       "i", "would", "like", "that", "thanks", "dank", "u", "je", "bedankt"});
  constexpr size_t kMaxWords = 5;
  if (folded_words.empty() || folded_words.size() > kMaxWords) return false;
  const auto in = [](std::span<const std::string_view> list, std::string_view word) {
    return std::find(list.begin(), list.end(), word) != list.end();
  };
  bool said_yes = false;
  for (const std::string& word : folded_words) {
    const bool yes = in(kYesWords, word);
    if (!yes && !in(kAroundWords, word)) return false;
    said_yes = said_yes || yes;
  }
  return said_yes;
}

Reaction OnlyReacts(const std::vector<std::string>& folded_words) {
  // Sorted: binary searches.
  static constexpr std::array kThanksWords = std::to_array<std::string_view>({
      "bedankt", "bye",     "dank",      "dankje", "dankjewel", "dankuwel", "doei",
      "fijne",   "goodbye", "hartelijk", "later",  "nice",      "prettige", "see",
      "thank",   "thanks",  "thx",       "tot",    "ziens",
  });
  // Taken note of, or beside thanks ("prima, bedankt", "fijne dag"); "dag" alone is hello too.
  static constexpr std::array kAcknowledgements = std::to_array<std::string_view>({
      "cool",
      "dag",
      "day",
      "duidelijk",
      "fijn",
      "great",
      "helder",
      "mooi",
      "ok",
      "okay",
      "oke",
      "perfect",
      "prima",
      "super",
      "top",
  });
  static constexpr std::array kNotHelpedWords = std::to_array<std::string_view>({
      "answer", "antwoord", "correct", "didnt", "doesnt",   "fout",      "geholpen",
      "help",   "helped",   "helps",   "helpt", "hielp",    "isnt",      "klopt",
      "nee",    "no",       "nope",    "right", "verkeerd", "verkeerde", "wrong",
  });
  // One of these says that it did not help; "klopt" or "helpt" alone would say the opposite.
  static constexpr std::array kNegations =
      std::to_array<std::string_view>({"didnt", "doesnt", "fout", "geen", "isnt", "nee", "niet",
                                       "no", "nope", "not", "verkeerd", "verkeerde", "wrong"});
  static_assert(std::is_sorted(kThanksWords.begin(), kThanksWords.end()));
  static_assert(std::is_sorted(kNotHelpedWords.begin(), kNotHelpedWords.end()));
  static_assert(std::is_sorted(kAcknowledgements.begin(), kAcknowledgements.end()));
  const auto in = [](std::span<const std::string_view> sorted, std::string_view word) {
    return std::binary_search(sorted.begin(), sorted.end(), word);
  };
  bool thanks = false;
  bool acknowledged = false;
  bool negated = false;
  bool about_the_reply = false;  // a word of not helping besides a bare "nee" ("nee, bedankt")
  for (const std::string& word : folded_words) {
    negated = negated || std::find(kNegations.begin(), kNegations.end(), word) != kNegations.end();
    if (in(kThanksWords, word)) {
      thanks = true;
    } else if (in(kNotHelpedWords, word)) {
      about_the_reply = about_the_reply || (word != "nee" && word != "no" && word != "nope");
    } else if (in(kAcknowledgements, word)) {
      acknowledged = acknowledged || (word != "dag" && word != "day");
    } else if (!StopWordOfEither(word)) {
      return Reaction::kNone;
    }
  }
  if (negated && (about_the_reply || !thanks)) return Reaction::kNotHelped;
  if (thanks) return Reaction::kThanks;
  return acknowledged ? Reaction::kAcknowledged : Reaction::kNone;
}

bool OnlyOpens(const std::vector<std::string>& folded_words) {
  // Sorted: a binary search.
  static constexpr std::array kOpeningWords = std::to_array<std::string_view>({
      "afternoon",   "assist",      "beste",       "daar",      "dag",    "dear",     "evening",
      "goedemiddag", "goedemorgen", "goedenavond", "goedendag", "hai",    "hallo",    "hee",
      "hello",       "help",        "helpen",      "hey",       "hi",     "hoi",      "hulp",
      "meneer",      "mevrouw",     "morgen",      "morning",   "nodig",  "question", "questions",
      "there",       "vraag",       "vraagje",     "vraagjes",  "vragen",
  });
  static_assert(std::is_sorted(kOpeningWords.begin(), kOpeningWords.end()));
  // Words around an opening that do not open one alone ("no good", "what do I need to do").
  static constexpr std::array kAroundWords = std::to_array<std::string_view>({"good", "need"});
  bool opens = false;
  for (const std::string& word : folded_words) {
    if (std::binary_search(kOpeningWords.begin(), kOpeningWords.end(), word)) {
      opens = true;
    } else if (std::find(kAroundWords.begin(), kAroundWords.end(), word) == kAroundWords.end() &&
               !StopWordOfEither(word)) {
      return false;
    }
  }
  return opens;
}

}  // namespace balie::answer
