#!/usr/bin/env bash
# Builds and runs the libFuzzer targets with clang (ASan + UBSan). Usage: fuzz/run.sh [SECONDS per target]
# The corpus grows in build/fuzz/corpus (the seeds in fuzz/corpus/ stay as they are); a crash
# leaves its input in build/fuzz/ and fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
out=build/fuzz
mkdir -p "$out/corpus/refs"
flags="-std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -Isrc"
# The extractor and the text helpers it uses, compiled into the target (no database, no server).
clang++ $flags fuzz/refs_fuzz.cpp src/document/refs.cpp src/core/vn_text.cpp src/core/text.cpp src/core/time.cpp \
  src/core/result.cpp -o "$out/refs_fuzz" $(pkg-config --libs icu-i18n icu-uc) -lboost_json
cp -n fuzz/corpus/refs/* "$out/corpus/refs/" 2>/dev/null || true
"$out/refs_fuzz" -max_total_time="$seconds" -max_len=4096 -timeout=5 -artifact_prefix="$out/" "$out/corpus/refs"
