/*
 * fdss-id: check resident identity numbers given as operands, or read
 * from stdin one per line or as JSON records with an "id_number" key,
 * and print one record per number.  No database is involved.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The common options alone. */
static const struct cli_optdef opts[] = { OPT_END };

static const char *const verbs[] = { "check", NULL };

static const struct cli_cmd cmd = {
	.name = "fdss-id",
	.usage = "fdss id check [--as-of date] [--bom] [--format format] "
		 "[--no-mask] [number ...]",
	.help = "\nCheck resident identity numbers (GB 11643): length, digits, "
		"province,\nbirth date (not after --as-of, not before 1900) and "
		"check character.\nWith no number or '-', read stdin: one number "
		"a line, or JSON records\nwith an \"id_number\" key.  Exits 65 "
		"if any number is invalid.\n",
	.opts = opts,
	.verbs = verbs,
};

/* One run of "fdss id check". */
struct check {
	struct cli *c;
	fdss_out *o;
	int mask_input;		/* mask "input" where the writer masks IDs */
	long invalid;		/* numbers and lines rejected */
};

/* Add s, or null when s is NULL; 0 when out of memory. */
static int add_str(cJSON *rec, const char *key, const char *s)
{
	return (s ? cJSON_AddStringToObject(rec, key, s)
		  : cJSON_AddNullToObject(rec, key)) != NULL;
}

/* The output record of one number; id is NULL when it is invalid. */
static cJSON *id_record(const struct check *k, const char *input,
			const fdss_id_info *id, const char *error)
{
	char masked[128], birth[FDSS_DATE_BUFSZ], warning[64], name[256];
	char sex[2] = { id ? id->sex : 0, '\0' };
	cJSON *rec = cJSON_CreateObject();
	int ok;

	if (!rec)
		return NULL;
	if (k->mask_input)
		input = fdss_mask(masked, sizeof(masked), input);
	if (id && id->unknown_region)
		snprintf(warning, sizeof(warning), "unknown county code %s",
			 id->region);
	ok = add_str(rec, "type", "id") && add_str(rec, "input", input) &&
	     add_str(rec, "id_number", id ? id->id : NULL) &&
	     cJSON_AddBoolToObject(rec, "valid", id != NULL) &&
	     add_str(rec, "error", error) &&
	     add_str(rec, "warning",
		     id && id->unknown_region ? warning : NULL) &&
	     add_str(rec, "sex", id ? sex : NULL) &&
	     add_str(rec, "birth_date",
		     id ? fdss_date_format(birth, id->birth) : NULL) &&
	     (id ? cJSON_AddNumberToObject(rec, "age",
			fdss_date_age(id->birth, k->c->today)) != NULL
		 : add_str(rec, "age", NULL)) &&
	     add_str(rec, "region", id ? id->region : NULL) &&
	     add_str(rec, "region_name", id ? fdss_region_fullname(name,
			sizeof(name), id->region) : NULL);
	if (!ok) {
		cJSON_Delete(rec);
		return NULL;
	}
	return rec;
}

/* Check one number; where ("<stdin>:3") is NULL for an operand. */
static int check_one(struct check *k, const char *where, const char *input)
{
	fdss_error err = FDSS_ERROR_INIT;
	fdss_id_info id;
	cJSON *rec;
	int rc, valid;

	valid = fdss_id_parse(&id, input, k->c->today, &err) == FDSS_OK;
	if (!valid) {
		k->invalid++;
		cli_error(k->c, "%s%s'%s': %s", where ? where : "",
			  where ? ": " : "", input, err.msg);
	}
	rec = id_record(k, input, valid ? &id : NULL, valid ? NULL : err.msg);
	if (!rec)
		return FDSS_ENOMEM;
	rc = fdss_out_record(k->o, rec);
	cJSON_Delete(rec);
	return rc;
}

