#ifndef BALIE_BENCH_SYNTHETIC_KNOWLEDGE_H_
#define BALIE_BENCH_SYNTHETIC_KNOWLEDGE_H_

// A generated knowledge base for benchmarks: as many articles as asked, in Dutch-like (80%) and
// English-like (20%) text, the same on every run for the same options.
//
// The vocabulary mixes a few hundred real banking, insurance and government words with Dutch
// compounds of them and synthetic words built from syllables; words are drawn with Zipf-like
// frequencies, and each article has its own theme words, so that retrieval has real work: common
// words match thousands of passages, theme words a few.
//
// Pure functions of their options; thread-safe.

#include <cstdint>
#include <string>
#include <vector>

#include "model/article.h"

namespace balie::bench {

struct SyntheticOptions {
  size_t articles = 10'000;
  uint64_t seed = 20'260'101;
};

// Articles with ids "kb-00000-<word>", 1–3 topics, 0–5 example questions, 3–5 sections of 40–120
// words each, plus a few synonym groups and out-of-scope questions.
model::KnowledgeBase GenerateKnowledgeBase(const SyntheticOptions& options);

struct SyntheticQuestion {
  std::string text;
  // The article the question was made from; empty for questions of random words.
  std::string source_id;
};

// `count` questions for a knowledge base made by GenerateKnowledgeBase: about 60% are an article's
// example question with words dropped and typos, 25% are new phrasings from an article's theme
// words (also perturbed), 15% are random words from the vocabulary.
std::vector<SyntheticQuestion> GenerateQuestions(const model::KnowledgeBase& knowledge,
                                                 size_t count, uint64_t seed);

}  // namespace balie::bench

#endif  // BALIE_BENCH_SYNTHETIC_KNOWLEDGE_H_
