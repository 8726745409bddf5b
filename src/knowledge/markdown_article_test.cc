#include "knowledge/markdown_article.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace balie::knowledge {
namespace {

using Strings = std::vector<std::string>;

constexpr const char* kFile = "kb/pas-blokkeren.md";

Strings ProblemsOf(std::string_view text) {
  Strings problems;
  for (const Problem& problem : CheckMarkdownArticle(text, kFile).problems) {
    problems.push_back(problem.ToString());
  }
  return problems;
}

// A valid front matter (lines 1-7) followed by `rest`: more fields, then "---" and a body.
std::string WithFields(std::string_view rest) {
  return std::string(
             "---\n"
             "id: pas-blokkeren\n"
             "title: Pas blokkeren\n"
             "url: https://www.voorbeeldbank.nl/pas-blokkeren\n"
             "language: nl\n"
             "topics: [pas, veiligheid]\n"
             "examples:\n"
             "  - Mijn pas is gestolen\n") +
         std::string(rest);
}

constexpr std::string_view kGoodArticle = R"md(---
id: pas-blokkeren
title: Pas kwijt? Blokkeer hem direct
url: https://www.voorbeeldbank.nl/betalen/pas-blokkeren
language: nl
topics: [pas, veiligheid]
examples:
  - ik ben mn pas kwijt wat nu
  - Mijn portemonnee is gestolen, hoe blokkeer ik mijn betaalpas?
handoff: always
reviewed: 2024-02-29
---
# Pas kwijt? Blokkeer hem direct

Is je pas **kwijt** of _gestolen_? Blokkeer hem in de [app](https://www.voorbeeldbank.nl/app)
of bel `020 123 45 67` &amp; wacht niet.

![Logo](logo.png)

## Zo blokkeer je je pas
1. Open de app
2. Kies *Pas*
   - of *Creditcard*
3. Tik op Blokkeren

Je pas is daarna direct geblokkeerd.

### Kosten

| Wat | Prijs |
|-----|-------|
| Nieuwe pas | € 7,50 |

<div class="promo">Download de app</div>

## Leeg

## Nieuwe pas
Een nieuwe pas komt binnen 5 werkdagen.
)md";

TEST(ParseMarkdownArticleTest, ReadsFieldsAndSections) {
  const base::Result<model::Article> article = ParseMarkdownArticle(kGoodArticle, kFile);
  ASSERT_TRUE(article.ok()) << article.status().ToString();
  EXPECT_EQ(article->id, "pas-blokkeren");
  EXPECT_EQ(article->title, "Pas kwijt? Blokkeer hem direct");
  EXPECT_EQ(article->url, "https://www.voorbeeldbank.nl/betalen/pas-blokkeren");
  EXPECT_EQ(article->language, model::Language::kDutch);
  EXPECT_EQ(article->topics, (Strings{"pas", "veiligheid"}));
  EXPECT_EQ(article->examples, (Strings{"ik ben mn pas kwijt wat nu",
                                        "Mijn portemonnee is gestolen, hoe blokkeer ik mijn "
                                        "betaalpas?"}));
  EXPECT_EQ(article->handoff, model::Handoff::kAlways);
  EXPECT_EQ(article->reviewed, "2024-02-29");
  EXPECT_EQ(article->source.file, kFile);
  EXPECT_EQ(article->source.line, 2);  // the line of `id:`

  // The "# " title heading is dropped, the empty "## Leeg" section too.
  ASSERT_EQ(article->sections.size(), 4u);
  EXPECT_EQ(article->sections[0].heading, "Pas kwijt? Blokkeer hem direct");
  // Emphasis, link targets, code-span backticks and images are gone; entities decoded.
  EXPECT_EQ(article->sections[0].text,
            "Is je pas kwijt of gestolen? Blokkeer hem in de app of bel 020 123 45 67 & wacht "
            "niet.");
  EXPECT_EQ(article->sections[1].heading, "Zo blokkeer je je pas");
  // List items are lines; the paragraph after the list is a new paragraph.
  EXPECT_EQ(article->sections[1].text,
            "Open de app\nKies Pas\nof Creditcard\nTik op Blokkeren\n\n"
            "Je pas is daarna direct geblokkeerd.");
  EXPECT_EQ(article->sections[2].heading, "Kosten");
  EXPECT_EQ(article->sections[2].text, "Wat; Prijs\nNieuwe pas; € 7,50");  // raw HTML dropped
  EXPECT_EQ(article->sections[3].heading, "Nieuwe pas");
  EXPECT_EQ(article->sections[3].text, "Een nieuwe pas komt binnen 5 werkdagen.");
}

TEST(ParseMarkdownArticleTest, DefaultsAndSingleTopic) {
  const base::Result<model::Article> article = ParseMarkdownArticle(
      "---\nid: a\ntitle: A\nurl: http://x.nl\nlanguage: EN\ntopics: pas\n---\nText.\n", kFile);
  ASSERT_TRUE(article.ok()) << article.status().ToString();
  EXPECT_EQ(article->language, model::Language::kEnglish);
  EXPECT_EQ(article->topics, Strings{"pas"});
  EXPECT_TRUE(article->examples.empty());
  EXPECT_EQ(article->handoff, model::Handoff::kNever);
  EXPECT_EQ(article->reviewed, "");
  ASSERT_EQ(article->sections.size(), 1u);
  EXPECT_EQ(article->sections[0].heading, "A");
  EXPECT_EQ(article->sections[0].text, "Text.");
}

TEST(ParseMarkdownArticleTest, TextBeforeFirstHeadingUsesTitleAndLaterH1IsASection) {
  const base::Result<model::Article> article = ParseMarkdownArticle(
      "---\nid: a\ntitle: Titel\nurl: http://x.nl\nlanguage: nl\nexamples: []\n---\n"
      "Intro\nover twee regels.\n\nTweede alinea.\n# Tweede H1\nTekst.\n#### Klein\nMeer.\n",
      kFile);
  ASSERT_TRUE(article.ok()) << article.status().ToString();
  ASSERT_EQ(article->sections.size(), 2u);
  EXPECT_EQ(article->sections[0].heading, "Titel");
  EXPECT_EQ(article->sections[0].text, "Intro over twee regels.\n\nTweede alinea.");
  EXPECT_EQ(article->sections[1].heading, "Tweede H1");
  EXPECT_EQ(article->sections[1].text, "Tekst.\n\nKlein\n\nMeer.");  // #### is not a section
}

TEST(ParseMarkdownArticleTest, CodeBlockKeepsLines) {
  const base::Result<model::Article> article = ParseMarkdownArticle(
      "---\nid: a\ntitle: T\nurl: http://x.nl\nlanguage: nl\n---\n```\nstap 1\nstap 2\n```\n",
      kFile);
  ASSERT_TRUE(article.ok()) << article.status().ToString();
  ASSERT_EQ(article->sections.size(), 1u);
  EXPECT_EQ(article->sections[0].text, "stap 1\nstap 2");
}

TEST(ParseMarkdownArticleTest, AcceptsWindowsLineEndsAndByteOrderMark) {
  const base::Result<model::Article> article = ParseMarkdownArticle(
      "\xEF\xBB\xBF---\r\nid: a\r\ntitle: T\r\nurl: http://x.nl\r\nlanguage: nl\r\n---\r\n"
      "Tekst\r\n",
      kFile);
  ASSERT_TRUE(article.ok()) << article.status().ToString();
  EXPECT_EQ(article->id, "a");
  EXPECT_EQ(article->sections[0].text, "Tekst");
}

TEST(ParseMarkdownArticleTest, ResultMessageListsEveryProblem) {
  const base::Result<model::Article> article =
      ParseMarkdownArticle(WithFields("language: de\nhandoff: soms\n---\nTekst\n"), kFile);
  ASSERT_FALSE(article.ok());
  EXPECT_EQ(article.status().code(), base::StatusCode::kInvalidArgument);
  EXPECT_EQ(article.status().message(),
            "kb/pas-blokkeren.md:9: field 'language' appears twice\n"
            "kb/pas-blokkeren.md:10: handoff 'soms' is not valid; use never or always");
}

TEST(MarkdownProblemsTest, MissingFrontMatter) {
  EXPECT_EQ(ProblemsOf("# Pas blokkeren\nTekst\n"),
            Strings{"kb/pas-blokkeren.md:1: missing front matter: an article starts with a '---' "
                    "line, then its fields (id, title, url, language, ...), then a closing '---' "
                    "line"});
  EXPECT_EQ(ProblemsOf("").size(), 1u);
}

TEST(MarkdownProblemsTest, UnterminatedFrontMatter) {
  EXPECT_EQ(ProblemsOf("---\nid: a\ntitle: T\n\nTekst\n"),
            Strings{"kb/pas-blokkeren.md:1: unterminated front matter: no closing '---' line "
                    "after the fields that start on line 1"});
}

TEST(MarkdownProblemsTest, YamlSyntaxErrorAtItsFileLine) {
  // Line 4 is indented under a scalar: yaml-cpp reports it, and the line counts the "---".
  const Strings problems =
      ProblemsOf("---\nid: a\ntitle: T\n  url: https://x.nl\nlanguage: nl\n---\nTekst\n");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].rfind("kb/pas-blokkeren.md:4: YAML syntax error in front matter: ", 0), 0u)
      << problems[0];
}

