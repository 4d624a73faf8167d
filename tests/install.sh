#!/bin/sh
# make check's install test: `make install DESTDIR=…` of the build in $1,
# then a tiny C program built against the installed headers and library
# through pkg-config, and the installed fdss finding its commands; then
# `make install PREFIX=…` after a `make` with the default PREFIX (issue
# 10): the installed fdss runs its commands and fdss.pc names that
# prefix.  The build in $1 is made again with its default PREFIX after.
set -eu
b=${1:-build}
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
fail() { echo "install: $*"; exit 1; }
make --no-print-directory -s install B="$b" DESTDIR="$dest" >/dev/null
prefix=$(sed -n 's/^prefix=//p' "$b/fdss.pc")
export PKG_CONFIG_PATH="$dest$prefix/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$dest"
cat > "$dest/t.c" <<'C'
#include <stdio.h>
#include <fdss/fdss.h>

int main(void)
{
	fdss_id_info id;
	fdss_error err = FDSS_ERROR_INIT;
	int rc = fdss_id_parse(&id, "11010519491231002X",
			       fdss_date_from_ymd(2026, 11, 22), &err);

	printf("%s %d %c\n", fdss_version(), rc, id.sex);
	return rc != FDSS_OK;
}
C
cc -o "$dest/t" "$dest/t.c" $(pkg-config --cflags --libs fdss)
out=$(LD_LIBRARY_PATH="$dest$prefix/lib" "$dest/t")
[ "$out" = "$(sed -n 's/^Version: //p' "$b/fdss.pc") 0 F" ] || {
	echo "install: the program built against fdss.pc printed '$out'"
	exit 1
}
# the same program as C++: every public header has its extern "C"
cp "$dest/t.c" "$dest/t.cc"
c++ -o "$dest/tcc" "$dest/t.cc" $(pkg-config --cflags --libs fdss) || {
	echo "install: the public headers do not compile as C++"
	exit 1
}
out=$(LD_LIBRARY_PATH="$dest$prefix/lib" "$dest/tcc")
[ "$out" = "$(sed -n 's/^Version: //p' "$b/fdss.pc") 0 F" ] || {
	echo "install: the C++ program built against fdss.pc printed '$out'"
	exit 1
}
# the shared library exports the public API (fdss_x…) and nothing else
hidden=$(nm -D --defined-only "$dest$prefix/lib/libfdss.so.0" |
	 awk '$2 ~ /^[TDBR]$/ && $3 !~ /^fdss_[a-z]/ { print $3 }' | head -n 5)
[ -z "$hidden" ] || {
	echo "install: libfdss.so exports private symbols: $hidden"
	exit 1
}
for f in bin/fdss include/fdss/fdss.h lib/libfdss.a lib/libfdss.so.0 \
	 share/man/man1/fdss.1 share/man/man7/fdss.7 \
	 share/bash-completion/completions/fdss \
	 share/zsh/site-functions/_fdss libexec/fdss/fdss-init; do
	[ -e "$dest$prefix/$f" ] || { echo "install: $prefix/$f missing"; exit 1; }
done
# The DESTDIR tree is not where its fdss was built for: it finds its
# commands in ../libexec/fdss from itself.
FDSS_DB="$dest/d.db" "$dest$prefix/bin/fdss" init >/dev/null 2>&1 ||
	fail "fdss init from $prefix under DESTDIR exited $?"

# make (the build's PREFIX), then make install PREFIX=elsewhere.
make --no-print-directory -s all B="$b" >/dev/null
p="$dest/x"
make --no-print-directory -s install B="$b" PREFIX="$p" >/dev/null
export FDSS_DB="$dest/x.db"
"$p/bin/fdss" init >/dev/null 2>&1 || fail "$p/bin/fdss init exited $?"
"$p/bin/fdss" id check 11010519491231002X >/dev/null 2>&1 ||
	fail "$p/bin/fdss id check exited $?"
"$p/bin/fdss" --list-commands | grep -qx init ||
	fail "$p/bin/fdss --list-commands does not list init"
got=$(PKG_CONFIG_PATH="$p/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR= \
	pkg-config --variable=prefix fdss)
[ "$got" = "$p" ] || fail "fdss.pc installed in $p says prefix=$got"
got=$(PKG_CONFIG_PATH="$p/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR= \
	pkg-config --libs fdss)
[ "${got% }" = "-L$p/lib -lfdss" ] || fail "fdss.pc in $p gives '$got'"
# the compiled-in path is the new one too, beyond the relative lookup
strings "$b/fdss" | grep -qx "$p/libexec/fdss" ||
	fail "$b/fdss was not rebuilt for PREFIX=$p"
make --no-print-directory -s all B="$b" >/dev/null
strings "$b/fdss" | grep -qx "$prefix/libexec/fdss" ||
	fail "$b/fdss was not rebuilt for PREFIX=$prefix"

echo "install: $(ls "$dest$prefix/libexec/fdss" | wc -l) commands, library, headers, fdss.pc, man pages and completions installed; a C and a C++ program built with pkg-config run, the .so exports only fdss_ symbols; PREFIX=… after make installs a tree that runs"
