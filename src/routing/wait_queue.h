#ifndef BALIE_ROUTING_WAIT_QUEUE_H_
#define BALIE_ROUTING_WAIT_QUEUE_H_

// WaitQueue: the line of customers waiting for a person in one queue, in the order they will be
// served, with each one's position (1 = next).
//
// The order: booked callbacks whose slot has begun come first (they were promised a time), then
// higher priority, then earlier arrival; items equal on all three keep the order in which they
// were added. A callback joins the queue when its slot begins (the service layer adds it then);
// callbacks not yet due do not belong here.
//
// Not thread-safe: the service layer serialises access. Owns copies of its items. Add and Remove
// take O(log n); Position takes O(n) (use Items for the positions of everyone at once).

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"

namespace balie::routing {

using base::TimePoint;

// A conversation (or a due callback) waiting for a person.
struct WaitingItem {
  std::string id;         // the conversation's id; unique within a queue
  int priority = 0;       // higher goes first
  TimePoint arrived;      // when it joined the line; for a callback, the start of its slot
  bool callback = false;  // a booked callback whose slot has begun: goes before all others

  friend bool operator==(const WaitingItem&, const WaitingItem&) = default;
};

// The order of the line: true when `a` is served before `b` (callback, then priority, then
// arrival). A strict weak ordering; items equal on all three are not ordered by it.
bool ComesBefore(const WaitingItem& a, const WaitingItem& b);

class WaitQueue {
 public:
  // Adds an item. Invalid argument for an empty id; already exists when the id is in the line.
  base::Status Add(WaitingItem item);

  // Removes the item (assigned to an agent, abandoned, or moved to a callback); false when it is
  // not in the line.
  bool Remove(std::string_view id);

  // 1 for the next to be served; nullopt when the id is not in the line.
  std::optional<int> Position(std::string_view id) const;

  // The item with this id, or nullptr. Valid until the item is removed.
  const WaitingItem* Find(std::string_view id) const;

  // The next to be served, or nullptr when the line is empty.
  const WaitingItem* Front() const;

  // Every item in the order of the line: the item at index i has position i + 1.
  std::vector<WaitingItem> Items() const;

  std::size_t size() const { return line_.size(); }
  bool empty() const { return line_.empty(); }

 private:
  struct Entry {
    WaitingItem item;
    std::uint64_t sequence = 0;  // the order of adding, to keep equal items stable
  };
  struct EntryOrder {
    bool operator()(const Entry& a, const Entry& b) const;
  };
  using Line = std::set<Entry, EntryOrder>;

  Line line_;
  std::map<std::string, Line::const_iterator, std::less<>> by_id_;
  std::uint64_t next_sequence_ = 0;
};

}  // namespace balie::routing

#endif  // BALIE_ROUTING_WAIT_QUEUE_H_
