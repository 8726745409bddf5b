#include "knowledge/register_check.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "knowledge/knowledge_loader.h"

namespace balie::knowledge {
namespace {

using model::Register;

model::Article Article(std::string file, model::Language language, std::string text) {
  model::Article article;
  article.id = file;
  article.title = "Titel";
  article.language = language;
  article.source.file = std::move(file);
  article.sections.push_back({"Titel", std::move(text)});
  // Customers' words, not the organisation's: never counted.
  article.examples = {"Kan je mijn pas blokkeren?", "Heb jij mijn pas?"};
  return article;
}

model::KnowledgeBase Knowledge() {
  model::KnowledgeBase knowledge;
  knowledge.articles.push_back(Article("pas.md", model::Language::kDutch,
                                       "Blokkeer uw pas in de app. U kunt ook bellen; uw pas is "
                                       "dan meteen geblokkeerd."));
  knowledge.articles.push_back(
      Article("rente.md", model::Language::kDutch, "Uw rente ziet u in de app onder Sparen."));
  knowledge.articles.push_back(Article("app.md", model::Language::kDutch,
                                       "Je installeert de app en logt in met jouw pas. Heb je geen "
                                       "smartphone? Dan helpen we je in een winkel."));
  knowledge.articles.push_back(
      Article("card.md", model::Language::kEnglish, "You can block your card in the app."));
  return knowledge;
}

TEST(RegisterCheckTest, CountsTheDutchArticlesPronounsPerFile) {
  const RegisterTally tally = TallyRegister(Knowledge());
  EXPECT_EQ(tally.total.formal, 5);
  EXPECT_EQ(tally.total.informal, 4);
  EXPECT_EQ(tally.total.Detected(), Register::kFormal);
  ASSERT_EQ(tally.files.size(), 3u);  // the English file is not counted
  EXPECT_EQ(tally.files[0].file, "pas.md");
  EXPECT_EQ(tally.files[2].file, "app.md");
  EXPECT_EQ(tally.files[2].Detected(), Register::kInformal);
  EXPECT_EQ(RegisterCount{}.Detected(), std::nullopt);
}

TEST(RegisterCheckTest, WarnsNamingTheFilesThatDiffer) {
  const RegisterTally tally = TallyRegister(Knowledge());
  const auto formal = RegisterWarnings(tally, Register::kFormal);
  ASSERT_EQ(formal.size(), 1u);
  EXPECT_EQ(formal[0].rfind("app.md: addresses readers with \"je\"", 0), 0u) << formal[0];
  const auto informal = RegisterWarnings(tally, Register::kInformal);
  ASSERT_EQ(informal.size(), 3u);
  EXPECT_NE(informal[0].find("the knowledge base addresses readers with \"u\""), std::string::npos)
      << informal[0];
  EXPECT_NE(informal[0].find("set register = \"u\" in [organisation]"), std::string::npos);
  EXPECT_EQ(informal[1].rfind("pas.md:", 0), 0u);
  EXPECT_EQ(informal[2].rfind("rente.md:", 0), 0u);
}

// The demo bank addresses its customers with "je", every file of it (demo/balie.toml says so).
TEST(RegisterCheckTest, TheDemoKnowledgeBaseSaysJe) {
  const char* source = std::getenv("BALIE_SOURCE_DIR");
  ASSERT_NE(source, nullptr);
  const LoadReport report =
      LoadKnowledgeBase(std::filesystem::path(source) / "demo" / "voorbeeldbank");
  const RegisterTally tally = TallyRegister(report.knowledge);
  EXPECT_EQ(tally.total.Detected(), Register::kInformal);
  EXPECT_FALSE(RegisterWarnings(tally, Register::kFormal).empty());
  for (const std::string& warning : RegisterWarnings(tally, Register::kInformal)) {
    ADD_FAILURE() << warning;
  }
}

}  // namespace
}  // namespace balie::knowledge
