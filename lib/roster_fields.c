/*
 * roster_fields.c: what a roster row means — the fields a column can
 * map to, the poverty-registry preset, --map, and the checks of one row
 * that need no database (ID number, name, relation, health, poverty
 * attribute, years, sex and birth date against the ID number).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "roster_int.h"

/* English field names, in enum roster_field order. */
static const char *const field_names[NFIELDS] = {
	"household_no", "person_no", "village_code", "county", "township",
	"village", "name", "id_number", "relation", "ethnicity", "education",
	"health", "poverty_attr", "poverty_exit_year", "phone", "sex",
	"birth_date", "address", "health_record_no", "insurance_no",
	"disabled", "low_income", "special_family", "serious_illness",
	"conditions", "extra",
};

/* Keys of the person record that an import reads past: what `fdss
 * person list` prints besides the fields above, and the error column of
 * a rejects file. */
static const char *const ignored_keys[] = {
	"type", "age", "groups", "batch", "status", "status_date",
	"status_reason", "village_path", "poverty", "error",
};

/* The poverty-registry export's Chinese headers (domain.md §1). */
static const struct {
	const char *column;
	int field;
} poverty_registry[] = {
	{ "县", F_COUNTY },
	{ "乡（镇）", F_TOWNSHIP },
	{ "乡(镇)", F_TOWNSHIP },
	{ "乡镇", F_TOWNSHIP },
	{ "行政村", F_VILLAGE },
	{ "户编号", F_HOUSEHOLD_NO },
	{ "人编号", F_PERSON_NO },
	{ "姓名", F_NAME },
	{ "证件号码", F_ID_NUMBER },
	{ "身份证号码", F_ID_NUMBER },
	{ "与户主关系", F_RELATION },
	{ "民族", F_ETHNICITY },
	{ "文化程度", F_EDUCATION },
	{ "健康状况", F_HEALTH },
	{ "贫困户属性", F_POVERTY_ATTR },
	{ "脱贫年份", F_POVERTY_EXIT_YEAR },
	{ "联系电话", F_PHONE },
	{ "性别", F_SEX },
	{ "出生日期", F_BIRTH_DATE },
	{ "家庭住址", F_ADDRESS },
};

static const char *const relations[] = {
	"户主", "本人", "配偶", "之子", "之女", "之儿媳", "之女婿",
	"之孙子", "之孙女", "之外孙子", "之外孙女", "之曾孙子", "之曾孙女",
	"之父", "之母", "之岳父", "之岳母", "之公公", "之婆婆",
	"之祖父", "之祖母", "之外祖父", "之外祖母", "之兄弟姐妹",
	"之兄", "之弟", "之姐", "之妹", "其他",
};

const char *roster_field_name(int field)
{
	return field >= 0 && field < NFIELDS ? field_names[field] : "?";
}

int fdss_relation_valid(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(relations) / sizeof(relations[0]); i++)
		if (strcmp(s, relations[i]) == 0)
			return 1;
	return 0;
}

/* The head's own row: 户主, or 本人 as some registries write it. */
int roster_relation_is_head(const char *s, size_t n)
{
	return (n == strlen("户主") && memcmp(s, "户主", n) == 0) ||
	       (n == strlen("本人") && memcmp(s, "本人", n) == 0);
}

static int field_by_name(const char *s, size_t n)
{
	int i;

	for (i = 0; i < NFIELDS; i++)
		if (strlen(field_names[i]) == n && memcmp(field_names[i], s, n) == 0)
			return i;
	return F_NONE;
}

int roster_map_init(struct roster_map *m, const char *preset,
		    const char *map, fdss_error *err)
{
	const char *p, *eq, *end;

	memset(m, 0, sizeof(*m));
	if (preset && strcmp(preset, "poverty-registry") != 0)
		return fdss_error_set(err, FDSS_EINVAL,
				      "unknown preset '%s' (known: "
				      "poverty-registry)", preset);
	m->preset = preset != NULL;
	for (p = map; p && *p; p = *end ? end + 1 : end) {
		struct roster_rename *r;

		end = p + strcspn(p, ",");
		eq = memchr(p, '=', (size_t)(end - p));
		if (!eq || eq == p || eq + 1 == end)
			return fdss_error_set(err, FDSS_EINVAL,
					      "--map '%.*s': expected "
					      "COLUMN=field", (int)(end - p), p);
		if (m->nrenames == ROSTER_MAX_RENAMES)
			return fdss_error_set(err, FDSS_EINVAL,
					      "--map: more than %d renames",
					      ROSTER_MAX_RENAMES);
		r = &m->renames[m->nrenames];
		r->field = field_by_name(eq + 1, (size_t)(end - eq - 1));
		if (r->field == F_NONE || r->field == F_EXTRA)
			return fdss_error_set(err, FDSS_EINVAL,
					      "--map '%.*s': unknown field "
					      "'%.*s' (see fdss-import(1))",
					      (int)(end - p), p,
					      (int)(end - eq - 1), eq + 1);
		if ((size_t)(eq - p) >= sizeof(r->column))
			return fdss_error_set(err, FDSS_EINVAL,
					      "--map: column name too long");
		memcpy(r->column, p, (size_t)(eq - p));
		r->column[eq - p] = '\0';
		m->nrenames++;
	}
	return FDSS_OK;
}

