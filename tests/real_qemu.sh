#!/bin/sh
# real_qemu.sh PIRQSIM TESTS_DIR REAL_SRC CACHE - QEMU's real xen_pt
# MSI/MSI-X code (REAL_SRC/qemu, fetched by scripts/real-src.sh) as the
# device model, exhaustively: it must give the model's verdict on the
# 2-controller NVMe and the NIC down/up scenarios, with the modelled guest
# and with the real Linux 6.1 guest (REAL_SRC/linux-6.1), print the real
# code's log lines, replay its trails, and refuse what it cannot run.
# Exit 77 (skipped) when the real sources are absent.
real_src=$3
cache=$4
if [ ! -f "$real_src/qemu/hw/xen/xen_pt_msi.c" ]; then
	echo "SKIP: no QEMU sources in $real_src/qemu (the real_sources test fetches them from Debian)"
	exit 77
fi
. "$(dirname "$0")/expect.sh" "$1" "$2"
real_src=$(realpath "$real_src")
export PIRQSIM_REAL_CACHE="$cache"
qemu="--qemu-src $real_src/qemu"
versions="--kernel 6.1 --qemu 7.2 --xen 4.17"

# The verdict line without its step number: the real code's accesses are
# each a scheduling point (no is-local hints), so trails are longer.
verdict() { "$pirqsim" check "$@" --quiet 2>&1 | head -1 | sed 's/ (after step [0-9]*)$//'; }
same_verdict() { # NAME ARGS...: real QEMU's verdict is the model's
	name=$1
	shift
	model=$(verdict "$@")
	real=$(verdict "$@" $qemu)
	equal() { [ -n "$model" ] && [ "$model" = "$real" ]; }
	check "$name: $model" equal || echo "     model: $model / real QEMU: $real"
}

same_verdict "2 NVMe" --nvme 2 $versions
same_verdict "nic-down-up" nic-down-up $versions
same_verdict "2 NVMe, MSI only" --nvme 2 --msi $versions
# The 2017 guest (modelled Linux 4.10) still loses an interrupt under QEMU 7.2's real code.
same_verdict "2 NVMe, Linux 4.10" --nvme 2 --kernel 4.10 --qemu 7.2 --xen 4.17
expect 0 "all properties hold \(every interleaving explored\)" check --nvme 2 $versions $qemu
# The differential: every trapped write also runs model/qemu.c's rule; the
# same calls to Xen and the same state after, on every schedule.
expect 0 "all properties hold \(every interleaving explored\)" check --nvme 2 $versions $qemu --differential
expect 0 "all properties hold \(every interleaving explored\)" check nic-down-up $versions $qemu --differential
expect 0 "all properties hold \(every interleaving explored\)" check --nvme 2 --msi $versions $qemu --differential
expect 0 "a state is" check nic-down-up $versions $qemu
if [ -f "$real_src/linux-6.1/Makefile" ]; then
	expect 0 "all properties hold \(every interleaving explored\)" check --nvme 2 $versions \
		--linux-src "$real_src/linux-6.1" $qemu
	expect 0 "all properties hold \(every interleaving explored\)" check nic-down-up $versions \
		--linux-src "$real_src/linux-6.1" $qemu
else
	echo "note: no $real_src/linux-6.1: real Linux + real QEMU not run"
fi
# The real code's own log lines and hypercalls, in a linear run.
expect 0 '"\[00:04\.0\] msi_msix_update: Updating MSI-X with pirq [0-9]+ gvec 0x0 gflags 0x704f \(entry: 0x0\)"' \
	run --nvme 1 --seed 1 $versions $qemu
expect 0 'XEN_DOMCTL_unbind_pt_irq\(pirq=[0-9]+ gvec=0\) = 0' run --nvme 1 --seed 1 $versions $qemu
# A trail of the real code replays with the real code.
expect 1 "^violated: pirq-exclusive" check --nvme 2 --kernel 4.10 --qemu 7.2 --xen 4.17 $qemu --trail-out q.trail
expect 1 "^violated: pirq-exclusive" run --trail q.trail $qemu
# A trail says which code found it.
expect 2 "was found with model_qemu-7\.2\.[0-9]+; replay it with that QEMU's code: --qemu-src DIR" run --trail q.trail
expect 2 "differential compares one real component with the model at a time" check --nvme 1 $versions $qemu \
	--differential --linux-src x
# What the shim cannot run.
expect 2 "qemu-xen-traditional .* the real QEMU code does not run it" check --nvme 2 --qemu qemu-xen-traditional $qemu
expect 2 "passed-through devices only" check --nvme 1 --emulated-nvme 1 $versions $qemu
expect 2 "passed-through devices only, at most 8, and no faults" check --nvme 1 --fault flr $versions $qemu
expect 0 "QEMU 7\.2\.[0-9]+ \[" check --nvme 1 --kernel 6.1 --xen 4.17 $qemu
expect 2 "the configuration's QEMU is 2.8 but the tree is QEMU 7.2" check --nvme 1 --kernel 6.1 --qemu 2.8 --xen 4.17 $qemu
expect 2 "is no QEMU release|VERSION" check --nvme 1 $versions --qemu-src "$tmp"
finish
