#!/bin/sh
# make check's install test: `make install DESTDIR=…` of the build in $1,
# then a tiny C program built against the installed headers and library
# through pkg-config, and the installed fdss finding its commands.
set -eu
b=${1:-build}
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
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
for f in bin/fdss include/fdss/fdss.h lib/libfdss.a lib/libfdss.so.0 \
	 share/man/man1/fdss.1 share/man/man7/fdss.7 \
	 share/bash-completion/completions/fdss \
	 share/zsh/site-functions/_fdss libexec/fdss/fdss-init; do
	[ -e "$dest$prefix/$f" ] || { echo "install: $prefix/$f missing"; exit 1; }
done
echo "install: $(ls "$dest$prefix/libexec/fdss" | wc -l) commands, library, headers, fdss.pc, man pages and completions installed; a program built with pkg-config runs"
