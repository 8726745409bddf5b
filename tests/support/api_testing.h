#ifndef BALIE_TESTS_SUPPORT_API_TESTING_H_
#define BALIE_TESTS_SUPPORT_API_TESTING_H_

// Test-only: an HttpApi with the real services behind it, on a fresh database in a temporary
// directory, one queue ("algemeen") and the demo knowledge base's engine, its clock at
// kTuesdayMorning. For the api tests that need the route table or whole requests.

#include <memory>
#include <utility>
#include <vector>

#include "api/http_api.h"
#include "base/temp_dir.h"
#include "storage/sqlite_store.h"
#include "support/service_testing.h"

namespace balie::api::testing {

class ApiHarness {
 public:
  explicit ApiHarness(ApiOptions options = ApiOptions()) {
    store_ = storage::SqliteStore::Open(dir_.path() / "balie.db").value();
    std::vector<service::QueueConfig> queues;
    queues.push_back(service::testing::Queue("algemeen", {"algemeen"}, 1));
    board_ = std::make_unique<service::QueueBoard>(std::move(queues), "algemeen");
    queue_admin_ = std::make_unique<service::QueueAdmin>(*store_, *board_);
    core_ = std::make_unique<service::ConversationCore>(*store_, service::testing::DemoEngine(),
                                                        clock_, *board_, roster_, hub_, staff_hub_);
    conversations_ = std::make_unique<service::ConversationService>(*core_);
    desk_ = std::make_unique<service::AgentDesk>(*core_, *store_);
    accounts_ = std::make_unique<service::StaffAccounts>(*store_, clock_, &roster_, board_.get());
    audit_ = std::make_unique<service::AuditTrail>(*store_, clock_);
    api_ =
        std::make_unique<HttpApi>(ApiServices{*conversations_, hub_, *desk_, *accounts_, staff_hub_,
                                              roster_, *board_, *queue_admin_, clock_, *audit_},
                                  workers_, hashing_, StaticFiles(), std::move(options));
  }

  HttpApi& api() { return *api_; }

 private:
  base::TempDir dir_ = std::move(base::TempDir::Create("balie-api-test-").value());
  base::ManualClock clock_{service::testing::kTuesdayMorning};
  std::unique_ptr<storage::SqliteStore> store_;
  std::unique_ptr<service::QueueBoard> board_;
  std::unique_ptr<service::QueueAdmin> queue_admin_;
  service::AgentRoster roster_{clock_};
  service::ConversationHub hub_;
  service::StaffHub staff_hub_;
  std::unique_ptr<service::ConversationCore> core_;
  std::unique_ptr<service::ConversationService> conversations_;
  std::unique_ptr<service::AgentDesk> desk_;
  std::unique_ptr<service::StaffAccounts> accounts_;
  std::unique_ptr<service::AuditTrail> audit_;
  base::WorkerPool workers_{2};
  base::WorkerPool hashing_{1, 8};
  std::unique_ptr<HttpApi> api_;
};

}  // namespace balie::api::testing

#endif  // BALIE_TESTS_SUPPORT_API_TESTING_H_
