#include "base/barrier.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace balie::base {
namespace {

TEST(BarrierTest, WorkThatReturnsIsOk) {
  int ran = 0;
  EXPECT_TRUE(Contain("test", {}, [&] { ++ran; }).ok());
  EXPECT_EQ(ran, 1);
}

TEST(BarrierTest, AnExceptionBecomesAnInternalErrorWithAReference) {
  const Status status =
      Contain("test handler", {{"route", "GET /x"}}, [] { throw std::runtime_error("boom"); });
  EXPECT_EQ(status.code(), StatusCode::kInternal);
  EXPECT_NE(status.message().find("reference e-"), std::string::npos) << status.message();
  // What went wrong inside is for the log, not for whoever made the request.
  EXPECT_EQ(status.message().find("boom"), std::string::npos);
}

TEST(BarrierTest, ExceptionsOfAnyTypeAreContained) {
  EXPECT_EQ(Contain("test", {}, [] { throw 42; }).code(), StatusCode::kInternal);
}

// A storage error's text may name tables, files or the database: a client is told a reference,
// the log the cause. What a client may know, and an already referenced failure, pass unchanged.
TEST(BarrierTest, AnInternalFailureReachesAClientAsAReferenceOnly) {
  const Status told = ForClient(Internal("storage: relation \"events\" does not exist"));
  EXPECT_EQ(told.code(), StatusCode::kInternal);
  EXPECT_NE(told.message().find("reference e-"), std::string::npos) << told.message();
  EXPECT_EQ(told.message().find("events"), std::string::npos) << told.message();
  EXPECT_EQ(ForClient(told).message(), told.message());
  EXPECT_EQ(ForClient(NotFound("no conversation c-1")).message(), "no conversation c-1");
}

}  // namespace
}  // namespace balie::base
