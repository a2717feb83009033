#!/bin/sh
# fuzz_regressions.sh BUILD_DIR FUZZ_DIR - run every fuzz harness (linked
# with fuzz/afl_driver.c) over its seed corpus fuzz/corpus/HARNESS and its
# regressions fuzz/regressions/HARNESS: each file once, in this build (so
# under ASan + UBSan in the sanitizer build).  A crash or a broken promise
# (FUZZ_CHECK) fails the test.
build=$1
fuzz=$2
failed=0
# A libfyaml parser deliberately leaked to avoid libfyaml's crash
# (src/trace/scenario_yaml.c, destroy_crashes): its memory is libfyaml's own.
LSAN_OPTIONS=suppressions=$fuzz/lsan.supp
export LSAN_OPTIONS
for harness in scenario trail versions options logs; do
	count=0
	for dir in "$fuzz/corpus/$harness" "$fuzz/regressions/$harness"; do
		[ -d "$dir" ] || continue
		for file in "$dir"/*; do
			[ -f "$file" ] || continue
			count=$((count + 1))
			if ! "$build/fuzz_$harness" "$file" >/dev/null 2>"$build/fuzz_$harness.err"; then
				echo "FAIL fuzz_$harness $file:"
				sed 's/^/     /' "$build/fuzz_$harness.err" | head -20
				failed=$((failed + 1))
			fi
		done
	done
	echo "fuzz_$harness: $count inputs"
done
[ "$failed" -eq 0 ]
