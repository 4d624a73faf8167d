/*
 * roster_util.c: what every file of the roster import shares, below
 * them all — text over fdss_jbuf, stepping and binding a statement, and
 * rejecting the current row.  It calls none of them.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "roster_int.h"

/* --- text ---------------------------------------------------------------- */

int fdss__roster_buf_add(fdss_jbuf *b, const char *s, size_t n)
{
	fdss_jbuf_add(b, s, n);
	return fdss_jbuf_rc(b);
}

int fdss__roster_buf_str(fdss_jbuf *b, const char *s)
{
	return fdss__roster_buf_add(b, s, strlen(s));
}

/* Append s[0..n) as a JSON string literal: every control character as
 * \u00xx, as the import has always stored them. */
int fdss__roster_buf_json_string(fdss_jbuf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, start = 0;
	int rc = fdss__roster_buf_add(b, "\"", 1);

	for (i = 0; i < n && rc == FDSS_OK; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[7] = "\\u00";

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		rc = fdss__roster_buf_add(b, s + start, i - start);
		if (c == '"' || c == '\\') {
			esc[1] = (char)c;
			esc[2] = '\0';
		} else {
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			esc[6] = '\0';
		}
		if (rc == FDSS_OK)
			rc = fdss__roster_buf_str(b, esc);
		start = i + 1;
	}
	if (rc == FDSS_OK)
		rc = fdss__roster_buf_add(b, s + start, n - start);
	return rc ? rc : fdss__roster_buf_add(b, "\"", 1);
}

/* --- statements ---------------------------------------------------------- */

int fdss__roster_step_done(struct import *im, sqlite3_stmt *st,
			   const char *what)
{
	int rc = sqlite3_step(st);

	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		rc = fdss__db_sqlfail(im->db, rc, what);
		sqlite3_reset(st);
		return rc;
	}
	sqlite3_reset(st);
	return FDSS_OK;
}

int fdss__roster_bind_str(sqlite3_stmt *st, int i, const char *s)
{
	return s ? sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC)
		 : sqlite3_bind_null(st, i);
}

int fdss__roster_bind_fail(struct import *im, sqlite3_stmt *st,
			   int sqlite_rc, const char *what)
{
	int rc = fdss__db_sqlfail(im->db, sqlite_rc, what);

	sqlite3_reset(st);
	return rc;
}

/* --- rejections ---------------------------------------------------------- */

int fdss__roster_reject(struct import *im, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(im->err.msg, sizeof(im->err.msg), fmt, ap);
	va_end(ap);
	im->err.code = FDSS_EDATA;
	return FDSS_EDATA;
}

const char *fdss__roster_label(struct import *im, int f)
{
	return im->row.label[f] ? im->row.label[f] : roster_field_name(f);
}
