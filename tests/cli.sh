#!/bin/sh
# cli.sh PIRQSIM TESTS_DIR - the command line's exit statuses and messages.
# Each case: expected exit status, a pattern the output must contain, command.
# Prints "N passed, M failed" last.
. "$(dirname "$0")/expect.sh" "$1" "$2"

# The 2017 case: violation named with property, device, vector and pirq; trail written.
expect 1 '^violated: pirq-exclusive: pirq [0-9]+ is the live pirq of nvme[01] vector [0-9] and nvme[01] vector [0-9]' \
	check --kernel 4.10 --qemu 2.8 --xen 4.8 --nvme 2 --trail-out old.trail
expect 1 'trail: old.trail \([0-9]+ steps\); replay it with: pirqsim run --trail old.trail' \
	check --kernel 4.10 --qemu 2.8 --xen 4.8 --nvme 2 --trail-out old.trail
expect 1 'irq-delivery: interrupt of nvme[01] vector 0' check --kernel 4.10 --qemu 2.8 --xen 4.8 --nvme 2 --trail-out old.trail
# Its replay shows the cached-pirq reuse and where the lost interrupt went.
expect 1 'xen: msi already bound to pirq=[0-9]+' run --trail old.trail
expect 1 'LOST' run --trail old.trail
expect 1 'Failed to obtain physical IRQ|entry not programmed' run --trail old.trail
# Log lines as the real programs print them: prefixes, and which a stock build prints.
expect 1 'debug: "nvme 0000:00:0[45]\.0: xen: msi already bound to pirq=[0-9]+"  \(dynamic debug\)' run --trail old.trail
expect 1 'warn: "xen:events: Failed to obtain physical IRQ [0-9]+"$' run --trail old.trail
expect 1 'warn: "nvme nvme[01]: I/O 0 QID 0 timeout, disable controller"$' run --trail old.trail
expect 1 '"\[00:0[45]\.0\] msi_msix_update: Updating MSI-X with pirq [0-9]+ gvec 0 gflags 0x30[0-9a-f]+ \(entry: 0\)"  \(XEN_PT_LOGGING_ENABLED\)' \
	run --trail old.trail
# QEMU 6.0 prints 0x%x where 2.8 printed %#x; QEMU <= 2.3 prints libxenctrl's -1 as "rc".
expect 0 'requested pirq [0-9]+ for MSI-X \(vec: 0x0, entry: 0x0\)' run --kernel 4.11 --qemu 6.0 --xen 4.8 --nvme 2 --seed 1
"$pirqsim" check --kernel 4.10 --qemu 2.0 --xen 4.4 --nvme 2 --bfs --trail-out q20.trail > /dev/null
expect 1 'err: "\[00:0[45]\.0\] msi_msix_update: Error: Updating of MSI-X failed\. \(rc: -1\)"$' run --trail q20.trail
# A trail whose scenario was edited after it was written (kernel 4.10 -> 4.11).
sed 's/kernel: "4.10"/kernel: "4.11"/' old.trail > corrupt.trail
expect 2 'trail corrupted' run --trail corrupt.trail
# The fixed kernel: every interleaving, states stored printed.
expect 0 '[0-9]+ states, stored' check --kernel 4.11 --qemu 2.8 --xen 4.8 --nvme 2
expect 0 'verdict: all properties hold \(every interleaving explored\)' check --kernel 4.11 --qemu 2.8 --xen 4.8 --nvme 2
expect 0 'verdict: all properties hold' check nvme-2017-fixed --quiet
expect 1 '^violated:' check nvme-2017 --quiet --trail-out b.trail
# Emulated devices: QEMU injects their MSIs (XEN_DMOP_inject_msi); their pirqs leak on re-enable.
expect 1 'nvme1\(emulated nvme msix, 2 I/O queues\)' check --kernel 4.11 --nvme 1 --emulated-nvme 1 --trail-out emu.trail
expect 1 '^violated: no-leak: pirq [0-9]+ is reserved \(PIRQ_ALLOCATED\) and mapped as emuirq IRQ_MSI_EMU' \
	check --kernel 4.11 --nvme 1 --emulated-nvme 1 --quiet
