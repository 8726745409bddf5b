#ifndef BALIE_KNOWLEDGE_LIST_FILES_H_
#define BALIE_KNOWLEDGE_LIST_FILES_H_

// The line-based files at the top of a knowledge base:
//
//   synonyms.txt       one group per line, members separated by '=':
//                        pinpas = betaalpas = bankpas   # '#' starts a comment anywhere
//                      members are trimmed and folded (lower case, no accents); a group needs at
//                      least two non-empty members; blank lines are ignored
//   out-of-scope.txt   one customer question per line that no article answers; lines starting
//                      with '#' are comments, blank lines are ignored ('#' inside a question is
//                      kept: "Wat is C#?")
//   domain-terms.txt   the terms of the organisation's field (answer::DomainTerms): one term per
//                      line, a word or a phrase of at most four words ("reisverzekering", "swift
//                      code"), folded like synonyms; '#' starts a comment anywhere; blank lines
//                      and repeated terms are ignored
//   calibration.txt    how the engine's confidence is corrected to the organisation's customers
//                      (model::ConfidenceCalibration), written by
//                      `balie eval questions --fit-calibration`: the lines "offset <number>" and
//                      "scale <number>" (a positive number), each once; '#' starts a comment
//
// Pure functions: no I/O, thread-safe, never throw.

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "knowledge/problem.h"
#include "model/article.h"

namespace balie::knowledge {

// Every problem, with 1-based line numbers. Members within a group are de-duplicated.
Checked<std::vector<model::SynonymGroup>> CheckSynonyms(std::string_view text,
                                                        const std::string& file);

// CheckSynonyms as a Result: InvalidArgument lists every problem, one per line.
base::Result<std::vector<model::SynonymGroup>> ParseSynonyms(std::string_view text,
                                                             const std::string& file);

// The questions of an out-of-scope.txt, trimmed, in file order. The only possible problem is
// invalid UTF-8.
Checked<std::vector<std::string>> CheckOutOfScope(std::string_view text, const std::string& file);

// The terms of a domain-terms.txt, folded, each once, in file order. Problems: invalid UTF-8, a
// term of more than four words.
Checked<std::vector<std::string>> CheckDomainTerms(std::string_view text, const std::string& file);

// The offset and scale of a calibration.txt; every wrong, missing or repeated line is a problem.
Checked<model::ConfidenceCalibration> CheckCalibration(std::string_view text,
                                                       const std::string& file);

}  // namespace balie::knowledge

#endif  // BALIE_KNOWLEDGE_LIST_FILES_H_
