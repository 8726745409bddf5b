#include "knowledge/html_page.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace balie::knowledge {
namespace {

using Strings = std::vector<std::string>;

Strings ProblemsOf(std::string_view html, const std::string& file) {
  Strings problems;
  for (const Problem& problem : CheckHtmlPage(html, file).problems) {
    problems.push_back(problem.ToString());
  }
  return problems;
}

constexpr std::string_view kSavedPage = R"html(<!DOCTYPE html>
<html lang="nl-NL">
<head>
<meta charset="utf-8">
<title>
  Pas blokkeren | Voorbeeldbank
</title>
<meta name="keywords" content="pas, veiligheid, ,  fraude ">
<link rel="stylesheet" href="/site.css">
<link rel="canonical" href="https://www.voorbeeldbank.nl/betalen/pas-blokkeren">
<style>p { color: red; }</style>
<script>var menu = "<p>niet dit</p>";</script>
</head>
<body>
<header><a href="/">Voorbeeldbank</a><h1>Kop van de site</h1></header>
<nav><ul><li><a href="/betalen">Betalen</a></li><li>Sparen</li></ul></nav>
<div role="navigation">Kruimelpad</div>
<main>
  <h1>Pas blokkeren</h1>
  <p>Pas kwijt?   Blokkeer hem <strong>direct</strong>&nbsp;in de <a href="/app">app</a>.<br>
     Of bel ons.</p>
  <div aria-hidden="true">Verborgen tekst</div>
  <aside>Reclame voor sparen</aside>
  <h2>Zo <em>blokkeer</em> je</h2>
  <ol><li>Open de app</li><li>Kies Pas<ul><li>of Creditcard</li></ul></li></ol>
  <p>Klaar.</p>
  <form><label>Zoek</label><input name="q"></form>
  <h3>Kosten</h3>
  <table><tr><th>Wat</th><th>Prijs</th></tr><tr><td>Nieuwe pas</td><td>&euro; 7,50</td></tr></table>
  <noscript>Zet JavaScript aan</noscript>
  <template><p>sjabloon</p></template>
  <h2>Leeg</h2>
</main>
<footer><p>Cookies en privacy</p></footer>
<script>console.log("weg");</script>
</body>
</html>
)html";

TEST(ParseHtmlPageTest, ReadsFieldsAndMainText) {
  const base::Result<model::Article> article =
      ParseHtmlPage(kSavedPage, "kb/site/pas-blokkeren.html");
  ASSERT_TRUE(article.ok()) << article.status().ToString();
  EXPECT_EQ(article->id, "pas-blokkeren");     // from the file stem
  EXPECT_EQ(article->title, "Pas blokkeren");  // the <h1>, without the site's name
  EXPECT_EQ(article->url, "https://www.voorbeeldbank.nl/betalen/pas-blokkeren");
  EXPECT_EQ(article->language, model::Language::kDutch);  // from lang="nl-NL"
  EXPECT_EQ(article->topics, (Strings{"pas", "veiligheid", "fraude"}));
  EXPECT_TRUE(article->examples.empty());
  EXPECT_EQ(article->handoff, model::Handoff::kNever);
  EXPECT_EQ(article->source.file, "kb/site/pas-blokkeren.html");

  // The <h1> at the top of <main> is the title heading; header, nav, aside, form, script,
  // noscript, template, aria-hidden and footer content is gone; the empty "Leeg" is dropped.
  ASSERT_EQ(article->sections.size(), 3u);
  EXPECT_EQ(article->sections[0].heading, "Pas blokkeren");
  EXPECT_EQ(article->sections[0].text, "Pas kwijt? Blokkeer hem direct in de app.\nOf bel ons.");
  EXPECT_EQ(article->sections[1].heading, "Zo blokkeer je");
  EXPECT_EQ(article->sections[1].text, "Open de app\nKies Pas\nof Creditcard\n\nKlaar.");
  EXPECT_EQ(article->sections[2].heading, "Kosten");
  EXPECT_EQ(article->sections[2].text, "Wat; Prijs\nNieuwe pas; € 7,50");
  const std::string body = article->BodyText();
  for (const char* gone : {"Kop van de site", "Betalen", "Kruimelpad", "Verborgen", "Reclame",
                           "Zoek", "JavaScript", "sjabloon", "Cookies", "niet dit", "weg"}) {
    EXPECT_EQ(body.find(gone), std::string::npos) << gone;
  }
}

