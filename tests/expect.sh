# expect.sh - sourced by the command-line test scripts: runs pirqsim in a
# fresh temporary directory and checks each command's exit status and output.
#   . "$(dirname "$0")/expect.sh" PIRQSIM TESTS_DIR
#   expect STATUS PATTERN ARGS...    pirqsim ARGS must exit STATUS and print
#                                    something matching the extended regex
#   check NAME COMMAND...            COMMAND (any shell condition) must succeed
#   finish                           prints "N passed, M failed", sets status
# It sets $pirqsim and $tests (absolute), and $tmp (the current directory).
pirqsim=$(realpath "$1")
tests=$(realpath "$2")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 2
passed=0
failed=0

expect() { # STATUS PATTERN ARGS...
	want=$1 pattern=$2
	shift 2
	out=$("$pirqsim" "$@" 2>&1)
	status=$?
	if [ "$status" -eq "$want" ] && printf '%s\n' "$out" | grep -Eq -- "$pattern"; then
		passed=$((passed + 1))
		echo "ok   pirqsim $* -> $status /$pattern/"
	else
		failed=$((failed + 1))
		echo "FAIL pirqsim $*: exit $status (want $want), output must match /$pattern/:"
		printf '%s\n' "$out" | head -40 | sed 's/^/     /'
	fi
}

check() { # NAME COMMAND...
	name=$1
	shift
	if "$@"; then
		echo "ok   $name"
		passed=$((passed + 1))
	else
		echo "FAIL $name"
		failed=$((failed + 1))
	fi
}

finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
