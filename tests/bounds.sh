#!/bin/sh
# bounds.sh PIRQSIM TESTS_DIR - every bound a scenario can reach ends in a
# clear message: exit 3 (inconclusive, with the statistics so far) for the
# search's bounds (depth, memory, time, steps of a walk) in every explorer,
# exit 1 with the cause for the domain's pirq budget (a model result: Xen
# says -ENOSPC), exit 2 for a request beyond the model's compile-time
# maximums.  Prints "N passed, M failed" last.
. "$(dirname "$0")/expect.sh" "$1" "$2"

for search in "--threads 1" "--threads 2" "--bfs" "--bfs --threads 2"; do
	# shellcheck disable=SC2086
	expect 3 'verdict: inconclusive: depth bound reached \(raise --depth-max\)' check nvme-2017-fixed $search --depth-max 5
	# shellcheck disable=SC2086
	expect 3 'verdict: inconclusive: state store full' check --kernel 4.11 --nvme 3 $search --memory-max 64K
	# shellcheck disable=SC2086
	expect 3 'verdict: inconclusive: time bound reached \(raise --time-max\)' \
		check --kernel 4.11 --nic 8 --vectors 4 $search --time-max 0.001
	# shellcheck disable=SC2086
	expect 3 '[0-9]+ states, stored' check nvme-2017-fixed $search --depth-max 5
done
expect 3 'verdict: inconclusive: state store full' check --kernel 4.11 --nic 8 --vectors 4 --hash-compact --memory-max 16K
expect 3 'a walk reached 10 steps without quiescence \(raise --steps-max\)' \
	check nvme-2017-fixed --random --steps-max 10 --walks 5
expect 3 'verdict: inconclusive: depth bound' check nvme-2017-fixed --fault reload --depth-max 20
# The domain's pirq budget: Xen's -ENOSPC; the PCI core falls back (fewer
# vectors, MSI, INTx) and the failed attempts' reserved pirqs stay held.
expect 1 'vectors-granted: nvme[01] runs degraded' \
	check --kernel 4.11 --nvme 2 --io-queues 2 --extra-guest-irqs 2 --bfs --trail-out budget.trail
expect 1 'PHYSDEVOP_get_free_pirq\(type=MSI -> pirq=-1\) = -ENOSPC' run --trail budget.trail
# Beyond the model's maximums: refused with the valid range.
expect 2 'extra-guest-irqs takes a whole number from 1 to 4096' check --extra-guest-irqs 4097
expect 2 'io-queues takes a whole number from 1 to 2048' check --io-queues 2049
expect 2 'xen-irqs takes a whole number from 1 to 16384' check --xen-irqs 0
expect 2 'too many MSI\(-X\) vectors: 64 devices x 129 slots .* at most 4096 in all' check --nvme 64 --io-queues 128
expect 2 'where guest vectors name them .* at most 192' check --kernel 4.11 --emulated-nvme 8 --io-queues 32
expect 2 'driver program longer than' check --kernel 4.11 --nvme 64 --io-queues 63
expect 2 'at most 64 devices' check --nvme 64 --nic 1
expect 2 'choice must be an integer from 0 to 79' run --trail "$tests/scenarios/bad/trail-choice-out-of-range.yaml"
expect 2 'too many choices \([0-9]+\); at most 4096' run --trail "$tests/scenarios/bad/trail-too-many-choices.yaml"
expect 2 '--depth-max takes a whole number from 1 to 4096' check --depth-max 4097
finish
