#include "knowledge/knowledge_stats.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace balie::knowledge {
namespace {

using Strings = std::vector<std::string>;

model::Article MakeArticle(std::string id, model::Language language, Strings topics,
                           Strings examples, std::string reviewed, std::string file,
                           int sections = 1) {
  model::Article article;
  article.id = std::move(id);
  article.title = "Titel";
  article.url = "https://x.nl/" + article.id;
  article.language = language;
  article.topics = std::move(topics);
  article.examples = std::move(examples);
  article.reviewed = std::move(reviewed);
  article.source.file = std::move(file);
  for (int i = 0; i < sections; ++i) article.sections.push_back({"Kop", "Tekst"});
  return article;
}

LoadReport SampleReport() {
  using model::Language;
  LoadReport report;
  report.knowledge.articles = {
      MakeArticle("nieuwe-pas", Language::kDutch, {"pas"}, {"a", "b"}, "2024-03-01",
                  "kb/nieuwe-pas.md", 2),
      MakeArticle("nieuwe-pas-en", Language::kEnglish, {"pas"}, {"c"}, "2023-11-30",
                  "kb/nieuwe-pas-en.md", 3),
      MakeArticle("overlijden", Language::kDutch, {"overlijden", "nabestaanden"}, {"d"}, "",
                  "kb/overlijden.md"),
      MakeArticle("digitale-post", Language::kDutch, {"post", "pas"}, {}, "",
                  "kb/site/digitale-post.HTML"),
      // English, but there is no Dutch "spaarrente".
      MakeArticle("spaarrente-en", Language::kEnglish, {}, {"e"}, "2025-01-01",
                  "kb/spaarrente-en.md"),
  };
  report.knowledge.articles[2].handoff = model::Handoff::kAlways;
  report.knowledge.synonyms = {{"pas", "pasje"}, {"iban", "rekeningnummer"}};
  report.knowledge.out_of_scope_examples = {"Wat is het weer?"};
  report.problems = {{"kb/kapot.md", 1, "missing front matter"}};
  report.markdown_files = 5;
  report.html_files = 1;
  return report;
}

TEST(SummariseTest, CountsEverything) {
  const KnowledgeStats stats = Summarise(SampleReport());
  EXPECT_EQ(stats.articles, 5);
  EXPECT_EQ(stats.markdown_articles, 4);
  EXPECT_EQ(stats.html_articles, 1);
  EXPECT_EQ(stats.markdown_files, 5);
  EXPECT_EQ(stats.html_files, 1);
  EXPECT_EQ(stats.problems, 1);
  EXPECT_EQ(stats.articles_per_language, (std::map<std::string, int>{{"en", 2}, {"nl", 3}}));
  EXPECT_EQ(stats.articles_per_topic,
            (std::map<std::string, int>{
                {"nabestaanden", 1}, {"overlijden", 1}, {"pas", 3}, {"post", 1}}));
  EXPECT_EQ(stats.handoff_always, 1);
  EXPECT_EQ(stats.examples, 5);
  EXPECT_EQ(stats.articles_without_examples, Strings{"digitale-post"});
  EXPECT_EQ(stats.sections, 8);
  EXPECT_EQ(stats.synonym_groups, 2);
  EXPECT_EQ(stats.out_of_scope_examples, 1);
  EXPECT_EQ(stats.oldest_reviewed, "2023-11-30");
  EXPECT_EQ(stats.oldest_reviewed_article, "nieuwe-pas-en");
  EXPECT_EQ(stats.articles_without_review, 2);
  EXPECT_EQ(stats.articles_without_counterpart,
            (Strings{"digitale-post", "overlijden", "spaarrente-en"}));
}

TEST(SummariseTest, CounterpartMustBeInTheOtherLanguage) {
  LoadReport report;
  report.knowledge.articles = {
      MakeArticle("pas", model::Language::kDutch, {}, {}, "", "pas.md"),
      MakeArticle("pas-en", model::Language::kDutch, {}, {}, "", "pas-en.md"),
  };
  EXPECT_EQ(Summarise(report).articles_without_counterpart, (Strings{"pas", "pas-en"}));
}

TEST(SummariseTest, EmptyKnowledgeBase) {
  const KnowledgeStats stats = Summarise(LoadReport{});
  EXPECT_EQ(stats.articles, 0);
  EXPECT_EQ(stats.articles_per_language, (std::map<std::string, int>{{"en", 0}, {"nl", 0}}));
  EXPECT_EQ(stats.oldest_reviewed, "");
  EXPECT_NE(FormatStats(stats).find("Oldest review: none"), std::string::npos);
  EXPECT_TRUE(StatsToJson(stats)["oldest_reviewed"].is_null());
}

TEST(FormatStatsTest, OneLinePerFigure) {
  EXPECT_EQ(FormatStats(Summarise(SampleReport())),
            "Articles: 5 (4 Markdown, 1 HTML)\n"
            "Files read: 5 Markdown, 1 HTML; 1 problems\n"
            "Languages: en 2, nl 3\n"
            "Topics: nabestaanden 1, overlijden 1, pas 3, post 1\n"
            "Hand-off always: 1\n"
            "Examples: 5 in total; 1 articles without examples (digitale-post)\n"
            "Sections: 8\n"
            "Synonym groups: 2\n"
            "Out-of-scope examples: 1\n"
            "Oldest review: 2023-11-30 (nieuwe-pas-en); 2 articles without a review date\n"
            "Without counterpart: digitale-post, overlijden, spaarrente-en\n");
}

TEST(StatsToJsonTest, HasEveryFigure) {
  const nlohmann::json json = StatsToJson(Summarise(SampleReport()));
  EXPECT_EQ(json["articles"], 5);
  EXPECT_EQ(json["html_articles"], 1);
  EXPECT_EQ(json["articles_per_language"]["nl"], 3);
  EXPECT_EQ(json["articles_per_topic"]["pas"], 3);
  EXPECT_EQ(json["handoff_always"], 1);
  EXPECT_EQ(json["examples"], 5);
  EXPECT_EQ(json["articles_without_examples"], nlohmann::json::array({"digitale-post"}));
  EXPECT_EQ(json["sections"], 8);
  EXPECT_EQ(json["synonym_groups"], 2);
  EXPECT_EQ(json["out_of_scope_examples"], 1);
  EXPECT_EQ(json["oldest_reviewed"], "2023-11-30");
  EXPECT_EQ(json["articles_without_counterpart"].size(), 3u);
  EXPECT_EQ(json.size(), 18u);
}

}  // namespace
}  // namespace balie::knowledge
