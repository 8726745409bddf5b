#include "answer/engine.h"

#include <xapian.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <span>
#include <thread>
#include <unordered_map>

#include "answer/analyzer.h"
#include "answer/aspect.h"
#include "answer/calibration.h"
#include "answer/classifier.h"
#include "answer/domain_terms.h"
#include "answer/impact_weight.h"
#include "answer/language.h"
#include "answer/question_part.h"
#include "answer/triage.h"
#include "base/temp_dir.h"
#include "base/text.h"

namespace balie::answer {
namespace {

using model::Article;
using model::Language;

constexpr size_t kMaxTermBytes = 120;  // Xapian refuses terms over 245 bytes
constexpr Xapian::doccount kRetrievalDepth = 20;
// The search for a question's documents uses its rarest terms whose documents add up to at most
// this many (and always the rarest one): a long question of common words would otherwise make the
// search visit a good part of a large index (docs/benchmarks.md).
constexpr uint64_t kMaxQueryPostings = 15'000;
constexpr size_t kCoverageDepth = 15;  // documents whose query coverage is computed
// Classifier candidates below this probability are not looked up when the search missed them.
constexpr double kMinLookedUpProbability = 0.01;
constexpr Xapian::termcount kTitleWdf = 2;
constexpr size_t kMaxQuestionWords = 200;
// Calibration needs enough held-out questions to mean something, and no more than this many.
constexpr size_t kMinCalibrationQuestions = 40;
constexpr size_t kMaxCalibrationQuestions = 3000;
// Choosing the passage of the answering article (ChoosePassages): a passage about the aspect the
// question asks (its cost, a time, a definition) gains this much on its retrieval score. A passage
// about a price (a fee and at least two words of cost) loses kOffCost when the question does not
// ask the cost and prices are the business of a minority of the article's passages (the €7.50 for a
// new card is not the answer to "I lost my card"; where most passages name prices, one more says
// nothing), unless it is the lead passage, which sums up the whole article, prices included. A
// definition ("Wat is een leningdeel?") loses kOffDefinition when the question does not ask what
// something is.
constexpr double kOnAspect = 0.2;
constexpr double kOffCost = 0.1;
constexpr double kOffDefinition = 0.2;
// An example question of the article that the search ranked adds its retrieval score times this
// to the passage it matches best: "kan ik 1 leningdeel een andere rentevaste periode geven" points
// to the passage about each loan part's own fixed-rate period.
constexpr double kExampleVote = 0.2;
// A cost question answered by a passage that says only "free" (or only "a fee applies") also gets
// the article's best passage that says the other, if it scores at least this share of the first:
// the answer then shows both cases ("at the end of the period: free"; "during it: a fee").
constexpr double kContrastShare = 0.6;

// An article that the example-question classifier does not back at all (below
// kMinLookedUpProbability: an ingested page without examples, or an article the classifier finds
// unrelated) is answered from on retrieval alone only where at least this many of the question's
// words, as the customer wrote them (not typo-corrected), occur in it, or one that no other
// article has: one word that several articles share ("hoe *laat* is het") or a word corrected into
// the knowledge base's vocabulary ("DigiD" read as "digit") says nothing about what the question is
// about.
constexpr size_t kMinWordsForRetrievalAlone = 2;
// A long message handed over for lack of an article is answered from its asking sentences alone
// only where their answer is one of the whole message's this many best articles.
constexpr size_t kStoryAgrees = 2;
// A topic that always goes to a person (fraud, a death) is the reason for a hand-off only where
// the example-question classifier backs its article at least this much: retrieval alone on a word
// or two ("ik verveel me" shares the stem of "vervelend" with the phishing article) says nothing
// about the customer's situation. Below it the message is decided as one no article answers (a
// situation told in words is recognised by triage before any of this).
constexpr double kMinBackingForAlwaysPerson = 0.2;
// A question whether one talks to a person is answered from an article only where the article is
// at least this likely right (an article about the bot itself); else the bot says what it is. Set
// by hand, not tuned: the demo's best article for "are you a real person?" (the adviser's status
// in the app) is 0.35 likely right.
constexpr double kSureOfAnArticleAboutTheBot = 0.6;

// Off-topic: a message the engine would hand over as fitting no article is declined by the bot
// instead (DecisionKind::kDecline) only when it is short, carries no triage signal, does not touch
// the organisation's field (DomainTerms::Touches: a term such as "reisverzekering", or a part of a
// compound term such as "kluis" of "bankkluis") and has none of the words with which
// customers speak of their own affairs, address the organisation or ask for someone there ("mijn",
// "ik", "jullie", "iemand", "my", "I", "you", "someone"): a bank question no article answers
// ("hebben jullie een reisverzekering?", "do you offer student loans", "tot hoe laat zit er iemand
// aan de lijn") must still reach a person. This lets some chatter go to a person ("how long should
// I boil an egg"); a customer turned away costs more.
constexpr size_t kMaxOffTopicWords = 10;

constexpr std::array kOwnAffairsWords = std::to_array<std::string_view>({
    // Dutch
    "mijn",
    "mn",
    "ons",
    "onze",
    "jullie",
    "uw",
    "je",
    "jouw",
    "ik",
    "we",
    "wij",
    "iemand",
    // English
    "my",
    "our",
    "your",
    "you",
    "i",
    "us",
    "someone",
    "somebody",
});

// A term of the organisation's field that no article mentions (DomainTerms) is what a message of
// at most this many words asks about ("bic code", "do you offer travel insurance"); in a longer one
// it may be a story's detail or another name for what an article covers ("my card stopped working
// at the atm after too many wrong pin attempts"), and the other words decide as before. Set by
// hand: on the realistic dev split every limit from 3 to 8 words gave the same decisions.
constexpr size_t kMaxWordsAroundAnUnmentionedTerm = 5;

// The topic words (of a knowledge base's `topics`) that name a situation's article and queue:
// the `handoff: always` article with one of them is the situation's context.
std::span<const std::string_view> SituationTopics(Situation situation) {
  static constexpr std::array<std::string_view, 3> kFraud = {"fraude", "fraud", "veiligheid"};
  static constexpr std::array<std::string_view, 3> kDeath = {"overlijden", "nabestaanden",
                                                             "bereavement"};
  static constexpr std::array<std::string_view, 3> kDebt = {"betalingsproblemen", "schulden",
                                                            "debt"};
  static constexpr std::array<std::string_view, 3> kComplaint = {"klachten", "klacht",
                                                                 "complaints"};
  switch (situation) {
    case Situation::kFraud:
      return kFraud;
    case Situation::kDeath:
      return kDeath;
    case Situation::kDebt:
      return kDebt;
    case Situation::kComplaint:
      return kComplaint;
    case Situation::kNone:
      break;
  }
  return {};
}

// What the customer is told when the bot hands over, in plain words: why, with an apology where
// they are upset. `situation` kNone: the cause says why.
std::string HandoffText(std::string_view cause, Situation situation, bool upset,
                        model::Voice voice) {
  std::string text;
  if (upset && situation != Situation::kComplaint && situation != Situation::kDeath) {
    text = voice.Say("Het spijt me dat u hiermee zit. ", "Het spijt me dat je hiermee zit. ",
                     "I am sorry you are dealing with this. ");
  }
  switch (situation) {
    case Situation::kFraud:
      text += voice.Say(
          "Dit klinkt als mogelijke fraude. Daarbij helpt een medewerker u persoonlijk; ik geef "
          "uw bericht meteen door.",
          "Dit klinkt als mogelijke fraude. Daarbij helpt een medewerker je persoonlijk; ik geef "
          "je bericht meteen door.",
          "This sounds like possible fraud. A colleague will help you with this personally; I am "
          "passing your message on right away.");
      return text;
    case Situation::kDeath:
      return std::string(voice.Say(
          "Gecondoleerd met uw verlies. Een medewerker helpt u persoonlijk met wat er geregeld "
          "moet worden; ik geef uw bericht door.",
          "Gecondoleerd met je verlies. Een medewerker helpt je persoonlijk met wat er geregeld "
          "moet worden; ik geef je bericht door.",
          "I am sorry for your loss. A colleague will personally help you with what needs to be "
          "arranged; I am passing your message on."));
    case Situation::kDebt:
      text += voice.Say(
          "Bij betalingsproblemen kijkt een medewerker persoonlijk met u naar een oplossing; ik "
          "geef uw bericht door.",
          "Bij betalingsproblemen kijkt een medewerker persoonlijk met jou naar een oplossing; ik "
          "geef je bericht door.",
          "With payment difficulties a colleague looks for a solution with you personally; I am "
          "passing your message on.");
      return text;
    case Situation::kComplaint:
      return std::string(voice.Say(
          "Het spijt me dat u niet tevreden bent. Een medewerker neemt uw klacht persoonlijk in "
          "behandeling; ik geef uw bericht door.",
          "Het spijt me dat je niet tevreden bent. Een medewerker neemt je klacht persoonlijk in "
          "behandeling; ik geef je bericht door.",
          "I am sorry you are not satisfied. A colleague will handle your complaint personally; "
          "I am passing your message on."));
    case Situation::kNone:
      break;
  }
  if (cause == "asked_for_person") {
    text += voice.Say("U wilt graag een medewerker spreken: ik geef uw bericht door.",
                      "Je wilt graag een medewerker spreken: ik geef je bericht door.",
                      "You would like to talk to a person: I am passing your message on.");
  } else if (cause == "upset") {
    text += voice.Say("Een medewerker helpt u persoonlijk verder; ik geef uw bericht door.",
                      "Een medewerker helpt je persoonlijk verder; ik geef je bericht door.",
                      "A colleague will help you further personally; I am passing your message "
                      "on.");
  } else if (cause == "always_person") {
    text += voice.Say("Hierbij helpt een medewerker u persoonlijk; ik geef uw bericht door.",
                      "Hierbij helpt een medewerker je persoonlijk; ik geef je bericht door.",
                      "A colleague will help you with this personally; I am passing your message "
                      "on.");
  } else {
    text += voice.Say(
        "Op deze vraag heb ik geen goed antwoord. Ik geef hem door aan een medewerker, die u "
        "verder helpt.",
        "Op deze vraag heb ik geen goed antwoord. Ik geef hem door aan een medewerker, die je "
        "verder helpt.",
        "I have no good answer to this question. I am passing it on to a colleague who can help "
        "you further.");
  }
  return text;
}

bool LooksOffTopic(const std::vector<std::string>& words, const TriageSignals& signals,
                   bool touches_the_field) {
  if (signals.any() || touches_the_field || words.size() > kMaxOffTopicWords) return false;
  return std::none_of(words.begin(), words.end(), [](const std::string& word) {
    return std::find(kOwnAffairsWords.begin(), kOwnAffairsWords.end(), word) !=
           kOwnAffairsWords.end();
  });
}

const std::string kArticlePrefix = "XI";
const std::string kPassageTerm = "XKp";

size_t Slot(Language language) { return language == Language::kDutch ? 0 : 1; }

// The one index term of words that have one besides stop words ("mijn pas?": pas); none for more.
std::optional<std::string> OneTerm(const std::vector<Token>& tokens) {
  std::optional<std::string> term;
  for (const Token& token : tokens) {
    if (token.stop || token.part || token.term.empty()) continue;
    if (term) return std::nullopt;
    term = token.term;
  }
  return term;
}

std::string TopicKey(Language language, std::string_view term) {
  return std::to_string(Slot(language)) + ":" + std::string(term);
}

// Index terms carry their language: a Dutch stem and an English one never meet, and a search in
// one language needs no filter (a filter over most of the index costs a quarter of the time).
std::string TermIn(Language language, const std::string& term) {
  return (language == Language::kDutch ? "XN" : "XE") + term;
}

Language Other(Language language) {
  return language == Language::kDutch ? Language::kEnglish : Language::kDutch;
}

// Articles that are translations of each other share a group: "pas-blokkeren" and
// "pas-blokkeren-en".
std::string GroupKey(const std::string& id) {
  for (std::string_view suffix : {"-en", "-nl"}) {
    if (id.size() > suffix.size() && id.ends_with(suffix)) {
      return id.substr(0, id.size() - suffix.size());
    }
  }
  return id;
}

// Words handed to the classifier: the analysed words, so that corrections, compound parts and
// synonym groups help it as they help retrieval.
std::vector<std::string> ClassifierWords(const std::vector<Token>& tokens) {
  std::vector<std::string> words;
  words.reserve(tokens.size());
  for (const Token& token : tokens) words.push_back(token.word);
  return words;
}

std::string FormatScore(double value) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%.2f", value);
  return buffer;
}

std::string JoinQuoted(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) {
    if (!text.empty()) text += ", ";
    text += "'" + item + "'";
  }
  return text;
}