int roster_map_field(const struct roster_map *m, const char *column)
{
	size_t i, n = strlen(column);
	int f;

	for (i = 0; i < m->nrenames; i++)
		if (strcmp(m->renames[i].column, column) == 0)
			return m->renames[i].field;
	if ((f = field_by_name(column, n)) != F_NONE)
		return f;
	if (m->preset)
		for (i = 0; i < sizeof(poverty_registry) /
			    sizeof(poverty_registry[0]); i++)
			if (strcmp(poverty_registry[i].column, column) == 0)
				return poverty_registry[i].field;
	for (i = 0; i < sizeof(ignored_keys) / sizeof(ignored_keys[0]); i++)
		if (strcmp(ignored_keys[i], column) == 0)
			return F_IGNORE;
	return F_NONE;
}

/* Trim ASCII blanks (Excel pads cells) in place by adjusting s and n. */
static void trim(struct roster_val *v)
{
	while (v->n && (*v->s == ' ' || *v->s == '\t'))
		v->s++, v->n--;
	while (v->n && (v->s[v->n - 1] == ' ' || v->s[v->n - 1] == '\t' ||
			v->s[v->n - 1] == '\r'))
		v->n--;
}

void roster_row_trim(struct roster_row *row)
{
	int i;

	for (i = 0; i < NFIELDS; i++)
		if (row->v[i].s)
			trim(&row->v[i]);
}

/* Fail with "LABEL 'VALUE': why"; LABEL is the input's own column name. */
static int bad(const struct roster_row *row, int f, fdss_error *err,
	       const char *why)
{
	const struct roster_val *v = &row->v[f];

	if (!v->s || !v->n)
		return fdss_error_set(err, FDSS_EDATA, "%s: %s", row->label[f]
				      ? row->label[f] : field_names[f], why);
	return fdss_error_set(err, FDSS_EDATA, "%s '%.*s': %s",
			      row->label[f] ? row->label[f] : field_names[f],
			      (int)(v->n > 200 ? 200 : v->n), v->s, why);
}

/* A boolean cell: true/false, 1/0, 是/否, yes/no; empty is false. */
static int parse_flag(const struct roster_val *v, int *out)
{
	static const char *const yes[] = { "1", "true", "yes", "是", "y" };
	static const char *const no[] = { "0", "false", "no", "否", "n", "" };
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (strlen(yes[i]) == v->n && memcmp(yes[i], v->s, v->n) == 0)
			return *out = 1, 1;
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (strlen(no[i]) == v->n && memcmp(no[i], v->s, v->n) == 0)
			return *out = 0, 1;
	return 0;
}

/* Copy v into buf (size n) with the fullwidth separators ，；、 made ','. */
static int split_copy(char *buf, size_t n, const struct roster_val *v)
{
	static const char *const wide[] = { "，", "；", "、" };
	size_t i = 0, o = 0, k;

	while (i < v->n) {
		if (o + 1 >= n)
			return -1;
		for (k = 0; k < sizeof(wide) / sizeof(wide[0]); k++)
			if (v->n - i >= 3 && memcmp(v->s + i, wide[k], 3) == 0)
				break;
		if (k < sizeof(wide) / sizeof(wide[0])) {
			buf[o++] = ',';
			i += 3;
		} else {
			buf[o++] = v->s[i++];
		}
	}
	buf[o] = '\0';
	return 0;
}

/* 健康状况: one or more of 健康, 长期慢性病, 患有大病, 残疾. */
static int check_health(const struct roster_row *row, struct roster_person *p,
			fdss_error *err)
{
	char buf[256], *tok, *next;
	size_t len;

	if (split_copy(buf, sizeof(buf), &row->v[F_HEALTH]) != 0)
		return bad(row, F_HEALTH, err, "too long");
	for (tok = buf; *tok; tok = next) {
		len = strcspn(tok, ",;/ ");
		next = tok[len] ? tok + len + 1 : tok + len;
		tok[len] = '\0';
		if (!len || strcmp(tok, "健康") == 0)
			continue;
		if (strcmp(tok, "长期慢性病") == 0)
			p->conditions |= FDSS_COND_CHRONIC;
		else if (strcmp(tok, "患有大病") == 0)
			p->serious_illness = 1;
		else if (strcmp(tok, "残疾") == 0)
			p->disabled = 1;
		else
			return bad(row, F_HEALTH, err, "expected 健康, "
				   "长期慢性病, 患有大病 or 残疾");
	}
	return FDSS_OK;
}