expect 1 'nvme1 +xen +XEN_DMOP_inject_msi\(addr=0xfee[0-9a-f]+ data=0x4300 \(pirq [0-9]+\)\) = 0' run --trail emu.trail
expect 2 '--emulated-nvme takes a whole number from 1 to 64' check --emulated-nvme 0
# Demo: old fails, fixed passes, with an explanation.
expect 0 'msi already bound to pirq' demo
expect 0 '^after the fix \(Linux 4.11\): all properties hold' demo --quiet
# Random walks are seeded and print the seed first.
expect 1 'seed: 7' check nvme-2017 --random --seed 7 --walks 2000 --trail-out r.trail
expect 0 'random walks: 50 completed' check nvme-2017-fixed --random --seed 3 --walks 50
expect 0 'seed: 5' run nvme-2017-fixed --seed 5
# Bounds are reported as inconclusive (3), never truncated silently.
expect 3 'inconclusive: depth bound' check nvme-2017-fixed --depth-max 5
expect 3 'inconclusive: state store full' check nvme-2017-fixed --memory-max 4K
expect 3 'inconclusive: time bound' check --kernel 4.11 --nic 8 --vectors 4 --time-max 0.001
# Bad input: exit 2 with what to do next.
expect 2 "unknown Linux release '2\.4\.20'.*known" check --kernel 2.4.20 --nvme 2
expect 2 "unknown QEMU release 'banana'" check --qemu banana --nvme 2
expect 2 "unknown Xen release '0\.1'" check --xen 0.1 --nvme 2
# Versions are exact or refused (issue 14): past the newest row, empty, or
# in no row, with the nearest known releases; inside a row, the row is shown.
expect 2 "unknown Linux release '9\.9'; nearest known: .*5\.17-rc1 \.\. 6\.12\.y .*open-ended" check --kernel 9.9
expect 2 "unknown Xen release '99'; nearest known: .*4\.22 \.\. 4\.22\.y" check --xen 99
expect 2 "unknown QEMU release '99\.0'; nearest known: .*6\.0 \.\. 10\.0\.y.*qemu-xen-traditional" check --qemu 99.0
expect 2 "the kernel release is empty" check --kernel ""
expect 2 "the xen release is empty" check --xen ""
expect 2 "unknown Linux release '2\.6\.36'; nearest known: 2\.6\.37, 2\.6\.39, 3\.19 .*RHEL 7" check --kernel 2.6.36
expect 2 "unknown Linux release '6\.13'" check --kernel 6.13 --quiet
expect 2 "unknown kernel release or set '9\.9'.*nearest known" matrix --kernels 9.9 --xens 4.8
expect 3 'Linux 4\.9\.30 \[Linux 4\.9\.y from 4\.9\.18.*\] \(row 4\.9\.18\.\.4\.10\)' check --kernel 4.9.30 --depth-max 1
# --xen without --qemu: the device model that Xen release bundles, said so;
# check and matrix then agree (Linux 4.11 on Xen 4.4 fails to initialise).
expect 3 'QEMU qemu-xen-4\.4\.0 \[[^]]*\] \([^)]*bundled with Xen 4\.4\)' check --xen 4.4 --depth-max 1
expect 1 'QEMU qemu-xen-4\.4\.0 .*bundled with Xen 4\.4' run --xen 4.4 --seed 1
expect 3 'QEMU 2\.8 \[' check --xen 4.4 --qemu 2.8 --depth-max 1
expect 1 '^violated: init-ok' check --kernel 4.11 --xen 4.4 --quiet --trail-out k.trail
expect 1 'Linux 4\.11 +init failure' matrix --kernels 4.11 --xens 4.4
printf 'kernel: "4.11"\nxen: "4.4"\ndevices:\n  - driver: nvme\n    count: 2\n' > xen-only.yaml
expect 1 '^violated: init-ok' check xen-only.yaml --quiet --trail-out k.trail
expect 2 "unknown scenario 'nosuch'; built-in scenarios: nvme-2017" check nosuch
expect 2 "unknown or incomplete option '--frobnicate'" check --frobnicate
expect 2 "--nvme takes a whole number from 1 to 64" check --nvme 0
expect 2 "--nvme takes a whole number from 1 to 64" check --nvme 99999999999999999999
expect 2 "--memory-max takes a size" check --memory-max lots
expect 2 "unknown knob 'g-frob'; valid knobs: g-reuse" check --knob g-frob=1
expect 2 "unknown value 'sometimes' for knob g-reuse; valid values: reuse-if-known, always-fresh" \
	check --knob g-reuse=sometimes
