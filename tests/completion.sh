#!/bin/sh
# completion.sh PIRQSIM COMPLETIONS_DIR - bash and zsh completion offer the
# commands of `pirqsim --help` and, for each, exactly the options of
# `pirqsim COMMAND --help` (plus --help).  Regenerate both files with
#   python3 scripts/gen-completion.py build/pirqsim
# Prints "N passed, M failed" last.
. "$(dirname "$0")/expect.sh" "$1" "$2"
completions=$tests # expect.sh made it absolute
bash_file=$completions/pirqsim.bash
zsh_file=$completions/_pirqsim

commands=$("$pirqsim" --help | sed -n '/^commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }')
check "bash completion lists the commands" \
	test "$(echo $commands)" = "$(sed -n "s/^_pirqsim_commands='\(.*\)'$/\1/p" "$bash_file")"
check "zsh completion lists the commands" \
	test "$(echo $commands)" = "$(sed -n "s/^	'\([a-z]*\):.*'$/\1/p" "$zsh_file" | tr '\n' ' ' | sed 's/ $//')"
for c in $commands; do
	# an option starts a help line "  --...", or follows two spaces or "(also " on one
	"$pirqsim" "$c" --help | grep -E '^  --' | grep -oE '(^ +|  |\(also )--[a-z][a-z0-9-]*' |
		sed 's/^(also //; s/^ *//' > want
	echo --help >> want
	sort -u want -o want
	sed -n "s/^_pirqsim_options_$c='\(.*\)'$/\1/p" "$bash_file" | tr ' ' '\n' | sort -u > bash.got
	awk -v c="$c" '$0 == c ")" { on = 1; next } on && /^\t;;/ { on = 0 } on' "$zsh_file" |
		grep -oE "^		'--[a-z][a-z0-9-]*" | tr -d "\t'" | sort -u > zsh.got
	if cmp -s want bash.got; then check "bash: $c options are its --help's" true; else
		diff want bash.got | sed 's/^/     /'; check "bash: $c options are its --help's" false; fi
	if cmp -s want zsh.got; then check "zsh: $c options are its --help's" true; else
		diff want zsh.got | sed 's/^/     /'; check "zsh: $c options are its --help's" false; fi
done

# The bash function itself: commands, options, files after a FILE option.
check "bash: the completion file parses" bash -n "$bash_file"
complete_words() { # WORDS... -> COMPREPLY, one per line
	bash -c '. "$0"; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _pirqsim; printf "%s\n" "${COMPREPLY[@]}"' \
		"$bash_file" "$@"
}
check "bash: pirqsim ch<TAB> is check" test "$(complete_words pirqsim ch)" = check
check "bash: pirqsim --v<TAB> is --version" test "$(complete_words pirqsim --v)" = --version
check "bash: check --ker<TAB> is --kernel" test "$(complete_words pirqsim check --ker)" = --kernel
touch some.trail
check "bash: run --trail so<TAB> offers the file" test "$(complete_words pirqsim run --trail so)" = some.trail
if command -v zsh > /dev/null; then
	check "zsh: the completion file parses" zsh -n "$zsh_file"
else
	echo "note: zsh is not installed; the zsh file is checked by its option lists only"
fi
finish
