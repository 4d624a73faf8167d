# A throwaway PostgreSQL server for the tests and the benchmark, sourced:
#
#   . tests/pg.sh
#   pg_start || exit 1    # sets PG_DIR and PG_URL, or says why not on stderr
#   trap pg_stop EXIT
#
# initdb and pg_ctl (Debian postgresql, /usr/lib/postgresql/N/bin) in a
# new temporary folder, on a Unix socket in it (no TCP port), trust
# authentication for the superuser "fdss".  Run as root (CI), the server
# runs as the unprivileged user "nobody", who owns the folder.

pg_bindir() {
	local d
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
		[ -x "$d/initdb" ] && { echo "$d"; return 0; }
	done
	command -v initdb >/dev/null 2>&1 && dirname "$(command -v initdb)"
}

_pg_as() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u nobody -- "$@"
	else
		"$@"
	fi
}

pg_start() {
	local bin
	bin=$(pg_bindir) || true
	if [ -z "$bin" ]; then
		echo "pg_start: no initdb: install the Debian package postgresql" >&2
		return 1
	fi
	PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/fdss-pg.XXXXXX") || return 1
	chmod 755 "$PG_DIR"
	[ "$(id -u)" = 0 ] && chown nobody "$PG_DIR"
	if ! _pg_as "$bin/initdb" -D "$PG_DIR/data" -U fdss --auth=trust \
		-E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1; then
		echo "pg_start: initdb failed: $(tail -n 3 "$PG_DIR/initdb.log")" >&2
		return 1
	fi
	if ! _pg_as "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
		-o "-c listen_addresses='' -k $PG_DIR -c fsync=off \
		    -c full_page_writes=off -c synchronous_commit=off \
		    ${PG_OPTS:-}" start >/dev/null 2>&1; then
		echo "pg_start: the server did not start: $(tail -n 3 "$PG_DIR/server.log")" >&2
		return 1
	fi
	PG_BIN=$bin
	PG_URL="postgresql:///postgres?host=$PG_DIR&user=fdss"
	export PG_DIR PG_URL PG_BIN
}

# A new empty database NAME on the server; its URL on stdout.
pg_createdb() {
	"$PG_BIN/createdb" -h "$PG_DIR" -U fdss "$1" &&
		echo "postgresql:///$1?host=$PG_DIR&user=fdss"
}

pg_stop() {
	[ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ] || return 0
	_pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop \
		>/dev/null 2>&1
	rm -rf "$PG_DIR"
	PG_DIR=
}
