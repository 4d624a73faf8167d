#ifndef FDSS_JBUF_H
#define FDSS_JBUF_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Compact JSON text built straight into a growing buffer, for records
 * written by the million: no tree, no allocation per value.  The text
 * is what cJSON_PrintUnformatted() prints for the same values (the same
 * escapes, integers as cJSON writes them), so a record reads the same
 * whichever way it was made.
 *
 * Commas are placed by the builder: a key or an array element after a
 * value gets one.  An allocation failure is sticky: later calls do
 * nothing, and fdss_jbuf_rc() says FDSS_ENOMEM.
 */
typedef struct fdss_jbuf {
	char *s;		/* the text, NUL-terminated; NULL until used */
	size_t len;		/* its length */
	size_t cap;		/* allocated size of s */
	int failed;		/* out of memory: the text is incomplete */
} fdss_jbuf;

#define FDSS_JBUF_INIT { NULL, 0, 0, 0 }

/* Empty b for the next text, keeping its memory. */
void fdss_jbuf_reset(fdss_jbuf *b);

/* Free b's memory; b may be reused after. */
void fdss_jbuf_release(fdss_jbuf *b);

/* FDSS_OK, or FDSS_ENOMEM if any call failed since the last reset. */
int fdss_jbuf_rc(const fdss_jbuf *b);

/* '{' or '[' (after a comma when a value came before), '}' or ']'. */
void fdss_jbuf_open(fdss_jbuf *b, char c);
void fdss_jbuf_close(fdss_jbuf *b, char c);

/* "key": inside an object. */
void fdss_jbuf_key(fdss_jbuf *b, const char *key);

/* Values: a string (null for NULL), an integer, true/false, null. */
void fdss_jbuf_str(fdss_jbuf *b, const char *s);
void fdss_jbuf_int(fdss_jbuf *b, int64_t v);
void fdss_jbuf_bool(fdss_jbuf *b, int v);
void fdss_jbuf_null(fdss_jbuf *b);

/* n bytes of JSON text taken as one value (already well-formed). */
void fdss_jbuf_raw(fdss_jbuf *b, const char *text, size_t n);

/* n bytes appended as they are, no comma: b as a plain text buffer. */
void fdss_jbuf_add(fdss_jbuf *b, const char *s, size_t n);

/* Room for n more bytes and a NUL, so that pointers into b->s stay
 * valid while at most n bytes are added.  FDSS_OK or FDSS_ENOMEM. */
int fdss_jbuf_reserve(fdss_jbuf *b, size_t n);

/* "key":value in one call, for the common cases. */
void fdss_jbuf_kstr(fdss_jbuf *b, const char *key, const char *s);
void fdss_jbuf_kint(fdss_jbuf *b, const char *key, int64_t v);

/*
 * A record as its fields rather than its text: the key and the value as
 * it is, so that a writer that wants cells (csv, a table) need not read
 * the text back.  fdss_jbuf_fields() makes the text of the same record.
 */
enum fdss_jfield_kind {
	FDSS_JFIELD_NULL = 0,	/* null; s unused */
	FDSS_JFIELD_STR,	/* a string: s NUL-terminated, n = strlen(s),
				 * not escaped */
	FDSS_JFIELD_JSON	/* any other value: s[0..n) its compact JSON
				 * text, as this builder writes it */
};

typedef struct fdss_jfield {
	const char *key;	/* the key (not escaped: plain ASCII) */
	int kind;		/* enum fdss_jfield_kind */
	const char *s;		/* the value, borrowed */
	size_t n;		/* its length */
} fdss_jfield;

/* The object of fields f[0..n) in order, as one value. */
void fdss_jbuf_fields(fdss_jbuf *b, const fdss_jfield *f, size_t n);

#ifdef __cplusplus
}
#endif

#endif
