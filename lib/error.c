/* error.c: the error slot and result code names. */
#include <stdarg.h>
#include <stdio.h>

#include "fdss/error.h"
#include "fdss/version.h"

int fdss_error_set(fdss_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

void fdss_error_clear(fdss_error *err)
{
	if (!err)
		return;
	err->code = FDSS_OK;
	err->msg[0] = '\0';
}

static const struct {
	int code;
	const char *name;
} names[] = {
	{ FDSS_OK, "success" },
	{ FDSS_EINVAL, "invalid argument" },
	{ FDSS_EDATA, "bad input data" },
	{ FDSS_ENOTFOUND, "not found" },
	{ FDSS_EEXISTS, "already exists" },
	{ FDSS_ECONFLICT, "conflicts with stored data" },
	{ FDSS_EBUSY, "database is locked" },
	{ FDSS_EIO, "input/output error" },
	{ FDSS_ESCHEMA, "database schema is newer than this program" },
	{ FDSS_ENOMEM, "out of memory" },
	{ FDSS_EINTERNAL, "internal error" },
	{ FDSS_EOF, "end of input" },
};

const char *fdss_strerror(int code)
{
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].code == code)
			return names[i].name;
	return "unknown error";
}

const char *fdss_version(void)
{
	return FDSS_VERSION;
}