expect 2 "give --trail FILE, or a scenario with --seed S" run
expect 2 "unknown command 'chek'" chek
expect 2 "usage: pirqsim COMMAND" 
expect 0 'pirqsim -h \| --help' -h
expect 0 'pirqsim --version +the version' --help
expect 0 '^pirqsim [0-9]+\.[0-9]+\.[0-9]+ \(rules [0-9a-f]{16}\)$' --version
expect 2 ':[0-9]+:[0-9]+: ' check "$tests/scenarios/bad/unknown-key-top.yaml"
printf 'pirqsim-trail: 1\nscenario:\n  kernel: "4.10"\n  devices:\n    - driver: nvme\nchoices: [5]\n' > bad.trail
expect 2 'trail step 1 chooses actor 5, which does not exist' run --trail bad.trail
expect 2 'is a scenario, not a trail' run --trail "$tests/verdicts/s1-fixed-kernel-nvme.yaml"
# Counterfactual replay: the 2017 schedule on the fixed kernel.  It diverges
# where 4.10 reads the pirq cached in the MSI-X entry, and every property
# holds at the end; the changed scenario is a new one, never "corrupted".
expect 0 'first divergence: step [0-9]+' run --trail old.trail --kernel 4.11
check "counterfactual: the original reads the cached message at the divergence" \
	sh -c '"$0" run --trail old.trail --kernel 4.11 | grep -A3 "^first divergence" | grep -q "cached in entry"' "$pirqsim"
expect 0 '^counterfactual verdict: all properties hold on this schedule' run --trail old.trail --kernel 4.11
expect 0 'original verdict: violated: pirq-exclusive' run --trail old.trail --kernel 4.11
check "counterfactual: never called corrupted" \
	sh -c '! "$0" run --trail old.trail --kernel 4.11 2>&1 | grep -q corrupted' "$pirqsim"
expect 0 '"counterfactual":\{"schedule_steps":[0-9]+,"followed":[0-9]+' run --trail old.trail --kernel 4.11 --json
expect 0 '^counterfactual verdict: all properties hold' run --trail old.trail --knob g-reuse=always-fresh --quiet
expect 1 'the two runs show the same events at every step' run --trail old.trail --kernel 4.10
expect 1 '^counterfactual violated: init-ok' run --trail old.trail --kernel 4.11 --knob dm-unmap=keep
expect 2 "--trail replays the trail's own devices" run --trail old.trail --nvme 3
expect 2 "--trail replays the trail's own devices" run --trail old.trail --kernel 4.11 --msi
expect 2 "unknown Linux release '2\.4\.20'" run --trail old.trail --kernel 2.4.20
expect 2 "unknown knob 'g-frob'" run --trail old.trail --knob g-frob=1
expect 2 "unknown fault 'nosuch'" run --trail old.trail --fault nosuch
expect 2 'trail corrupted' run --trail corrupt.trail --kernel 4.11
# minimize never makes things worse: never longer than its input, the same
# first violated property naming the same devices (random-walk trails and
# the depth-first trail); what it cannot shorten it writes unchanged.
first_violation() { # TRAIL -> "property: sorted device names"
	line=$("$pirqsim" run --trail "$1" --quiet | head -1)
	echo "$(echo "$line" | cut -d: -f2): $(echo "$line" | grep -o 'nvme[0-9]*' | sort -u | tr '\n' ' ')"
}
not_worse() { # IN OUT JSON
	[ "$(first_violation "$1")" = "$(first_violation "$2")" ] && python3 -c '
import json, sys; d = json.load(open(sys.argv[1])); s = d["statistics"]
assert d["trail_steps"] <= d["input_steps"] and s["steps_after"] <= s["steps_before"], d' "$3"
}
for seed in 1 2 3; do
	"$pirqsim" check nvme-2017 --random --seed $seed --walks 2000 --trail-out w$seed.trail --quiet > /dev/null
	"$pirqsim" minimize w$seed.trail --trail-out w$seed.min --json > w$seed.json
	check "minimize (random walk seed $seed): not longer, same violation and devices" not_worse w$seed.trail w$seed.min w$seed.json
	"$pirqsim" minimize w$seed.trail --context-switches --trail-out c$seed.min --json > c$seed.json
	check "minimize --context-switches (seed $seed): not longer, same violation and devices" \
		not_worse w$seed.trail c$seed.min c$seed.json
