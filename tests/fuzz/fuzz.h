/*
 * Shared by the libFuzzer targets (make fuzz): each target is one C file
 * defining LLVMFuzzerTestOneInput() over one reader or parser of the
 * library.  A target checks properties, not only the absence of a crash:
 * what a parser accepts it must accept again after a round trip.
 */
#ifndef FDSS_FUZZ_H
#define FDSS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A property the input broke: a finding, reported as a crash. */
#define FUZZ_ASSERT(cond)                                                    \
	do {                                                                 \
		if (!(cond)) {                                               \
			fprintf(stderr, "%s:%d: property failed: %s\n",      \
				__FILE__, __LINE__, #cond);                  \
			abort();                                             \
		}                                                            \
	} while (0)

/* The input as a read-only stream (NULL for an empty input). */
static inline FILE *fuzz_stream(const uint8_t *data, size_t size)
{
	return size ? fmemopen((void *)data, size, "rb") : NULL;
}

/* The input as a NUL-terminated string (the caller frees it). */
static inline char *fuzz_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#endif