// Titles, quoted (a title may hold a question mark, or an "of"): "A" of "B", "A", "B" of "C".
std::string JoinChoices(const std::vector<std::string>& items, std::string_view last_joiner) {
  std::string text;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) text += (i + 1 == items.size()) ? std::string(last_joiner) : std::string(", ");
    text += "\"" + items[i] + "\"";
  }
  return text;
}

// Every index term of the knowledge base and the terms of every document, in memory: whether a
// retrieved document contains a question's term is a binary search here instead of reading the
// document's term list back from the index (a quarter of an Ask on 10,000 articles), and a term's
// document frequency is an array lookup. Filled while the index is built; read-only afterwards.
class DocumentTerms {
 public:
  static constexpr uint32_t kUnknown = UINT32_MAX;

  // The id of `term`, added if new.
  uint32_t Add(const std::string& term) {
    const auto [it, inserted] = ids_.try_emplace(term, static_cast<uint32_t>(texts_.size()));
    if (inserted) {
      texts_.push_back(&it->first);
      document_frequency_.push_back(0);
    }
    return it->second;
  }
  // Appends the next document (Xapian document id - 1 = its index) with its term ids (in any
  // order; repeats count once).
  void AddDocument(std::vector<uint32_t> ids) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    for (const uint32_t id : ids) ++document_frequency_[id];
    terms_.insert(terms_.end(), ids.begin(), ids.end());
    offsets_.push_back(terms_.size());
  }
  const std::string& Text(uint32_t id) const { return *texts_[id]; }
  // kUnknown when no document has the term.
  uint32_t Find(const std::string& term) const {
    const auto it = ids_.find(term);
    return it == ids_.end() ? kUnknown : it->second;
  }
  uint32_t DocumentFrequency(uint32_t id) const {
    return id == kUnknown ? 0 : document_frequency_[id];
  }
  // Document `document`'s term ids, sorted.
  std::span<const uint32_t> Terms(size_t document) const {
    return {terms_.data() + offsets_[document], offsets_[document + 1] - offsets_[document]};
  }
  bool Contains(size_t document, uint32_t id) const {
    const auto begin = terms_.begin() + static_cast<std::ptrdiff_t>(offsets_[document]);
    const auto end = terms_.begin() + static_cast<std::ptrdiff_t>(offsets_[document + 1]);
    return id != kUnknown && std::binary_search(begin, end, id);
  }

 private:
  std::unordered_map<std::string, uint32_t> ids_;
  std::vector<const std::string*> texts_;  // by id: the keys of ids_, whose nodes do not move
  std::vector<uint32_t> document_frequency_;
  std::vector<size_t> offsets_{0};  // document d's terms are terms_[offsets_[d], offsets_[d + 1])
  std::vector<uint32_t> terms_;
};

// An index term of a question and its id in DocumentTerms.
struct QueryTerm {
  std::string text;
  uint32_t id = DocumentTerms::kUnknown;
};

// A searchable concept of a question: one word (its term), with its compound parts as a second
// way to match it.
struct Concept {
  QueryTerm term;
  std::vector<QueryTerm> parts;
  double weight = 0;
  bool corrected = false;  // the customer's word was unknown and replaced by a known one
};

// Every term of the concepts (compound parts included), in question order; a term may repeat.
std::vector<const QueryTerm*> TermsOf(const std::vector<Concept>& concepts) {
  std::vector<const QueryTerm*> terms;
  for (const Concept& item : concepts) {
    terms.push_back(&item.term);
    for (const QueryTerm& part : item.parts) terms.push_back(&part);
  }
  return terms;
}

// A query for documents with any of the terms, or with any of those in `kept` if given (a term
// that occurs twice counts twice in the weight, as Xapian's query frequency).
Xapian::Query AnyTerm(const std::vector<const QueryTerm*>& terms,
                      const std::vector<uint32_t>* kept = nullptr) {
  std::vector<std::string> texts;
  for (const QueryTerm* term : terms) {
    if (kept == nullptr || std::find(kept->begin(), kept->end(), term->id) != kept->end()) {
      texts.push_back(term->text);
    }
  }
  return {Xapian::Query::OP_OR, texts.begin(), texts.end()};
}

struct DocInfo {
  uint32_t article = 0;
  int32_t section = -1;  // -1: the document is one of the article's example questions
};

struct Candidate {
  uint32_t group = 0;
  uint32_t article = 0;   // the group's article in the customer's language (or another)
  double retrieval = 0;   // query coverage of the article's best document
  double classifier = 0;  // the classifier's probability of the group
  double score = 0;
  bool dominated = false;  // out of the running (see the end of Score)
};

}  // namespace

std::string_view DecisionName(DecisionKind kind) {
  switch (kind) {
    case DecisionKind::kAnswer:
      return "answer";
    case DecisionKind::kClarify:
      return "clarify";
    case DecisionKind::kHandoff:
      return "handoff";
    case DecisionKind::kDecline:
      return "decline";
  }
  return "handoff";
}

// Xapian's in-memory copy of an index takes about this many times the bytes of its files (10,000
// generated articles: 34 MiB of files, 195 MiB in memory).
constexpr std::uintmax_t kInMemoryBytesPerIndexByte = 6;

// The engine's own index directories: "<tmp>/balie-index-XXXXXX".
constexpr std::string_view kIndexDirPrefix = "balie-index-";

// The index read from its files (Xapian's glass backend) or copied into memory (its inmemory
// backend): the copy scores the same documents alike, without a system call for each block read.
Xapian::Database OpenIndex(const std::filesystem::path& index, bool in_memory) {
  Xapian::Database files(index.string());
  if (!in_memory) return files;
  Xapian::WritableDatabase memory(std::string(), Xapian::DB_BACKEND_INMEMORY);
  // Document ids are kept: the index was written without gaps, and the copy adds in order.
  for (Xapian::docid d = 1; d <= files.get_lastdocid(); ++d) {
    memory.add_document(files.get_document(d));
  }
  return memory;
}

// A reader of the index with its own analyzer: one per concurrent Ask.
struct Searcher {
  Searcher(const std::filesystem::path& index, bool copy_in_memory, const Lexicon* lexicon,
           Xapian::termcount max_impact)
      : in_memory(copy_in_memory),
        database(OpenIndex(index, copy_in_memory)),
        enquire(database),
        analyzer(lexicon) {
    enquire.set_weighting_scheme(Bm25ImpactWeight(max_impact));
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
  }
  const bool in_memory;
  Xapian::Database database;
  Xapian::Enquire enquire;
  Analyzer analyzer;
};