done
"$pirqsim" check nvme-2017 --trail-out dfs.trail --quiet > /dev/null
"$pirqsim" minimize dfs.trail --trail-out dfs.min --json > dfs.json
check "minimize (depth-first trail): not longer, same violation and devices" not_worse dfs.trail dfs.min dfs.json
expect 1 'kept: the first violation is pirq-exclusive naming nvme0 nvme1, as in the input' minimize dfs.trail --trail-out dfs.min
expect 1 'cannot shorten: .*the input is written unchanged \(24 steps\)' minimize dfs.min --trail-out dfs.min2
check "minimize: what it cannot shorten it writes unchanged" cmp -s dfs.min dfs.min2
expect 1 'note: the best trail found \(2 context switches\) took [0-9]+ steps to the violation' \
	minimize w1.trail --context-switches --trail-out c.min
expect 2 'give the trail to minimise' minimize
expect 2 'give exactly one trail' minimize dfs.trail dfs.min
expect 2 "--replays-max takes a whole number from 1 to 1000000000, got '0'" minimize dfs.trail --replays-max 0
expect 2 "--switches-max takes a whole number from 1 to 1000, got 'x'" minimize dfs.trail --switches-max x
expect 2 'is a scenario, not a trail' minimize "$tests/verdicts/s1-fixed-kernel-nvme.yaml"
expect 2 'trail corrupted' minimize corrupt.trail

# report --counterfactual: bad options are usage errors.
expect 2 "--counterfactual takes --kernel V, .*got '--frob 1'" report old.trail --counterfactual "--frob 1" --out x.html
expect 2 '--counterfactual needs options' report old.trail --counterfactual "" --out x.html
expect 2 "--counterfactual: --knob takes NAME=VALUE, got 'g-reuse'" report old.trail --counterfactual "--knob g-reuse" --out x.html
expect 2 '--counterfactual: --kernel needs a value' report old.trail --counterfactual "--kernel" --out x.html
expect 2 "--counterfactual: unknown knob 'g-frob'" report old.trail --counterfactual "--knob g-frob=1" --out x.html
expect 2 '--counterfactual replays the schedules of the trails given' report --matrix m.json --counterfactual "--kernel 4.11"
expect 1 'report: cf.html \(2 traces\)' report old.trail --counterfactual "--kernel 4.11" --out cf.html

# Knobs override versions: the old kernel made fresh by a knob holds.
expect 0 'g-reuse=always-fresh \(set\)' check nvme-2017 --knob g-reuse=always-fresh
# Help for every command, and the version table with sources.
for c in demo check run versions scenarios; do expect 0 "usage: pirqsim $c" $c --help; done
expect 0 'source: ' versions
expect 0 'g-reuse +reuse-if-known \| always-fresh' versions --knobs
expect 0 'nvme-2017 ' scenarios

# Contradictions are errors (issue 14): options that cannot mean anything
# together, or that the chosen search would ignore, exit 2 saying why.
while IFS='|' read -r status pattern args; do
	[ -n "$status" ] || continue
	# shellcheck disable=SC2086 # the arguments are split on purpose
	expect "$status" "$pattern" $args
