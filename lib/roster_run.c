/*
 * roster_run.c: what an import run decides and reports around its rows —
 * the input format from the option, the file name or the first byte, and
 * the --summary record of the counts.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "fdss/roster.h"

int fdss_import_format_guess(int chosen, const char *path, FILE *f)
{
	const char *dot = strrchr(path, '.');
	int ch;

	if (chosen)
		return chosen;
	if (dot && (strcmp(dot, ".jsonl") == 0 || strcmp(dot, ".ndjson") == 0 ||
		    strcmp(dot, ".json") == 0))
		return FDSS_IMPORT_JSONL;
	if (dot && strcasecmp(dot, ".xlsx") == 0)
		return FDSS_IMPORT_XLSX;
	if (dot && strcasecmp(dot, ".xls") == 0)
		return FDSS_IMPORT_XLS;
	if (strcmp(path, "-") != 0)
		return FDSS_IMPORT_CSV;
	ch = getc(f);
	if (ch != EOF)
		ungetc(ch, f);
	return ch == '{' ? FDSS_IMPORT_JSONL : FDSS_IMPORT_CSV;
}

/* key: n, or null when n is 0 (no batch, no header line). */
static cJSON *add_count_or_null(cJSON *rec, const char *key, double n)
{
	return n ? cJSON_AddNumberToObject(rec, key, n)
		 : cJSON_AddNullToObject(rec, key);
}

cJSON *fdss_import_summary_json(const fdss_import_opts *o,
				const fdss_import_stats *s)
{
	cJSON *rec = cJSON_CreateObject();

	if (rec && cJSON_AddStringToObject(rec, "type", "import") &&
	    cJSON_AddStringToObject(rec, "file", o->name) &&
	    add_count_or_null(rec, "batch", (double)s->batch_id) &&
	    cJSON_AddNumberToObject(rec, "read", s->read) &&
	    cJSON_AddNumberToObject(rec, "inserted", s->inserted) &&
	    cJSON_AddNumberToObject(rec, "updated", s->updated) &&
	    cJSON_AddNumberToObject(rec, "unchanged", s->unchanged) &&
	    cJSON_AddNumberToObject(rec, "rejected", s->rejected) &&
	    cJSON_AddNumberToObject(rec, "households", s->households) &&
	    add_count_or_null(rec, "header_row", (double)s->header_row) &&
	    cJSON_AddNumberToObject(rec, "footers", s->footers) &&
	    cJSON_AddNumberToObject(rec, "normalised", s->normalised) &&
	    cJSON_AddStringToObject(rec, "sha256", s->sha256) &&
	    cJSON_AddBoolToObject(rec, "dry_run", o->dry_run))
		return rec;
	cJSON_Delete(rec);
	return NULL;
}
