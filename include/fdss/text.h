#ifndef FDSS_TEXT_H
#define FDSS_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * UTF-8 text helpers that do not depend on the caller's locale: cron and
 * CI often run with none, and wcwidth() then says -1 for Chinese.
 */

/*
 * 1 if s[0..n) is well-formed UTF-8 (no overlongs, no surrogates, nothing
 * above U+10FFFF).  Otherwise 0 and *bad (may be NULL) is the offset of
 * the first byte of the first bad sequence.
 */
int fdss_utf8_valid(const char *s, size_t n, size_t *bad);

/*
 * Decode one code point at s (n bytes available) into *cp; returns the
 * sequence length, or 0 for a bad or truncated sequence.
 */
size_t fdss_utf8_decode(const char *s, size_t n, uint32_t *cp);

/* Terminal columns of code point cp: 0 (combining), 1 or 2 (East Asian
 * wide and fullwidth, CJK, Hangul, emoji). */
int fdss_cp_width(uint32_t cp);

/* Terminal columns of the UTF-8 string s[0..n); a bad byte counts 1. */
size_t fdss_text_width(const char *s, size_t n);

/*
 * Typing variants made plain ASCII, into out (room for n + 1 bytes: the
 * result is never longer than s[0..n); NUL-terminated; returns its
 * length): the full-width forms U+FF01..U+FF5E (０-９, Ａ-Ｚ, ａ-ｚ, －, ＋
 * ...) become their ASCII characters, and the blanks U+3000 (ideographic
 * space), U+00A0 (no-break space) and U+200B (zero-width space) become
 * ' ' (U+200B is dropped).  With drop_blanks, every blank (space, tab,
 * CR, LF and those three) is removed, wherever it stands.  Anything else,
 * bad UTF-8 included, is copied unchanged.
 */
size_t fdss_text_narrow(char *out, const char *s, size_t n, int drop_blanks);

/*
 * Excel's ways of keeping a number as text, undone in place: a leading
 * apostrophe or backquote ('4501…) and the formula ="4501…".  Returns the
 * new length (s stays NUL-terminated if it was).
 */
size_t fdss_text_unexcel(char *s, size_t n);

/*
 * Numbers written in decimal, strictly: the one parser of every numeric
 * option, argument and setting.  An optional '-', then "0" or digits
 * that do not start with 0; fdss_decimal_parse() also takes a '.' and
 * at least one digit ("7.2", "0.5").  Nothing else: no '+', white space,
 * hex (0x96), octal-looking 010, exponent (1e2), inf or nan.
 * FDSS_OK with *out in [min, max]; otherwise FDSS_EDATA, *out untouched
 * and *why (may be NULL) "invalid", "too small" or "too large".
 */
int fdss_int_parse(long long *out, const char *s, long long min,
		   long long max, const char **why);
int fdss_decimal_parse(double *out, const char *s, double min, double max,
		       const char **why);

#ifdef __cplusplus
}
#endif

#endif