struct Engine::Impl {
  model::KnowledgeBase knowledge;
  EngineConfig config;
  Lexicon lexicon;
  std::vector<DocInfo> docs;  // by Xapian document id - 1
  DocumentTerms document_terms;
  Xapian::termcount max_impact = 1;  // the largest wdf in the index (Bm25ImpactWeight)
  std::vector<uint32_t> article_group;
  std::vector<std::vector<uint32_t>> groups;  // articles of each group
  std::vector<bool> group_has_examples;
  std::optional<TextClassifier> classifier;
  int out_of_scope_class = -1;
  std::vector<std::vector<Xapian::docid>> example_docs;  // per article
  std::vector<std::vector<uint32_t>> article_docs;       // per article: its documents' indexes
  // (passages first, in section order)
  std::vector<std::vector<PassageAspects>> passage_aspects;  // per article, per section
  // By document index: for an example question, the section of its article that it matches best
  // (its words' coverage); -1 for passages.
  std::vector<int32_t> example_passage;
  // Platt scaling of the combined score into a probability that the best article is right;
  // fitted on held-out example questions (Calibrate). Unset: the score is the confidence.
  std::optional<Platt> platt;
  std::filesystem::path index_dir;
  std::optional<base::TempDir> owned_index_dir;  // index_dir, when the engine chose it
  bool has_language[2] = {false, false};
  double document_count = 0;
  // The articles' words in each language: the language of a question without function words.
  LanguageVocabulary language_vocabulary;
  // The articles of each topic that is one word ("pas", "rekening"), by its index term in the
  // articles' language (TopicKey): a message that says no more than that word asks which.
  std::unordered_map<std::string, std::vector<uint32_t>> topic_articles;
  // The knowledge base's domain-terms.txt, and whether its articles mention each term.
  DomainTerms domain_terms;
  // Per article: an example question of it only opens a conversation or reacts to a reply
  // ("hello", "thanks", "no"): an article for such messages, which may then answer them.
  std::vector<bool> article_chats;

  // Searchers not in use: those with the index in memory first; at most `in_memory_allowed` of
  // those are ever made (config.index_memory_bytes), the rest read the index's files.
  mutable std::mutex pool_mutex;
  mutable std::vector<std::unique_ptr<Searcher>> memory_pool;
  mutable std::vector<std::unique_ptr<Searcher>> files_pool;
  mutable size_t in_memory_made = 0;
  size_t in_memory_allowed = 0;

  ~Impl() {
    memory_pool.clear();
    files_pool.clear();  // close readers before owned_index_dir removes their files
  }

  // How many searchers may hold the index in memory: as many as the estimated copies fit in
  // config.index_memory_bytes.
  void PlanMemory() {
    std::uintmax_t files_bytes = 0;
    for (const auto& entry : std::filesystem::directory_iterator(index_dir)) {
      if (entry.is_regular_file()) files_bytes += entry.file_size();
    }
    const std::uintmax_t copy_bytes =
        std::max<std::uintmax_t>(1, files_bytes) * kInMemoryBytesPerIndexByte;
    in_memory_allowed = static_cast<size_t>(config.index_memory_bytes / copy_bytes);
  }

  std::unique_ptr<Searcher> Borrow() const {
    bool copy = false;
    {
      std::lock_guard lock(pool_mutex);
      const auto take = [](std::vector<std::unique_ptr<Searcher>>& pool) {
        auto searcher = std::move(pool.back());
        pool.pop_back();
        return searcher;
      };
      if (!memory_pool.empty()) return take(memory_pool);
      if (in_memory_made < in_memory_allowed) {
        ++in_memory_made;
        copy = true;
      } else if (!files_pool.empty()) {
        return take(files_pool);
      }
    }
    return std::make_unique<Searcher>(index_dir, copy, &lexicon, max_impact);
  }
  void Return(std::unique_ptr<Searcher> searcher) const {
    std::lock_guard lock(pool_mutex);
    (searcher->in_memory ? memory_pool : files_pool).push_back(std::move(searcher));
  }
  // A searcher borrowed until the end of the scope.
  struct Lease {
    Lease(const Impl& owner, std::unique_ptr<Searcher> borrowed)
        : impl(owner), searcher(std::move(borrowed)) {}
    const Impl& impl;
    std::unique_ptr<Searcher> searcher;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { impl.Return(std::move(searcher)); }
  };

  // An example question held out while calibrating: its text, the class it belongs to and its
  // own document in the index (0 for out-of-scope examples, which are not indexed).
  struct HeldOut {
    std::string text;
    Language language;
    int label;
    Xapian::docid document;
  };
  base::Status BuildIndex();
  base::Status TrainClassifier();
  base::Status Calibrate(const std::vector<ClassifierExample>& examples,
                         const std::vector<int>& example_of, const std::vector<HeldOut>& held_out,
                         int num_classes, const TextClassifierOptions& options);
  // `language`: the language to answer in, when known from a longer message (the asking part of
  // a story is too short to tell reliably); else the question's, `usual` where it shows none.
  Decision Decide(std::string_view question, Searcher& searcher,
                  std::optional<Language> language = std::nullopt,
                  Language usual = Language::kDutch) const;

  // The candidates for a question, best first, and the classifier's out-of-scope judgement.
  struct Scored {
    std::vector<Concept> concepts;
    std::vector<Candidate> candidates;
    // Retrieval score (coverage x BM25 factor) of each document the search ranked, by document
    // index; and the BM25 factor of the last document counted.
    std::unordered_map<size_t, double> document_retrieval;
    double last_relevance = 0;
    bool out_of_scope = false;
    double in_scope_score = 0;
  };
  // `excluded` is a document that must not count (an example question held out while
  // calibrating); 0 for none.
  Scored Score(const std::vector<Token>& tokens, Language language, Language search_language,
               Searcher& searcher, const TextClassifier* model, Xapian::docid excluded) const;
  // The score as a probability: Platt scaling on the held-out example questions, then the
  // knowledge base's correction to its customers' questions (calibration.txt) where it has one.
  double Confidence(double score) const {
    const double held_out = platt ? (*platt)(score) : score;
    const auto& correction = knowledge.confidence_calibration;
    if (!correction || !config.use_knowledge_calibration) return held_out;
    return Platt{correction->scale, correction->offset}(Logit(held_out));
  }
  // Whether the confidence decides: only where the knowledge base's calibration.txt makes it an
  // estimate for its customers' questions (EngineConfig).
  bool ConfidenceDecides() const {
    return knowledge.confidence_calibration.has_value() && config.use_knowledge_calibration;
  }
  // Whether an article of this combined score is good enough to answer from, or to be offered
  // (and named as a hand-off's context), in the numbers that decide. Confidence is monotone in the
  // score, so either comparison keeps the candidates' order.
  bool Answers(double score) const {
    return ConfidenceDecides() ? Confidence(score) >= config.answer_probability
                               : score >= config.answer_score;
  }
  bool Plausible(double score) const {
    return ConfidenceDecides() ? Confidence(score) >= config.candidate_probability
                               : score >= config.candidate_score;
  }
  // The number that decides, named, for the reasons: "probability right 0.82" or "score 0.41".
  std::string Deciding(double score) const {
    return ConfidenceDecides() ? "probability right " + FormatScore(Confidence(score))
                               : "score " + FormatScore(score);
  }

  std::vector<Concept> MakeConcepts(const std::vector<Token>& tokens, Language language) const;
  Xapian::Query RetrievalQuery(const std::vector<Concept>& concepts) const;
  const Article& ArticleOf(uint32_t index) const { return knowledge.articles[index]; }
  uint32_t VersionIn(uint32_t group, Language language) const {
    for (const uint32_t article : groups[group]) {
      if (ArticleOf(article).language == language) return article;
    }
    return groups[group].front();
  }
  // The sections of `article` that answer: the best by retrieval and the question's aspects, and
  // for a cost question whose best passage gives one side (free, or a fee) the best passage with
  // the other side. In section order.
  std::vector<size_t> ChoosePassages(uint32_t article, const Scored& scored, AspectSet asked) const;
  // The knowledge base's article for a situation that needs a person: a `handoff: always` article
  // with one of the situation's topic words, in `language` where there is one.
  std::optional<uint32_t> SituationArticle(Situation situation, Language language) const {
    std::optional<uint32_t> found;
    const auto topics = SituationTopics(situation);
    for (uint32_t i = 0; i < knowledge.articles.size(); ++i) {
      const Article& article = knowledge.articles[i];
      if (article.handoff != model::Handoff::kAlways) continue;
      const bool named = std::any_of(
          article.topics.begin(), article.topics.end(), [&topics](const std::string& topic) {
            return std::find(topics.begin(), topics.end(), topic) != topics.end();
          });
      if (!named) continue;
      if (article.language == language) return i;
      if (!found) found = i;
    }
    return found;
  }
  // The articles in `language` whose topic is the message's one word besides stop words; null
  // when there is none or the message says more.
  const std::vector<uint32_t>* ArticlesAboutOnly(const std::vector<Token>& tokens,
                                                 Language language) const {
    const std::optional<std::string> term = OneTerm(tokens);
    if (!term) return nullptr;
    const auto it = topic_articles.find(TopicKey(language, *term));
    return it != topic_articles.end() ? &it->second : nullptr;
  }

