/*
 * roster_read.c: reading the rows of a roster import — a table's cells
 * (CSV, or a workbook's sheet through sheet.h) or JSON lines laid out
 * into fields, unmapped cells kept as "extra", the header found and the
 * shape of a registry export handled (roster_shape.c); each row then
 * goes to roster_row.c to be checked and staged.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "roster_int.h"

/* Append "key":value to the row's extra object (value already JSON). */
static int extra_add(struct import *im, const char *key_json,
		     const char *value, size_t n, int quote)
{
	int rc = fdss__roster_buf_str(&im->extra,
				      im->extra.len > 1 ? "," : "");

	if (rc == FDSS_OK)
		rc = fdss__roster_buf_str(&im->extra, key_json);
	if (rc == FDSS_OK)
		rc = quote
			? fdss__roster_buf_json_string(&im->extra, value, n)
			: fdss__roster_buf_add(&im->extra, value, n);
	return rc;
}

static int extra_add_object(struct import *im, const cJSON *obj)
{
	const cJSON *item;
	fdss_jbuf key = FDSS_JBUF_INIT;
	int rc = FDSS_OK;

	cJSON_ArrayForEach(item, obj) {
		char *text = cJSON_PrintUnformatted(item);

		key.len = 0;
		if (!text ||
		    fdss__roster_buf_json_string(&key, item->string,
						 strlen(item->string)) ||
		    fdss__roster_buf_add(&key, ":", 1) ||
		    extra_add(im, key.s, text, strlen(text), 0))
			rc = FDSS_ENOMEM;
		free(text);
		if (rc)
			break;
	}
	fdss_jbuf_release(&key);
	return rc;
}

/* Column i of the header, cell c: its name, its field, and the JSON
 * name it has in extra when unmapped; b is scratch. */
static int header_column(struct import *im, size_t i,
			 const struct roster_val *c, fdss_jbuf *b)
{
	size_t len = c->n;
	const char *raw = c->s ? c->s : "";
	char *name;
	int f;

	/* Excel leaves blanks around header cells */
	while (len && (*raw == ' ' || *raw == '\t'))
		raw++, len--;
	while (len && (raw[len - 1] == ' ' || raw[len - 1] == '\t'))
		len--;
	if (!(name = im->colhead[i] = strndup(raw, len)))
		return fdss__db_fail(im->db, FDSS_ENOMEM, "out of memory");
	f = im->colfield[i] = roster_map_field(&im->map, name);
	b->len = 0;
	if (fdss__roster_buf_json_string(b, name, len) ||
	    fdss__roster_buf_add(b, ":", 1) ||
	    !(im->colname[i] = strdup(b->s)))
		return fdss__db_fail(im->db, FDSS_ENOMEM, "out of memory");
	if (f == F_NONE && *name)
		im->has_extra = 1;
	if (f < 0)
		return FDSS_OK;
	if (im->row.label[f])
		return fdss__db_fail(im->db, FDSS_EDATA, "%s: columns '%s' and "
				     "'%s' both give %s", im->name,
				     im->row.label[f], name,
				     roster_field_name(f));
	if (!(im->row.label[f] = strdup(name)))
		return fdss__db_fail(im->db, FDSS_ENOMEM, "out of memory");
	return FDSS_OK;
}

/* Lay out a header of n cells: the field of each column, the JSON names
 * of the unmapped ones, and that the required fields are there. */
static int csv_header(struct import *im, const struct roster_val *c, size_t n)
{
	static const int required[] = {
		F_ID_NUMBER, F_NAME, F_RELATION, F_HOUSEHOLD_NO
	};
	const size_t nreq = sizeof(required) / sizeof(required[0]);
	fdss_jbuf b = FDSS_JBUF_INIT;
	size_t i;
	int rc = FDSS_OK;

	if (!(im->colfield = calloc(n, sizeof(*im->colfield))) ||
	    !(im->colname = calloc(n, sizeof(*im->colname))) ||
	    !(im->colhead = calloc(n, sizeof(*im->colhead))))
		return fdss__db_fail(im->db, FDSS_ENOMEM, "out of memory");
	im->ncols = n;
	for (i = 0; i < n && rc == FDSS_OK; i++)
		rc = header_column(im, i, &c[i], &b);
	fdss_jbuf_release(&b);
	if (rc != FDSS_OK)
		return rc;
	for (i = 0; i < nreq; i++)
		if (!im->row.label[required[i]])
			break;
	if (i == nreq && !im->row.label[F_VILLAGE_CODE] &&
	    (!im->row.label[F_COUNTY] || !im->row.label[F_TOWNSHIP] ||
	     !im->row.label[F_VILLAGE]))
		return fdss__db_fail(im->db, FDSS_EDATA, "%s: no column for "
				     "the village: give village_code, or "
				     "county, township and village (县, 乡（镇）, "
				     "行政村 with --preset poverty-registry)",
				     im->name);
	if (i < nreq)
		return fdss__db_fail(im->db, FDSS_EDATA, "%s: no column for "
				     "%s (see --preset and --map in "
				     "fdss-import(1))", im->name,
				     roster_field_name(required[i]));
	return FDSS_OK;
}