TEST(ParseHtmlPageTest, MetaIdHandoffAndEnglish) {
  const base::Result<model::Article> article = ParseHtmlPage(
      "<html lang=\"en-GB\"><head><title>Lost card</title>\n"
      "<meta name=\"balie:id\" content=\"Lost-Card-EN\">\n"
      "<meta name=\"balie:handoff\" content=\"always\">\n"
      "<link rel=\"canonical\" href=\"https://bank.example/lost-card\"></head>\n"
      "<body><p>Block your card.</p></body></html>",
      "whatever.htm");
  ASSERT_TRUE(article.ok()) << article.status().ToString();
  EXPECT_EQ(article->id, "lost-card-en");  // lower-cased
  EXPECT_EQ(article->source.line, 2);      // the line of the balie:id meta
  EXPECT_EQ(article->language, model::Language::kEnglish);
  EXPECT_EQ(article->handoff, model::Handoff::kAlways);
  ASSERT_EQ(article->sections.size(), 1u);
  EXPECT_EQ(article->sections[0].heading, "Lost card");
  EXPECT_EQ(article->sections[0].text, "Block your card.");
}

TEST(ParseHtmlPageTest, TitleIsTheHeadingWithoutTheSiteName) {
  auto title_of = [](const std::string& head, const std::string& body) {
    const base::Result<model::Article> article =
        ParseHtmlPage("<html lang=\"nl\"><head>" + head +
                          "<link rel=\"canonical\" href=\"https://x.nl/a\"></head><body>" + body +
                          "</body></html>",
                      "a.html");
    return article.ok() ? article->title : article.status().ToString();
  };
  EXPECT_EQ(title_of("<title>Voorbeeldbank - Sparen voor later</title>",
                     "<main><h1>sparen voor LATER</h1><p>Tekst</p></main>"),
            "sparen voor LATER");
  // A <title> worded otherwise than the heading is the author's choice and stays.
  EXPECT_EQ(title_of("<title>Rente op sparen</title>", "<main><h1>Sparen</h1><p>Tekst</p></main>"),
            "Rente op sparen");
  EXPECT_EQ(
      title_of("<title>Sparen voor kinderen -</title>", "<main><h1>Sparen</h1><p>T</p></main>"),
      "Sparen voor kinderen -");
  // An <h1> in the site's header is no page heading.
  EXPECT_EQ(title_of("<title>Sparen | Voorbeeldbank</title>",
                     "<header><h1>Voorbeeldbank</h1></header><main><p>Tekst</p></main>"),
            "Sparen | Voorbeeldbank");
}

TEST(ParseHtmlPageTest, FallsBackToArticleThenBodyAndTitleToH1) {
  const base::Result<model::Article> from_article = ParseHtmlPage(
      "<html lang=\"nl\"><head><link rel=\"canonical\" href=\"https://x.nl/a\"></head><body>"
      "<p>Buiten</p><article><h1>Kop</h1><p>Binnen</p><h2>Meer</h2><p>Twee</p></article>"
      "</body></html>",
      "a.html");
  ASSERT_TRUE(from_article.ok()) << from_article.status().ToString();
  EXPECT_EQ(from_article->title, "Kop");
  ASSERT_EQ(from_article->sections.size(), 2u);
  EXPECT_EQ(from_article->sections[0].heading, "Kop");
  EXPECT_EQ(from_article->sections[0].text, "Binnen");
  EXPECT_EQ(from_article->sections[1].heading, "Meer");

  const base::Result<model::Article> from_body = ParseHtmlPage(
      "<html lang=\"nl\"><head><title>T</title><link rel=\"canonical\" href=\"https://x.nl/b\">"
      "</head><body><div>Een<div>Twee</div></div>Drie<pre>r1\nr2</pre></body></html>",
      "b.html");
  ASSERT_TRUE(from_body.ok()) << from_body.status().ToString();
  ASSERT_EQ(from_body->sections.size(), 1u);
  EXPECT_EQ(from_body->sections[0].text, "Een\n\nTwee\n\nDrie\n\nr1\nr2");
}

TEST(HtmlProblemsTest, MissingCanonicalAndLanguage) {
  EXPECT_EQ(ProblemsOf("<!DOCTYPE html>\n<html>\n<head><title>T</title></head>\n"
                       "<body><p>Tekst</p></body></html>",
                       "site/pagina.html"),
            (Strings{"site/pagina.html: page has no <link rel=\"canonical\" href=\"...\">; the "
                     "public address is needed to link customers to the page",
                     "site/pagina.html:2: the <html> element has no lang attribute; add "
                     "lang=\"nl\" or lang=\"en\""}));
}

