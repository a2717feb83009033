#!/bin/sh
# matrix.sh PIRQSIM EXPECTED_DIR - matrix, advise and bisect on tiny axes,
# compared byte for byte with EXPECTED_DIR/*.txt (the outcomes come from
# running the model; this only compares), trails that replay to the first
# violation they are named for, and bad names that exit 2 with the list of
# valid ones.  Regenerate an expected file by running its command from an
# empty directory.  Prints "N passed, M failed" last; exits 1 on a failure.
expected=$(realpath "$2")
. "$(dirname "$0")/expect.sh" "$1" "$(dirname "$0")"

# same NAME WANT_STATUS ARGS...: stdout must equal $expected/NAME.txt
same() {
	name=$1 want=$2
	shift 2
	"$pirqsim" "$@" --trail-dir trails > "$name.out" 2> "$name.err"
	status=$?
	if [ "$status" -eq "$want" ] && cmp -s "$expected/$name.txt" "$name.out"; then
		echo "ok   $name"
		passed=$((passed + 1))
	else
		echo "FAIL $name: exit $status (want $want); diff expected actual:"
		diff "$expected/$name.txt" "$name.out" | head -20 | sed 's/^/     /'
		sed 's/^/     stderr: /' "$name.err" | head -5
		failed=$((failed + 1))
	fi
}

axes="--kernels 4.4.57,4.4.58,4.11 --xens 4.4,4.8"
same matrix-md 1 matrix $axes --format md --jobs 2
same matrix-text 1 matrix $axes --format text --jobs 1
same matrix-mail 1 matrix $axes --format mail
# timings vary; state counts follow the checker's reductions, not the outcome
"$pirqsim" matrix $axes --format json --trail-dir trails |
	sed -e '/"timings"/d' -e 's/, "states": [0-9]*//g' -e 's/, "trail_steps": [0-9]*//g' > matrix-json.out
check matrix-json cmp -s "$expected/matrix-json.txt" matrix-json.out
check matrix-mail-72-columns test "$(awk 'length > 72' matrix-mail.out | wc -l)" -eq 0
# The 72-column promise with long cells: a long kernel release (never cut),
# a long knob list, a long trail directory and file name.
long_dir=trails-with-a-rather-long-directory-name/and-another-level-of-nesting-to-make-it-long
"$pirqsim" matrix --kernels 3.10.0-514.24.1.el7,4.10 --xens 4.8 --workload nvme-2017 --format mail \
	--knob g-msgfmt=4300 --knob dm-log=err --knob hv-getfree=checked --knob dm-rearm=if-unassigned \
	--knob g-errmsg=frontend --trail-dir "$long_dir" > long-mail.out
check matrix-mail-72-columns-long-cells test "$(awk 'length > 72' long-mail.out | wc -l)" -eq 0
check matrix-mail-long-release-whole grep -q '^3\.10\.0-514\.24\.1\.el7  *ok' long-mail.out
check matrix-mail-long-trail-path-whole sh -c 'tr -d "\n " < long-mail.out | grep -q "$0/linux-4.10__xen-4.8__"' "$long_dir"
"$pirqsim" matrix $axes --format html --trail-dir trails > matrix.html
check matrix-html-self-contained sh -c '! grep -Eq "(src|href)=" matrix.html && grep -q "</html>" matrix.html'
same matrix-works 0 matrix --kernels 4.11 --xens 4.8 --format md
same advise-4.4 0 advise --fix c74fd80 --trees 4.4,4.10 --xens 4.4,4.8 --workload nvme-2017
same bisect-kernel 0 bisect --kernels-range 4.4..4.5 --xen 4.8 --workload nvme-2017

# every trail replays to the first violation the matrix reported
trail=trails/linux-4.4.57__xen-4.8__qemu-xen-4.8.0.nvme-2017.trail
check trail-replays sh -c "'$pirqsim' run --trail $trail --quiet | grep -q '^violated: pirq-exclusive:'"

# bad names: exit 2 and the valid ones listed
"$pirqsim" matrix --kernels 4.10,nonsense > /dev/null 2> bad.err
check bad-kernel-exit-2 test $? -eq 2
check bad-kernel-lists-sets grep -q "named sets: supported-2017 thread-2017 rows; releases" bad.err
"$pirqsim" matrix --xens bogus > /dev/null 2> bad.err
check bad-xen-exit-2 test $? -eq 2
check bad-xen-lists-sets grep -q "named sets: supported-2017 released-2017 rows" bad.err
"$pirqsim" matrix --workload nope > /dev/null 2> bad.err
check bad-workload-exit-2 grep -q "valid: nvme-2017, nic-down-up, reloads" bad.err
"$pirqsim" advise --fix 0123456789ab > /dev/null 2> bad.err
check unknown-fix-exit-2 test $? -eq 2
check unknown-fix-lists-known grep -q "known fixes: c74fd80f2f41" bad.err
"$pirqsim" matrix --format pdf > /dev/null 2>&1
check bad-format-exit-2 test $? -eq 2
for command in matrix advise bisect; do
	check "$command-help" sh -c "'$pirqsim' $command --help | grep -q '^usage: pirqsim $command'"
done

finish
