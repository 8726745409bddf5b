#include "app/cli.h"

int main(int argc, char** argv) { return balie::app::RunCli(argc, argv); }