/* Lay out the row's cells (as many as the header's) into fields. */
static int csv_row(struct import *im, const struct roster_val *c)
{
	size_t i, n = im->ncols;
	int rc = FDSS_OK;

	im->extra.len = 0;
	rc = fdss__roster_buf_add(&im->extra, "{", 1);
	for (i = 0; i < n && rc == FDSS_OK; i++) {
		size_t len = c[i].n;
		const char *s = c[i].s ? c[i].s : "";	/* an empty cell */
		int f = im->colfield[i];

		if (f >= 0) {
			im->row.v[f].s = s;
			im->row.v[f].n = len;
		} else if (f == F_NONE && len) {
			rc = extra_add(im, im->colname[i], s, len, 1);
		}
	}
	if (rc == FDSS_OK)
		rc = fdss__roster_buf_add(&im->extra, "}", 1);
	return rc ? fdss__db_fail(im->db, rc, "out of memory") : FDSS_OK;
}

/* A JSON value as the text of a field; NULL with a rejection if it
 * cannot be one. */
static int json_field(struct import *im, int f, const cJSON *item)
{
	struct roster_val *v = &im->row.v[f];

	if (cJSON_IsString(item)) {
		v->s = item->valuestring;
		v->n = strlen(item->valuestring);
	} else if (cJSON_IsNumber(item) && f != F_ID_NUMBER &&
		   f != F_PHONE && item->valuedouble > -1e15 &&
		   item->valuedouble < 1e15 &&
		   item->valuedouble == (double)(long long)
		   item->valuedouble) {
		snprintf(im->numbuf[f], sizeof(im->numbuf[f]), "%lld",
			 (long long)item->valuedouble);
		v->s = im->numbuf[f];
		v->n = strlen(v->s);
	} else if (cJSON_IsBool(item)) {
		v->s = cJSON_IsTrue(item) ? "1" : "0";
		v->n = 1;
	} else {
		return fdss__roster_reject(im, "key '%s': expected a string%s",
			item->string, cJSON_IsNumber(item) ? " (a number "
			"loses digits)" : "");
	}
	return FDSS_OK;
}

static int json_conditions(struct import *im, const cJSON *item)
{
	const cJSON *c;

	if (!cJSON_IsArray(item))
		return fdss__roster_reject(im, "key 'conditions': expected an "
					   "array");
	cJSON_ArrayForEach(c, item) {
		unsigned bit = cJSON_IsString(c)
			? fdss_condition_parse(c->valuestring) : 0;

		if (!bit)
			return fdss__roster_reject(im, "key 'conditions': "
				"unknown condition (hypertension, diabetes, "
				"tb, smi, copd, chronic)");
		im->row.conditions |= bit;
	}
	return FDSS_OK;
}

static int json_row(struct import *im, const cJSON *obj)
{
	const cJSON *item;
	fdss_jbuf key = FDSS_JBUF_INIT;
	int rc = FDSS_OK;

	memset(&im->row, 0, sizeof(im->row));
	im->extra.len = 0;
	if (fdss__roster_buf_add(&im->extra, "{", 1) != FDSS_OK)
		return fdss__db_fail(im->db, FDSS_ENOMEM, "out of memory");
	cJSON_ArrayForEach(item, obj) {
		int f = roster_map_field(&im->map, item->string);

		if (f == F_IGNORE || (cJSON_IsNull(item) && f != F_NONE))
			continue;
		if (f >= 0 && im->row.label[f])
			rc = fdss__roster_reject(im, "keys '%s' and '%s' both "
						 "give %s", im->row.label[f],
						 item->string,
						 roster_field_name(f));
		else if (f == F_CONDITIONS)
			rc = json_conditions(im, item);
		else if (f == F_EXTRA)
			rc = cJSON_IsObject(item) ? extra_add_object(im, item)
				: fdss__roster_reject(im, "key 'extra': "
						      "expected an object");
		else if (f >= 0)
			rc = json_field(im, f, item);
		else {
			char *text = cJSON_PrintUnformatted(item);

			key.len = 0;
			rc = !text || fdss__roster_buf_json_string(&key,
					item->string, strlen(item->string)) ||
			     fdss__roster_buf_add(&key, ":", 1) ||
			     extra_add(im, key.s, text, strlen(text), 0)
				? FDSS_ENOMEM : FDSS_OK;
			free(text);
		}
		if (rc)
			break;
		if (f >= 0)
			im->row.label[f] = item->string;
	}
	fdss_jbuf_release(&key);
	if (rc == FDSS_OK)
		rc = fdss__roster_buf_add(&im->extra, "}", 1);
	im->has_extra = im->extra.len > 2;
	if (rc == FDSS_ENOMEM)
		return fdss__db_fail(im->db, rc, "out of memory");
	return rc;
}