/* 贫困户属性: any of the three kinds makes the person a registry member. */
static int check_poverty(const struct roster_row *row, struct roster_person *p,
			 fdss_error *err)
{
	const struct roster_val *v = &row->v[F_POVERTY_ATTR];

	if (!v->n)
		return FDSS_OK;
#define IS(lit) (v->n == strlen(lit) && memcmp(v->s, lit, v->n) == 0)
	if (IS("低保贫困户"))
		p->low_income = 1;
	else if (!IS("一般贫困户") && !IS("特困供养贫困户"))
		return bad(row, F_POVERTY_ATTR, err, "expected 一般贫困户, "
			   "低保贫困户 or 特困供养贫困户");
#undef IS
	p->poverty = 1;
	return FDSS_OK;
}

static int check_year(const struct roster_row *row, fdss_date ref,
		      struct roster_person *p, fdss_error *err)
{
	const struct roster_val *v = &row->v[F_POVERTY_EXIT_YEAR];
	int y = 0, ry;
	size_t i;

	if (!v->n)
		return FDSS_OK;
	for (i = 0; i < v->n; i++) {
		if (v->s[i] < '0' || v->s[i] > '9' || i >= 4)
			return bad(row, F_POVERTY_EXIT_YEAR, err,
				   "expected a year");
		y = y * 10 + (v->s[i] - '0');
	}
	fdss_date_to_ymd(ref, &ry, NULL, NULL);
	if (v->n != 4 || y < 1978 || y > ry)
		return bad(row, F_POVERTY_EXIT_YEAR, err,
			   "expected a year from 1978 to this year");
	p->exit_year = y;
	return FDSS_OK;
}

/* A 性别 or 出生日期 column must agree with the ID number. */
static int check_derived(const struct roster_row *row,
			 const struct roster_person *p, fdss_error *err)
{
	const struct roster_val *sex = &row->v[F_SEX], *b = &row->v[F_BIRTH_DATE];
	char want[64];
	int male;

	if (sex->n) {
		male = (sex->n == 1 && (*sex->s == 'M' || *sex->s == 'm')) ||
		       (sex->n == 3 && memcmp(sex->s, "男", 3) == 0);
		if (!male && !((sex->n == 1 && (*sex->s == 'F' ||
						*sex->s == 'f')) ||
			       (sex->n == 3 && memcmp(sex->s, "女", 3) == 0)))
			return bad(row, F_SEX, err, "expected 男 or 女 (M or F)");
		if (male != (p->id.sex == 'M')) {
			snprintf(want, sizeof(want), "the ID number says %s",
				 p->id.sex == 'M' ? "男 (M)" : "女 (F)");
			return bad(row, F_SEX, err, want);
		}
	}
	if (b->n) {
		char compact[9];
		int same = b->n == 10 && memcmp(b->s, p->birth, 10) == 0;

		/* Excel also writes 19491231 and 1949/12/31 */
		if (!same && b->n == 8) {
			memcpy(compact, p->birth, 4);
			memcpy(compact + 4, p->birth + 5, 2);
			memcpy(compact + 6, p->birth + 8, 2);
			same = memcmp(compact, b->s, 8) == 0;
		}
		if (!same && b->n == 10 && b->s[4] == '/' && b->s[7] == '/')
			same = memcmp(b->s, p->birth, 4) == 0 &&
			       memcmp(b->s + 5, p->birth + 5, 2) == 0 &&
			       memcmp(b->s + 8, p->birth + 8, 2) == 0;
		if (!same) {
			snprintf(want, sizeof(want), "the ID number says %s",
				 p->birth);
			return bad(row, F_BIRTH_DATE, err, want);
		}
	}
	return FDSS_OK;
}

static int check_flags(const struct roster_row *row, struct roster_person *p,
		       fdss_error *err)
{
	static const int fields[] = {
		F_DISABLED, F_LOW_INCOME, F_SPECIAL_FAMILY, F_SERIOUS_ILLNESS
	};
	int *flags[] = {
		&p->disabled, &p->low_income, &p->special_family,
		&p->serious_illness
	};
	size_t i;
	int v;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (!row->v[fields[i]].s)
			continue;
		if (!parse_flag(&row->v[fields[i]], &v))
			return bad(row, fields[i], err,
				   "expected true or false (是 or 否)");
		*flags[i] |= v;
	}
	return FDSS_OK;
}