  // How many of the concepts, as the customer wrote them (not typo-corrected), some document of
  // `article` contains (a compound by any of its parts); a word that only this article's
  // documents contain counts as kMinWordsForRetrievalAlone ("zonnepanelen" says what it is about).
  size_t WordsMatched(uint32_t article, const std::vector<Concept>& concepts) const {
    size_t matched = 0;
    const std::vector<uint32_t>& documents = article_docs[article];
    for (const Concept& item : concepts) {
      if (item.corrected) continue;
      size_t best = 0;
      auto count = [&](const QueryTerm& term) {
        const auto here = static_cast<size_t>(std::count_if(
            documents.begin(), documents.end(),
            [&](uint32_t document) { return document_terms.Contains(document, term.id); }));
        if (here == 0) return;
        const bool only_here = here == document_terms.DocumentFrequency(term.id);
        best = std::max(best, only_here ? kMinWordsForRetrievalAlone : size_t{1});
      };
      count(item.term);
      for (const QueryTerm& part : item.parts) count(part);
      matched += best;
    }
    return matched;
  }
  // The share of the concepts' weight (`total_weight` in all) that document `document` contains;
  // a compound's parts count for their share of it.
  double Coverage(size_t document, const std::vector<Concept>& concepts, double total_weight) const;
  double Idf(uint32_t term) const {
    const double df = document_terms.DocumentFrequency(term);
    return std::log((document_count + 1) / (std::max(df, 1.0) + 0.5));
  }
};