TEST(MarkdownProblemsTest, FrontMatterMustBeAMapping) {
  EXPECT_EQ(ProblemsOf("---\n- a\n- b\n---\nTekst\n"),
            Strings{"kb/pas-blokkeren.md:2: front matter must be 'field: value' lines, not a "
                    "list"});
}

TEST(MarkdownProblemsTest, MissingRequiredFields) {
  EXPECT_EQ(ProblemsOf("---\ntopics: [pas]\n---\nTekst\n"),
            (Strings{"kb/pas-blokkeren.md:1: missing required field 'id'",
                     "kb/pas-blokkeren.md:1: missing required field 'title'",
                     "kb/pas-blokkeren.md:1: missing required field 'url'",
                     "kb/pas-blokkeren.md:1: missing required field 'language'"}));
  EXPECT_EQ(ProblemsOf("---\n---\nTekst\n").size(), 4u);
}

TEST(MarkdownProblemsTest, EmptyRequiredField) {
  EXPECT_EQ(ProblemsOf("---\nid: a\ntitle:\nurl: https://x.nl\nlanguage: nl\n---\nTekst\n"),
            Strings{"kb/pas-blokkeren.md:3: field 'title' is empty"});
}

TEST(MarkdownProblemsTest, UnsupportedLanguage) {
  EXPECT_EQ(ProblemsOf("---\nid: a\ntitle: T\nurl: https://x.nl\nlanguage: de\n---\nTekst\n"),
            Strings{"kb/pas-blokkeren.md:5: language 'de' is not supported; use nl or en"});
}

