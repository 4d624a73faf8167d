#!/bin/sh
# Each man/fdss-NAME.1 SYNOPSIS against the option table of build/fdss-NAME
# (its --list-options): an option the SYNOPSIS names that the program
# lacks, or an option of the command's own that the SYNOPSIS leaves out,
# is printed and the check fails.  The common options (--db, --format,
# ...) may be named or not.  Usage: sh tests/lint-options.sh [BUILD_DIR]
b=${1:-build}
common='--as-of --bom --busy-timeout --db --format --help --list-options
--no-mask --operator --output --version'
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
bad=0
n=0
for m in man/fdss-*.1; do
	name=$(basename "$m" .1)
	prog=$b/$name
	[ -x "$prog" ] || { echo "$m: no program $prog"; bad=1; continue; }
	n=$((n + 1))
	# the options of the program (--name), without the verbs
	"$prog" --list-options | sed -n 's/^\(--[^=]*\)=\{0,1\}$/\1/p' |
		sort -u > "$tmp/table"
	# the long options the SYNOPSIS names: "Fl -name", and "| -name"
	# of the alternatives in ".Op Fl -csv | -jsonl"
	sed -n '/^\.Sh SYNOPSIS/,/^\.Sh /p' "$m" |
		grep -oE '(Fl|\|) -[A-Za-z0-9-]+' | sed 's/^[^-]* -/--/' |
		sort -u > "$tmp/man"
	printf '%s\n' $common | sort -u > "$tmp/common"
	comm -23 "$tmp/man" "$tmp/table" | sed "s|^|$m: SYNOPSIS names |; s|\$| that $name lacks|"
	comm -23 "$tmp/table" "$tmp/man" | comm -23 - "$tmp/common" |
		sed "s|^|$m: SYNOPSIS lacks $name's |"
	if [ -n "$(comm -23 "$tmp/man" "$tmp/table")" ] ||
	   [ -n "$(comm -23 "$tmp/table" "$tmp/man" | comm -23 - "$tmp/common")" ]; then
		bad=1
	fi
done
[ "$bad" = 0 ] || exit 1
echo "option tables: $n man pages agree"
