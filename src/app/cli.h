#ifndef BALIE_APP_CLI_H_
#define BALIE_APP_CLI_H_

// The `balie` command line: the composition root that wires the knowledge loader, the answer
// engine and the evaluation together. Each command returns a process exit code: 0 success,
// 1 the input had problems (reported on stderr), 2 wrong usage.

namespace balie::app {

int RunCli(int argc, char** argv);

}  // namespace balie::app

#endif  // BALIE_APP_CLI_H_