TEST(MarkdownProblemsTest, BadHandoff) {
  EXPECT_EQ(ProblemsOf(WithFields("handoff: sometimes\n---\nTekst\n")),
            Strings{"kb/pas-blokkeren.md:9: handoff 'sometimes' is not valid; use never or "
                    "always"});
}

TEST(MarkdownProblemsTest, BadDates) {
  EXPECT_EQ(ProblemsOf(WithFields("reviewed: 2023-02-29\n---\nTekst\n")),
            Strings{"kb/pas-blokkeren.md:9: reviewed '2023-02-29' is not a valid date; write it "
                    "as YYYY-MM-DD"});
  EXPECT_EQ(ProblemsOf(WithFields("reviewed: 1 mei 2024\n---\nTekst\n")),
            Strings{"kb/pas-blokkeren.md:9: reviewed '1 mei 2024' is not a valid date; write it "
                    "as YYYY-MM-DD"});
}

TEST(MarkdownProblemsTest, BadUrl) {
  EXPECT_EQ(ProblemsOf("---\nid: a\ntitle: T\nurl: www.x.nl\nlanguage: nl\n---\nTekst\n"),
            Strings{"kb/pas-blokkeren.md:4: url 'www.x.nl' must start with http:// or https:// "
                    "and be a full address without spaces"});
}

TEST(MarkdownProblemsTest, IdNotKebabCase) {
  EXPECT_EQ(ProblemsOf("---\nid: Pas_Blokkeren\ntitle: T\nurl: https://x.nl\nlanguage: nl\n---\n"
                       "Tekst\n"),
            Strings{"kb/pas-blokkeren.md:2: id 'Pas_Blokkeren' is not kebab-case; use lower-case "
                    "letters, digits and single hyphens, e.g. 'pincode-vergeten'"});
}

