#ifndef BALIE_API_ADMIN_ROUTES_H_
#define BALIE_API_ADMIN_ROUTES_H_

// The administration of users and queues (docs/staff-api.md): list, add and change staff
// accounts; list queues and change their settings (hours, callbacks). Every route needs the admin
// role, which HttpApi's Guard checks (with the session and the CSRF token) before a handler runs.
// Handlers run on the worker pool. Thread-safe.

#include "api/router.h"
#include "net/server.h"
#include "service/audit_trail.h"
#include "service/queue_admin.h"
#include "service/queue_board.h"
#include "service/staff_accounts.h"
#include "service/staff_hub.h"

namespace balie::api {

class AdminRoutes {
 public:
  // All outlive the AdminRoutes. `staff_hub` tells the consoles when a queue's settings change.
  // Every change is an audit entry in `audit` (user_created, user_changed, queue_changed).
  AdminRoutes(service::StaffAccounts& accounts, service::QueueBoard& queues,
              service::QueueAdmin& queue_admin, service::StaffHub& staff_hub,
              service::AuditTrail& audit);

  AdminRoutes(const AdminRoutes&) = delete;
  AdminRoutes& operator=(const AdminRoutes&) = delete;

  // Adds the admin routes to `router`; they refer to this object.
  void AddTo(Router& router);

 private:
  // Writes the audit entry of a change by the caller; a failure is logged.
  void Record(const Request& request, model::AuditAction action, nlohmann::json details);
  net::HttpResponse ListUsers(const Request& request);
  net::HttpResponse AddUser(const Request& request);
  net::HttpResponse ChangeUser(const Request& request);
  net::HttpResponse ListQueues(const Request& request);
  net::HttpResponse ChangeQueue(const Request& request);

  service::StaffAccounts& accounts_;
  service::QueueBoard& queues_;
  service::QueueAdmin& queue_admin_;
  service::StaffHub& staff_hub_;
  service::AuditTrail& audit_;
};

}  // namespace balie::api

#endif  // BALIE_API_ADMIN_ROUTES_H_
