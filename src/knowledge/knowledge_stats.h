#ifndef BALIE_KNOWLEDGE_KNOWLEDGE_STATS_H_
#define BALIE_KNOWLEDGE_KNOWLEDGE_STATS_H_

// Figures about a loaded knowledge base, for the CLI and for reviewing content: coverage per
// language and topic, examples, review dates, and articles that lack a translation. Pure values
// and functions; thread-safe.

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "knowledge/knowledge_loader.h"

namespace balie::knowledge {

struct KnowledgeStats {
  int articles = 0;           // valid articles loaded
  int markdown_articles = 0;  // of which from Markdown files
  int html_articles = 0;      // of which from HTML pages
  int markdown_files = 0;     // article files read, including files with problems
  int html_files = 0;
  int problems = 0;
  std::map<std::string, int> articles_per_language;  // "en", "nl" -> count; both always present
  std::map<std::string, int> articles_per_topic;     // topic as written -> count
  int handoff_always = 0;
  int examples = 0;                                    // example questions over all articles
  std::vector<std::string> articles_without_examples;  // ids, sorted
  int sections = 0;
  int synonym_groups = 0;
  int out_of_scope_examples = 0;
  std::string oldest_reviewed;          // earliest `reviewed` date; empty when no article has one
  std::string oldest_reviewed_article;  // the id of the article with that date
  int articles_without_review = 0;
  // Ids of articles without a counterpart in the other language: "x" (nl) pairs with "x-en"
  // (en), and "x-en" with "x". Sorted.
  std::vector<std::string> articles_without_counterpart;
};

KnowledgeStats Summarise(const LoadReport& report);

// Human-readable, several lines, ends with a newline.
std::string FormatStats(const KnowledgeStats& stats);

// The same figures as a JSON object with snake_case keys named like the fields.
nlohmann::json StatsToJson(const KnowledgeStats& stats);

}  // namespace balie::knowledge

#endif  // BALIE_KNOWLEDGE_KNOWLEDGE_STATS_H_
