#!/bin/sh
# Builds the lab without CMake: tools/classifier_lab/build.sh -> build-lab/lab
set -e
cd "$(dirname "$0")/../.."
mkdir -p build-lab
g++ -std=c++20 -O2 -Wall -Wextra -Isrc -o build-lab/lab tools/classifier_lab/lab.cc \
  src/answer/classifier.cc src/evaluation/intent_data.cc src/evaluation/intent_evaluation.cc \
  src/base/status.cc src/base/text.cc -llinear -lxapian -lutf8proc