base::Status Engine::Impl::BuildIndex() {
  std::vector<std::pair<Language, std::string>> texts;
  for (const Article& article : knowledge.articles) {
    texts.emplace_back(article.language, article.title);
    for (const model::Section& section : article.sections) {
      texts.emplace_back(article.language, section.heading);
      texts.emplace_back(article.language, section.text);
    }
    for (const std::string& example : article.examples)
      texts.emplace_back(article.language, example);
    for (const std::string& topic : article.topics) texts.emplace_back(article.language, topic);
  }
  // The articles' words by language (not their topics: labels, often Dutch in English articles).
  for (const Article& article : knowledge.articles) {
    auto add = [&](std::string_view text) {
      for (const std::string& word : base::Words(text)) {
        language_vocabulary.Add(article.language, word);
      }
    };
    add(article.title);
    for (const model::Section& section : article.sections) {
      add(section.heading);
      add(section.text);
    }
    for (const std::string& example : article.examples) add(example);
  }
  domain_terms = DomainTerms(knowledge);
  for (const std::string& example : knowledge.out_of_scope_examples) {
    texts.emplace_back(DetectLanguage(base::Words(example)).language, example);
  }
  lexicon = Lexicon::Build(texts, knowledge.synonyms);

  // First the terms of every document with their wdf: the impacts that are indexed need the
  // average document length.
  using TermWdfs = std::vector<std::pair<uint32_t, Xapian::termcount>>;  // term id, wdf
  std::vector<TermWdfs> document_wdfs;
  Analyzer analyzer(&lexicon);
  auto add_terms = [this, &analyzer](TermWdfs& terms, std::string_view text, Language language,
                                     Xapian::termcount wdf) {
    for (const Token& token : analyzer.Analyze(text, language, TextKind::kKnowledge)) {
      if (token.stop || token.term.empty() || token.term.size() > kMaxTermBytes) continue;
      terms.emplace_back(document_terms.Add(TermIn(language, token.term)), wdf);
    }
  };
  example_docs.assign(knowledge.articles.size(), {});
  for (uint32_t i = 0; i < knowledge.articles.size(); ++i) {
    const Article& article = knowledge.articles[i];
    has_language[Slot(article.language)] = true;
    article_chats.push_back(std::any_of(
        article.examples.begin(), article.examples.end(), [](const std::string& example) {
          const std::vector<std::string> words = base::Words(example);
          return OnlyOpens(words) || OnlyReacts(words) != Reaction::kNone;
        }));
    for (const std::string& topic : article.topics) {
      if (auto term = OneTerm(analyzer.Analyze(topic, article.language, TextKind::kQuestion))) {
        std::vector<uint32_t>& about = topic_articles[TopicKey(article.language, *term)];
        if (about.empty() || about.back() != i) about.push_back(i);
      }
    }
    for (size_t s = 0; s < article.sections.size(); ++s) {
      const model::Section& section = article.sections[s];
      TermWdfs& terms = document_wdfs.emplace_back();
      add_terms(terms, article.title, article.language, kTitleWdf);
      if (section.heading != article.title) {
        add_terms(terms, section.heading, article.language, kTitleWdf);
      }
      add_terms(terms, section.text, article.language, 1);
      docs.push_back({i, static_cast<int32_t>(s)});
    }
    for (const std::string& example : article.examples) {
      add_terms(document_wdfs.emplace_back(), example, article.language, 1);
      docs.push_back({i, -1});
      example_docs[i].push_back(static_cast<Xapian::docid>(docs.size()));
    }
  }
  double total_length = 0;
  std::vector<double> lengths;
  lengths.reserve(document_wdfs.size());
  for (TermWdfs& terms : document_wdfs) {
    // One entry per term, its wdfs added up, as Xapian's Document::add_term does.
    std::sort(terms.begin(), terms.end());
    size_t out = 0;
    for (size_t in = 0; in < terms.size(); ++in) {
      if (out > 0 && terms[out - 1].first == terms[in].first) {
        terms[out - 1].second += terms[in].second;
      } else {
        terms[out++] = terms[in];
      }
    }
    terms.resize(out);
    double length = 0;
    for (const auto& [term, wdf] : terms) length += wdf;
    lengths.push_back(length);
    total_length += length;
  }
  const double average_length =
      document_wdfs.empty() ? 0 : total_length / static_cast<double>(document_wdfs.size());

  Xapian::WritableDatabase database(index_dir.string(),
                                    Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
  std::vector<uint32_t> ids;
  for (size_t d = 0; d < document_wdfs.size(); ++d) {
    Xapian::Document document;
    document.add_boolean_term(kArticlePrefix + std::to_string(docs[d].article));
    if (docs[d].section >= 0) document.add_boolean_term(kPassageTerm);
    ids.clear();
    for (const auto& [term, wdf] : document_wdfs[d]) {
      const Xapian::termcount impact = ImpactWdf(wdf, lengths[d], average_length);
      max_impact = std::max(max_impact, impact);
      document.add_term(document_terms.Text(term), impact);
      ids.push_back(term);
    }
    database.add_document(document);
    document_terms.AddDocument(ids);
    TermWdfs().swap(document_wdfs[d]);
  }
  database.commit();
  document_count = static_cast<double>(database.get_doccount());
  database.close();
  article_docs.assign(knowledge.articles.size(), {});
  for (uint32_t d = 0; d < docs.size(); ++d) article_docs[docs[d].article].push_back(d);
  passage_aspects.assign(knowledge.articles.size(), {});
  for (uint32_t i = 0; i < knowledge.articles.size(); ++i) {
    for (const model::Section& section : knowledge.articles[i].sections) {
      passage_aspects[i].push_back(
          DescribePassage(base::Words(section.heading), base::Words(section.text)));
    }
  }
  // An example question's terms are those of its document (analysed as the index was), each
  // weighted by its idf, as MakeConcepts weights a question's.
  example_passage.assign(docs.size(), -1);
  for (uint32_t i = 0; i < knowledge.articles.size(); ++i) {
    const size_t sections = knowledge.articles[i].sections.size();
    if (sections == 0) continue;
    for (const Xapian::docid example : example_docs[i]) {
      double best = -1;
      for (size_t s = 0; s < sections; ++s) {
        double covered = 0;
        for (const uint32_t term : document_terms.Terms(example - 1)) {
          if (document_terms.Contains(article_docs[i][s], term)) covered += Idf(term);
        }
        if (covered > best) {
          best = covered;
          example_passage[example - 1] = static_cast<int32_t>(s);
        }
      }
    }
  }
  return base::Status::Ok();
}

base::Status Engine::Impl::TrainClassifier() {
  std::unordered_map<std::string, uint32_t> group_of_key;
  for (uint32_t i = 0; i < knowledge.articles.size(); ++i) {
    const std::string key = GroupKey(knowledge.articles[i].id);
    auto [it, inserted] = group_of_key.try_emplace(key, static_cast<uint32_t>(groups.size()));
    if (inserted) groups.emplace_back();
    groups[it->second].push_back(i);
    article_group.push_back(it->second);
  }
  group_has_examples.assign(groups.size(), false);
  for (uint32_t i = 0; i < knowledge.articles.size(); ++i) {
    if (!knowledge.articles[i].examples.empty()) group_has_examples[article_group[i]] = true;
  }
  if (groups.size() < 2 || groups.size() > config.classifier_max_classes) {
    return base::Status::Ok();
  }
  Analyzer analyzer(&lexicon);
  // Every training text, and for each the example question it is (an index into `held_out`),
  // or -1 for titles and headings, which are never held out.
  std::vector<ClassifierExample> examples;
  std::vector<int> example_of;
  std::vector<HeldOut> held_out;
  for (uint32_t i = 0; i < knowledge.articles.size(); ++i) {
    const Article& article = knowledge.articles[i];
    const int label = static_cast<int>(article_group[i]);
    auto add = [&](const std::string& text, Language language, int owner) {
      auto words = ClassifierWords(analyzer.Analyze(text, language, TextKind::kKnowledge));
      if (words.empty()) return;
      examples.push_back({std::move(words), label});
      example_of.push_back(owner);
    };
    add(article.title, article.language, -1);
    for (size_t e = 0; e < article.examples.size(); ++e) {
      const auto owner = static_cast<int>(held_out.size());
      held_out.push_back({article.examples[e], article.language, label, example_docs[i][e]});
      add(article.examples[e], article.language, owner);
    }
    // Headings are short descriptions of what a passage answers: more examples, and the only
    // ones for articles (such as ingested web pages) that have no example questions.
    for (const model::Section& section : article.sections) {
      if (section.heading != article.title) add(section.heading, article.language, -1);
    }
  }
  int num_classes = static_cast<int>(groups.size());
  if (!knowledge.out_of_scope_examples.empty()) {
    out_of_scope_class = num_classes++;
    for (const std::string& example : knowledge.out_of_scope_examples) {
      const auto words = base::Words(example);
      const Language language = DetectLanguage(words).language;
      auto analysed = ClassifierWords(analyzer.AnalyzeWords(words, language, TextKind::kKnowledge));
      if (analysed.empty()) continue;
      examples.push_back({std::move(analysed), out_of_scope_class});
      example_of.push_back(static_cast<int>(held_out.size()));
      held_out.push_back({example, language, out_of_scope_class, 0});
    }
  }
  TextClassifierOptions options = config.classifier;
  options.out_of_scope_label = out_of_scope_class;
  auto trained = TextClassifier::Train(examples, num_classes, options);
  if (!trained.ok()) return trained.status();
  classifier.emplace(std::move(trained).value());
  return Calibrate(examples, example_of, held_out, num_classes, options);
}

base::Status Engine::Impl::Calibrate(const std::vector<ClassifierExample>& examples,
                                     const std::vector<int>& example_of,
                                     const std::vector<HeldOut>& held_out, int num_classes,
                                     const TextClassifierOptions& options) {
  if (held_out.size() < kMinCalibrationQuestions || config.calibration_folds < 2) {
    return base::Status::Ok();
  }
  // Every question of a fold is scored by a classifier that never saw it, and without its own
  // example document in the index: as a customer's new question would be.
  const size_t folds = config.calibration_folds;
  const size_t step = std::max<size_t>(1, held_out.size() / kMaxCalibrationQuestions);
  std::vector<double> scores;
  std::vector<bool> right;
  const Lease lease(*this, Borrow());
  Searcher& searcher = *lease.searcher;
  for (size_t fold = 0; fold < folds; ++fold) {
    std::vector<ClassifierExample> train;
    for (size_t e = 0; e < examples.size(); ++e) {
      const int owner = example_of[e];
      if (owner < 0 || static_cast<size_t>(owner) % folds != fold) train.push_back(examples[e]);
    }
    auto model = TextClassifier::Train(train, num_classes, options);
    if (!model.ok()) return base::Status::Ok();  // e.g. a fold left one class: no calibration
    for (size_t q = fold; q < held_out.size(); q += folds) {
      if ((q / folds) % step != 0) continue;
      const HeldOut& question = held_out[q];
      const auto tokens =
          searcher.analyzer.Analyze(question.text, question.language, TextKind::kQuestion);
      const Scored scored =
          Score(tokens, question.language, question.language, searcher, &*model, question.document);
      if (scored.candidates.empty()) continue;
      const Candidate& top = scored.candidates.front();
      scores.push_back(top.score);
      right.push_back(static_cast<int>(top.group) == question.label && !scored.out_of_scope);
    }
  }
  platt = FitPlatt(scores, right);
  return base::Status::Ok();
}

std::vector<Concept> Engine::Impl::MakeConcepts(const std::vector<Token>& tokens,
                                                Language language) const {
  std::vector<Concept> concepts;
  for (const Token& token : tokens) {
    if (token.stop || token.term.empty() || token.term.size() > kMaxTermBytes) continue;
    std::string text = TermIn(language, token.term);
    const uint32_t id = document_terms.Find(text);
    if (token.part) {
      if (!concepts.empty()) concepts.back().parts.push_back({std::move(text), id});
      continue;
    }
    const bool seen = std::any_of(concepts.begin(), concepts.end(),
                                  [&text](const Concept& c) { return c.term.text == text; });
    if (!seen) concepts.push_back({{std::move(text), id}, {}, 0, token.corrected});
  }
  for (Concept& item : concepts) {
    item.weight = Idf(item.term.id);
    if (!item.parts.empty() && document_terms.DocumentFrequency(item.term.id) == 0) {
      double best_part = 0;
      for (const QueryTerm& part : item.parts) best_part = std::max(best_part, Idf(part.id));
      item.weight = best_part;
    }
  }
  return concepts;
}

Xapian::Query Engine::Impl::RetrievalQuery(const std::vector<Concept>& concepts) const {
  const std::vector<const QueryTerm*> terms = TermsOf(concepts);
  std::vector<uint32_t> distinct;
  for (const QueryTerm* term : terms) {
    if (term->id != DocumentTerms::kUnknown) distinct.push_back(term->id);
  }
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  std::stable_sort(distinct.begin(), distinct.end(), [this](uint32_t a, uint32_t b) {
    return document_terms.DocumentFrequency(a) < document_terms.DocumentFrequency(b);
  });
  uint64_t postings = 0;
  std::vector<uint32_t> kept;
  for (const uint32_t term : distinct) {
    postings += document_terms.DocumentFrequency(term);
    if (postings > kMaxQueryPostings && !kept.empty()) break;
    kept.push_back(term);
  }
  return AnyTerm(terms, &kept);
}

double Engine::Impl::Coverage(size_t document, const std::vector<Concept>& concepts,
                              double total_weight) const {
  if (total_weight <= 0) return 0;
  // Every term of the question counts, also those the search left out.
  auto has = [this, document](const QueryTerm& term) {
    return document_terms.Contains(document, term.id);
  };
  double covered = 0;
  for (const Concept& item : concepts) {
    if (has(item.term)) {
      covered += item.weight;
    } else if (!item.parts.empty()) {
      const auto found = std::count_if(item.parts.begin(), item.parts.end(), has);
      covered += item.weight * static_cast<double>(found) / static_cast<double>(item.parts.size());
    }
  }
  return covered / total_weight;
}

std::vector<size_t> Engine::Impl::ChoosePassages(uint32_t article, const Scored& scored,
                                                 AspectSet asked) const {
  const size_t count = knowledge.articles[article].sections.size();
  if (count == 0) return {};
  double total_weight = 0;
  for (const Concept& item : scored.concepts) total_weight += item.weight;
  const std::vector<PassageAspects>& aspects = passage_aspects[article];
  std::vector<double> score(count, 0.0);
  auto about_a_price = [](const PassageAspects& passage) {
    return passage.fee && passage.cost_mentions >= 2;
  };
  const auto priced = std::count_if(aspects.begin(), aspects.end(), about_a_price);
  const bool prices_stand_out = static_cast<size_t>(2 * priced) < count;
  // The article's example questions that the search ranked vote, by their retrieval score, for
  // the passage each matches best.
  std::vector<double> vote(count, 0.0);
  for (size_t e = count; e < article_docs[article].size(); ++e) {
    const uint32_t document = article_docs[article][e];
    const auto ranked = scored.document_retrieval.find(document);
    if (ranked == scored.document_retrieval.end() || example_passage[document] < 0) continue;
    double& passage_vote = vote[static_cast<size_t>(example_passage[document])];
    passage_vote = std::max(passage_vote, ranked->second);
  }
  for (size_t s = 0; s < count; ++s) {
    const uint32_t document = article_docs[article][s];
    // A passage the search did not rank is scored as the classifier's proposals are in Score: its
    // coverage at the BM25 factor of the last document counted.
    const auto ranked = scored.document_retrieval.find(document);
    score[s] = ranked != scored.document_retrieval.end()
                   ? ranked->second
                   : Coverage(document, scored.concepts, total_weight) * scored.last_relevance;
    score[s] += kExampleVote * vote[s];
    for (const Aspect aspect : {Aspect::kCost, Aspect::kTime, Aspect::kDefinition}) {
      if (!aspects[s].aspects.Has(aspect)) continue;
      if (asked.Has(aspect)) {
        score[s] += kOnAspect;
      } else if (aspect == Aspect::kCost && s > 0 && about_a_price(aspects[s]) &&
                 prices_stand_out) {
        score[s] -= kOffCost;
      } else if (aspect == Aspect::kDefinition) {
        score[s] -= kOffDefinition;
      }  // times are mentioned in passing too often to count against a passage
    }
  }
  // Ties go to the earlier section: the author's order.
  const size_t best =
      static_cast<size_t>(std::max_element(score.begin(), score.end()) - score.begin());
  std::vector<size_t> chosen = {best};
  const PassageAspects& first = aspects[best];
  if (asked.Has(Aspect::kCost) && first.free != first.fee) {
    // The other side from a passage about cost (two mentions or more) before one that mentions
    // it in passing ("where it applies, the fee").
    std::optional<size_t> other;
    auto better = [&](size_t a, size_t b) {
      const bool a_about = aspects[a].cost_mentions >= 2;
      const bool b_about = aspects[b].cost_mentions >= 2;
      return a_about != b_about ? a_about : score[a] > score[b];
    };
    for (size_t s = 0; s < count; ++s) {
      const bool other_side = first.free ? aspects[s].fee : aspects[s].free;
      if (s != best && other_side && (!other || better(s, *other))) other = s;
    }
    if (other && score[*other] >= kContrastShare * score[best]) chosen.push_back(*other);
  }
  std::sort(chosen.begin(), chosen.end());
  return chosen;
}

Engine::Impl::Scored Engine::Impl::Score(const std::vector<Token>& tokens, Language language,
                                         Language search_language, Searcher& searcher,
                                         const TextClassifier* model,
                                         Xapian::docid excluded) const {
  Scored scored;
  scored.concepts = MakeConcepts(tokens, search_language);
  const std::vector<Concept>& concepts = scored.concepts;

  // Text retrieval: passages and example questions, in the customer's language.
  std::unordered_map<uint32_t, double> retrieval;  // article -> best coverage
  double last_relevance = 0;  // the BM25 factor of the last document whose coverage counted
  double total_weight = 0;
  for (const Concept& item : concepts) total_weight += item.weight;
  if (!concepts.empty()) {
    // Terms carry their language, so the query finds documents in that language only.
    searcher.enquire.set_query(RetrievalQuery(concepts));
    const Xapian::MSet mset = searcher.enquire.get_mset(0, kRetrievalDepth);
    size_t rank = 0;
    double top_weight = 0;
    for (auto it = mset.begin(); it != mset.end() && rank < kCoverageDepth; ++it) {
      if (*it == excluded) continue;
      ++rank;
      if (top_weight == 0) top_weight = it.get_weight();
      const size_t document = *it - 1;
      const DocInfo& doc = docs[document];
      // Coverage says how much of the question a document speaks to; the BM25 weight relative to
      // the best document says how much it is about it.
      const double relative = top_weight > 0 ? it.get_weight() / top_weight : 0;
      last_relevance = std::pow(relative, config.relative_weight_exponent);
      const double coverage = Coverage(document, concepts, total_weight) * last_relevance;
      double& best = retrieval[doc.article];
      best = std::max(best, coverage);
      scored.document_retrieval[document] = coverage;
    }
  }

  scored.last_relevance = last_relevance;

  // The example-question classifier.
  std::unordered_map<uint32_t, double> predicted;  // group -> probability
  if (model != nullptr) {
    const auto prediction = model->Predict(ClassifierWords(tokens), 5);
    scored.out_of_scope = prediction.out_of_scope;
    scored.in_scope_score = prediction.in_scope_score;
    for (const ClassProbability& entry : prediction.top) {
      if (entry.label != out_of_scope_class) {
        predicted[static_cast<uint32_t>(entry.label)] = entry.probability;
      }
    }
  }

  // An article the classifier proposes but the search did not rank among its best documents is
  // not unrelated to the question: it gets the coverage of its best document at the BM25 factor of
  // the last document counted, which it did not outrank. (Scoring it 0 sank right answers of a
  // confident classifier below the answer threshold.)
  if (total_weight > 0 && last_relevance > 0) {
    for (const auto& [group, probability] : predicted) {
      if (probability < kMinLookedUpProbability) continue;
      const std::vector<uint32_t>& articles = groups[group];
      if (std::any_of(articles.begin(), articles.end(),
                      [&retrieval](uint32_t article) { return retrieval.count(article) > 0; })) {
        continue;
      }
      for (const uint32_t article : articles) {
        double best = 0;
        for (const uint32_t document : article_docs[article]) {
          if (document + 1 != excluded) {
            best = std::max(best, Coverage(document, concepts, total_weight));
          }
        }
        if (best > 0) retrieval[article] = best * last_relevance;
      }
    }
  }

  // Combine both into one score per article group.
  std::unordered_map<uint32_t, Candidate> by_group;
  for (const auto& [article, coverage] : retrieval) {
    const uint32_t group = article_group[article];
    Candidate& candidate = by_group[group];
    candidate.group = group;
    candidate.retrieval = std::max(candidate.retrieval, coverage);
  }
  for (const auto& [group, probability] : predicted) {
    Candidate& candidate = by_group[group];
    candidate.group = group;
    candidate.classifier = probability;
  }
  const double weight = model != nullptr ? config.classifier_weight : 0.0;
  std::vector<Candidate>& candidates = scored.candidates;
  for (auto& [group, candidate] : by_group) {
    candidate.article = VersionIn(group, language);
    // The classifier knows nothing of articles without example questions (such as ingested web
    // pages): those are scored on retrieval alone.
    const double w = group_has_examples[group] ? weight : 0.0;
    candidate.score = w * candidate.classifier + (1 - w) * candidate.retrieval;
    candidates.push_back(candidate);
  }
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    return a.score != b.score ? a.score > b.score : a.article < b.article;
  });
  // Scored on retrieval alone, an article without example questions is a real alternative only
  // where retrieval clearly prefers it (by more than the clarify margin): not where an article
  // the classifier backs matches about as well on retrieval. Such articles go last, out of the
  // running.
  const auto backed = std::find_if(candidates.begin(), candidates.end(), [&](const Candidate& c) {
    return group_has_examples[c.group] && c.classifier > 0.5;
  });
  if (backed != candidates.end()) {
    const double backed_retrieval = backed->retrieval;
    for (Candidate& candidate : candidates) {
      candidate.dominated = !group_has_examples[candidate.group] &&
                            candidate.retrieval <= backed_retrieval + config.clarify_margin;
    }
    std::stable_partition(candidates.begin(), candidates.end(),
                          [](const Candidate& c) { return !c.dominated; });
  }
  return scored;
}

