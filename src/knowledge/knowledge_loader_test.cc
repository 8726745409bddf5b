#include "knowledge/knowledge_loader.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace balie::knowledge {
namespace {

namespace fs = std::filesystem;
using Strings = std::vector<std::string>;

std::string Article(std::string_view id, std::string_view language = "nl",
                    std::string_view extra = "") {
  return "---\nid: " + std::string(id) + "\ntitle: Titel van " + std::string(id) +
         "\nurl: https://www.voorbeeldbank.nl/" + std::string(id) +
         "\nlanguage: " + std::string(language) + "\n" + std::string(extra) + "---\nTekst van " +
         std::string(id) + ".\n";
}

constexpr std::string_view kPage =
    "<!DOCTYPE html>\n<html lang=\"nl\">\n<head><title>Betaalverzoek</title>\n"
    "<link rel=\"canonical\" href=\"https://www.voorbeeldbank.nl/betaalverzoek\"></head>\n"
    "<body><main><p>Stuur een betaalverzoek.</p></main></body></html>\n";

// A fresh directory under the system temp dir, removed when the test ends.
class KnowledgeDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    dir_ = fs::temp_directory_path() /
           ("balie_knowledge_test_" + name + "_" + std::to_string(std::random_device()()));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  void Write(const fs::path& relative, std::string_view text) {
    const fs::path path = dir_ / relative;
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out << text;
  }

  std::string PathOf(const fs::path& relative) const { return (dir_ / relative).generic_string(); }

  static Strings ProblemTexts(const LoadReport& report) {
    Strings texts;
    for (const Problem& problem : report.problems) texts.push_back(problem.ToString());
    return texts;
  }

  fs::path dir_;
};

TEST_F(KnowledgeDirTest, LoadsEverythingSortedById) {
  Write("pincode-vergeten.md", Article("pincode-vergeten"));
  Write("en/pincode-vergeten-en.md", Article("pincode-vergeten-en", "en"));
  Write("betalen/a-eerst.md", Article("a-eerst"));
  Write("site/betaalverzoek.html", kPage);
  Write("README.md", "# Over deze kennisbank\nGeen artikel.\n");
  Write("site/README.md", "Ook geen artikel.\n");
  Write(".git/HEAD.md", "not an article");
  Write(".concept.md", "not an article either");
  Write("plaatje.png", "\x89PNG");
  Write("synonyms.txt", "pinpas = betaalpas\n# comment\nhypotheek = woninglening\n");
  Write("out-of-scope.txt", "Wat is het weer?\n# comment\nWie wint het WK?\n");
  Write("calibration.txt", "# fitted\noffset 0.46\nscale 0.68\n");
  Write("domain-terms.txt", "# products\nReisverzekering\nswift  code # the BIC\n");

  const LoadReport report = LoadKnowledgeBase(dir_);
  EXPECT_TRUE(report.ok()) << testing::PrintToString(ProblemTexts(report));
  EXPECT_EQ(report.markdown_files, 3);
  EXPECT_EQ(report.html_files, 1);
  Strings ids;
  for (const model::Article& article : report.knowledge.articles) ids.push_back(article.id);
  EXPECT_EQ(ids, (Strings{"a-eerst", "betaalverzoek", "pincode-vergeten", "pincode-vergeten-en"}));
  EXPECT_EQ(report.knowledge.Find("betaalverzoek")->source.file, PathOf("site/betaalverzoek.html"));
  EXPECT_EQ(
      report.knowledge.synonyms,
      (std::vector<model::SynonymGroup>{{"pinpas", "betaalpas"}, {"hypotheek", "woninglening"}}));
  EXPECT_EQ(report.knowledge.out_of_scope_examples,
            (Strings{"Wat is het weer?", "Wie wint het WK?"}));
  EXPECT_EQ(report.knowledge.domain_terms, (Strings{"reisverzekering", "swift code"}));
  ASSERT_TRUE(report.knowledge.confidence_calibration.has_value());
  EXPECT_DOUBLE_EQ(report.knowledge.confidence_calibration->offset, 0.46);
  EXPECT_DOUBLE_EQ(report.knowledge.confidence_calibration->scale, 0.68);
}

TEST_F(KnowledgeDirTest, DuplicateIdNamesBothFilesAndLines) {
  Write("a/pas.md", Article("pas-blokkeren"));
  Write("b/pas-kopie.md",
        "---\ntitle: Kopie\nid: pas-blokkeren\nurl: https://x.nl\n"
        "language: nl\n---\nTekst.\n");
  const LoadReport report = LoadKnowledgeBase(dir_);
  EXPECT_EQ(ProblemTexts(report), Strings{PathOf("b/pas-kopie.md") +
                                          ":3: duplicate id 'pas-blokkeren': already used by " +
                                          PathOf("a/pas.md") + ":2; ids must be unique"});
  ASSERT_EQ(report.knowledge.articles.size(), 1u);
  EXPECT_EQ(report.knowledge.articles[0].source.file, PathOf("a/pas.md"));
}

