#!/bin/sh
# real-version.sh DIR - print the version of a Linux, QEMU or Xen source tree:
#   Linux: VERSION.PATCHLEVEL.SUBLEVEL of the top Makefile      -> "6.1.123"
#   QEMU:  the top VERSION file                                  -> "7.2.15"
#   Xen:   XEN_VERSION.XEN_SUBVERSION[.EXTRA] of xen/Makefile (or
#          ./Makefile when DIR is the xen/ directory itself)     -> "4.17.5"
# Prints "KIND VERSION" with -k.  Exit 1 when DIR is none of these.
set -eu
kind=""
if [ "${1:-}" = -k ]; then kind=1; shift; fi
[ $# -eq 1 ] || { echo "usage: $0 [-k] DIR" >&2; exit 2; }
d=$1

mkvar() { # FILE NAME: the value of "NAME = value" (or :=, ?=) in a makefile
	sed -n "s/^$2[ 	]*[:?]*=[ 	]*\([^ 	#]*\).*/\1/p" "$1" | head -1
}
out() { if [ -n "$kind" ]; then echo "$1 $2"; else echo "$2"; fi; }

if [ -f "$d/Makefile" ] && grep -q '^PATCHLEVEL' "$d/Makefile"; then
	v=$(mkvar "$d/Makefile" VERSION)
	p=$(mkvar "$d/Makefile" PATCHLEVEL)
	s=$(mkvar "$d/Makefile" SUBLEVEL)
	out linux "$v.$p${s:+.$s}"
	exit 0
fi
for m in "$d/xen/Makefile" "$d/Makefile"; do
	if [ -f "$m" ] && grep -q '^export XEN_VERSION\|^XEN_VERSION' "$m"; then
		v=$(sed -n 's/^\(export \)\{0,1\}XEN_VERSION[ 	]*=[ 	]*\([0-9]*\).*/\2/p' "$m" | head -1)
		s=$(sed -n 's/^\(export \)\{0,1\}XEN_SUBVERSION[ 	]*=[ 	]*\([0-9]*\).*/\2/p' "$m" | head -1)
		# XEN_EXTRAVERSION ?= .5$(XEN_VENDORVERSION): the numeric part
		e=$(sed -n 's/^\(export \)\{0,1\}XEN_EXTRAVERSION[ 	]*?\{0,1\}=[ 	]*\(\.[0-9]*\).*/\2/p' "$m" | head -1)
		out xen "$v.$s$e"
		exit 0
	fi
done
if [ -f "$d/VERSION" ] && [ -d "$d/hw" ]; then
	out qemu "$(head -1 "$d/VERSION" | tr -d ' \r')"
	exit 0
fi
echo "real-version: $d: not a Linux, QEMU or Xen source tree" >&2
exit 1
