#include "app/cli.h"

#include <CLI/CLI.hpp>

#include <iostream>

#include "app/commands.h"
#include "app/serve_config.h"

namespace balie::app {
namespace {

// Options that tune the engine's decisions; shared by `ask`, `eval intents` and `eval questions`.
void AddEngineOptions(CLI::App& command, answer::EngineConfig& config) {
  command
      .add_option("--answer-probability", config.answer_probability,
                  "with the knowledge base's calibration.txt: the estimated probability of being "
                  "right needed to answer (0..1)")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  command
      .add_option("--candidate-probability", config.candidate_probability,
                  "with calibration.txt: an article less likely right than this is never offered "
                  "(0..1)")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  command
      .add_option("--answer-score", config.answer_score,
                  "without calibration.txt: the combined score (not a probability) needed to "
                  "answer (0..1)")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  command
      .add_option("--candidate-score", config.candidate_score,
                  "without calibration.txt: an article scoring below this is never offered (0..1)")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  command.add_flag_callback(
      "--no-decline", [&config] { config.decline_off_topic = false; },
      "hand off-topic messages over like unanswerable questions instead of declining them");
  command
      .add_option("--clarify-margin", config.clarify_margin,
                  "a runner-up this close to the best match makes Balie ask 'did you mean'")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  command
      .add_option("--out-of-scope-threshold", config.classifier.out_of_scope_threshold,
                  "the classifier calls a question out of scope below this in-scope score")
      ->capture_default_str();
  command
      .add_option("--out-of-scope-overruled-from", config.out_of_scope_overruled_from,
                  "a best article scoring at least this overrules 'out of scope' (0..1)")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  command
      .add_option("--classifier-weight", config.classifier_weight,
                  "weight of the example-question classifier against text retrieval (0..1)")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
}

// Where a command beside `balie serve` finds its database: --data DIR (SQLite) or --storage URL
// (PostgreSQL), one of the two.
void AddStoreOptions(CLI::App& command, std::string& data_dir, std::string& storage_url) {
  CLI::Option* data = command.add_option("--data", data_dir, "the data directory of `balie serve`");
  CLI::Option* storage = command.add_option(
      "--storage", storage_url, "the PostgreSQL database of `balie serve` (postgresql://…)");
  data->excludes(storage);
}

}  // namespace

int RunCli(int argc, char** argv) {
  CLI::App app{
      "Balie: answers customers from the organisation's own knowledge, and hands over "
      "to a person when needed."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "balie 0.1.0");

  std::string dir;
  bool json = false;
  CLI::App* kb = app.add_subcommand("kb", "check or summarise a knowledge base");
  kb->require_subcommand(1);
  CLI::App* kb_check = kb->add_subcommand("check", "validate every file; list all problems");
  kb_check->add_option("dir", dir, "knowledge base directory")->required();
  std::string dutch_register;
  kb_check
      ->add_option("--register", dutch_register,
                   "how Balie addresses customers in Dutch ([organisation] register): warn "
                   "where the articles differ (default: warn where a file differs from most)")
      ->check(CLI::IsMember({"u", "je"}));
  CLI::App* kb_stats = kb->add_subcommand("stats", "summarise a knowledge base");
  kb_stats->add_option("dir", dir, "knowledge base directory")->required();
  kb_stats->add_flag("--json", json, "print JSON");

  AskOptions ask;
  CLI::App* ask_command = app.add_subcommand(
      "ask", "answer a question (or one question per line from standard input, as JSON lines)");
  ask_command->add_option("--kb", ask.kb_dir, "knowledge base directory")->required();
  ask_command->add_flag("--json", ask.json, "print the decision as one JSON object");
  ask_command->add_flag("--explain", ask.explain,
                        "also show how the best candidate articles scored");
  std::string question;
  CLI::Option* question_option =
      ask_command->add_option("question", question, "the question; omit to read standard input");
  AddEngineOptions(*ask_command, ask.engine);

  ServeFlags serve;
  CLI::App* serve_command = app.add_subcommand(
      "serve", "serve the chat API, the widget and the demo page until Ctrl-C or SIGTERM");
  serve_command->add_option("--kb", serve.kb_dir, "knowledge base directory");
  serve_command->add_option("--data", serve.data_dir,
                            "where conversations are stored (created if missing)");
  serve_command->add_option("--storage", serve.storage_url,
                            "keep everything in this PostgreSQL database (postgresql://USER@HOST/"
                            "DATABASE) instead of SQLite in --data");
  serve_command->add_option("--listen", serve.listen, "HOST:PORT (default 127.0.0.1:8080)");
  serve_command->add_option("--config", serve.config_file,
                            "a TOML configuration file (see balie.example.toml)");
  serve_command->add_option("--web", serve.web_root,
                            "directory of the built front end (default: web/ beside the binary)");
  serve_command->add_option("--pretend-time", serve.pretend_time,
                            "serve as if it were this time now, e.g. 2026-11-29T02:00:00Z "
                            "(for demos and tests of office hours)");

  UserOptions user;
  CLI::App* user_command =
      app.add_subcommand("user", "staff accounts (password on standard input)");
  user_command->require_subcommand(1);
  auto data_option = [&user](CLI::App* command) {
    AddStoreOptions(*command, user.data_dir, user.storage_url);
  };
  CLI::App* user_add = user_command->add_subcommand("add", "add a member of staff");
  data_option(user_add);
  user_add->add_option("--name", user.name, "log-in name, e.g. jan.devries")->required();
  user_add->add_option("--role", user.role, "agent, supervisor or admin")->capture_default_str();
  user_add->add_option("--display-name", user.display_name, "what others see: \"Jan de Vries\"");
  user_add->add_option("--queues", user.queues,
                       "queue ids, comma-separated (default: every queue)");
  user_add->add_option("--languages", user.languages, "nl, en or nl,en (default both)");
  user_add->add_option("--capacity", user.capacity, "conversations at once (default 3)");
  CLI::App* user_list = user_command->add_subcommand("list", "list the staff accounts");
  data_option(user_list);
  CLI::App* user_disable = user_command->add_subcommand("disable", "disable an account");
  data_option(user_disable);
  user_disable->add_option("--name", user.name, "log-in name")->required();
  CLI::App* user_reset = user_command->add_subcommand("reset-password", "set a new password");
  data_option(user_reset);
  user_reset->add_option("--name", user.name, "log-in name")->required();

  EvalOptions eval;
  AuditOptions audit;
  CLI::App* audit_command = app.add_subcommand(
      "audit", "the audit trail: verify it, or export what is kept about a customer");
  audit_command->require_subcommand(1);
  CLI::App* audit_verify = audit_command->add_subcommand(
      "verify", "check the whole hash chain; exit 1 naming the first broken entry");
  AddStoreOptions(*audit_verify, audit.data_dir, audit.storage_url);
  CLI::App* audit_export = audit_command->add_subcommand(
      "export", "everything about one customer reference, as JSON (itself an audit entry)");
  AddStoreOptions(*audit_export, audit.data_dir, audit.storage_url);
  audit_export->add_option("--customer", audit.customer_ref, "the customer reference")->required();
  audit_export->add_option("--out", audit.out_file,
                           "write to this file (default: standard output)");
  RetentionOptions retention;
  CLI::App* retention_command =
      app.add_subcommand("retention", "the retention of conversation texts");
  retention_command->require_subcommand(1);
  CLI::App* retention_apply = retention_command->add_subcommand(
      "apply", "erase conversation texts older than --days (each erasure an audit entry)");
  AddStoreOptions(*retention_apply, retention.data_dir, retention.storage_url);
  retention_apply->add_option("--days", retention.days, "keep texts this many days")
      ->required()
      ->check(CLI::Range(1, 36500));

  CLI::App* eval_command = app.add_subcommand("eval", "measure answer quality");
  eval_command->require_subcommand(1);
  CLI::App* intents = eval_command->add_subcommand(
      "intents", "intent data (CLINC150 JSON, Banking77 CSV): each intent becomes an article");
  intents->add_option("--train", eval.train_file, "training file (.json or .csv)")->required();
  CLI::Option* test_option =
      intents->add_option("--test", eval.test_file, "test file (.json or .csv)");
  intents
      ->add_option("--split", eval.test_fraction,
                   "instead of --test: hold out this share of --train, stratified per intent")
      ->check(CLI::Range(0.01, 0.99))
      ->excludes(test_option);
  intents->add_option("--seed", eval.seed, "seed of the --split shuffle")->capture_default_str();
  intents->add_option("--show-errors", eval.show_errors, "list this many wrong answers");
  AddEngineOptions(*intents, eval.engine);
  EvalQuestionsOptions questions;
  CLI::App* questions_command = eval_command->add_subcommand(
      "questions",
      "a labelled question set (tests/realistic_questions): right decisions per split, language "
      "and category");
  questions_command->add_option("--kb", questions.kb_dir, "knowledge base directory")->required();
  questions_command
      ->add_option("--questions", questions.questions_path,
                   "a question file (.tsv) or a directory of them")
      ->required();
  questions_command
      ->add_option("--split", questions.split,
                   "dev, test or all; the test split is for reporting figures only")
      ->check(CLI::IsMember({"dev", "test", "all"}))
      ->capture_default_str();
  questions_command->add_flag("--json", questions.json, "print JSON");
  questions_command->add_flag("--show-failures", questions.show_failures,
                              "list the questions the engine got wrong (dev split only)");
  questions_command->add_option(
      "--fit-calibration", questions.fit_calibration,
      "write FILE (the knowledge base's calibration.txt): how its confidence is corrected to "
      "these questions, fitted on their dev split");
  AddEngineOptions(*questions_command, questions.engine);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    // --help and --version exit 0; every usage error exits 2.
    return app.exit(error) == 0 ? 0 : 2;
  }

