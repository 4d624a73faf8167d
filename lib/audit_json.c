/*
 * audit_json.c: the JSON shape of an audit entry as fdss audit and
 * fdss person show --history print it, its one-line change summary, and
 * the masking of the identifiers in both.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* An ID number's shape: 17 digits and a digit or X.  Stored numbers are
 * all 18 characters; a 15-digit string is as likely a household number
 * (county, township, village, sequence), so only a personal key masks
 * one. */
static int id_shaped(const char *s)
{
	size_t i;

	if (strlen(s) != 18)
		return 0;
	for (i = 0; i < 18; i++)
		if ((s[i] < '0' || s[i] > '9') &&
		    !(i == 17 && (s[i] == 'X' || s[i] == 'x')))
			return 0;
	return 1;
}

/* A key whose string values are personal identifiers: those the writer
 * masks, and a contract entry's "member". */
static int personal(const char *key)
{
	return key && (fdss_out_is_personal(key) || !strcmp(key, "member"));
}

/* The masked copy of s (the caller's), or NULL when out of memory. */
static char *masked(const char *s)
{
	size_t n = strlen(s) + 1;
	char *m = malloc(n > 5 ? n : 5);

	return m ? fdss_mask(m, n > 5 ? n : 5, s) : NULL;
}

/* Mask the identifiers under object or array v: strings of an ID
 * number's shape, and every string under a personal key.  0 when out
 * of memory. */
static int mask_tree(cJSON *v)
{
	cJSON *c, *item;
	char *m;

	if (cJSON_IsObject(v) || cJSON_IsArray(v)) {
		for (c = v->child; c; c = c->next) {
			if (cJSON_IsString(c) && c->valuestring &&
			    ((cJSON_IsObject(v) && personal(c->string)) ||
			     id_shaped(c->valuestring))) {
				if (!(m = masked(c->valuestring)))
					return 0;
				item = cJSON_CreateString(m);
				free(m);
				if (!item)
					return 0;
				/* the key moves to the new item */
				item->string = c->string;
				item->type |= c->type & cJSON_StringIsConst;
				c->string = NULL;
				if (!cJSON_ReplaceItemViaPointer(v, c, item))
					return 0;
				c = item;
			} else if (!mask_tree(c)) {
				return 0;
			}
		}
	}
	return 1;
}

/* key with each part between seps of an ID number's shape masked (the
 * caller's), or NULL when out of memory: the parts of a row key
 * ("ID:KIND"), the words of a command line.  A masked part is never
 * longer than the part. */
static char *mask_parts(const char *key, const char *sep)
{
	size_t n = strlen(key), i = 0, o = 0, len;
	char *out = malloc(n + 1), *part = malloc(n + 1), *m;

	if (!out || !part)
		goto fail;
	while (i <= n) {
		len = strcspn(key + i, sep);
		memcpy(part, key + i, len);
		part[len] = '\0';
		m = NULL;
		if (id_shaped(part) && !(m = masked(part)))
			goto fail;
		memcpy(out + o, m ? m : part, strlen(m ? m : part));
		o += strlen(m ? m : part);
		free(m);
		i += len;
		if (key[i])
			out[o++] = key[i];
		i++;
	}
	out[o] = '\0';
	free(part);
	return out;
fail:
	free(out);
	free(part);
	return NULL;
}

/* The JSON value of a stored before or after (NULL: null), masked when
 * mask.  Text that is not JSON is kept as a string.  NULL when out of
 * memory. */
static cJSON *value_of(const char *text, int mask)
{
	cJSON *v;

	if (!text)
		return cJSON_CreateNull();
	if (!(v = cJSON_Parse(text)))
		v = cJSON_CreateString(text);
	if (v && mask) {
		if (cJSON_IsString(v) && id_shaped(v->valuestring)) {
			char *m = masked(v->valuestring);

			cJSON_Delete(v);
			v = m ? cJSON_CreateString(m) : NULL;
			free(m);
		} else if (!mask_tree(v)) {
			cJSON_Delete(v);
			v = NULL;
		}
	}
	return v;
}

/* Call fn for each field that differs between objects b and a (either
 * may be null): b's fields in order, then those only a has. */
