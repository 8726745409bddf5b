#include "api/admin_routes.h"

#include "api/http_util.h"
#include "api/staff_json.h"
#include "api/staff_requests.h"
#include "base/log.h"

namespace balie::api {

using model::Role;
using nlohmann::json;

AdminRoutes::AdminRoutes(service::StaffAccounts& accounts, service::QueueBoard& queues,
                         service::QueueAdmin& queue_admin, service::StaffHub& staff_hub,
                         service::AuditTrail& audit)
    : accounts_(accounts),
      queues_(queues),
      queue_admin_(queue_admin),
      staff_hub_(staff_hub),
      audit_(audit) {}

void AdminRoutes::Record(const Request& request, model::AuditAction action, json details) {
  // The change is made: a failure to record it is logged rather than answered.
  auto recorded = audit_.Record({.actor = request.staff->member.id,
                                 .action = action,
                                 .conversation_id = "",
                                 .customer_ref = "",
                                 .details = std::move(details)});
  if (!recorded.ok()) {
    base::Log(base::LogLevel::kError, "an audit entry was not written",
              {{"action", std::string(model::AuditActionName(action))},
               {"actor", request.staff->member.id},
               {"error", recorded.status().message()}});
  }
}

void AdminRoutes::AddTo(Router& router) {
  RouteAdder<AdminRoutes> routes(router, *this);
  routes.Staff("GET", "/api/v1/staff/users", Role::kAdmin, &AdminRoutes::ListUsers, "users");
  routes.Staff("POST", "/api/v1/staff/users", Role::kAdmin, &AdminRoutes::AddUser, "add a user");
  routes.Staff("POST", "/api/v1/staff/users/{id}", Role::kAdmin, &AdminRoutes::ChangeUser,
               "change a user");
  routes.Staff("GET", "/api/v1/staff/queues", Role::kAdmin, &AdminRoutes::ListQueues, "queues");
  routes.Staff("POST", "/api/v1/staff/queues/{id}", Role::kAdmin, &AdminRoutes::ChangeQueue,
               "change a queue");
}

net::HttpResponse AdminRoutes::ListUsers(const Request&) {
  auto users = accounts_.List();
  if (!users.ok()) return ErrorResponse(users.status());
  json list = json::array();
  for (const auto& user : *users) {
    list.push_back(StaffJson(user));
  }
  return JsonResponse(200, {{"users", std::move(list)}});
}

net::HttpResponse AdminRoutes::AddUser(const Request& request) {
  auto change = Decoded(request, DecodeStaffChange);
  if (!change.ok()) return ErrorResponse(change.status());
  auto user = accounts_.Add(*change);
  if (!user.ok()) return ErrorResponse(user.status());
  Record(request, model::AuditAction::kUserCreated, service::UserChangeDetails(*user, *change));
  return JsonResponse(201, {{"user", StaffJson(*user)}});
}

net::HttpResponse AdminRoutes::ChangeUser(const Request& request) {
  auto change = Decoded(request, DecodeStaffChange);
  if (!change.ok()) return ErrorResponse(change.status());
  if (request.Param("id") == request.staff->member.id &&
      ((change->role && *change->role != Role::kAdmin) ||
       (change->disabled && *change->disabled))) {
    return ErrorResponse(base::FailedPrecondition(
        "you cannot take away your own admin role or disable yourself; ask another admin"));
  }
  auto user = accounts_.Change(request.Param("id"), *change);
  if (!user.ok()) return ErrorResponse(user.status());
  Record(request, model::AuditAction::kUserChanged, service::UserChangeDetails(*user, *change));
  return JsonResponse(200, {{"user", StaffJson(*user)}});
}

net::HttpResponse AdminRoutes::ListQueues(const Request&) {
  json list = json::array();
  for (const auto& queue : queues_.queues()) {
    list.push_back(QueueJson(*queue));
  }
  return JsonResponse(200, {{"queues", std::move(list)}});
}

net::HttpResponse AdminRoutes::ChangeQueue(const Request& request) {
  auto change = Decoded(request, DecodeQueueChange);
  if (!change.ok()) return ErrorResponse(change.status());
  model::QueueSettings settings = std::move(change->settings);
  settings.queue_id = std::string(request.Param("id"));
  auto queue = queue_admin_.Change(std::move(settings));
  if (!queue.ok()) return ErrorResponse(queue.status());
  Record(request, model::AuditAction::kQueueChanged, {{"queue", request.Param("id")}});
  // Who is told "open" or "closed" may have changed: the consoles now, the customers within
  // server.status_refresh_seconds.
  staff_hub_.PublishChanged();
  return JsonResponse(200, {{"queue", QueueJson(**queue)}});
}

}  // namespace balie::api
