#ifndef FDSS_ERROR_H
#define FDSS_ERROR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Result codes of every fallible libfdss function.  Zero is success,
 * failures are negative.  Append only: the numbers are part of the ABI.
 */
enum fdss_rc {
	FDSS_OK = 0,		/* success */
	FDSS_EINVAL = -1,	/* a caller passed a bad argument (usage) */
	FDSS_EDATA = -2,	/* input data is malformed or breaks a rule */
	FDSS_ENOTFOUND = -3,	/* a file, record or key does not exist */
	FDSS_EEXISTS = -4,	/* the record already exists */
	FDSS_ECONFLICT = -5,	/* the change conflicts with stored state */
	FDSS_EBUSY = -6,	/* the database stayed locked past the timeout */
	FDSS_EIO = -7,		/* reading or writing a file failed */
	FDSS_ESCHEMA = -8,	/* the database schema is newer than libfdss */
	FDSS_ENOMEM = -9,	/* out of memory */
	FDSS_EINTERNAL = -10,	/* a bug or an unexpected SQLite failure */
	FDSS_EOF = 1		/* not a failure: a reader reached its end */
};

#define FDSS_ERRMSG_MAX 512

/*
 * A caller-owned error slot.  Functions that fail write a message a
 * person can act on ("check character should be 'X'") and the code.
 * Initialise with FDSS_ERROR_INIT; it owns no memory.
 */
typedef struct fdss_error {
	int code;			/* enum fdss_rc of the last failure */
	char msg[FDSS_ERRMSG_MAX];	/* message, "" when code is FDSS_OK */
} fdss_error;

#define FDSS_ERROR_INIT { FDSS_OK, "" }

/*
 * Record a failure in err (which may be NULL) and return code, so that
 * "return fdss_error_set(err, FDSS_EDATA, ...)" reads as one step.
 */
int fdss_error_set(fdss_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Reset err to success.  NULL is harmless. */
void fdss_error_clear(fdss_error *err);

/* A short English name for a result code, e.g. "bad input data". */
const char *fdss_strerror(int code);

#ifdef __cplusplus
}
#endif
#endif