TEST(MarkdownProblemsTest, WrongFieldTypes) {
  // Line 8 (the examples entry) is replaced: examples as a single text.
  EXPECT_EQ(ProblemsOf("---\nid: a\ntitle: T\nurl: https://x.nl\nlanguage: nl\n"
                       "examples: Mijn pas is weg\n---\nTekst\n"),
            Strings{"kb/pas-blokkeren.md:6: field 'examples' must be a list ('- ' lines or [a, "
                    "b]), not a text"});
  EXPECT_EQ(ProblemsOf("---\nid: a\ntitle: [T]\nurl: https://x.nl\nlanguage: nl\n---\nTekst\n"),
            Strings{"kb/pas-blokkeren.md:3: field 'title' must be a single text value, not a "
                    "list"});
  EXPECT_EQ(ProblemsOf(WithFields("  - [a, b]\n  - {x: y}\n---\nTekst\n")),
            (Strings{"kb/pas-blokkeren.md:9: examples entry 2 must be a text, not a list",
                     "kb/pas-blokkeren.md:10: examples entry 3 must be a text, not a mapping"}));
}

TEST(MarkdownProblemsTest, EmptyExampleEntries) {
  EXPECT_EQ(ProblemsOf(WithFields("  - \"\"\n  -\n  - Nog een vraag\n  -\n---\nTekst\n")),
            (Strings{"kb/pas-blokkeren.md:9: examples entry 2 is empty",
                     "kb/pas-blokkeren.md:10: examples entry 3 is empty",
                     "kb/pas-blokkeren.md:12: examples entry 5 is empty"}));
}

TEST(MarkdownProblemsTest, UnknownFieldIsNamedWithSuggestion) {
  EXPECT_EQ(ProblemsOf(WithFields("exmaples:\n  - Nog een vraag\n---\nTekst\n")),
            Strings{"kb/pas-blokkeren.md:9: unknown field 'exmaples' (did you mean "
                    "'examples'?); known fields are id, title, url, language, topics, examples, "
                    "handoff, reviewed"});
  EXPECT_EQ(ProblemsOf(WithFields("owner: team-betalen\n---\nTekst\n")),
            Strings{"kb/pas-blokkeren.md:9: unknown field 'owner'; known fields are id, title, "
                    "url, language, topics, examples, handoff, reviewed"});
}

TEST(MarkdownProblemsTest, DuplicateField) {
  EXPECT_EQ(ProblemsOf(WithFields("id: ander-id\n---\nTekst\n")),
            Strings{"kb/pas-blokkeren.md:9: field 'id' appears twice"});
}

TEST(MarkdownProblemsTest, InvalidUtf8) {
  EXPECT_EQ(ProblemsOf(WithFields("---\nTekst met \xE9\xE9n fout\n")),
            Strings{"kb/pas-blokkeren.md:10: invalid UTF-8; save the file as UTF-8"});
}

TEST(MarkdownProblemsTest, NoBodyText) {
  EXPECT_EQ(ProblemsOf(WithFields("---\n# Pas blokkeren\n\n## Leeg\n<!-- comment -->\n")),
            Strings{"kb/pas-blokkeren.md:9: article has no body text; write the answer below the "
                    "closing '---'"});
}

TEST(MarkdownProblemsTest, ReportsEveryProblemInOneFile) {
  const Strings problems = ProblemsOf(
      "---\nid: Fout Id\nurl: ftp://x\nlanguage: fr\nhandoff: maybe\nreviewed: gisteren\n"
      "exampels: []\n---\n");
  EXPECT_EQ(problems.size(), 8u);  // id, url, language, handoff, reviewed, unknown, title, body
  for (const std::string& problem : problems) {
    EXPECT_EQ(problem.rfind("kb/pas-blokkeren.md:", 0), 0u) << problem;
  }
}

TEST(MarkdownProblemsTest, NeverThrowsOnOddInput) {
  for (const char* text :
       {"---", "---\n---", "---\n:\n---\n", "---\n? [a]\n: b\n---\nx", "---\n&a [*a]\n---\nx",
        "---\n!!binary x\n---\nx", "---\nid: [[[[\n---\n", "---\n\t\n---\n", "\0---\0"}) {
    const Checked<model::Article> checked = CheckMarkdownArticle(text, kFile);
    EXPECT_FALSE(checked.ok()) << text;
    EXPECT_FALSE(checked.problems.empty()) << text;
  }
}

}  // namespace
}  // namespace balie::knowledge
