#include "base/temp_dir.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

namespace balie::base {
namespace {

// A prefix of this test's own, so that the sweep touches nothing else.
std::string Prefix() { return "balie-test-sweep-" + std::to_string(getpid()) + "-"; }

TEST(TempDirTest, IsRemovedWithTheObject) {
  std::filesystem::path path;
  {
    auto dir = TempDir::Create(Prefix());
    ASSERT_TRUE(dir.ok()) << dir.status().ToString();
    path = dir->path();
    std::ofstream(path / "file") << "x";
    TempDir moved = std::move(dir).value();
    EXPECT_TRUE(std::filesystem::exists(path / "file"));
  }
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(TempDirTest, TheDirectoriesOfEndedProcessesAreSweptThoseInUseAreNot) {
  const std::string prefix = Prefix();
  auto in_use = TempDir::Create(prefix);
  ASSERT_TRUE(in_use.ok()) << in_use.status().ToString();

  // A process killed before it could remove its directory (_exit runs no destructors).
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto dir = TempDir::Create(prefix);
    const std::string path = dir.ok() ? dir->path().string() : "";
    (void)!write(pipe_fds[1], path.data(), path.size());
    _exit(0);
  }
  close(pipe_fds[1]);
  char buffer[4096];
  const ssize_t n = read(pipe_fds[0], buffer, sizeof buffer);
  close(pipe_fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_GT(n, 0);
  const std::filesystem::path killed(std::string(buffer, static_cast<size_t>(n)));
  ASSERT_TRUE(std::filesystem::exists(killed / ".owner"));

  // One made by an older version (no ".owner"): it may still be in use.
  const std::filesystem::path older = std::filesystem::temp_directory_path() / (prefix + "older1");
  std::filesystem::create_directory(older);

  EXPECT_EQ(TempDir::RemoveAbandoned(prefix), 1u);
  EXPECT_FALSE(std::filesystem::exists(killed));
  EXPECT_TRUE(std::filesystem::exists(in_use->path()));
  EXPECT_TRUE(std::filesystem::exists(older));
  EXPECT_EQ(TempDir::RemoveAbandoned(prefix), 0u);
  std::filesystem::remove_all(older);
}

}  // namespace
}  // namespace balie::base
