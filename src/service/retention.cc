#include "service/retention.h"

#include <map>
#include <set>
#include <vector>

#include "auth/digest.h"
#include "model/event_json.h"

namespace balie::service {

Retention::Retention(storage::AuditStore& store, AuditTrail& audit, const base::Clock& clock,
                     size_t batch)
    : store_(store), audit_(audit), clock_(clock), batch_(batch) {}

base::Result<RetentionResult> Retention::Apply(int keep_days, const std::string& actor,
                                               const Progress& progress) {
  if (keep_days <= 0) {
    return base::InvalidArgument("the retention of conversation texts must be at least one day");
  }
  const base::TimePoint before = clock_.Now() - std::chrono::days(keep_days);
  RetentionResult result;
  if (base::Status status = EraseTexts(before, keep_days, actor, progress, result); !status.ok()) {
    return status;
  }
  if (base::Status status = EraseContests(before, keep_days, actor, progress, result);
      !status.ok()) {
    return status;
  }
  return result;
}

base::Status Retention::EraseTexts(base::TimePoint before, int keep_days, const std::string& actor,
                                   const Progress& progress, RetentionResult& result) {
  // Another run (another process, or `balie retention apply`) may erase the same events between
  // this run's read and its write: the store then writes nothing, and this run reads again.
  constexpr int kMostConflicts = 100;
  for (int conflicts = 0;;) {
    auto texts = store_.TextsBefore(before, batch_);
    if (!texts.ok()) {
      return texts.status();
    }
    if (texts->empty()) {
      return base::Status::Ok();
    }
    std::vector<storage::AuditStore::ErasedText> erased;
    RetentionResult batch;
    // Per conversation, in order of first appearance: its reference and its erased events.
    std::vector<std::string> order;
    std::map<std::string, AuditRecord> records;
    for (const auto& text : *texts) {
      const model::Event& event = text.event;
      auto [record, added] = records.try_emplace(text.conversation_id);
      if (added) {
        order.push_back(text.conversation_id);
        record->second = {.actor = actor,
                          .action = model::AuditAction::kErasure,
                          .conversation_id = text.conversation_id,
                          .customer_ref = text.customer_ref,
                          .details = {{"reason", "retention"},
                                      {"keep_days", keep_days},
                                      {"events", nlohmann::json::array()}}};
      }
      storage::AuditStore::ErasedText erasing{text.conversation_id, event.seq,
                                              auth::Sha256Hex(event.text), std::nullopt};
      nlohmann::json erased_event = {{"seq", event.seq}};
      if (!event.text.empty()) {
        erased_event["sha256"] = erasing.sha256;
        ++batch.texts;
      }
      if (model::EventData data = event.data; model::ErasePersonalFields(data)) {
        // The hash of the fields as they were stored (model/event_json.h), as for the text.
        erased_event["fields_sha256"] = auth::Sha256Hex(model::EventDataText(event.data));
        erasing.data = std::move(data);
        ++batch.fields;
      }
      record->second.details["events"].push_back(std::move(erased_event));
      erased.push_back(std::move(erasing));
    }
    std::vector<model::AuditEntry> entries;
    for (const std::string& id : order) {
      auto entry = audit_.Unchained(records[id]);
      if (!entry.ok()) {
        return entry.status();
      }
      entries.push_back(std::move(entry).value());
    }
    base::Status status = store_.EraseTexts(erased, entries, &AuditTrail::Seal);
    if (status.code() == base::StatusCode::kFailedPrecondition && ++conflicts < kMostConflicts) {
      continue;
    }
    if (!status.ok()) {
      return status;
    }
    result.texts += batch.texts;
    result.fields += batch.fields;
    result.conversations += entries.size();
    if (progress) progress(result);
    if (texts->size() < batch_) {
      return base::Status::Ok();
    }
  }
}

base::Status Retention::EraseContests(base::TimePoint before, int keep_days,
                                      const std::string& actor, const Progress& progress,
                                      RetentionResult& result) {
  std::set<std::int64_t> changed;  // reviewed meanwhile, or nothing due: left for the next run
  for (;;) {
    auto flags = store_.ContestsReviewedBefore(before, batch_);
    if (!flags.ok()) {
      return flags.status();
    }
    size_t erased = 0;
    for (model::CustomerFlag& flag : *flags) {
      if (changed.contains(flag.id)) {
        continue;
      }
      nlohmann::json contests = nlohmann::json::array();
      for (size_t i = 0; i < flag.contests.size(); ++i) {
        model::FlagContest& contest = flag.contests[i];
        if (contest.words.empty() || !contest.reviewed_at || *contest.reviewed_at > before) {
          continue;
        }
        contest.words_erased_sha256 = auth::Sha256Hex(contest.words);
        contest.words.clear();
        contests.push_back({{"index", i}, {"sha256", contest.words_erased_sha256}});
      }
      if (contests.empty()) {  // none due after all (the query compares milliseconds): next run
        changed.insert(flag.id);
        continue;
      }
      auto entry = audit_.Unchained({.actor = actor,
                                     .action = model::AuditAction::kErasure,
                                     .conversation_id = flag.conversation_id,
                                     .customer_ref = flag.customer_ref,
                                     .details = {{"reason", "retention"},
                                                 {"keep_days", keep_days},
                                                 {"flag", flag.id},
                                                 {"contests", contests}}});
      if (!entry.ok()) {
        return entry.status();
      }
      base::Status status = store_.EraseContestWords(flag, *entry, &AuditTrail::Seal);
      if (status.code() == base::StatusCode::kFailedPrecondition) {
        changed.insert(flag.id);
        continue;
      }
      if (!status.ok()) {
        return status;
      }
      result.contests += contests.size();
      ++erased;
    }
    if (progress && erased > 0) progress(result);
    if (flags->size() < batch_ || erased == 0) {
      return base::Status::Ok();
    }
  }
}

}  // namespace balie::service