TEST_F(KnowledgeDirTest, DuplicateIdAcrossMarkdownAndHtml) {
  Write("betaalverzoek.md", Article("betaalverzoek"));
  Write("site/betaalverzoek.html", kPage);
  const LoadReport report = LoadKnowledgeBase(dir_);
  EXPECT_EQ(ProblemTexts(report), Strings{PathOf("site/betaalverzoek.html") +
                                          ":1: duplicate id 'betaalverzoek': already used by " +
                                          PathOf("betaalverzoek.md") + ":2; ids must be unique"});
}

TEST_F(KnowledgeDirTest, BadFilesAreReportedNotDropped) {
  Write("goed.md", Article("goed"));
  Write("fout.md", Article("fout", "de"));
  Write("kapot.md", "geen front matter\n");
  Write("site/zonder-canonical.html", "<html lang=\"nl\"><title>T</title><p>Tekst</p></html>");
  Write("synonyms.txt", "pinpas = betaalpas\nalleen\n");
  Write("synonym.txt", "typo in de naam\n");
  Write("sub/synonyms.txt", "alleen bovenaan telt\n");

  const LoadReport report = LoadKnowledgeBase(dir_);
  EXPECT_EQ(ProblemTexts(report),
            (Strings{PathOf("synonyms.txt") +
                         ":2: a synonym group needs at least two different words separated by "
                         "'=', e.g. 'pinpas = betaalpas'",
                     PathOf("fout.md") + ":5: language 'de' is not supported; use nl or en",
                     PathOf("kapot.md") +
                         ":1: missing front matter: an article starts with a '---' line, then "
                         "its fields (id, title, url, language, ...), then a closing '---' line",
                     PathOf("site/zonder-canonical.html") +
                         ": page has no <link rel=\"canonical\" href=\"...\">; the public address "
                         "is needed to link customers to the page",
                     PathOf("sub/synonyms.txt") +
                         ": unexpected text file; a knowledge base reads only synonyms.txt, "
                         "out-of-scope.txt, domain-terms.txt and calibration.txt, at its top "
                         "level (is the name "
                         "misspelt?)",
                     PathOf("synonym.txt") +
                         ": unexpected text file; a knowledge base reads only synonyms.txt, "
                         "out-of-scope.txt, domain-terms.txt and calibration.txt, at its top "
                         "level (is the name "
                         "misspelt?)"}));
  ASSERT_EQ(report.knowledge.articles.size(), 1u);
  EXPECT_EQ(report.knowledge.articles[0].id, "goed");
  EXPECT_TRUE(report.knowledge.synonyms.empty());  // the file had a problem
  EXPECT_EQ(report.markdown_files, 3);
  EXPECT_EQ(report.html_files, 1);
}

TEST_F(KnowledgeDirTest, MissingDirectoryIsAProblem) {
  const fs::path missing = dir_ / "bestaat-niet";
  const LoadReport report = LoadKnowledgeBase(missing);
  EXPECT_EQ(ProblemTexts(report),
            Strings{missing.generic_string() + ": knowledge base directory does not exist"});
  EXPECT_TRUE(report.knowledge.articles.empty());

  Write("bestand.md", Article("x"));
  EXPECT_EQ(ProblemTexts(LoadKnowledgeBase(dir_ / "bestand.md")),
            Strings{PathOf("bestand.md") + ": not a directory; give the knowledge base's folder"});
}

TEST_F(KnowledgeDirTest, EmptyDirectoryIsAnEmptyKnowledgeBase) {
  const LoadReport report = LoadKnowledgeBase(dir_);
  EXPECT_TRUE(report.ok());
  EXPECT_TRUE(report.knowledge.articles.empty());
  EXPECT_EQ(report.markdown_files, 0);
}

// The demo knowledge base in the repository must load without problems.
TEST(DemoKnowledgeBaseTest, LoadsWithoutProblems) {
  const char* source_dir = std::getenv("BALIE_SOURCE_DIR");
  if (source_dir == nullptr) GTEST_SKIP() << "BALIE_SOURCE_DIR is not set (run through ctest)";
  const fs::path demo = fs::path(source_dir) / "demo" / "voorbeeldbank";
  if (!fs::is_directory(demo)) GTEST_SKIP() << demo << " does not exist";
  const LoadReport report = LoadKnowledgeBase(demo);
  Strings problems;
  for (const Problem& problem : report.problems) problems.push_back(problem.ToString());
  EXPECT_EQ(problems, Strings{});
  EXPECT_FALSE(report.knowledge.articles.empty());
}

}  // namespace
}  // namespace balie::knowledge
