#!/bin/sh
# real-src.sh DEST - fetch the real Linux, QEMU and Xen files that pirqsim runs
# (issue 15) from Debian, and keep only the few files needed, under DEST:
#
#   DEST/linux-6.1/...   from /usr/src/linux-source-6.1.tar.xz  (linux-source-6.1)
#   DEST/linux-6.12/...  from /usr/src/linux-source-6.12.tar.xz (linux-source-6.12)
#   DEST/qemu/...        from the `qemu` Debian source package (bookworm)
#   DEST/xen/...         from the `xen` Debian source package (bookworm, 4.17)
#
# The source packages come through a private apt configuration under
# DEST/.apt (the machine's /etc/apt is not touched); the downloads are kept in
# DEST/.apt/src, and a tree already extracted is left alone: a second run does
# nothing.  Real sources are never committed to the project: they live only
# under the build directory.
#
# Exit status: 0 done; 77 (ctest's SKIP_RETURN_CODE) when the Debian archive
# or the package manager cannot be reached, with a one-line reason on stderr;
# 1 on any other failure.
set -eu

[ $# -eq 1 ] || { echo "usage: $0 DEST" >&2; exit 2; }
mkdir -p "$1"
DEST=$(cd "$1" && pwd)
APT=$DEST/.apt
MIRROR=${PIRQSIM_DEBIAN_MIRROR:-http://deb.debian.org/debian}
SECURITY=${PIRQSIM_DEBIAN_SECURITY:-http://deb.debian.org/debian-security}
SUITE=bookworm

say() { echo "real-src: $*"; }
# The reason is kept in DEST/.skipped too: ctest shows no output of a skipped
# test, so scripts/bootstrap.sh prints it after the run.
skip() {
	echo "real-src: cannot reach the Debian archive: $*" | tee "$DEST/.skipped" >&2
	exit 77
}
die() { echo "real-src: $*" >&2; exit 1; }
now() { date +%s; }

sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo

# --- Linux: the linux-source-X.Y packages install the whole tree as a tarball.
linux_files='Makefile
arch/x86/pci/xen.c
drivers/xen/events/events_base.c
drivers/xen/events/events_internal.h
include/xen/events.h
include/linux/msi.h
drivers/pci/msi/*.c
drivers/pci/msi.c'

linux() { # X.Y
	v=$1
	out=$DEST/linux-$v
	if [ -f "$out/.done" ]; then
		say "linux-$v: cached ($(cat "$out/.done"))"
		return 0
	fi
	tarball=/usr/src/linux-source-$v.tar.xz
	if [ ! -f "$tarball" ]; then
		say "linux-$v: $tarball missing, installing linux-source-$v"
		command -v apt-get >/dev/null || skip "no apt-get on this machine"
		$sudo apt-get update -qq >/dev/null 2>&1 || skip "apt-get update failed"
		DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "linux-source-$v" >/dev/null 2>&1 ||
			skip "apt-get install linux-source-$v failed"
		[ -f "$tarball" ] || die "linux-source-$v installed no $tarball"
	fi
	t0=$(now)
	rm -rf "$out.tmp"
	mkdir -p "$out.tmp"
	patterns=""
	for f in $linux_files; do
		patterns="$patterns linux-source-$v/$f"
	done
	# drivers/pci/msi.c exists in old trees only, drivers/pci/msi/ in new
	# ones: a pattern that matches nothing is not an error here.
	# shellcheck disable=SC2086
	nice tar -xJf "$tarball" -C "$out.tmp" --strip-components=1 --wildcards \
		--ignore-failed-read $patterns 2>"$out.tmp.err" || true
	[ -f "$out.tmp/arch/x86/pci/xen.c" ] || { cat "$out.tmp.err" >&2; die "linux-$v: extraction failed"; }
	rm -f "$out.tmp.err"
	rm -rf "$out"
	mv "$out.tmp" "$out"
	ver=$(sh "$(dirname "$0")/real-version.sh" "$out")
	pkg=$(dpkg-query -W -f='${Version}' "linux-source-$v" 2>/dev/null || echo unknown)
	echo "linux $ver (Debian linux-source-$v $pkg)" >"$out/.done"
	say "linux-$v: $(find "$out" -type f ! -name .done | wc -l) files, linux $ver, package $pkg, $(($(now) - t0)) s"
}

# --- QEMU and Xen: Debian source packages through a private apt setup.
apt_private() {
	mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial" "$APT/src"
	cat >"$APT/sources.list" <<EOF
deb-src $MIRROR $SUITE main
deb-src $MIRROR $SUITE-updates main
deb-src $SECURITY $SUITE-security main
EOF
	set -- -o "Dir::Etc::sourcelist=$APT/sources.list" \
		-o Dir::Etc::sourceparts=/dev/null \
		-o "Dir::State::Lists=$APT/lists" \
		-o "Dir::Cache=$APT/cache" \
		-o Dir::State::status=/var/lib/dpkg/status \
		-o APT::Sandbox::User=root \
		-o Acquire::Retries=2 \
		-o Acquire::http::Timeout=30
	printf '%s\n' "$@" >"$APT/opts"
}

aptp() { # apt-get with the private configuration
	# shellcheck disable=SC2046
	apt-get $(tr '\n' ' ' <"$APT/opts") "$@"
}

apt_updated=""
apt_update() {
	[ -n "$apt_updated" ] && return 0
	command -v apt-get >/dev/null || skip "no apt-get on this machine"
	apt_private
	t0=$(now)
	if ! aptp -q update >"$APT/update.log" 2>&1; then
		skip "apt-get update: $(grep -E '^(E|Err):' "$APT/update.log" | head -1)"
	fi
	if grep -qE '^(Err|W: Failed)' "$APT/update.log"; then
		# Some suite failed: fine if the main suite's index is here.
		ls "$APT/lists/"*"_${SUITE}_main_source_Sources"* >/dev/null 2>&1 ||
			skip "apt-get update: $(grep -E '^(Err|W: Failed)' "$APT/update.log" | head -1)"
	fi
	ls "$APT/lists/"*_Sources* >/dev/null 2>&1 || skip "apt-get update fetched no source index"
	say "apt update (private, $APT): $(($(now) - t0)) s"
	apt_updated=1
}

# Versions of source package $1 in the private lists (all suites), one a line.
versions() {
	# shellcheck disable=SC2046
	apt-cache $(tr '\n' ' ' <"$APT/opts") showsrc "$1" 2>/dev/null |
		sed -n 's/^Version: //p'
}

# Download source package $1 into $APT/src/$1, trying the candidate version
# first, then each suite's version (newest first) when the mirror lacks it.
download() {
	pkg=$1
	dir=$APT/src/$pkg
	if ls "$dir"/*.dsc >/dev/null 2>&1; then
		say "$pkg: download cached ($(basename "$(ls "$dir"/*.dsc | head -1)"))"
		return 0
	fi
	apt_update
	mkdir -p "$dir.tmp"
	t0=$(now)
	tried=""
	for v in "" $(versions "$pkg" | sort -u -r -V); do
		spec=$pkg
		[ -n "$v" ] && spec="$pkg=$v"
		tried="$tried $spec"
		if (cd "$dir.tmp" && aptp -q source --download-only "$spec" >"$APT/$pkg.log" 2>&1); then
			rm -rf "$dir"
			mv "$dir.tmp" "$dir"
			say "$pkg: downloaded $spec ($(du -sh "$dir" | cut -f1)) in $(($(now) - t0)) s"
			return 0
		fi
		say "$pkg: $spec not downloadable: $(grep -E '^(E|Err|W):' "$APT/$pkg.log" | head -1)"
		rm -rf "$dir.tmp"
		mkdir -p "$dir.tmp"
	done
	rm -rf "$dir.tmp"
	skip "apt-get source $pkg: no version could be downloaded (tried$tried)"
}

# Extract member paths $3... of the orig tarball of source package $1 into $2,
# and note which Debian patches touch them.
extract_src() {
	pkg=$1
	out=$2
	shift 2
	dir=$APT/src/$pkg
	dsc=$(ls "$dir"/*.dsc | head -1)
	orig=$(ls "$dir"/*.orig.tar.* | head -1)
	[ -f "$orig" ] || die "$pkg: no orig tarball in $dir"
	t0=$(now)
	rm -rf "$out.tmp"
	mkdir -p "$out.tmp"
	top=$(tar -tf "$orig" | head -1 | cut -d/ -f1)
	patterns=""
	for f in "$@"; do
		patterns="$patterns $top/$f"
	done
	# shellcheck disable=SC2086
	nice tar -xf "$orig" -C "$out.tmp" --strip-components=1 --wildcards $patterns ||
		die "$pkg: extracting$patterns from $(basename "$orig") failed"
	# Debian's patch series, as Debian builds it, but only the parts of each
	# patch that touch the files kept (for QEMU these are the upstream
	# stable releases 7.2.1, 7.2.2, ...).  PIRQSIM_REAL_SRC_PATCHES=0 keeps
	# the upstream orig files as they are.
	touched=""
	deb=$(ls "$dir"/*.debian.tar.* 2>/dev/null | head -1 || true)
	if [ -n "$deb" ]; then
		pd=$out.tmp.debian
		rm -rf "$pd"
		mkdir -p "$pd"
		tar -xf "$deb" -C "$pd" --wildcards 'debian/patches/*' 2>/dev/null || true
		if [ -f "$pd/debian/patches/series" ]; then
			for p in $(sed -e 's/#.*//' -e 's/[ 	].*//' "$pd/debian/patches/series"); do
				[ -f "$pd/debian/patches/$p" ] || continue
				awk -v want="$*" '
					BEGIN { n = split(want, w, " "); for (i = 1; i <= n; i++) keep_path[w[i]] = 1 }
					/^--- / {
						l = $0
						if ((getline nx) > 0) {
							if (nx ~ /^[+][+][+] /) {
								p = nx; sub(/^[+][+][+] /, "", p); sub(/[ \t].*$/, "", p); sub(/^[^\/]*\//, "", p)
								keep = (p in keep_path)
								if (keep) { print l; print nx }
								next
							}
							if (keep) print l
							$0 = nx
						}
					}
					/^(diff |Index: )/ { keep = 0; next }
					keep { print }
				' "$pd/debian/patches/$p" >"$pd/part"
				[ -s "$pd/part" ] || continue
				files=$(sed -n 's/^+++ [^/]*\/\([^ 	]*\).*/\1/p' "$pd/part" | sort -u | tr '\n' ' ')
				if [ "${PIRQSIM_REAL_SRC_PATCHES:-1}" = 0 ]; then
					touched="$touched $p($files) not applied;"
				elif patch -p1 -s -N -d "$out.tmp" <"$pd/part" >"$pd/log" 2>&1; then
					touched="$touched $p($files)"
				else
					cat "$pd/log" >&2
					die "$pkg: Debian patch $p does not apply to$files"
				fi
			done
		fi
		rm -rf "$pd"
	fi
	rm -rf "$out"
	mv "$out.tmp" "$out"
	ver=$(sh "$(dirname "$0")/real-version.sh" "$out")
	dver=$(sed -n 's/^Version: //p' "$dsc" | head -1)
	{
		echo "$pkg $ver (Debian source $dver, $(basename "$orig") + Debian patches to these files)"
		echo "debian patches to these files:${touched:- none}"
	} >"$out/.done"
	say "$pkg: $(find "$out" -type f ! -name .done | wc -l) files, $ver, Debian $dver, $(($(now) - t0)) s"
	sed -n 2p "$out/.done" | sed "s/^/real-src: $pkg: /"
}

source_pkg() { # PKG OUTDIR FILE...
	pkg=$1
	out=$2
	if [ -f "$out/.done" ]; then
		say "$pkg: cached ($(head -1 "$out/.done"))"
		return 0
	fi
	download "$pkg"
	extract_src "$@"
}

linux 6.1
linux 6.12
source_pkg qemu "$DEST/qemu" \
	VERSION hw/xen/xen_pt_msi.c hw/xen/xen_pt.h hw/xen/xen_pt_config_init.c hw/xen/xen_pt.c
source_pkg xen "$DEST/xen" \
	xen/Makefile xen/arch/x86/irq.c xen/drivers/passthrough/x86/hvm.c \
	xen/common/event_channel.c xen/arch/x86/physdev.c
rm -f "$DEST/.skipped"
say "done: $DEST"
