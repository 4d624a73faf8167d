/*
 * condition_name.c: the names of the chronic conditions and their bits
 * (fdss_condition_name, _parse, _list_parse).  Below every module: it
 * calls nothing of the library.
 */
#include <string.h>

#include "internal.h"

/* By bit: FDSS_COND_HYPERTENSION is the first. */
static const char *const condition_names[] = {
	"hypertension", "diabetes", "tb", "smi", "copd", "chronic"
};

#define NCONDITIONS (sizeof(condition_names) / sizeof(condition_names[0]))

const char *fdss_condition_name(unsigned bit)
{
	size_t i;

	for (i = 0; i < NCONDITIONS; i++)
		if (bit == 1u << i)
			return condition_names[i];
	return NULL;
}

unsigned fdss_condition_parse(const char *name)
{
	size_t i;

	for (i = 0; name && i < NCONDITIONS; i++)
		if (strcmp(name, condition_names[i]) == 0)
			return 1u << i;
	return 0;
}

unsigned fdss_condition_list_parse(const char *list)
{
	unsigned bits = 0;
	char name[32];
	size_t n;

	while (list && *list) {
		n = strcspn(list, ",");
		if (n < sizeof(name)) {		/* longer: not a name */
			memcpy(name, list, n);
			name[n] = '\0';
			bits |= fdss_condition_parse(name);
		}
		list += n + (list[n] == ',');
	}
	return bits;
}