Decision Engine::Impl::Decide(std::string_view question, Searcher& searcher,
                              std::optional<Language> known_language, Language usual) const {
  Decision decision;
  std::vector<std::string> words = base::Words(question);
  // A message longer than this is a story or a paste; its first words carry the question, and the
  // bound keeps the cost of one Ask bounded whatever a customer sends.
  if (words.size() > kMaxQuestionWords) words.resize(kMaxQuestionWords);
  const Language language =
      known_language.value_or(DetectLanguage(words, usual, &language_vocabulary).language);
  decision.language = language;
  const model::Voice voice{language, config.dutch_register};
  const bool dutch = voice.dutch();
  const Language search_language = has_language[Slot(language)] ? language : Other(language);

  const TriageSignals signals = DetectTriageSignals(question, words);
  const std::vector<DomainTerms::Named> named_terms = domain_terms.In(words);
  const std::vector<Token> tokens =
      searcher.analyzer.AnalyzeWords(words, search_language, TextKind::kQuestion);
  const Scored scored =
      Score(tokens, language, search_language, searcher, classifier ? &*classifier : nullptr, 0);
  const std::vector<Concept>& concepts = scored.concepts;
  const std::vector<Candidate>& candidates = scored.candidates;
  const bool out_of_scope = scored.out_of_scope;
  const double in_scope_score = scored.in_scope_score;

  for (size_t i = 0; i < candidates.size() && i < 5; ++i) {
    const Candidate& c = candidates[i];
    decision.candidates.push_back({ArticleOf(c.article).id, c.score, c.classifier, c.retrieval});
  }
  auto source_of = [this](uint32_t article) {
    const Article& a = ArticleOf(article);
    return SourceRef{a.id, a.title, a.url};
  };
  const Candidate* top = candidates.empty() ? nullptr : &candidates.front();
  const double best_score = top != nullptr ? top->score : 0.0;
  decision.score = best_score;
  decision.confidence = Confidence(best_score);
  const bool top_is_plausible = top != nullptr && Plausible(top->score);
  if (top_is_plausible) decision.topics = ArticleOf(top->article).topics;

  // The best article is one that always goes to a person; weakly backed, it is no reason for a
  // hand-off and no hand-off's context (kMinBackingForAlwaysPerson).
  const bool always_person =
      top_is_plausible && ArticleOf(top->article).handoff == model::Handoff::kAlways;
  const bool weakly_backed =
      classifier && top != nullptr && top->classifier < kMinBackingForAlwaysPerson;
  // The article a hand-off names as its context (and whose topics choose the queue): the best
  // article when it is plausible — or, for a hand-off that is not about the question's topic (a
  // request for a person, anger), only when it would answer and is not a topic that always goes
  // to a person (an angry customer is not sent to the fraud desk with the phishing article).
  auto hand_off = [&](const char* cause, std::string reason,
                      std::optional<uint32_t> context = std::nullopt) {
    decision.kind = DecisionKind::kHandoff;
    decision.handoff_cause = cause;
    decision.reasons.push_back(std::move(reason));
    decision.answer = HandoffText(cause, signals.situation, signals.upset, voice);
    const std::string_view why = cause;
    const bool about_the_topic = why != "asked_for_person" && why != "upset";
    if (context) {
      decision.sources.push_back(source_of(*context));
      decision.topics = ArticleOf(*context).topics;
    } else if (top_is_plausible && !(always_person && weakly_backed) &&
               (about_the_topic || (Answers(top->score) &&
                                    ArticleOf(top->article).handoff != model::Handoff::kAlways))) {
      decision.sources.push_back(source_of(top->article));
    } else {
      decision.topics.clear();
    }
    return decision;
  };

  auto ask_for_the_question = [&](const char* reason) {
    decision.kind = DecisionKind::kClarify;
    decision.answer = voice.Say("Waarmee kan ik u helpen? Stel uw vraag in een paar woorden.",
                                "Waarmee kan ik je helpen? Stel je vraag in een paar woorden.",
                                "How can I help you? Please ask your question in a few words.");
    decision.reasons.emplace_back(reason);
    decision.topics.clear();
    return decision;
  };
  // Messages with nothing to look up: whatever article the classifier would make of their words
  // is a guess (unless the best article is one for such messages).
  const bool chat_article = top != nullptr && article_chats[top->article];
  const Reaction reaction = chat_article ? Reaction::kNone : OnlyReacts(words);
  if (words.empty() || (reaction == Reaction::kNone && concepts.empty() && !signals.any() &&
                        (top == nullptr || !Plausible(top->score)))) {
    return ask_for_the_question("the message has no question to match");
  }
  // A situation that needs a person goes to one before any answer is tried, with the knowledge
  // base's article for it as the context (an urgent one, fraud, also gets that article's opening:
  // the 24/7 number).
  if (signals.situation != Situation::kNone) {
    const std::optional<uint32_t> article = SituationArticle(signals.situation, language);
    Decision handed =
        hand_off("always_person",
                 "the message tells of " + std::string(SituationName(signals.situation)) + " (" +
                     JoinQuoted(signals.situation_evidence) + ")",
                 article);
    if (!article) {
      const auto topics = SituationTopics(signals.situation);
      handed.topics.assign(topics.begin(), topics.begin() + 1);
    } else if (signals.situation == Situation::kFraud && !ArticleOf(*article).sections.empty()) {
      handed.urgent = ArticleOf(*article).sections.front().text;
      handed.answer += "\n\n" + handed.urgent;
    }
    return handed;
  }
  if (signals.asks_for_person) {
    return hand_off("asked_for_person",
                    "asked for a person (" + JoinQuoted(signals.person_evidence) + ")");
  }
  if (signals.upset) {
    return hand_off("upset", "the customer seems upset or distressed (" +
                                 JoinQuoted(signals.upset_evidence) + ")");
  }
  if (reaction == Reaction::kThanks) {
    decision.kind = DecisionKind::kDecline;
    decision.reasons.emplace_back("the message thanks or says goodbye");
    decision.answer =
        voice.Say("Graag gedaan. Heeft u later nog een vraag, dan kunt u die hier stellen.",
                  "Graag gedaan. Heb je later nog een vraag, dan kun je die hier stellen.",
                  "You're welcome. If you have another question later, you can ask it here.");
    decision.topics.clear();
    return decision;
  }
  if (reaction == Reaction::kAcknowledged) {
    decision.kind = DecisionKind::kDecline;
    decision.reasons.emplace_back("the message only takes note of the reply");
    decision.answer = voice.Say("Heeft u nog een andere vraag? Dan kunt u die hier stellen.",
                                "Heb je nog een andere vraag? Dan kun je die hier stellen.",
                                "Do you have another question? You can ask it here.");
    decision.topics.clear();
    return decision;
  }
  if (reaction == Reaction::kNotHelped) {
    decision.kind = DecisionKind::kDecline;
    decision.reasons.emplace_back(kOfferedAPersonForNoHelp);
    decision.answer = voice.Say(
        "Sorry, dan heb ik u niet goed begrepen. Wilt u uw vraag in andere woorden stellen? Of "
        "wilt u liever een medewerker spreken? Schrijf dan bijvoorbeeld \"ik wil een medewerker "
        "spreken\", dan verbind ik u door.",
        "Sorry, dan heb ik je niet goed begrepen. Wil je je vraag in andere woorden stellen? Of "
        "wil je liever een medewerker spreken? Schrijf dan bijvoorbeeld \"ik wil een medewerker "
        "spreken\", dan verbind ik je door.",
        "Sorry, I did not understand you well. Could you put your question in other words? Or "
        "would you rather talk to a person? Write, for example, \"I want to talk to a person\", "
        "and I will put you through.");
    decision.topics.clear();
    return decision;
  }
  // "Hallo, ik heb een vraag", "kunt u mij helpen": the question is still to come.
  if (!chat_article && OnlyOpens(words)) {
    return ask_for_the_question(
        "the message only opens the conversation (a greeting, a question or help announced)");
  }
  // A short message that names a term of the organisation's field that no article mentions
  // ("swift code", "hebben jullie een reisverzekering"): the words it shares with an article are
  // not what it asks about, so a person answers, without that article as the hand-off's page.
  const auto unmentioned = std::find_if(named_terms.begin(), named_terms.end(),
                                        [](const DomainTerms::Named& n) { return !n.mentioned; });
  if (unmentioned != named_terms.end() && words.size() <= kMaxWordsAroundAnUnmentionedTerm) {
    Decision handed = hand_off("not_covered", "the message names '" + unmentioned->term +
                                                  "', a term of the organisation's field (domain "
                                                  "terms) that no article mentions");
    handed.sources.clear();
    handed.topics.clear();
    return handed;
  }
  // A "did you mean" with these articles as its options; their titles, joined for the question.
  auto offer = [&](const std::vector<uint32_t>& articles) {
    decision.kind = DecisionKind::kClarify;
    std::vector<std::string> titles;
    for (const uint32_t article : articles) {
      decision.sources.push_back(source_of(article));
      titles.push_back(ArticleOf(article).title);
    }
    return JoinChoices(titles, dutch ? " of " : " or ");
  };
  // Nothing but a word that is the topic of articles ("pas", "mijn rekening", "hypotheek?",
  // "kosten"): the articles about it, the best matching first.
  const std::vector<uint32_t>* const about =
      config.allow_clarify ? ArticlesAboutOnly(tokens, search_language) : nullptr;
  auto offer_about = [&](std::string reason) {
    std::vector<uint32_t> options;
    for (const Candidate& candidate : candidates) {
      const bool on_topic =
          std::find(about->begin(), about->end(), candidate.article) != about->end();
      if (on_topic && options.size() < config.max_clarify_options) {
        options.push_back(candidate.article);
      }
    }
    for (const uint32_t article : *about) {
      if (options.size() == config.max_clarify_options) break;
      if (std::find(options.begin(), options.end(), article) == options.end()) {
        options.push_back(article);
      }
    }
    // One article about the word: the best match, if another, is the second option.
    if (about->size() == 1 && options.size() == 1 && config.max_clarify_options > 1 &&
        top_is_plausible && top->article != options.front()) {
      options.push_back(top->article);
    }
    const std::string choices = offer(options);
    decision.answer = voice.Say(
        "Waarover gaat uw vraag: " + choices + "? Of stel uw vraag in een paar woorden.",
        "Waarover gaat je vraag: " + choices + "? Of stel je vraag in een paar woorden.",
        "What is your question about: " + choices + "? Or ask your question in a few words.");
    decision.reasons.push_back(std::move(reason));
    return decision;
  };
  // Several articles share the topic, or the best match is not the one article about it
  // ("mijn kosten" suits business accounts best): answering would be a guess, so the bot asks
  // which is meant — also when the words happen to suit an article that goes to a person
  // ("rekeningen" is in the examples of reporting a death), unless that article is about it.
  const bool top_is_about = about != nullptr && top != nullptr &&
                            std::find(about->begin(), about->end(), top->article) != about->end();
  if (about != nullptr && (about->size() >= 2 || !top_is_about) &&
      !(always_person && top_is_about)) {
    return offer_about(about->size() >= 2
                           ? "the message names only a topic that " +
                                 std::to_string(about->size()) + " articles share"
                           : "the message names only the topic of '" +
                                 ArticleOf(about->front()).id + "', not its best match");
  }
  if (always_person && !weakly_backed) {
    return hand_off("always_person",
                    "topic '" + GroupKey(ArticleOf(top->article).id) + "' always goes to a person");
  }
  // Asked whether they talk to a person: the bot says what it is, and that a person is there for
  // the asking; the conversation stays with the bot.
  auto say_what_the_bot_is = [&](std::string reason) {
    decision.kind = DecisionKind::kDecline;
    decision.reasons.push_back(std::move(reason));
    decision.reasons.emplace_back(kSaidWhatTheBotIs);
    decision.answer = voice.Say(
        "U praat met een digitale assistent, niet met een mens. Ik beantwoord vragen over onze "
        "producten en diensten. Wilt u liever een medewerker spreken? Schrijf dan bijvoorbeeld "
        "\"ik wil een medewerker spreken\", dan verbind ik u door.",
        "Je praat met een digitale assistent, niet met een mens. Ik beantwoord vragen over onze "
        "producten en diensten. Wil je liever een medewerker spreken? Schrijf dan bijvoorbeeld "
        "\"ik wil een medewerker spreken\", dan verbind ik je door.",
        "You are talking to a digital assistant, not a person. I answer questions about our "
        "products and services. Would you rather talk to a person? Write, for example, \"I want "
        "to talk to a person\", and I will put you through.");
    decision.topics.clear();
    return decision;
  };
  // Not about the organisation at all: the bot says what it can help with and keeps the
  // conversation. Only where it would otherwise hand over for lack of an article.
  auto decline_or_hand_off = [&](const char* cause, std::string reason) {
    if (config.decline_off_topic && signals.asks_what_the_bot_is) {
      return say_what_the_bot_is(std::move(reason));
    }
    // Only the topic of one article ("kosten"), which the search did not back: that article is
    // offered, not declined as off-topic or passed to a person.
    if (about != nullptr && about->size() == 1) {
      decision.reasons.push_back(std::move(reason));
      return offer_about("the message names only the topic of '" + ArticleOf(about->front()).id +
                         "'");
    }
    if (config.decline_off_topic && LooksOffTopic(words, signals, domain_terms.Touches(words))) {
      decision.kind = DecisionKind::kDecline;
      decision.reasons.push_back(std::move(reason));
      decision.reasons.emplace_back(
          "declined as off-topic: a short message with no words of the customer's own affairs "
          "and no sign that a person is needed");
      decision.answer = voice.Say(
          "Daar kan ik u helaas niet mee helpen. Ik beantwoord vragen over onze producten en "
          "diensten, en verbind u door met een medewerker als u die nodig heeft. Waarmee kan ik u "
          "helpen?",
          "Daar kan ik je helaas niet mee helpen. Ik beantwoord vragen over onze producten en "
          "diensten, en verbind je door met een medewerker als je die nodig hebt. Waarmee kan ik "
          "je helpen?",
          "I am sorry, I cannot help you with that. I answer questions about our products and "
          "services, and put you through to a colleague when you need one. What can I help you "
          "with?");
      decision.topics.clear();
      return decision;
    }
    return hand_off(cause, std::move(reason));
  };
  if (always_person) {  // and weakly backed
    return decline_or_hand_off("no_match",
                               "only retrieval backs '" + ArticleOf(top->article).id +
                                   "', a topic that always goes to a person (classifier " +
                                   FormatScore(top->classifier) + " < " +
                                   FormatScore(kMinBackingForAlwaysPerson) + ")");
  }
  // The classifier's out-of-scope judgement stands unless the combined evidence for an article
  // is strong (the classifier sees only example questions; the article text may still cover it).
  if (out_of_scope && (top == nullptr || top->score < config.out_of_scope_overruled_from)) {
    return decline_or_hand_off(
        "out_of_scope",
        "the question fits none of the articles' example questions (in-scope score " +
            FormatScore(in_scope_score) + " < " +
            FormatScore(config.classifier.out_of_scope_threshold) + ")");
  }

  // An article about the bot itself answers such a question only when it is clearly the one.
  if (config.decline_off_topic && signals.asks_what_the_bot_is && top != nullptr &&
      Confidence(best_score) < kSureOfAnArticleAboutTheBot) {
    return say_what_the_bot_is("no article is clearly about the bot (" + Deciding(best_score) +
                               " < " + FormatScore(kSureOfAnArticleAboutTheBot) + ")");
  }

  std::vector<const Candidate*> options;
  for (const Candidate& candidate : candidates) {
    if (options.size() == config.max_clarify_options || candidate.dominated) break;
    if (!Plausible(candidate.score)) break;
    if (candidate.score < best_score - 2 * config.clarify_margin) break;
    options.push_back(&candidate);
  }
  const bool close_runner_up =
      options.size() >= 2 && options[1]->score >= best_score - config.clarify_margin;
  const bool unsure_between = !Answers(best_score) && options.size() >= 2;
  if (config.allow_clarify && (close_runner_up || unsure_between)) {
    std::vector<uint32_t> articles;
    articles.reserve(options.size());
    for (const Candidate* option : options) articles.push_back(option->article);
    decision.answer =
        std::string(voice.Say("Bedoelt u ", "Bedoel je ", "Do you mean ")) + offer(articles) + "?";
    decision.reasons.push_back("several articles match about equally well (" +
                               FormatScore(options[0]->score) + " and " +
                               FormatScore(options[1]->score) + ")");
    return decision;
  }
  // On retrieval alone, one matching word is no answer (kMinWordsForRetrievalAlone).
  if (classifier && top != nullptr && top->classifier < kMinLookedUpProbability &&
      WordsMatched(top->article, concepts) < kMinWordsForRetrievalAlone) {
    return decline_or_hand_off("no_match", "only retrieval backs '" + ArticleOf(top->article).id +
                                               "', on fewer than " +
                                               std::to_string(kMinWordsForRetrievalAlone) +
                                               " of the question's words as written");
  }
  if (!Answers(best_score)) {
    const double needed = ConfidenceDecides() ? config.answer_probability : config.answer_score;
    return decline_or_hand_off("no_match", "no article matches well enough (best " +
                                               Deciding(best_score) + " < " + FormatScore(needed) +
                                               ")");
  }

  const Article& article = ArticleOf(top->article);
  decision.kind = DecisionKind::kAnswer;
  decision.sources.push_back(source_of(top->article));
  const std::vector<size_t> sections = ChoosePassages(top->article, scored, QuestionAspects(words));
  for (const size_t section : sections) {
    const model::Section& passage = article.sections[section];
    if (sections.size() == 1) {
      decision.answer = passage.text;
      decision.passage_heading = passage.heading;
      break;
    }
    // The answer depends on a condition that the headings name: each passage under its heading.
    if (!decision.answer.empty()) {
      decision.answer += "\n\n";
      decision.passage_heading += " / ";
    }
    decision.answer += passage.heading + ":\n" + passage.text;
    decision.passage_heading += passage.heading;
  }
  decision.reasons.push_back("answered from '" + article.id + "' (" + Deciding(best_score) + ")");
  if (article.language != language) {
    decision.reasons.push_back("no article in the customer's language; answered from the " +
                               std::string(model::LanguageCode(article.language)) + " version");
  }
  return decision;
}

