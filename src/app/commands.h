#ifndef BALIE_APP_COMMANDS_H_
#define BALIE_APP_COMMANDS_H_

// The commands behind `balie kb`, `balie ask` and `balie eval`. Each writes results to `out`,
// problems to `err`, and returns the exit code (0 ok, 1 problems in the input).

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>

#include "answer/engine.h"
#include "evaluation/intent_data.h"
#include "model/voice.h"

namespace balie::app {

// Lists every problem of the knowledge base in `dir` (exit 1 with any) and warns where its Dutch
// articles address readers otherwise than `dutch_register` ("u" or "je") says; unset, where a
// file addresses them otherwise than most of the knowledge base.
int KbCheck(const std::string& dir, std::optional<model::Register> dutch_register,
            std::ostream& out, std::ostream& err);
// The warnings of knowledge::RegisterWarnings, each line prefixed with "warning: ": against
// `dutch_register` or, unset, against the register most of the knowledge base uses.
void WarnAboutTheRegister(const model::KnowledgeBase& knowledge,
                          std::optional<model::Register> dutch_register, std::ostream& err);
int KbStats(const std::string& dir, bool json, std::ostream& out, std::ostream& err);

struct AskOptions {
  std::string kb_dir;
  bool json = false;
  bool explain = false;                 // also print how the best candidates scored
  std::optional<std::string> question;  // none: read one question per line from `in`
  answer::EngineConfig engine;
};
int Ask(const AskOptions& options, std::istream& in, std::ostream& out, std::ostream& err);

struct EvalOptions {
  std::string train_file;
  std::string test_file;     // empty: split train_file
  double test_fraction = 0;  // share of train_file held out when test_file is empty
  std::uint64_t seed = evaluation::kDefaultSplitSeed;
  answer::EngineConfig engine;
  size_t show_errors = 0;
};
int EvalIntents(const EvalOptions& options, std::ostream& out, std::ostream& err);

// `balie eval questions` (eval_questions_command.cc): the engine over a labelled question set
// (evaluation/question_set.h), figures per split, language and category. Exit codes: 0 figures
// printed, 1 a problem in the questions or the knowledge base, 2 a wrong option.
struct EvalQuestionsOptions {
  std::string kb_dir;
  std::string questions_path;  // a .tsv file or a directory of them
  std::string split = "dev";   // dev, test or all
  bool json = false;
  bool show_failures = false;  // list the dev split's failures
  // Where to write a calibration.txt fitted on the dev split (the knowledge base's own is
  // ignored while fitting); empty: none.
  std::string fit_calibration;
  answer::EngineConfig engine;
};
int EvalQuestions(const EvalQuestionsOptions& options, std::ostream& out, std::ostream& err);

// `balie user add|list|disable|reset-password` (user_command.cc): staff accounts in the data
// directory's database (or --storage's); passwords are read from `in` (one line).
struct UserOptions {
  std::string action;  // add, list, disable, reset-password
  std::string data_dir;
  std::string storage_url;  // postgresql://…: that database instead of data_dir's (open_store.h)
  std::string name;
  std::string role = "agent";
  std::string display_name;
  std::string queues;     // comma-separated queue ids; empty: every queue
  std::string languages;  // comma-separated; empty: nl,en
  std::optional<int> capacity;
};
int User(const UserOptions& options, std::istream& in, std::ostream& out, std::ostream& err);

// `balie audit verify|export --data DIR|--storage URL` (audit_command.cc). Exit codes: 0 intact /
// written, 1 the chain is broken (naming the first broken entry) / the export failed, 2 no database
// or it cannot be read.
struct AuditOptions {
  std::string data_dir;
  std::string storage_url;   // postgresql://…: that database instead of data_dir's (open_store.h)
  std::string customer_ref;  // export: whose
  std::string out_file;      // export: empty for standard output
};
int AuditVerify(const AuditOptions& options, std::ostream& out, std::ostream& err);
int AuditExport(const AuditOptions& options, std::ostream& out, std::ostream& err);

// `balie retention apply --data DIR|--storage URL --days N` (audit_command.cc): erases conversation
// texts older than N days (service/retention.h). Exit codes: 0 done, 1 it failed, 2 wrong usage.
struct RetentionOptions {
  std::string data_dir;
  std::string storage_url;  // postgresql://…: that database instead of data_dir's (open_store.h)
  int days = 0;
  // How often a long run says on standard error how far it is.
  std::chrono::milliseconds progress_every{5000};
};
int RetentionApply(const RetentionOptions& options, std::ostream& out, std::ostream& err);

struct ServeFlags;
// `balie serve`: runs the server until SIGINT or SIGTERM (serve_command.cc). Exit codes: 0 after
// a graceful stop, 1 when it cannot start, 2 for a wrong configuration.
int Serve(const ServeFlags& flags, std::ostream& out, std::ostream& err);

// Loads the knowledge base in `dir` and builds the engine; on problems, reports them to `err`
// and returns nullptr. Balie's own Dutch sentences address customers as `dutch_register` says
// or, unset, as the knowledge base's Dutch articles do (formal where they show neither), so that
// they read like the answers around them.
std::unique_ptr<answer::Engine> LoadEngine(
    const std::string& dir, answer::EngineConfig config, std::ostream& err,
    std::optional<model::Register> dutch_register = std::nullopt);
// The register of the knowledge base's Dutch articles (their pronouns); formal where they show
// neither.
model::Register RegisterOf(const model::KnowledgeBase& knowledge);

}  // namespace balie::app

#endif  // BALIE_APP_COMMANDS_H_
