#include "knowledge/knowledge_stats.h"

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string_view>
#include <unordered_map>

#include "knowledge/checks.h"

namespace balie::knowledge {
namespace {

constexpr std::string_view kEnglishSuffix = "-en";

bool FromHtml(const model::Article& article) {
  const std::string extension =
      AsciiLower(std::filesystem::path(article.source.file).extension().string());
  return extension == ".html" || extension == ".htm";
}

std::string CounterpartId(const std::string& id) {
  if (id.ends_with(kEnglishSuffix)) return id.substr(0, id.size() - kEnglishSuffix.size());
  return id + std::string(kEnglishSuffix);
}

std::string Join(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) {
    if (!text.empty()) text += ", ";
    text += item;
  }
  return text;
}

std::string Counts(const std::map<std::string, int>& counts) {
  std::string text;
  for (const auto& [name, count] : counts) {
    if (!text.empty()) text += ", ";
    text += name + " " + std::to_string(count);
  }
  return text.empty() ? "none" : text;
}

}  // namespace

KnowledgeStats Summarise(const LoadReport& report) {
  const model::KnowledgeBase& knowledge = report.knowledge;
  KnowledgeStats stats;
  stats.articles = static_cast<int>(knowledge.articles.size());
  stats.markdown_files = report.markdown_files;
  stats.html_files = report.html_files;
  stats.problems = static_cast<int>(report.problems.size());
  stats.synonym_groups = static_cast<int>(knowledge.synonyms.size());
  stats.out_of_scope_examples = static_cast<int>(knowledge.out_of_scope_examples.size());
  stats.articles_per_language = {{"en", 0}, {"nl", 0}};

  std::unordered_map<std::string_view, model::Language> language_of;
  for (const model::Article& article : knowledge.articles) {
    language_of.emplace(article.id, article.language);
  }
  for (const model::Article& article : knowledge.articles) {
    ++(FromHtml(article) ? stats.html_articles : stats.markdown_articles);
    ++stats.articles_per_language[std::string(model::LanguageCode(article.language))];
    for (const std::string& topic : article.topics) ++stats.articles_per_topic[topic];
    if (article.handoff == model::Handoff::kAlways) ++stats.handoff_always;
    stats.examples += static_cast<int>(article.examples.size());
    if (article.examples.empty()) stats.articles_without_examples.push_back(article.id);
    stats.sections += static_cast<int>(article.sections.size());
    if (article.reviewed.empty()) {
      ++stats.articles_without_review;
    } else if (stats.oldest_reviewed.empty() || article.reviewed < stats.oldest_reviewed) {
      stats.oldest_reviewed = article.reviewed;
      stats.oldest_reviewed_article = article.id;
    }
    const auto counterpart = language_of.find(CounterpartId(article.id));
    if (counterpart == language_of.end() || counterpart->second == article.language) {
      stats.articles_without_counterpart.push_back(article.id);
    }
  }
  std::sort(stats.articles_without_examples.begin(), stats.articles_without_examples.end());
  std::sort(stats.articles_without_counterpart.begin(), stats.articles_without_counterpart.end());
  return stats;
}

std::string FormatStats(const KnowledgeStats& s) {
  std::string text;
  auto line = [&](std::string_view label, const std::string& value) {
    text.append(label).append(": ").append(value).append("\n");
  };
  line("Articles", std::to_string(s.articles) + " (" + std::to_string(s.markdown_articles) +
                       " Markdown, " + std::to_string(s.html_articles) + " HTML)");
  line("Files read", std::to_string(s.markdown_files) + " Markdown, " +
                         std::to_string(s.html_files) + " HTML; " + std::to_string(s.problems) +
                         " problems");
  line("Languages", Counts(s.articles_per_language));
  line("Topics", Counts(s.articles_per_topic));
  line("Hand-off always", std::to_string(s.handoff_always));
  line("Examples",
       std::to_string(s.examples) + " in total; " +
           std::to_string(s.articles_without_examples.size()) + " articles without examples" +
           (s.articles_without_examples.empty() ? std::string()
                                                : " (" + Join(s.articles_without_examples) + ")"));
  line("Sections", std::to_string(s.sections));
  line("Synonym groups", std::to_string(s.synonym_groups));
  line("Out-of-scope examples", std::to_string(s.out_of_scope_examples));
  line("Oldest review",
       (s.oldest_reviewed.empty() ? std::string("none")
                                  : s.oldest_reviewed + " (" + s.oldest_reviewed_article + ")") +
           "; " + std::to_string(s.articles_without_review) + " articles without a review date");
  line("Without counterpart", s.articles_without_counterpart.empty()
                                  ? std::string("none")
                                  : Join(s.articles_without_counterpart));
  return text;
}

nlohmann::json StatsToJson(const KnowledgeStats& s) {
  return nlohmann::json{
      {"articles", s.articles},
      {"markdown_articles", s.markdown_articles},
      {"html_articles", s.html_articles},
      {"markdown_files", s.markdown_files},
      {"html_files", s.html_files},
      {"problems", s.problems},
      {"articles_per_language", s.articles_per_language},
      {"articles_per_topic", s.articles_per_topic},
      {"handoff_always", s.handoff_always},
      {"examples", s.examples},
      {"articles_without_examples", s.articles_without_examples},
      {"sections", s.sections},
      {"synonym_groups", s.synonym_groups},
      {"out_of_scope_examples", s.out_of_scope_examples},
      {"oldest_reviewed",
       s.oldest_reviewed.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.oldest_reviewed)},
      {"oldest_reviewed_article", s.oldest_reviewed_article.empty()
                                      ? nlohmann::json(nullptr)
                                      : nlohmann::json(s.oldest_reviewed_article)},
      {"articles_without_review", s.articles_without_review},
      {"articles_without_counterpart", s.articles_without_counterpart},
  };
}

}  // namespace balie::knowledge