TEST(HtmlProblemsTest, BadValuesAtTheirLines) {
  EXPECT_EQ(ProblemsOf("<!DOCTYPE html>\n"
                       "<html lang=\"de-DE\">\n"
                       "<head><title>T</title>\n"
                       "<link rel=\"canonical\" href=\"/relatief\">\n"
                       "<meta name=\"balie:handoff\" content=\"soms\">\n"
                       "<meta name=\"balie:id\" content=\"met spatie\">\n"
                       "</head>\n"
                       "<body>\n"
                       "<nav>Alleen menu</nav>\n"
                       "</body></html>\n",
                       "site/pagina.html"),
            // NOLINTNEXTLINE(bugprone-suspicious-missing-comma): long messages are split.
            (Strings{"site/pagina.html:6: balie:id 'met spatie' is not kebab-case; use "
                     "lower-case letters, digits and single hyphens",
                     "site/pagina.html:4: canonical url '/relatief' must be a full address "
                     "starting with http:// or https://",
                     "site/pagina.html:2: language 'de-DE' is not supported; use nl or en",
                     "site/pagina.html:5: balie:handoff 'soms' is not valid; use never or always",
                     "site/pagina.html:8: page has no main text (looked in <main>, else "
                     "<article>, else <body>)"}));
}

TEST(HtmlProblemsTest, FileStemMustBeKebabCase) {
  EXPECT_EQ(ProblemsOf("<html lang=\"nl\"><head><title>T</title><link rel=\"canonical\" "
                       "href=\"https://x.nl\"></head><body>Tekst</body></html>",
                       "site/Pas_Blokkeren.html"),
            Strings{"site/Pas_Blokkeren.html: id 'pas_blokkeren' (from the file name) is not "
                    "kebab-case; rename the file or add <meta name=\"balie:id\" "
                    "content=\"an-id\">"});
}

TEST(HtmlProblemsTest, NoTitleAndInvalidUtf8) {
  EXPECT_EQ(ProblemsOf("<html lang=\"nl\"><head><link rel=\"canonical\" href=\"https://x.nl\">"
                       "</head><body>Tekst</body></html>",
                       "a.html"),
            Strings{"a.html: page has no <title> and no <h1>; add a <title>"});
  EXPECT_EQ(ProblemsOf("<html>\n<body>\n\xff</body></html>", "a.html"),
            Strings{"a.html:3: invalid UTF-8; save the page as UTF-8"});
}

TEST(HtmlProblemsTest, RejectsAbsurdNesting) {
  // Gumbo needs minutes for 100,000 nested elements; such a page is refused up front.
  std::string deep = "<html lang=\"nl\"><title>T</title><link rel=canonical href=https://x.nl>";
  for (int i = 0; i < 100000; ++i) deep += "<div>";
  EXPECT_EQ(ProblemsOf(deep, "diep.html"),
            Strings{"diep.html: page nests elements more than 512 levels deep; is it really a "
                    "saved web page?"});

  // Balanced markup, tags that close themselves, comments and script text do not add depth.
  std::string wide = "<html lang=\"nl\"><title>T</title><link rel=canonical href=https://x.nl>";
  for (int i = 0; i < 2000; ++i) {
    wide += "<div><p>Tekst<br><li>punt<!-- <div> --><script>if (a<b && c<d) {}</script></div>";
  }
  const Checked<model::Article> checked = CheckHtmlPage(wide, "breed.html");
  EXPECT_TRUE(checked.ok()) << checked.problems.front().ToString();
}

TEST(HtmlProblemsTest, NeverThrowsOnOddInput) {
  std::string deep;
  for (int i = 0; i < 5000; ++i) deep += "<div>";
  deep += "tekst";
  for (const std::string& html :
       {std::string(), std::string("<"), std::string("<html lang=nl><body><h1></h1>"),
        std::string("<svg><title>x</title></svg>"), std::string("\0\0", 2), deep}) {
    const Checked<model::Article> checked = CheckHtmlPage(html, "odd.html");
    EXPECT_FALSE(checked.ok());
    EXPECT_FALSE(checked.problems.empty());
  }
}

}  // namespace
}  // namespace balie::knowledge