/* --- the input ----------------------------------------------------------- */

/* Reject the row with the reader's message, less its "name:line: ";
 * field (1-based, 0: none) is the CSV column it names. */
static int reader_error(struct import *im, const fdss_error *e, size_t field)
{
	const char *p = e->msg;
	size_t n = strlen(im->name);

	if (strncmp(p, im->name, n) == 0 && p[n] == ':') {
		p += n + 1;
		p += strspn(p, "0123456789");
		if (*p == ':')
			p++;
		p += strspn(p, " ");
	}
	if (field && field <= im->ncols && im->colhead[field - 1][0])
		return fdss__roster_reject(im, "%s (%s)", p,
					   im->colhead[field - 1]);
	return fdss__roster_reject(im, "%s", p);
}

/* The cells of the reader's current record, in im->cells. */
static int csv_cells(struct import *im, fdss_sheet *r, size_t *n)
{
	size_t i;

	*n = fdss_sheet_nfields(r);
	if (*n > im->cellcap) {
		struct roster_val *c = realloc(im->cells, *n * sizeof(*c));

		if (!c)
			return fdss__db_fail(im->db, FDSS_ENOMEM, "out of memory");
		im->cells = c;
		im->cellcap = *n;
	}
	for (i = 0; i < *n; i++)
		im->cells[i].s = fdss_sheet_field(r, i, &im->cells[i].n);
	return FDSS_OK;
}

/*
 * Read up to the header: the first of the first 20 records that names
 * the required columns, or the one on line --header-row.  A record that
 * cannot be read before it fails the run whole.
 */
static int read_header(struct import *im, fdss_sheet *r)
{
	fdss_error e = FDSS_ERROR_INIT;
	int rc, header = 0;
	size_t n = 0;

	while (!header) {
		rc = fdss_sheet_next(r, &e);
		if (rc == FDSS_EDATA)
			return fdss__db_fail(im->db, rc, "%s; cannot read "
					     "the header", e.msg);
		if (rc != FDSS_OK && rc != FDSS_EOF)
			return fdss__db_fail(im->db, rc, "%s", e.msg);
		if (rc == FDSS_OK && (rc = csv_cells(im, r, &n)) != FDSS_OK)
			return rc;
		if ((rc = fdss__shape_header_step(im, rc == FDSS_EOF ? 0 :
				fdss_sheet_line(r), im->cells, n,
				&header)) != FDSS_OK)
			return rc;
	}
	if ((rc = csv_header(im, im->cells, n)) != FDSS_OK ||
	    (rc = fdss__shape_fill_init(im)) != FDSS_OK)
		return rc;
	return FDSS_OK;
}

/* Is field f an identifier, digits that a number cell may have lost? */
static int field_is_code(int f)
{
	return f == F_ID_NUMBER || f == F_HOUSEHOLD_NO || f == F_PERSON_NO ||
	       f == F_VILLAGE_CODE || f == F_PHONE || f == F_HEALTH_RECORD_NO ||
	       f == F_INSURANCE_NO;
}

/* A workbook's number cells for identifiers: a whole number below 10^15
 * is exact (its digits); another may have lost digits, and is refused. */
static int number_check(struct import *im, fdss_sheet *r, size_t n)
{
	size_t i;
	char col[8];

	for (i = 0; i < n; i++) {
		const char *s = fdss_sheet_field(r, i, NULL);
		int f = im->colfield[i];

		if (f < 0 || !field_is_code(f) ||
		    fdss_sheet_kind(r, i) != FDSS_CELL_NUMBER ||
		    strspn(s, "0123456789") == strlen(s))
			continue;
		fdss_sheet_column_name(i, col);
		return fdss__roster_reject(im, "%s '%s': a number in column "
					   "%s, its digits may be lost; format "
					   "the column as text and enter the "
					   "numbers again",
					   fdss__roster_label(im, f), s, col);
	}
	return FDSS_OK;
}

