#!/bin/sh
# install.sh BUILD_DIR CMAKE - `cmake --install` into a temporary prefix puts
# every file in place; the installed command runs; `man -M PREFIX/share/man
# pirqsim` renders (groff when man is missing); a C program compiled with
# `pkg-config --cflags --libs pirqsim` against the installed header and
# library links and runs.  Prints "N passed, M failed" last.
build=$(realpath "$1")
cmake=$2
. "$(dirname "$0")/expect.sh" "$build/pirqsim" "$(dirname "$0")"

prefix=$tmp/prefix
check "cmake --install --prefix" sh -c '"$0" --install "$1" --prefix "$2" > install.log' "$cmake" "$build" "$prefix"
check "bin/pirqsim" test -x "$prefix/bin/pirqsim"
if [ -x "$build/pirqsim-mpi" ]; then
	check "bin/pirqsim-mpi (built here)" test -x "$prefix/bin/pirqsim-mpi"
fi
check "include/pirqsim.h" test -f "$prefix/include/pirqsim.h"
check "libpirqsim.a" test -n "$(find "$prefix" -name libpirqsim.a)"
pc=$(find "$prefix" -name pirqsim.pc)
check "pkgconfig/pirqsim.pc" test -n "$pc"
check "bash completion" test -f "$prefix/share/bash-completion/completions/pirqsim"
check "zsh completion" test -f "$prefix/share/zsh/site-functions/_pirqsim"
check "man page pirqsim(1)" test -f "$prefix/share/man/man1/pirqsim.1"
for c in $("$prefix/bin/pirqsim" --help | sed -n '/^commands:/,/^$/s/^  \([a-z]*\) .*/\1/p'); do
	check "man page pirqsim-$c(1)" test -f "$prefix/share/man/man1/pirqsim-$c.1"
done
check "share/pirqsim/real/build.py (--linux-src)" test -x "$prefix/share/pirqsim/real/build.py"
check "share/pirqsim/real/shim/linux_shim.h" test -f "$prefix/share/pirqsim/real/shim/linux_shim.h"
check "installed build.py finds its shim" sh -c 'python3 "$0/share/pirqsim/real/build.py" --tree /nonexistent --cache "$1" 2>&1 | grep -q "Makefile"' "$prefix" "$tmp/cache"
check "installed pirqsim --linux-src uses the installed build.py" sh -c 'env -u PIRQSIM_REAL_TOOLS "$0" check --nvme 1 --linux-src /nonexistent 2>&1 | grep -q "build.py: .*/nonexistent/Makefile"' "$prefix/bin/pirqsim"
check "installed pirqsim --version" sh -c '"$0" --version | grep -q "^pirqsim [0-9]"' "$prefix/bin/pirqsim"

# The man page renders: with man when it is a real man, else with groff.
if command -v man > /dev/null && MANPAGER=cat MANWIDTH=80 man -M "$prefix/share/man" pirqsim > man.out 2>&1 &&
	grep -q "NAME" man.out; then
	check "man -M PREFIX/share/man pirqsim renders" grep -q "pirqsim - model and check" man.out
	MANPAGER=cat MANWIDTH=80 man -M "$prefix/share/man" pirqsim-run > man-run.out 2>&1
	check "man pirqsim-run has DESCRIPTION, EXAMPLES and EXIT STATUS" \
		sh -c 'grep -q "^DESCRIPTION" man-run.out && grep -q "^EXAMPLES" man-run.out && grep -q "^EXIT STATUS" man-run.out'
elif command -v groff > /dev/null; then
	echo "note: man is not usable here; rendering with groff instead"
	check "groff renders pirqsim(1)" sh -c 'groff -man -Tutf8 "$0" 2>/dev/null | grep -q "pirqsim - model and check"' \
		"$prefix/share/man/man1/pirqsim.1"
else
	echo "note: neither man nor groff is installed; the man pages are checked by presence only"
fi

# A program built against the installed header and library.
cat > tiny.c <<'C'
#include <stdio.h>
#include <pirqsim.h>
int main(void)
{
	printf("%s %s %s\n", PIRQSIM_VERSION_STRING, pirqsim_rules_hash(), pirqsim_builtin_name(0));
	return pirqsim_builtin_count() > 0 ? 0 : 1;
}
C
pcdir=$(dirname "$pc")
if command -v pkg-config > /dev/null && command -v cc > /dev/null; then
	check "cc tiny.c \$(pkg-config --cflags --libs pirqsim)" sh -c \
		'cc tiny.c -o tiny $(PKG_CONFIG_PATH="$0" pkg-config --cflags --libs pirqsim) 2> cc.log || { cat cc.log; false; }' \
		"$pcdir"
	check "the program runs and names a built-in scenario" sh -c './tiny > tiny.out && grep -q "nvme-2017" tiny.out'
	check "pkg-config --modversion pirqsim is the version" \
		sh -c 'test "$(PKG_CONFIG_PATH="$0" pkg-config --modversion pirqsim)" = "$(cut -d" " -f1 tiny.out)"' "$pcdir"
else
	echo "note: pkg-config or cc missing; the link test is skipped"
fi
finish
