#!/bin/sh
# bootstrap.sh demo|test|build - set up a fresh Debian 12 machine and run.
#   demo   install what is missing, build, run `pirqsim demo`
#   test   install what is missing, build, run every test in the normal build
#          and again in an AddressSanitizer + UndefinedBehaviorSanitizer build,
#          and the store test in a ThreadSanitizer build
#   build  install and build only
set -eu
cd "$(dirname "$0")/.."
what=${1:-demo}

packages="build-essential cmake pkg-config libfyaml-dev libxxhash-dev libxen-dev"
# The report page is tested in a real headless browser (tests/report_browser.sh).
[ "$what" = test ] && packages="$packages chromium python3"
# Fuzzing (scripts/fuzz.sh): clang and its libFuzzer runtime.
[ "$what" = test ] && packages="$packages clang libclang-rt-14-dev"
# Real code in the loop (issue 15, scripts/real-src.sh): the kernel trees of
# Debian's linux-source packages, xz and patch to unpack them, apt's lz4 lists.
[ "$what" = test ] && packages="$packages linux-source-6.1 linux-source-6.12 xz-utils patch"
# The distributed search (pirqsim-mpi, tests/mpi.sh): Open MPI.
[ "$what" = test ] && packages="$packages libopenmpi-dev openmpi-bin"
missing=""
for p in $packages; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "bootstrap: installing$missing"
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
fi

jobs=$(nproc 2>/dev/null || echo 2)
build() { # DIR [cmake options]
	dir=$1
	shift
	cmake -S . -B "$dir" "$@" >/dev/null
	cmake --build "$dir" -j "$jobs" >/dev/null
}

case "$what" in
build)
	build build
	;;
demo)
	build build
	./build/pirqsim demo
	;;
test)
	# Every fuzz harness for a short bounded time under ASan + UBSan
	# (about 40 s of fuzzing plus the build: too long for a CTest test),
	# first, so that the test runners' summaries close the output.
	DURATION=${DURATION:-10} sh scripts/fuzz.sh
	build build
	ctest --test-dir build --output-on-failure
	# A skipped real_sources test says why (scripts/real-src.sh).
	[ ! -f build/real-src/.skipped ] || cat build/real-src/.skipped
	build build-sanitize -DPIRQSIM_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug \
		-DPIRQSIM_REAL_SRC_DIR="$PWD/build/real-src"
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		ctest --test-dir build-sanitize --output-on-failure
	# What threads share (the lock-free tree store, work donation), under
	# ThreadSanitizer: the store test, whose cases insert from 2 to 4
	# threads at once and search on 2 and 3.
	cmake -S . -B build-tsan -DPIRQSIM_TSAN=ON >/dev/null
	cmake --build build-tsan -j "$jobs" --target test_store >/dev/null
	TSAN_OPTIONS=halt_on_error=1 ctest --test-dir build-tsan -R '^store$' --output-on-failure
	;;
*)
	echo "usage: $0 demo|test|build" >&2
	exit 2
	;;
esac