static int diff(const cJSON *b, const cJSON *a,
		int (*fn)(const char *field, const cJSON *bv, const cJSON *av,
			  void *arg),
		void *arg)
{
	const cJSON *bo = cJSON_IsObject(b) ? b : NULL;
	const cJSON *ao = cJSON_IsObject(a) ? a : NULL;
	const cJSON *c, *o;
	int rc;

	cJSON_ArrayForEach(c, bo) {
		o = ao ? cJSON_GetObjectItemCaseSensitive(ao, c->string)
		       : NULL;
		if ((!o || !cJSON_Compare(c, o, 1)) &&
		    (rc = fn(c->string, c, o, arg)) != 0)
			return rc;
	}
	cJSON_ArrayForEach(c, ao) {
		if (bo && cJSON_GetObjectItemCaseSensitive(bo, c->string))
			continue;
		if ((rc = fn(c->string, NULL, c, arg)) != 0)
			return rc;
	}
	return 0;
}

/* A value as summary text: a string as it is, else compact JSON. */
static void put_value(FILE *f, const cJSON *v)
{
	char *s;

	if (!v) {
		fputs("-", f);
	} else if (cJSON_IsString(v)) {
		fputs(v->valuestring, f);
	} else if ((s = cJSON_PrintUnformatted(v))) {
		fputs(s, f);
		cJSON_free(s);
	}
}

/* The summary being written, and what kind of change it is. */
struct summary {
	FILE *f;
	int kind;	/* 'n' new, 'd' deleted, 'u' updated */
	int n;		/* fields written */
};

static int summary_field(const char *field, const cJSON *bv,
			 const cJSON *av, void *arg)
{
	struct summary *s = arg;

	/* a new row's empty fields, and the codec's "type" (the table's
	 * record), say nothing */
	if (s->kind != 'u' && (cJSON_IsNull(s->kind == 'n' ? av : bv) ||
			       strcmp(field, "type") == 0))
		return 0;
	fputs(s->n++ ? (s->kind == 'u' ? "; " : ", ") : "", s->f);
	fputs(field, s->f);
	if (s->kind == 'u') {
		fputs(": ", s->f);
		put_value(s->f, bv);
		fputs(" \u2192 ", s->f);
		put_value(s->f, av);
	} else {
		fputc('=', s->f);
		put_value(s->f, s->kind == 'n' ? av : bv);
	}
	return 0;
}

/* "member=ID: " before the changes of an entry about one member of a
 * contract (the same "member" on both sides), which say nothing of
 * whom they are about. */
static void put_member(FILE *f, const cJSON *b, const cJSON *a)
{
	const cJSON *mb = cJSON_GetObjectItemCaseSensitive(b, "member");
	const cJSON *ma = cJSON_GetObjectItemCaseSensitive(a, "member");

	if (cJSON_IsString(mb) && cJSON_Compare(mb, ma, 1)) {
		fputs("member=", f);
		put_value(f, mb);
		fputs(": ", f);
	}
}