/* Read, check and stage one record that the reader returned with rc. */
static int csv_record(struct import *im, fdss_sheet *r, int rc,
		      const fdss_error *e)
{
	size_t rawlen, n = 0;
	const char *raw = fdss_sheet_raw(r, &rawlen);

	if (rc == FDSS_OK && (rc = csv_cells(im, r, &n)) != FDSS_OK)
		return rc;
	if (rc == FDSS_OK && fdss__shape_skip(im, im->cells, n))
		return FDSS_OK;
	im->st->read++;
	fdss_error_clear(&im->err);
	if (rc == FDSS_EDATA) {
		rc = reader_error(im, e, fdss_sheet_error_field(r));
		fdss__shape_row_broken(im);
	} else if (n != im->ncols) {
		rc = fdss__roster_reject(im, "%zu fields, but the header "
					 "has %zu", n, im->ncols);
		fdss__shape_row_broken(im);
	} else {
		rc = fdss__shape_fill(im, im->cells);
		if (rc == FDSS_OK)
			rc = number_check(im, r, n);
		if (fdss__shape_raw(im, im->cells, &raw, &rawlen) != FDSS_OK)
			return fdss_db_error(im->db)->code;
		if (rc == FDSS_OK && (rc = csv_row(im, im->cells)) == FDSS_OK)
			rc = fdss__roster_check_row(im, raw, rawlen);
		fdss__shape_row_end(im, rc == FDSS_EDATA &&
				    im->err.code == FDSS_EDATA);
	}
	return fdss__roster_row_done(im, rc, raw, rawlen);
}

int fdss__roster_read_sheet(struct import *im, fdss_sheet *r)
{
	fdss_error e = FDSS_ERROR_INIT;
	const char *raw;
	size_t rawlen;
	int rc;

	/* a header that cannot be read is no header: the run fails whole,
	 * rather than taking a later line for it */
	if ((rc = read_header(im, r)) != FDSS_OK)
		return rc;
	raw = fdss_sheet_raw(r, &rawlen);
	if (im->o->header)
		im->o->header(im->o->arg, raw, rawlen);
	while ((rc = fdss_sheet_next(r, &e)) != FDSS_EOF) {
		im->line = fdss_sheet_line(r);
		if (rc == FDSS_EIO ||
		    (rc == FDSS_EDATA && fdss_sheet_fatal(r))) {
			rc = fdss__db_fail(im->db, rc, "%s", e.msg);
			break;
		}
		if ((rc = csv_record(im, r, rc, &e)) != FDSS_OK)
			break;
	}
	if (rc == FDSS_EOF)
		rc = fdss__roster_flush(im);
	return rc;
}

int fdss__roster_read_csv(struct import *im, FILE *in)
{
	fdss_sheet *r = NULL;
	int rc;

	if ((rc = fdss_sheet_open_csv(&r, in, im->name)) != FDSS_OK)
		return fdss__db_fail(im->db, rc, "out of memory");
	im->sheet = r;
	rc = fdss__roster_read_sheet(im, r);
	im->sheet = NULL;
	fdss_sheet_free(r);
	return rc;
}

int fdss__roster_read_jsonl(struct import *im, FILE *in)
{
	fdss_error e = FDSS_ERROR_INIT;
	fdss_jsonl *r = NULL;
	cJSON *obj = NULL;
	const char *raw;
	size_t rawlen;
	int rc;

	if ((rc = fdss_jsonl_new(&r, in, im->name)) != FDSS_OK)
		return fdss__db_fail(im->db, rc, "out of memory");
	while ((rc = fdss_jsonl_next(r, &obj, &e)) != FDSS_EOF) {
		im->line = fdss_jsonl_line(r);
		if (rc == FDSS_EIO) {
			rc = fdss__db_fail(im->db, rc, "%s", e.msg);
			break;
		}
		im->st->read++;
		fdss_error_clear(&im->err);
		raw = fdss_jsonl_raw(r, &rawlen);
		if (rc == FDSS_EDATA)
			rc = reader_error(im, &e, 0);
		else if ((rc = json_row(im, obj)) == FDSS_OK)
			rc = fdss__roster_check_row(im, raw, rawlen);
		cJSON_Delete(obj);
		obj = NULL;
		if ((rc = fdss__roster_row_done(im, rc, raw, rawlen)) != FDSS_OK)
			break;
	}
	if (rc == FDSS_EOF)
		rc = fdss__roster_flush(im);
	fdss_jsonl_free(r);
	return rc;
}

