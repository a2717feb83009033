#!/bin/sh
# fuzz.sh - run every libFuzzer harness (fuzz/fuzz_*.c) for DURATION seconds
# under AddressSanitizer + UndefinedBehaviorSanitizer.
#
#   DURATION=10 sh scripts/fuzz.sh            # the short run of `bootstrap.sh test`
#   DURATION=300 RUNS=10000000 sh scripts/fuzz.sh scenario trail
#                                               # a long run: stops at RUNS or DURATION
#
# Seeds come from fuzz/corpus/HARNESS (read only; what the run finds goes to
# a temporary directory).  A crash leaves its input in fuzz/crashes/ and the
# script fails: minimise it, add it to fuzz/regressions/HARNESS (run by the
# fuzz_regressions test in every build) and fix the bug.
# Needs clang and its libFuzzer runtime (Debian: clang, libclang-rt-14-dev);
# installs them with apt-get when missing.  AFL++: see fuzz/README.md.
set -eu
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10}
RUNS=${RUNS:--1}
harnesses=${*:-scenario trail versions options logs}

runtime=$(ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a 2>/dev/null | head -1 || true)
if ! command -v clang >/dev/null || [ -z "$runtime" ]; then
	echo "fuzz: installing clang and its libFuzzer runtime"
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq clang libclang-rt-14-dev >/dev/null
fi

flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g -O1"
CC=clang cmake -S . -B build-fuzz -DPIRQSIM_FUZZ=libfuzzer -DCMAKE_BUILD_TYPE=None -DCMAKE_C_FLAGS="$flags" >/dev/null
cmake --build build-fuzz -j "$(nproc 2>/dev/null || echo 2)" >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p fuzz/crashes
status=0
for harness in $harnesses; do
	mkdir -p "$work/$harness"
	log="$work/$harness.log"
	echo "fuzz: $harness for at most ${DURATION}s"
	if ! ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 LSAN_OPTIONS=suppressions=fuzz/lsan.supp \
		UBSAN_OPTIONS=print_stacktrace=1 \
		"./build-fuzz/fuzz_$harness" -max_total_time="$DURATION" -runs="$RUNS" -timeout=10 -rss_limit_mb=2048 \
		-max_len=65536 -print_final_stats=1 -artifact_prefix="fuzz/crashes/$harness-" \
		"$work/$harness" "fuzz/corpus/$harness" >"$log" 2>&1; then
		status=1
		echo "fuzz: $harness FAILED; the input is in fuzz/crashes/:"
		grep -E 'ERROR|SUMMARY|fuzz:|runtime error|Test unit written' "$log" | head -20 | sed 's/^/    /'
	fi
	grep -E '^stat::number_of_executed_units|^stat::average_exec_per_sec|^stat::peak_rss_mb' "$log" |
		sed "s/^/    $harness /"
	grep -E 'cov: [0-9]+' "$log" | tail -1 | sed -E "s/.*(cov: [0-9]+ ft: [0-9]+ corp: [0-9]+\/[^ ]+).*/    $harness \1/"
done
exit $status
