# bash completion for fdss.  Commands come from `fdss --list-commands`,
# a command's verbs and options from `fdss NAME --list-options`, so the
# completion never drifts from the programs.

_fdss()
{
	local cur prev i cmd="" cmdi=0 words list
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}

	# The command is the first word that is neither an option nor the
	# value of a global option.
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		--db|--as-of) ((i++)) ;;
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; cmdi=$i; break ;;
		esac
	done

	case $prev in
	--db|--rejects|--summary)
		COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--sheet)
		return ;;	# a workbook's sheet: its name or number
	--format)
		words="table jsonl csv json"
		[ "$cmd" = report ] || [ "$cmd" = check ] && words="$words html xlsx"
		case $cmd in person|household) words="$words xlsx" ;; esac
		COMPREPLY=($(compgen -W "$words" -- "$cur")); return ;;
	--by)
		COMPREPLY=($(compgen -W "county township village team" -- "$cur")); return ;;
	--check)
		COMPREPLY=($(compgen -W "$(fdss check --list 2>/dev/null | awk '{ print $1 }')" -- "$cur")); return ;;
	--lang)
		COMPREPLY=($(compgen -W "zh en" -- "$cur")); return ;;
	--program)
		COMPREPLY=($(compgen -W "hypertension diabetes smi tb elderly chronic referral" -- "$cur")); return ;;
	--level)
		COMPREPLY=($(compgen -W "province city county township village" -- "$cur")); return ;;
	--as-of)
		COMPREPLY=($(compgen -W "$(date +%F)" -- "$cur")); return ;;
	# fdss export --since: today, UTC, as the audit log keeps time
	--since)
		COMPREPLY=($(compgen -W "$(date -u +%F)" -- "$cur")); return ;;
	--reason)
		[ "$cmd" = terminate ] &&
			COMPREPLY=($(compgen -W "moved unreachable refused request death duplicate other" -- "$cur"))
		return ;;
	--table)
		[ "$cmd" = audit ] &&
			COMPREPLY=($(compgen -W "person household condition contract followup referral team team_member setting rule package fee_schedule population area" -- "$cur"))
		return ;;
	member)
		[ "$cmd" = team ] &&
			COMPREPLY=($(compgen -W "add remove" -- "$cur")) && return ;;
	population)
		[ "$cmd" = area ] &&
			COMPREPLY=($(compgen -W "import" -- "$cur")) && return ;;
	--set)	# fdss fix TABLE KEY --set FIELD=: the table's fixable fields
		[ "$cmd" = fix ] && compopt -o nospace 2>/dev/null
		[ "$cmd" = fix ] && COMPREPLY=($(compgen -W "$(fdss fix --fields \
			"${COMP_WORDS[cmdi+1]}" --format jsonl 2>/dev/null |
			sed -n 's/.*"field":"\([^"]*\)".*/\1=/p')" -- "$cur"))
		return ;;
	esac

	if [ -z "$cmd" ]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--help --version --list-commands --db --as-of" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$(fdss --list-commands 2>/dev/null)" -- "$cur"))
		fi
		return
	fi

	list=$(fdss "$cmd" --list-options 2>/dev/null)
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(printf '%s\n' $list | grep '^-' | sed 's/=$//')" -- "$cur"))
	elif ((COMP_CWORD == cmdi + 1)) && words=$(printf '%s\n' $list | grep -v '^-') && [ -n "$words" ]; then
		COMPREPLY=($(compgen -W "$words" -- "$cur"))
	else
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
}
complete -F _fdss fdss
