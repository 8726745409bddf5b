#include "routing/wait_queue.h"

#include <iterator>
#include <tuple>
#include <utility>

namespace balie::routing {

bool ComesBefore(const WaitingItem& a, const WaitingItem& b) {
  // Callbacks first (true sorts before false), then higher priority, then earlier arrival.
  return std::make_tuple(!a.callback, -std::int64_t{a.priority}, a.arrived) <
         std::make_tuple(!b.callback, -std::int64_t{b.priority}, b.arrived);
}

bool WaitQueue::EntryOrder::operator()(const Entry& a, const Entry& b) const {
  if (ComesBefore(a.item, b.item)) return true;
  if (ComesBefore(b.item, a.item)) return false;
  return a.sequence < b.sequence;
}

base::Status WaitQueue::Add(WaitingItem item) {
  if (item.id.empty()) {
    return base::InvalidArgument("a waiting item needs an id (the conversation's id)");
  }
  if (by_id_.count(item.id) > 0) {
    return base::AlreadyExists("\"" + item.id + "\" is already waiting in this queue");
  }
  std::string id = item.id;
  const auto [it, inserted] = line_.insert(Entry{std::move(item), next_sequence_++});
  by_id_.emplace(std::move(id), it);
  return base::Status::Ok();
}

bool WaitQueue::Remove(std::string_view id) {
  const auto found = by_id_.find(id);
  if (found == by_id_.end()) return false;
  line_.erase(found->second);
  by_id_.erase(found);
  return true;
}

std::optional<int> WaitQueue::Position(std::string_view id) const {
  const auto found = by_id_.find(id);
  if (found == by_id_.end()) return std::nullopt;
  return static_cast<int>(std::distance(line_.begin(), found->second)) + 1;
}

const WaitingItem* WaitQueue::Find(std::string_view id) const {
  const auto found = by_id_.find(id);
  return found == by_id_.end() ? nullptr : &found->second->item;
}

const WaitingItem* WaitQueue::Front() const {
  return line_.empty() ? nullptr : &line_.begin()->item;
}

std::vector<WaitingItem> WaitQueue::Items() const {
  std::vector<WaitingItem> items;
  items.reserve(line_.size());
  for (const Entry& entry : line_) items.push_back(entry.item);
  return items;
}

}  // namespace balie::routing