/* Check the "id_number" of the JSON record in line[0..n). */
static int check_json(struct check *k, const char *where, const char *line,
		      size_t n)
{
	fdss_error err = FDSS_ERROR_INIT;
	const char *id;
	cJSON *obj = NULL;
	int rc;

	if ((rc = fdss_json_parse(&obj, line, n, &err)) != FDSS_OK) {
		cli_error(k->c, "%s: %s", where, err.msg);
	} else if (!cJSON_IsObject(obj)) {
		cli_error(k->c, "%s: not a JSON object", where);
		rc = FDSS_EDATA;
	} else if ((rc = fdss_json_get_string(obj, "id_number", &id,
					      &err)) == FDSS_OK) {
		rc = check_one(k, where, id);
	} else if (rc == FDSS_ENOTFOUND) {
		cli_error(k->c, "%s: no \"id_number\" in the record", where);
		rc = FDSS_EDATA;
	} else {
		cli_error(k->c, "%s: %s", where, err.msg);
	}
	cJSON_Delete(obj);
	if (rc == FDSS_EDATA) {
		k->invalid++;
		rc = FDSS_OK;
	}
	return rc;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Check every non-blank line of f, named name in messages. */
static int check_stream(struct check *k, FILE *f, const char *name)
{
	char *line = NULL, *p, *nul, where[64];
	size_t cap = 0, n;
	ssize_t len;
	long lineno = 0;
	int rc = FDSS_OK;

	while (rc == FDSS_OK && (len = getline(&line, &cap, f)) != -1) {
		lineno++;
		n = (size_t)len;	/* a NUL byte does not end the line */
		for (p = line; n > 0 && is_blank(*p); p++, n--)
			;
		for (; n > 0 && is_blank(p[n - 1]); n--)
			;
		if (n == 0)
			continue;
		p[n] = '\0';
		snprintf(where, sizeof(where), "%s:%ld", name, lineno);
		if (*p == '{') {
			rc = check_json(k, where, p, n);
		} else if ((nul = memchr(p, '\0', n))) {
			cli_error(k->c, "%s: column %zu: contains a NUL "
				  "character (U+0000)", where,
				  (size_t)(nul - line) + 1);
			k->invalid++;
		} else {
			rc = check_one(k, where, p);
		}
	}
	if (rc == FDSS_OK && ferror(f)) {
		cli_error(k->c, "cannot read %s", name);
		rc = FDSS_EIO;
	}
	free(line);
	return rc;
}

int main(int argc, char **argv)
{
	struct cli c;
	struct check k = { &c, NULL, 0, 0 };
	int opt, i, rc = FDSS_OK, status;

	cli_start(&c, &cmd, argc, argv);
	while ((opt = cli_getopt(&c, argc, argv)) != -1)
		cli_usage_error(&c, NULL);
	if (optind == argc)
		cli_usage_error(&c, "a verb is required");
	if (strcmp(argv[optind], "check") != 0)
		cli_usage_error(&c, "unknown verb '%s'", argv[optind]);
	cli_defaults(&c);

	k.o = cli_output(&c);
	k.mask_input = (c.format == FDSS_FORMAT_TABLE ||
			c.format == FDSS_FORMAT_CSV) &&
		       !(c.out_flags & FDSS_OUT_NO_MASK);
	if (optind + 1 == argc)
		rc = check_stream(&k, stdin, "<stdin>");
	for (i = optind + 1; i < argc && rc == FDSS_OK; i++)
		if (strcmp(argv[i], "-") == 0)
			rc = check_stream(&k, stdin, "<stdin>");
		else
			rc = check_one(&k, NULL, argv[i]);

	if (rc == FDSS_ENOMEM)
		cli_error(&c, "out of memory");
	if (rc != FDSS_OK)
		status = cli_exit_code(rc);
	else
		status = k.invalid ? EXIT_DATAERR : EXIT_OK;
	status = cli_finish(&c, k.o, status);
	cli_end(&c);
	return status;
}