/* The summary of the parsed b and a. */
static char *summarize(const cJSON *b, const cJSON *a)
{
	struct summary s = { NULL, 'u', 0 };
	char *text = NULL;
	size_t len;

	if (!(s.f = open_memstream(&text, &len)))
		return NULL;
	if (cJSON_IsNull(b) && !cJSON_IsNull(a)) {
		s.kind = 'n';
		fputs("new: ", s.f);
	} else if (cJSON_IsNull(a) && !cJSON_IsNull(b)) {
		s.kind = 'd';
		fputs("deleted: ", s.f);
	} else {
		put_member(s.f, b, a);
	}
	if (!cJSON_IsObject(cJSON_IsNull(b) ? a : b) &&
	    !cJSON_Compare(b, a, 1))
		summary_field("row", cJSON_IsNull(b) ? NULL : b,
			      cJSON_IsNull(a) ? NULL : a, &s);
	else
		diff(b, a, summary_field, &s);
	if (s.n == 0)
		fputs("no change", s.f);
	if (fclose(s.f) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

char *fdss_audit_change(const fdss_audit_entry *e, int mask)
{
	cJSON *b = value_of(e->before, mask), *a = value_of(e->after, mask);
	char *s = b && a ? summarize(b, a) : NULL;

	cJSON_Delete(b);
	cJSON_Delete(a);
	return s;
}

static int changes_field(const char *field, const cJSON *bv,
			 const cJSON *av, void *arg)
{
	cJSON *one = cJSON_CreateObject();

	if (!one || !cJSON_AddItemToArray(arg, one) ||
	    !cJSON_AddStringToObject(one, "field", field) ||
	    !cJSON_AddItemToObject(one, "before", bv ? cJSON_Duplicate(bv, 1)
					       : cJSON_CreateNull()) ||
	    !cJSON_AddItemToObject(one, "after", av ? cJSON_Duplicate(av, 1)
					      : cJSON_CreateNull()))
		return -1;
	return 0;
}

/* Summary s cut to FDSS_AUDIT_CHANGE_COLUMNS terminal columns, its end
 * replaced by "…", when it is wider: s itself or, grown, a new block
 * that replaces it; NULL (s freed) when out of memory. */
static char *shorten(char *s)
{
	size_t n = strlen(s), i = 0, w = 0, len;
	uint32_t cp;
	char *grown;

	if (fdss_text_width(s, n) <= FDSS_AUDIT_CHANGE_COLUMNS)
		return s;
	while (i < n) {
		if (!(len = fdss_utf8_decode(s + i, n - i, &cp))) {
			len = 1;
			cp = '?';
		}
		if (w + (size_t)fdss_cp_width(cp) >= FDSS_AUDIT_CHANGE_COLUMNS)
			break;
		w += (size_t)fdss_cp_width(cp);
		i += len;
	}
	if (!(grown = realloc(s, i + 4))) {
		free(s);
		return NULL;
	}
	memcpy(grown + i, "\u2026", 4);	/* 3 bytes and the NUL */
	return grown;
}

/* Add "change" and "changes" to rec as flags ask, from b and a. */
static int put_changes(cJSON *rec, const cJSON *b, const cJSON *a,
		       unsigned flags)
{
	cJSON *list;
	char *s;
	int ok;

	if (flags & FDSS_AUDIT_JSON_CHANGE) {
		if (!(s = summarize(b, a)))
			return 0;
		if ((flags & FDSS_AUDIT_JSON_SHORT) && !(s = shorten(s)))
			return 0;
		ok = fdss__put_str(rec, "change", s);
		free(s);
		if (!ok)
			return 0;
	}
	if (!(flags & FDSS_AUDIT_JSON_CHANGES))
		return 1;
	if (!(list = cJSON_AddArrayToObject(rec, "changes")))
		return 0;
	return diff(b, a, changes_field, list) == 0;
}

cJSON *fdss_audit_to_json(const fdss_audit_entry *e, unsigned flags)
{
	int mask = (flags & FDSS_AUDIT_JSON_MASK) != 0;
	cJSON *rec = cJSON_CreateObject();
	cJSON *b = value_of(e->before, mask), *a = value_of(e->after, mask);
	char *key = mask ? mask_parts(e->row_key, ":") : NULL;
	char *command = mask && e->command ? mask_parts(e->command, " ")
					   : NULL;

	if (!rec || !b || !a || (mask && !key) ||
	    (mask && e->command && !command) ||
	    !fdss__put_str(rec, "type", "audit") ||
	    !fdss__put_int(rec, "id", e->id, 0) ||
	    !fdss__put_str(rec, "at", e->at) ||
	    !fdss__put_str(rec, "operator", e->operator_name) ||
	    !fdss__put_str(rec, "command", command ? command : e->command) ||
	    !fdss__put_str(rec, "table", e->table_name) ||
	    !fdss__put_str(rec, "key", mask ? key : e->row_key) ||
	    !put_changes(rec, b, a, flags) ||
	    !cJSON_AddItemToObject(rec, "before", b) ||
	    (b = NULL, !cJSON_AddItemToObject(rec, "after", a)) ||
	    (a = NULL, !fdss__put_str(rec, "reason", e->reason))) {
		cJSON_Delete(rec);
		rec = NULL;
	}
	cJSON_Delete(b);
	cJSON_Delete(a);
	free(key);
	free(command);
	return rec;
}