namespace {

// Whether the whole message was handed over for lack of an article — by the out-of-scope gate
// (the classifier, trained on short example questions, scores a long story out of scope) or
// because no article matched well enough (the story's words dilute the question's). Only then are
// a message's asking sentences decided on their own. Every other decision of the whole message
// stands: a person hand-off (triage reads every sentence, so a fraud told in a context sentence
// still goes to a person), a "did you mean", and an answer (the story helps to choose the passage).
bool HandedOverForLackOfAnArticle(const Decision& whole) {
  return whole.kind == DecisionKind::kHandoff &&
         (whole.handoff_cause == "out_of_scope" || whole.handoff_cause == "no_match") &&
         !whole.candidates.empty();
}

// Whether the asking sentences' decision replaces it: an answer from one of the articles the whole
// message found best (kStoryAgrees). Alone they would often match an article the story is not
// about ("Wat is er aan de hand?" matches the blocked-card article's example questions at 0.99),
// and a bank question no article answers must not slip through by being short: the story and the
// question have to agree.
bool TheStoryAgrees(const Decision& whole, const Decision& part) {
  if (part.kind != DecisionKind::kAnswer || part.sources.empty()) return false;
  const size_t n = std::min(whole.candidates.size(), kStoryAgrees);
  return std::any_of(whole.candidates.begin(),
                     whole.candidates.begin() + static_cast<std::ptrdiff_t>(n),
                     [&](const ScoredCandidate& c) { return c.id == part.sources.front().id; });
}

}  // namespace

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Engine::~Engine() = default;