done <<'TABLE'
2|--bfs and --random ask for different searches|check --bfs --random
2|--seed seeds the random walks; add --random|check --seed 3
2|--walks needs --random: it counts random walks|check --walks 5
2|--steps-max needs --random|check --steps-max 5
2|--shard needs --random: it splits random walks|check --shard 0/2
2|--threads has no meaning with --random|check --random --threads 2
2|--memory-max has no meaning with --random: random walks store no states|check --random --memory-max 1G
2|--hash-compact has no meaning with --random|check --random --hash-compact
2|--no-symmetry has no meaning with --random|check --random --no-symmetry
2|--depth-max has no meaning with --random: a walk's length is bounded by --steps-max|check --random --depth-max 9
2|--time-max has no meaning with --random|check --random --time-max 9
2|--no-por is for the depth-first search, not --bfs|check --bfs --no-por
2|--no-renumber is for the depth-first search, not --random|check --random --no-renumber
2|--no-dead-shadows is for the depth-first search, not --bfs|check --bfs --no-dead-shadows
2|--store is for the depth-first search, not --bfs|check --bfs --store xor-rle
2|--quiet and --json: --json already prints only its JSON object|check --quiet --json
2|--io-queues sets the I/O queues of --nvme controllers|check --nic 1 --io-queues 2
2|--io-queues sets the I/O queues of --nvme controllers|check nvme-2017 --io-queues 3
2|--vectors sets the vectors of --nic and --single devices|check --nvme 2 --vectors 2
2|--msi applies to the devices of --nvme, --nic or --single|check nvme-2017 --msi
2|--kernel is given twice with different values \('4.10', then '4.11'\)|check --kernel 4.10 --kernel 4.11
2|--xen is given twice with different values|check --xen 4.4 --xen 4.8
2|--nvme is given twice with different values|check --nvme 2 --nvme 3
2|--seed is given twice with different values|check --random --seed 1 --seed 2
2|--trail is for pirqsim run|check nvme-2017 --trail x.trail
2|--bfs is an option of the search \(pirqsim check\); run replays one schedule|run nvme-2017 --seed 1 --bfs
2|--threads is an option of the search|run nvme-2017 --seed 1 --threads 2
2|--trail-out is an option of the search|run nvme-2017 --seed 1 --trail-out x.trail
2|--depth-max is an option of the search|run nvme-2017 --seed 1 --depth-max 5
2|--quiet and --json|run nvme-2017 --seed 1 --json --quiet
2|--json with --quiet: the JSON document is all that is printed|matrix --kernels 4.11 --xens 4.8 --quiet --json
2|--quiet with JSON output|advise --fix c74fd80f2f41 --trees 4.4 --format json --quiet
2|--format contradicts the output format given before it|matrix --kernels 4.11 --xens 4.8 --json --format md
2|--format contradicts the output format given before it|matrix --kernels 4.11 --xens 4.8 --format md --format mail
0|works|matrix --kernels 4.11 --xens 4.8 --format md --format md
0|all properties hold|check nvme-2017-fixed --kernel 4.11 --kernel 4.11 --quiet
TABLE

# Interrupts: SIGINT or SIGTERM about a second (DELAY seconds) into a long
# search stops it cleanly: the statistics so far, "inconclusive (interrupted
# ...)", exit 3.
interrupted() { # SIGNAL PATTERN ARGS...
	signal=$1 pattern=$2
	shift 2
	"$pirqsim" "$@" > int.out 2>&1 &
	pid=$!
	sleep "${DELAY:-1}"
	kill -"$signal" "$pid"
	wait "$pid"
	status=$?
	if [ "$status" -eq 3 ] && grep -Eq -- "$pattern" int.out; then
		passed=$((passed + 1))
		echo "ok   SIG$signal to pirqsim $* -> 3 /$pattern/"
	else
		failed=$((failed + 1))
		echo "FAIL SIG$signal to pirqsim $*: exit $status (want 3), output must match /$pattern/:"
		tail -20 int.out | sed 's/^/     /'
	fi
}
long="--nvme 4 --io-queues 2 --no-symmetry --no-por --no-renumber --no-dead-shadows --time-max 120"
interrupted INT 'interrupted by SIGINT' check $long
interrupted INT '[0-9]+ states, stored' check $long
interrupted TERM 'verdict: inconclusive \(interrupted by SIGTERM' check $long
interrupted INT 'interrupted by SIGINT' check --nvme 4 --io-queues 2 --no-symmetry --bfs --time-max 120
interrupted TERM 'interrupted by SIGTERM' check --nvme 4 --io-queues 2 --no-symmetry --bfs --threads 2 --time-max 120
interrupted INT 'random walks: [0-9]+ completed' check --nvme 4 --random --walks 1000000000
interrupted INT '"limit":"interrupted"' check $long --json
# Every row of all three components on one thread: about 1.9 s of cells on
# this machine since the stores keep their small tables (it was 10 s), so the
# signal comes at 0.3 s.
DELAY=0.3 interrupted INT 'pirqsim matrix: interrupted by SIGINT' matrix --kernels rows --xens rows --qemus rows --jobs 1 \
	--time-max 120