  if (kb_check->parsed()) {
    return KbCheck(dir, model::ParseRegister(dutch_register), std::cout, std::cerr);
  }
  if (kb_stats->parsed()) return KbStats(dir, json, std::cout, std::cerr);
  if (ask_command->parsed()) {
    if (question_option->count() > 0) ask.question = question;
    return Ask(ask, std::cin, std::cout, std::cerr);
  }
  if (serve_command->parsed()) return Serve(serve, std::cout, std::cerr);
  for (CLI::App* action : {user_add, user_list, user_disable, user_reset}) {
    if (action->parsed()) {
      user.action = action->get_name();
      return User(user, std::cin, std::cout, std::cerr);
    }
  }
  if (audit_verify->parsed()) return AuditVerify(audit, std::cout, std::cerr);
  if (audit_export->parsed()) return AuditExport(audit, std::cout, std::cerr);
  if (retention_apply->parsed()) return RetentionApply(retention, std::cout, std::cerr);
  if (intents->parsed()) {
    if (eval.test_file.empty() && eval.test_fraction <= 0) {
      std::cerr << "eval intents: give --test FILE or --split FRACTION\n";
      return 2;
    }
    return EvalIntents(eval, std::cout, std::cerr);
  }
  if (questions_command->parsed()) return EvalQuestions(questions, std::cout, std::cerr);
  return 2;
}

}  // namespace balie::app
