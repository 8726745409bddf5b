#include "knowledge/register_check.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "base/text.h"

namespace balie::knowledge {
namespace {

constexpr std::array<std::string_view, 2> kFormal{"u", "uw"};
constexpr std::array<std::string_view, 4> kInformal{"je", "jij", "jou", "jouw"};
// A knowledge base written in the other register names its first few files, not all of them.
constexpr size_t kMaxFilesNamed = 10;

void Count(std::string_view text, RegisterCount& count) {
  for (const std::string& word : base::Words(text)) {
    if (std::find(kFormal.begin(), kFormal.end(), word) != kFormal.end()) ++count.formal;
    if (std::find(kInformal.begin(), kInformal.end(), word) != kInformal.end()) ++count.informal;
  }
}

std::string Counted(const RegisterCount& count) {
  return std::to_string(count.formal) + " times u/uw, " + std::to_string(count.informal) +
         " times je/jij/jou/jouw";
}

}  // namespace

std::optional<model::Register> RegisterCount::Detected() const {
  if (formal == informal) return std::nullopt;
  return formal > informal ? model::Register::kFormal : model::Register::kInformal;
}

RegisterTally TallyRegister(const model::KnowledgeBase& knowledge) {
  RegisterTally tally;
  for (const model::Article& article : knowledge.articles) {
    if (article.language != model::Language::kDutch) continue;
    auto file = std::find_if(tally.files.begin(), tally.files.end(),
                             [&](const RegisterCount& c) { return c.file == article.source.file; });
    if (file == tally.files.end()) {
      tally.files.push_back({article.source.file, 0, 0});
      file = tally.files.end() - 1;
    }
    RegisterCount count;
    Count(article.title, count);
    for (const model::Section& section : article.sections) {
      Count(section.heading, count);
      Count(section.text, count);
    }
    file->formal += count.formal;
    file->informal += count.informal;
    tally.total.formal += count.formal;
    tally.total.informal += count.informal;
  }
  return tally;
}

std::vector<std::string> RegisterWarnings(const RegisterTally& tally, model::Register configured) {
  std::vector<std::string> warnings;
  const std::string setting =
      "[organisation] register = \"" + std::string(model::RegisterCode(configured)) + "\"";
  const auto whole = tally.total.Detected();
  if (whole && *whole != configured) {
    warnings.push_back("the knowledge base addresses readers with \"" +
                       std::string(model::RegisterCode(*whole)) + "\" (" + Counted(tally.total) +
                       "), but Balie's own sentences use " + setting + ": set register = \"" +
                       std::string(model::RegisterCode(*whole)) +
                       "\" in [organisation], or rewrite the articles");
  }
  size_t differing = 0;
  for (const RegisterCount& file : tally.files) {
    const auto form = file.Detected();
    if (!form || *form == configured) continue;
    if (++differing <= kMaxFilesNamed) {
      warnings.push_back(file.file + ": addresses readers with \"" +
                         std::string(model::RegisterCode(*form)) + "\" (" + Counted(file) +
                         "), not as " + setting);
    }
  }
  if (differing > kMaxFilesNamed) {
    warnings.push_back("… and " + std::to_string(differing - kMaxFilesNamed) +
                       " more file(s) not as " + setting);
  }
  return warnings;
}

}  // namespace balie::knowledge