base::Result<std::unique_ptr<Engine>> Engine::Build(model::KnowledgeBase knowledge,
                                                    EngineConfig config) {
  if (knowledge.articles.empty()) {
    return base::InvalidArgument("the knowledge base has no articles; add at least one");
  }
  auto impl = std::make_unique<Impl>();
  impl->knowledge = std::move(knowledge);
  impl->config = std::move(config);
  try {
    if (impl->config.index_dir.empty()) {
      // Those of engines in processes that were killed first.
      base::TempDir::RemoveAbandoned(kIndexDirPrefix);
      auto dir = base::TempDir::Create(kIndexDirPrefix);
      if (!dir.ok()) return dir.status();
      impl->owned_index_dir = std::move(dir).value();
      impl->index_dir = impl->owned_index_dir->path();
    } else {
      impl->index_dir = impl->config.index_dir;
      std::filesystem::create_directories(impl->index_dir);
    }
    if (base::Status status = impl->BuildIndex(); !status.ok()) return status;
    impl->PlanMemory();
    if (base::Status status = impl->TrainClassifier(); !status.ok()) return status;
    // Searchers ready for as many Asks at a time as there are CPUs, at most four (a copy of the
    // demo's index takes 8 ms to make); more are made when needed.
    std::vector<std::unique_ptr<Searcher>> ready;
    const unsigned premade = std::clamp(std::thread::hardware_concurrency(), 1U, 4U);
    for (unsigned i = 0; i < premade; ++i) {
      ready.push_back(impl->Borrow());
    }
    for (auto& searcher : ready) impl->Return(std::move(searcher));
  } catch (const Xapian::Error& error) {
    return base::Unavailable("cannot build the search index in " + impl->index_dir.string() + ": " +
                             error.get_description());
  } catch (const std::exception& error) {
    return base::Unavailable("cannot build the search index: " + std::string(error.what()));
  }
  return std::unique_ptr<Engine>(new Engine(std::move(impl)));
}

Decision Engine::PersonAccepted(Language language) const {
  Decision decision;
  decision.kind = DecisionKind::kHandoff;
  decision.language = language;
  decision.handoff_cause = "asked_for_person";
  decision.reasons.emplace_back("said yes when the bot offered a person");
  decision.answer = HandoffText(decision.handoff_cause, Situation::kNone, /*upset=*/false,
                                model::Voice{language, config().dutch_register});
  return decision;
}

Decision Engine::Ask(std::string_view question, Language usual) const {
  try {
    // Not a Lease: a searcher whose index failed (below) is dropped, not returned to the pool.
    std::unique_ptr<Searcher> searcher = impl_->Borrow();
    Decision decision = impl_->Decide(question, *searcher, std::nullopt, usual);
    const std::string asking =
        HandedOverForLackOfAnArticle(decision) ? AskingPart(question) : std::string();
    if (!asking.empty()) {
      Decision part = impl_->Decide(asking, *searcher, decision.language);
      if (TheStoryAgrees(decision, part)) {
        // Not quoted: the reasons are stored with the reply, and retention erases the customer's
        // words from the message, not from its reasons (model::ErasePersonalFields).
        part.reasons.insert(part.reasons.begin(), "decided on the sentences that ask");
        decision = std::move(part);
      }
    }
    impl_->Return(std::move(searcher));
    return decision;
  } catch (const Xapian::Error& error) {
    Decision decision;
    decision.handoff_cause = "engine_failed";
    decision.reasons.push_back("the knowledge index failed: " + error.get_description());
    return decision;
  } catch (const std::exception& error) {
    Decision decision;
    decision.handoff_cause = "engine_failed";
    decision.reasons.push_back(std::string("the answer engine failed: ") + error.what());
    return decision;
  }
}

const model::KnowledgeBase& Engine::knowledge() const { return impl_->knowledge; }
const EngineConfig& Engine::config() const { return impl_->config; }
bool Engine::has_classifier() const { return impl_->classifier.has_value(); }
bool Engine::confidence_decides() const { return impl_->ConfidenceDecides(); }

}  // namespace balie::answer
