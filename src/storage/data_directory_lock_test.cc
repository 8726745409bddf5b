#include "storage/data_directory_lock.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "base/temp_dir.h"

namespace balie::storage {
namespace {

TEST(DataDirectoryLockTest, OneHolderAtATimeAndTheSecondIsToldWhoAndWhatToDo) {
  auto dir = base::TempDir::Create("balie-lock-test-").value();
  auto first = DataDirectoryLock::Acquire(dir.path());
  ASSERT_TRUE(first.ok()) << first.status().ToString();

  // flock conflicts between two opens of the file, in one process as between two.
  auto second = DataDirectoryLock::Acquire(dir.path());
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), base::StatusCode::kFailedPrecondition);
  const std::string& message = second.status().message();
  EXPECT_NE(message.find(dir.path().string()), std::string::npos) << message;
  EXPECT_NE(message.find("in use by another Balie server (process " + std::to_string(getpid())),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("stop the other one first"), std::string::npos) << message;

  EXPECT_EQ(DataDirectoryLock::Holder(dir.path()), getpid());

  first->reset();
  EXPECT_EQ(DataDirectoryLock::Holder(dir.path()), std::nullopt);
  auto again = DataDirectoryLock::Acquire(dir.path());
  EXPECT_TRUE(again.ok()) << again.status().ToString();
}

TEST(DataDirectoryLockTest, AnUnwritableDirectoryIsReportedWithTheFile) {
  auto missing = DataDirectoryLock::Acquire("/nonexistent/balie-data");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), base::StatusCode::kUnavailable);
  EXPECT_NE(missing.status().message().find("/nonexistent/balie-data/balie.lock"),
            std::string::npos);
}

}  // namespace
}  // namespace balie::storage