/* 与户主关系: one of the known relations. */
static int check_relation(const struct roster_row *row, fdss_error *err)
{
	const struct roster_val *v = &row->v[F_RELATION];
	char rel[64];

	if (!v->n)
		return bad(row, F_RELATION, err, "empty");
	if (v->n >= sizeof(rel))
		return bad(row, F_RELATION, err, "unknown relation");
	memcpy(rel, v->s, v->n);
	rel[v->n] = '\0';
	if (!fdss_relation_valid(rel))
		return bad(row, F_RELATION, err, "unknown relation (户主, "
			   "配偶, 之子, 之女, 之父, 之母, 之孙子, 其他 ...)");
	return FDSS_OK;
}

int roster_row_check(const struct roster_row *row, fdss_date ref,
		     struct roster_person *p, fdss_error *err)
{
	fdss_error e = FDSS_ERROR_INIT;
	char id[256], why[FDSS_ERRMSG_MAX];
	const struct roster_val *v = &row->v[F_ID_NUMBER];
	size_t n;
	int rc;

	memset(p, 0, sizeof(*p));
	if (!v->n)
		return bad(row, F_ID_NUMBER, err, "empty");
	if (v->n >= sizeof(id))
		return bad(row, F_ID_NUMBER, err, "too long");
	/* full-width digits, blanks inside, 'x': judged as meant */
	n = fdss_id_normalise(id, v->s, v->n);
	p->id_normalised = n != v->n || memcmp(id, v->s, n) != 0;
	if (fdss_id_parse(&p->id, id, ref, &e) != FDSS_OK) {
		/* 4.50521E+17: Excel stored the column as a number */
		if (strstr(id, "E+") || strstr(id, "e+"))
			snprintf(e.msg, sizeof(e.msg), "a number in Excel's "
				 "scientific format, digits lost: format the "
				 "column as text before saving");
		else if (p->id_normalised && n < 64) {
			snprintf(why, sizeof(why), "%.300s (read as '%.63s')", e.msg,
				 id);
			memcpy(e.msg, why, sizeof(e.msg));
		}
		return bad(row, F_ID_NUMBER, err, e.msg);
	}
	fdss_date_format(p->birth, p->id.birth);
	if (!row->v[F_NAME].n)
		return bad(row, F_NAME, err, "empty");
	if (!row->v[F_HOUSEHOLD_NO].n)
		return bad(row, F_HOUSEHOLD_NO, err, "empty");
	if ((rc = check_relation(row, err)) != FDSS_OK)
		return rc;
	p->conditions = row->conditions;
	if ((rc = check_derived(row, p, err)) != FDSS_OK ||
	    (row->v[F_HEALTH].s && (rc = check_health(row, p, err)) != FDSS_OK) ||
	    (row->v[F_POVERTY_ATTR].s &&
	     (rc = check_poverty(row, p, err)) != FDSS_OK) ||
	    (rc = check_year(row, ref, p, err)) != FDSS_OK ||
	    (rc = check_flags(row, p, err)) != FDSS_OK)
		return rc;
	return FDSS_OK;
}

int fdss__roster_field_value(const char *field, const char *s, fdss_date ref,
			     char *out, size_t n, fdss_error *err)
{
	struct roster_row row;
	struct roster_person p;
	int f = field_by_name(field, strlen(field)), v, rc = FDSS_OK;

	memset(&row, 0, sizeof(row));
	memset(&p, 0, sizeof(p));
	if (f == F_NONE)
		return fdss_error_set(err, FDSS_EINVAL, "%s: no such field",
				      field);
	row.v[f].s = s ? s : "";
	row.v[f].n = strlen(row.v[f].s);
	trim(&row.v[f]);
	if (f == F_NAME && !row.v[f].n)
		return bad(&row, f, err, "empty");
	if (f == F_RELATION)
		rc = check_relation(&row, err);
	else if (f == F_POVERTY_EXIT_YEAR && (rc = check_year(&row, ref, &p,
							      err)) == FDSS_OK)
		return snprintf(out, n, "%.0d", p.exit_year), FDSS_OK;
	if (f == F_DISABLED || f == F_LOW_INCOME || f == F_SPECIAL_FAMILY ||
	    f == F_SERIOUS_ILLNESS) {
		if (!parse_flag(&row.v[f], &v))
			return bad(&row, f, err,
				   "expected true or false (是 or 否)");
		return snprintf(out, n, "%d", v), FDSS_OK;
	}
	if (rc == FDSS_OK && row.v[f].n >= n)
		return bad(&row, f, err, "too long");
	if (rc == FDSS_OK)
		snprintf(out, n, "%.*s", (int)row.v[f].n, row.v[f].s);
	return rc;
}
