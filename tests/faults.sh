#!/bin/sh
# faults.sh PIRQSIM TESTS_DIR - the fault catalogue on the command line:
# names, targets, scenario files, and trails that record fault choices.
# Prints "N passed, M failed" last.
. "$(dirname "$0")/expect.sh" "$1" "$2"

expect 2 "unknown fault 'frob'; valid faults: map-pirq-enomem, pirq-enospc, bind-pt-irq-ebusy, bind-pirq-enospc, flr, hot-unplug, reload, irq-during-setup" \
	check nvme-2017-fixed --fault frob
expect 2 "only device faults .* take @DEVICE" check nvme-2017-fixed --fault map-pirq-enomem@nvme0
expect 2 "fault flr@nvme7: the scenario has no device 'nvme7'" check nvme-2017-fixed --fault flr@nvme7
expect 2 "fault 'flr' is listed twice" check nvme-2017-fixed --fault flr --fault flr
expect 2 "more than 16 fault actors" check --nvme 8 --io-queues 1 --fault flr --fault reload --fault hot-unplug
expect 1 "faults: flr@nvme1, map-pirq-enomem" check nvme-2017-fixed --fault flr@nvme1 --fault map-pirq-enomem
expect 0 "faults: hot-unplug" check nvme-2017-fixed --fault hot-unplug
# Found only with the fault: the fixed kernel holds without it.
expect 0 "all properties hold" check nvme-2017-fixed --quiet
expect 1 "^violated: init-ok: nvme[01] failed to initialise: an admin command timed out" \
	check nvme-2017-fixed --fault bind-pt-irq-ebusy --bfs --trail-out ebusy.trail
# The trail records the fault as a choice and replays it, with its checks.
grep -q '^  faults: \[bind-pt-irq-ebusy\]$' ebusy.trail && grep -q '^choices: \[.*, 2, ' ebusy.trail &&
	passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL ebusy.trail does not record the fault"; }
expect 1 'inject fault\(bind-pt-irq-ebusy' run --trail ebusy.trail
expect 1 'XEN_DOMCTL_bind_pt_irq\(pirq=[0-9]+ .*\) = -EBUSY' run --trail ebusy.trail
expect 1 'Updating of MSI-X failed' run --trail ebusy.trail
# Random walks and breadth-first search explore faults too.
expect 1 '^violated: init-ok' check nvme-2017-fixed --fault map-pirq-enomem --random --seed 1 --walks 500 --trail-out r.trail
expect 1 '^violated:' run --trail r.trail --quiet
expect 1 '^violated: (init-ok|irq-delivery)' check nvme-2017-fixed --fault flr@nvme0 --bfs --threads 2 --trail-out t.trail
# Scenario files: faults: [...] with positions in errors.
printf 'devices: [{driver: nvme, count: 2}]\nfaults: [flr, nope]\n' >bad.yaml
expect 2 "bad.yaml:2:15: unknown fault 'nope'" check bad.yaml
for file in "$tests"/verdicts/fault-*.yaml; do
	expect_line=$(sed -n '1s/^# expect: //p' "$file")
	case "$expect_line" in holds) want=0 ;; *) want=1 ;; esac
	expect "$want" "faults: " check "$file" --trail-out f.trail
done

finish