# Output files (cli/output.c): "-" is standard output; a device, a FIFO or a
# symbolic link is written straight through, never replaced; a write error
# (a full disk) exits 2 naming the path; a regular file is replaced whole.
expect 1 'trail: /dev/null \([0-9]+ steps\)' check nvme-2017 --bfs --trail-out /dev/null
expect 1 'trail: /dev/null' minimize old.trail --trail-out /dev/null
check "--trail-out /dev/null leaves /dev/null a character device" test -c /dev/null
mkfifo fifo
timeout 60 cat fifo > fifo.read &
expect 1 '^violated: pirq-exclusive' replay old.trail --format jsonl --out fifo
wait
check "--out FIFO: its reader gets the export" sh -c '"$0" replay old.trail --format jsonl | cmp -s - fifo.read' "$pirqsim"
check "--out FIFO: it stays a FIFO" test -p fifo
echo 'not a chart' > chart.txt
ln -s chart.txt link.txt
expect 1 '^violated: pirq-exclusive' replay old.trail --format msc --out link.txt
check "--out LINK: the link stays a link" test -L link.txt
check "--out LINK: the export is written through it" sh -c '"$0" replay old.trail --format msc | cmp -s - chart.txt' "$pirqsim"
expect 2 'pirqsim replay: cannot write /dev/full: No space left on device' replay old.trail --out /dev/full
expect 2 'pirqsim check: cannot write the trail to /dev/full: No space left on device' \
	check nvme-2017 --bfs --trail-out /dev/full
expect 2 'pirqsim minimize: cannot write /dev/full: No space left on device' minimize old.trail --trail-out /dev/full
expect 2 'pirqsim report: cannot write /dev/full: No space left on device' report old.trail --out /dev/full
# Standard output is checked too: a full disk under a listing or a verdict
# is exit 2 with the reason, never exit 0 with a truncated file.
for args in "versions" "scenarios" "check nvme-2017-fixed" "check nvme-2017-fixed --json" "matrix --kernels 4.11 --xens 4.8"; do
	# shellcheck disable=SC2086
	check "pirqsim $args > /dev/full: exit 2, says so" sh -c \
		'"$0" $1 > /dev/full 2> err.txt; test $? -eq 2 && grep -q "cannot write standard output: No space left on device" err.txt' \
		"$pirqsim" "$args"
done
check "/dev/full stays a character device" test -c /dev/full
check "--out - is standard output" sh -c '"$0" replay old.trail --format mermaid --out - | head -1 | grep -qx sequenceDiagram' \
	"$pirqsim"
check "--out - writes no file named -" test ! -e ./-
expect 1 'report: page.html' report old.trail --out page.html
expect 1 'report: page.html' report old.trail --out page.html
check "a replaced regular file leaves no temporary file" sh -c '! ls -A | grep -q "^page\.html\."'
mkdir -p demo/nvme-2017.trail
cd demo || exit 2
expect 2 'pirqsim demo: cannot write nvme-2017.trail: Is a directory' demo --quiet
expect 2 'pirqsim demo: cannot write nvme-2017.trail: Is a directory' demo
cd .. || exit 2

finish
