#ifndef FDSS_TEXT_H
#define FDSS_TEXT_H

#include <stddef.h>
#include <stdint.h>

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

#endif
