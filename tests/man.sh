#!/bin/sh
# man.sh PIRQSIM MAN_DIR - the man pages are in sync: every command's
# generated source (docs/man/gen-scd.py, from `pirqsim COMMAND --help`) is
# the committed .scd, every page has DESCRIPTION, EXAMPLES and EXIT STATUS,
# and each committed .1 is what scdoc makes of its .scd (the date line
# aside).  Regenerate with: python3 docs/man/gen-scd.py build/pirqsim &&
# sh docs/man/build.sh.  Prints "N passed, M failed" last.
. "$(dirname "$0")/expect.sh" "$1" "$2"
man=$tests # expect.sh made it absolute
mkdir generated
python3 "$man/gen-scd.py" "$pirqsim" generated > /dev/null
for f in generated/*.scd; do
	check "$(basename "$f") is generated from --help" cmp -s "$f" "$man/$(basename "$f")"
done
for f in "$man"/*.scd; do
	check "$(basename "$f") has DESCRIPTION, EXAMPLES and EXIT STATUS" sh -c \
		'grep -q "^# DESCRIPTION" "$0" && grep -q "^# EXAMPLES" "$0" && grep -q "^# EXIT STATUS" "$0"' "$f"
done
if command -v scdoc > /dev/null; then
	for f in "$man"/*.scd; do
		scdoc < "$f" | grep -v '^\.TH' > rendered
		check "$(basename "${f%.scd}") is scdoc of its source" sh -c 'grep -v "^\.TH" "$0" | cmp -s - rendered' "${f%.scd}"
	done
else
	echo "note: scdoc is not installed; the .1 files are not compared with their sources"
fi
finish
