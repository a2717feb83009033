#!/bin/sh
# build.sh [SCDOC] - docs/man/*.scd -> docs/man/*.1 (the committed copies).
# Run from anywhere; needs scdoc (Debian package scdoc).
set -eu
scdoc=${1:-scdoc}
cd "$(dirname "$0")"
for source in *.scd; do
	"$scdoc" < "$source" > "${source%.scd}.tmp"
	mv "${source%.scd}.tmp" "${source%.scd}"
done
echo "man pages: $(ls *.1 | tr '\n' ' ')"
