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

}  // namespace
}  // namespace balie::base
