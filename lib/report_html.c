/*
 * report_html.c: a report as one self-contained HTML page — no external
 * file, font or script, the style inline — with the title, an inline-SVG
 * horizontal bar chart per chart of the spec, and the table of every
 * record, printable on A4.
 *
 * Elements carry what a test (or a program) needs to read the page back:
 * each bar is a <rect class="bar" data-label="…" data-value="…">, each
 * target a <line class="target" data-target="…">, each table cell a
 * <td data-key="…">.  The page is made from the records alone: every
 * number on it is the record's number, formatted by the column's kind.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "fdss/output.h"
#include "fdss/report.h"
#include "fdss/text.h"
#include "fdss/version.h"
#include "report_int.h"

/* The chart's geometry, in CSS pixels. */
#define SVG_WIDTH	720	/* whole chart */
#define LABEL_WIDTH	180	/* labels, right-aligned before the bars */
#define BAR_WIDTH	440	/* the longest bar */
#define ROW_HEIGHT	22	/* one bar and its gap */
#define BAR_HEIGHT	16
#define LABEL_COLUMNS	26	/* display columns a label keeps (CJK: 2) */

struct page {
	FILE *f;
	unsigned flags;		/* FDSS_OUT_* */
	int lang;		/* enum fdss_report_lang */
	const fdss_report_spec *spec;
	const char *const *group;	/* keys heading groups of rows, or NULL */
	int failed;		/* a write failed */
};

/* One bar of a chart. */
struct bar {
	const char *label;	/* borrowed from a record; NULL: none */
	const cJSON *value;	/* borrowed; NULL or null: no value */
	const cJSON *target;	/* borrowed; NULL: no target */
	double count;		/* counting chart: the records counted */
};

static void put(struct page *p, const char *s, size_t n)
{
	if (n && fwrite(s, 1, n, p->f) != n)
		p->failed = 1;
}

static void puts_(struct page *p, const char *s)
{
	put(p, s, strlen(s));
}

/*
 * s[0..n) escaped for text and attribute values: & < > " ' as
 * references, control characters as spaces, a bad UTF-8 byte as U+FFFD.
 */
static void put_esc_n(struct page *p, const char *s, size_t n)
{
	size_t i = 0, len, start = 0;
	const char *rep;
	uint32_t cp;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];

		rep = NULL;
		len = 1;
		if (c == '&')
			rep = "&amp;";
		else if (c == '<')
			rep = "&lt;";
		else if (c == '>')
			rep = "&gt;";
		else if (c == '"')
			rep = "&quot;";
		else if (c == '\'')
			rep = "&#39;";
		else if (c < 0x20 || c == 0x7F)
			rep = " ";
		else if (c >= 0x80 && !(len = fdss_utf8_decode(s + i, n - i,
								 &cp))) {
			rep = "\xEF\xBF\xBD";
			len = 1;
		}
		if (rep) {
			put(p, s + start, i - start);
			puts_(p, rep);
			start = i + len;
		}
		i += len;
	}
	put(p, s + start, n - start);
}

static void put_esc(struct page *p, const char *s)
{
	put_esc_n(p, s, strlen(s));
}

static void putf(struct page *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void putf(struct page *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (vfprintf(p->f, fmt, ap) < 0)
		p->failed = 1;
	va_end(ap);
}

static const char *caption(const struct page *p, const char *zh,
			   const char *en)
{
	if (p->lang == FDSS_LANG_EN && en)
		return en;
	return zh ? zh : en ? en : "";
}

static const fdss_report_column *column_of(const fdss_report_spec *spec,
					   const char *key)
{
	size_t i;

	for (i = 0; key && i < spec->ncols; i++)
		if (!strcmp(spec->cols[i].key, key))
			return &spec->cols[i];
	return NULL;
}

/* A number as the records print it: integers whole, else up to 15 digits. */
static void number_text(char *buf, size_t n, double v)
{
	if (fabs(v) < 9007199254740992.0 && v == (double)(long long)v)
		snprintf(buf, n, "%lld", (long long)v);
	else
		snprintf(buf, n, "%.15g", v);
}

/*
 * The text of value v in a cell of kind (0: not a column), into buf (n
 * bytes, at least 64) or *heap (freed by the caller).  null or absent:
 * "—" for numbers and truth values, "" for text, dates and identifiers.
 */
static const char *cell_text(const struct page *p, int kind, const cJSON *v,
			     char *buf, size_t n, char **heap)
{
	int number = kind == FDSS_REPORT_INT || kind == FDSS_REPORT_RATE ||
		     kind == FDSS_REPORT_YUAN || kind == FDSS_REPORT_BOOL;

	*heap = NULL;
	if (!v || cJSON_IsNull(v))
		return number ? "\xE2\x80\x94" : "";
	if (cJSON_IsBool(v)) {
		if (p->lang == FDSS_LANG_EN)
			return cJSON_IsTrue(v) ? "yes" : "no";
		return cJSON_IsTrue(v) ? "\xE6\x98\xAF" : "\xE5\x90\xA6";
	}
	if (cJSON_IsNumber(v)) {
		if (kind == FDSS_REPORT_RATE)
			snprintf(buf, n, "%.1f%%", v->valuedouble);
		else if (kind == FDSS_REPORT_YUAN)
			snprintf(buf, n, "%.2f", v->valuedouble);
		else
			number_text(buf, n, v->valuedouble);
		return buf;
	}
	if (cJSON_IsString(v)) {
		if (kind != FDSS_REPORT_ID || (p->flags & FDSS_OUT_NO_MASK) ||
		    !*v->valuestring)
			return v->valuestring;
		n = strlen(v->valuestring) + sizeof("****");
		if (!(*heap = malloc(n)))
			return NULL;
		return fdss_mask(*heap, n, v->valuestring);
	}
	return (*heap = cJSON_PrintUnformatted(v));
}

/* The text of v in column key (or none) written escaped. */
static int put_value(struct page *p, const char *key, const cJSON *v)
{
	const fdss_report_column *col = column_of(p->spec, key);
	char buf[64], *heap;
	const char *s = cell_text(p, col ? col->kind : 0, v, buf, sizeof(buf),
				  &heap);

	if (!s)
		return FDSS_ENOMEM;
	put_esc(p, s);
	free(heap);
	return FDSS_OK;
}

static const char style[] =
	"body{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\","
	"\"WenQuanYi Micro Hei\",\"Microsoft YaHei\",\"PingFang SC\","
	"sans-serif;font-size:13px;color:#222;margin:16px}\n"
	"h1{font-size:20px;margin:0 0 4px}\n"
	"h2{font-size:15px;margin:16px 0 4px}\n"
	"p.meta{color:#555;margin:0 0 12px}\n"
	"p.legend{color:#555;font-size:11px;margin:0 0 4px}\n"
	"section.chart svg{display:block;max-width:100%;height:auto}\n"
	"svg text{font-size:12px;fill:#222}\n"
	"rect.track{fill:#f0f0f0}\n"
	"rect.bar{fill:#4a7ebb}\n"
	"rect.bar.below{fill:#d9822b}\n"
	"line.axis{stroke:#888;stroke-width:1}\n"
	"line.target{stroke:#c0392b;stroke-width:2;stroke-dasharray:4 2}\n"
	"table{border-collapse:collapse;margin-top:16px}\n"
	"th,td{border:1px solid #bbb;padding:2px 6px;text-align:left;"
	"white-space:nowrap}\n"
	"th{background:#eee}\n"
	"td.num{text-align:right;font-variant-numeric:tabular-nums}\n"
	"tbody tr:nth-child(even){background:#f7f7f7}\n"
	"tr.group th{background:#dde6f0;text-align:left}\n"
	"@media print{\n"
	"body{margin:0;font-size:9pt}\n"
	"th,td{padding:1px 4px}\n"
	"thead{display:table-header-group}\n"
	"tr,section.chart{break-inside:avoid}\n"
	"tbody tr:nth-child(even){background:none}\n"
	"}\n";

static void put_head(struct page *p, size_t nrecords)
{
	const char *title = caption(p, p->spec->zh, p->spec->en);
	char n[32];

	puts_(p, "<!DOCTYPE html>\n<html lang=\"");
	puts_(p, p->lang == FDSS_LANG_EN ? "en" : "zh-CN");
	puts_(p, "\">\n<head>\n<meta charset=\"utf-8\">\n"
		 "<meta name=\"generator\" content=\"fdss " FDSS_VERSION
		 "\">\n<title>");
	put_esc(p, title);
	puts_(p, "</title>\n<style>\n");
	/* wide tables print across the page */
	puts_(p, p->spec->ncols > 8 ? "@page{size:A4 landscape;margin:10mm}\n"
				    : "@page{size:A4;margin:12mm}\n");
	puts_(p, style);
	puts_(p, "</style>\n</head>\n<body>\n<h1 data-report=\"");
	put_esc(p, p->spec->type ? p->spec->type : "");
	puts_(p, "\">");
	put_esc(p, title);
	puts_(p, "</h1>\n<p class=\"meta\" data-records=\"");
	snprintf(n, sizeof(n), "%zu", nrecords);
	puts_(p, n);
	puts_(p, "\">");
	if (p->lang == FDSS_LANG_EN) {
		puts_(p, n);
		puts_(p, nrecords == 1 ? " record" : " records");
	} else {
		puts_(p, "\xE5\x85\xB1 ");	/* 共 N 条 */
		puts_(p, n);
		puts_(p, " \xE6\x9D\xA1");
	}
	puts_(p, "</p>\n");
}

/* --- charts ----------------------------------------------------------- */

static double number_of(const cJSON *v)
{
	return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

/* 1 if rec is drawn in chart c (its only_key is only_value). */
static int in_chart(const fdss_report_chart *c, const cJSON *rec)
{
	const cJSON *v;

	if (!c->only_key)
		return 1;
	v = cJSON_GetObjectItemCaseSensitive(rec, c->only_key);
	return cJSON_IsString(v) && c->only_value &&
	       !strcmp(v->valuestring, c->only_value);
}

/* The bars of a counting chart (value NULL): one per distinct value of
 * key, in the order first seen; null or absent is one bar of its own. */
static int count_bars(struct bar **out, size_t *n, const cJSON *records,
		      const fdss_report_chart *c)
{
	const char *key = c->label;
	const cJSON *rec, *v;
	const char *s;
	struct bar *bars;
	size_t i, cap = (size_t)cJSON_GetArraySize(records) + 1;

	*n = 0;
	if (!(*out = bars = calloc(cap, sizeof(*bars))))
		return FDSS_ENOMEM;
	cJSON_ArrayForEach(rec, records) {
		if (!in_chart(c, rec))
			continue;
		v = cJSON_GetObjectItemCaseSensitive(rec, key);
		s = cJSON_IsString(v) ? v->valuestring : NULL;

		for (i = 0; i < *n; i++)
			if (s ? bars[i].label && !strcmp(bars[i].label, s)
			      : !bars[i].label)
				break;
		if (i == *n) {
			bars[i].label = s;
			(*n)++;
		}
		bars[i].count++;
	}
	return FDSS_OK;
}

/* The bars of a plain chart: one per record. */
static int record_bars(struct bar **out, size_t *n, const cJSON *records,
		       const fdss_report_chart *c)
{
	const cJSON *rec, *v;
	struct bar *bars;
	size_t cap = (size_t)cJSON_GetArraySize(records) + 1;

	*n = 0;
	if (!(*out = bars = calloc(cap, sizeof(*bars))))
		return FDSS_ENOMEM;
	cJSON_ArrayForEach(rec, records) {
		if (!in_chart(c, rec))
			continue;
		v = cJSON_GetObjectItemCaseSensitive(rec, c->label);
		bars[*n].label = cJSON_IsString(v) ? v->valuestring : NULL;
		bars[*n].value = cJSON_GetObjectItemCaseSensitive(rec,
								  c->value);
		if (c->target)
			bars[*n].target = cJSON_GetObjectItemCaseSensitive(
				rec, c->target);
		(*n)++;
	}
	return FDSS_OK;
}

/* The length that fills BAR_WIDTH: the largest value or target, 100 for
 * rates (and more if a rate is over 100), 1 if all are 0. */
static double chart_scale(const struct bar *bars, size_t n, int counting,
			  int rate)
{
	double max = rate ? 100 : 0, v;
	size_t i;

	for (i = 0; i < n; i++) {
		v = counting ? bars[i].count : number_of(bars[i].value);
		if (v > max)
			max = v;
		if (number_of(bars[i].target) > max)
			max = number_of(bars[i].target);
	}
	return max > 0 ? max : 1;
}

/* The label of a bar, cut to LABEL_COLUMNS with "…" in the chart. */
static void put_label(struct page *p, const char *label, double y)
{
	size_t n = strlen(label), i = 0, w = 0, len;
	uint32_t cp;

	putf(p, "<text class=\"lbl\" x=\"%d\" y=\"%.0f\" text-anchor=\"end\">"
		"<title>", LABEL_WIDTH - 6, y);
	put_esc(p, label);
	puts_(p, "</title>");
	if (fdss_text_width(label, n) <= LABEL_COLUMNS) {
		put_esc(p, label);
	} else {
		while (i < n) {
			len = fdss_utf8_decode(label + i, n - i, &cp);
			len = len ? len : 1;
			if (w + fdss_text_width(label + i, len) >
			    LABEL_COLUMNS - 2)
				break;
			w += fdss_text_width(label + i, len);
			i += len;
		}
		put_esc_n(p, label, i);
		puts_(p, "\xE2\x80\xA6");
	}
	puts_(p, "</text>");
}

/* The target of bar i as a line across its row, drawn over every track. */
static void put_target(struct page *p, const struct bar *b, size_t i,
		       double scale)
{
	double y = 4 + (double)i * ROW_HEIGHT, t;
	char num[64];

	if (!cJSON_IsNumber(b->target))
		return;
	t = b->target->valuedouble / scale * BAR_WIDTH;
	t = LABEL_WIDTH + (t < 0 ? 0 : t > BAR_WIDTH ? BAR_WIDTH : t);
	number_text(num, sizeof(num), b->target->valuedouble);
	putf(p, "<line class=\"target\" data-row=\"%zu\" data-target=\"%s\" "
		"x1=\"%.3f\" x2=\"%.3f\" y1=\"%.0f\" y2=\"%.0f\"/>\n", i, num,
	     t, t, y - 2, y + BAR_HEIGHT + 2);
}

static int put_bar(struct page *p, const struct bar *b, size_t i,
		   double scale, const fdss_report_chart *c)
{
	double y = 4 + (double)i * ROW_HEIGHT, v, w;
	const char *none = p->lang == FDSS_LANG_EN ? "(none)"
						   : "\xEF\xBC\x88\xE6\x97\xA0"
						     "\xEF\xBC\x89"; /* （无） */
	int has = !c->value || cJSON_IsNumber(b->value), rc;
	char num[64];

	v = !c->value ? b->count : number_of(b->value);
	w = has && v > 0 ? v / scale * BAR_WIDTH : 0;
	if (w > BAR_WIDTH)
		w = BAR_WIDTH;
	puts_(p, "<g class=\"row\">");
	put_label(p, b->label ? b->label : none, y + BAR_HEIGHT - 3);
	/* the track: the whole scale, behind the bar */
	putf(p, "<rect class=\"track\" x=\"%d\" y=\"%.0f\" width=\"%d\" "
		"height=\"%d\"/>", LABEL_WIDTH, y, BAR_WIDTH, BAR_HEIGHT);
	puts_(p, "<rect class=\"bar");
	if (cJSON_IsNumber(b->target) && has && v < b->target->valuedouble)
		puts_(p, " below");
	puts_(p, "\" data-label=\"");
	put_esc(p, b->label ? b->label : "");
	puts_(p, "\" data-value=\"");
	if (has) {
		number_text(num, sizeof(num), v);
		puts_(p, num);
	}
	putf(p, "\" x=\"%d\" y=\"%.0f\" width=\"%.3f\" height=\"%d\"/>",
	     LABEL_WIDTH, y, w, BAR_HEIGHT);
	putf(p, "<text class=\"val\" x=\"%.3f\" y=\"%.0f\">",
	     LABEL_WIDTH + w + 4, y + BAR_HEIGHT - 3);
	if (!c->value) {
		number_text(num, sizeof(num), v);
		puts_(p, num);
	} else if ((rc = put_value(p, c->value, b->value)))
		return rc;
	puts_(p, "</text></g>\n");
	return FDSS_OK;
}

/* The keys a chart is made from, for a reader of the page. */
static void put_keys(struct page *p, const fdss_report_chart *c)
{
	puts_(p, c->value ? " data-label-key=\"" : " data-count-key=\"");
	put_esc(p, c->label ? c->label : "");
	if (c->value) {
		puts_(p, "\" data-value-key=\"");
		put_esc(p, c->value);
	}
	if (c->value && c->target) {
		puts_(p, "\" data-target-key=\"");
		put_esc(p, c->target);
	}
	if (c->only_key) {
		puts_(p, "\" data-only-key=\"");
		put_esc(p, c->only_key);
		puts_(p, "\" data-only-value=\"");
		put_esc(p, c->only_value ? c->only_value : "");
	}
	puts_(p, "\"");
}

static int put_chart(struct page *p, const fdss_report_chart *c, size_t k,
		     const cJSON *records)
{
	const fdss_report_column *col = column_of(p->spec, c->value);
	struct bar *bars = NULL;
	size_t n = 0, i;
	double scale, height;
	int rc;

	rc = !c->value ? count_bars(&bars, &n, records, c)
			 : record_bars(&bars, &n, records, c);
	if (rc)
		goto done;
	scale = chart_scale(bars, n, !c->value,
			    col && col->kind ==
			    FDSS_REPORT_RATE);
	height = 8 + (double)(n ? n : 1) * ROW_HEIGHT;
	putf(p, "<section class=\"chart\" data-chart=\"%zu\" "
		"data-scale=\"%.15g\"", k, scale);
	put_keys(p, c);
	puts_(p, "><h2>");
	put_esc(p, caption(p, c->zh, c->en));
	puts_(p, "</h2>\n");
	if (c->value && c->target)
		puts_(p, p->lang == FDSS_LANG_EN
			 ? "<p class=\"legend\">dashed line: the target; "
			   "orange: below it</p>\n"
			 : "<p class=\"legend\">\xE8\x99\x9A\xE7\xBA\xBF\xEF"
			   "\xBC\x9A\xE7\x9B\xAE\xE6\xA0\x87\xEF\xBC\x9B\xE6"
			   "\xA9\x99\xE8\x89\xB2\xEF\xBC\x9A\xE6\x9C\xAA\xE8"
			   "\xBE\xBE\xE7\x9B\xAE\xE6\xA0\x87</p>\n");
	putf(p, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
		"width=\"%d\" height=\"%.0f\" viewBox=\"0 0 %d %.0f\" "
		"role=\"img\">\n", SVG_WIDTH, height, SVG_WIDTH, height);
	putf(p, "<line class=\"axis\" x1=\"%d\" x2=\"%d\" y1=\"0\" "
		"y2=\"%.0f\"/>\n", LABEL_WIDTH, LABEL_WIDTH, height);
	if (!n)
		putf(p, "<text class=\"none\" x=\"%d\" y=\"%d\">%s</text>\n",
		     LABEL_WIDTH + 4, 4 + BAR_HEIGHT - 3,
		     p->lang == FDSS_LANG_EN ? "(no records)"
					     : "\xEF\xBC\x88\xE6\x97\xA0\xE8\xAE"
					       "\xB0\xE5\xBD\x95\xEF\xBC\x89");
	for (i = 0; i < n; i++)
		if ((rc = put_bar(p, &bars[i], i, scale, c)))
			goto done;
	for (i = 0; i < n; i++)
		put_target(p, &bars[i], i, scale);
	puts_(p, "</svg>\n</section>\n");
done:
	free(bars);
	return rc;
}

/* --- table ------------------------------------------------------------ */

static int is_number_kind(int kind)
{
	return kind == FDSS_REPORT_INT || kind == FDSS_REPORT_RATE ||
	       kind == FDSS_REPORT_YUAN;
}

/* The text of key of rec for a group heading ("" when absent). */
static const char *group_text(const cJSON *rec, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(rec, key);

	return cJSON_IsString(v) ? v->valuestring : "";
}

/* A heading row before rec when a key of spec->group changes from prev's
 * (NULL: the first row): "after-death · T01", with data-group-KEY. */
static void put_group(struct page *p, const cJSON *prev, const cJSON *rec)
{
	const char *const *k;
	int changed = !prev;

	for (k = p->group; !changed && k && *k; k++)
		changed = strcmp(group_text(prev, *k), group_text(rec, *k)) != 0;
	if (!p->group || !changed)
		return;
	puts_(p, "<tr class=\"group\"");
	for (k = p->group; *k; k++) {
		puts_(p, " data-group-");
		put_esc(p, *k);
		puts_(p, "=\"");
		put_esc(p, group_text(rec, *k));
		puts_(p, "\"");
	}
	putf(p, "><th colspan=\"%zu\">", p->spec->ncols);
	for (k = p->group; *k; k++) {
		if (k != p->group)
			puts_(p, " \xC2\xB7 ");	/* · */
		put_esc(p, *group_text(rec, *k) ? group_text(rec, *k)
			: p->lang == FDSS_LANG_EN ? "(none)"
			: "\xEF\xBC\x88\xE6\x97\xA0\xEF\xBC\x89");
	}
	puts_(p, "</th></tr>\n");
}

static int put_table(struct page *p, const cJSON *records)
{
	const fdss_report_spec *s = p->spec;
	const cJSON *rec, *prev = NULL;
	size_t i;
	int rc;

	puts_(p, "<table data-report=\"");
	put_esc(p, s->type ? s->type : "");
	puts_(p, "\">\n<thead><tr>");
	for (i = 0; i < s->ncols; i++) {
		puts_(p, "<th data-key=\"");
		put_esc(p, s->cols[i].key);
		puts_(p, "\">");
		put_esc(p, caption(p, s->cols[i].zh, s->cols[i].en));
		puts_(p, "</th>");
	}
	puts_(p, "</tr></thead>\n<tbody>\n");
	cJSON_ArrayForEach(rec, records) {
		put_group(p, prev, rec);
		prev = rec;
		puts_(p, "<tr>");
		for (i = 0; i < s->ncols; i++) {
			const char *key = s->cols[i].key;

			puts_(p, is_number_kind(s->cols[i].kind)
				 ? "<td class=\"num\" data-key=\""
				 : "<td data-key=\"");
			put_esc(p, key);
			puts_(p, "\">");
			rc = put_value(p, key,
				       cJSON_GetObjectItemCaseSensitive(rec,
									key));
			if (rc)
				return rc;
			puts_(p, "</td>");
		}
		puts_(p, "</tr>\n");
	}
	puts_(p, "</tbody>\n</table>\n");
	return FDSS_OK;
}

int fdss__report_html(FILE *f, const fdss_report_spec *spec,
		      const cJSON *records, unsigned flags, int lang)
{
	return fdss__report_html_grouped(f, spec, records, flags, lang, NULL);
}

int fdss__report_html_grouped(FILE *f, const fdss_report_spec *spec,
			      const cJSON *records, unsigned flags, int lang,
			      const char *const *group)
{
	struct page p = { f, flags, lang, spec, group, 0 };
	size_t i;
	int rc;

	put_head(&p, (size_t)cJSON_GetArraySize(records));
	for (i = 0; i < spec->ncharts; i++)
		if ((rc = put_chart(&p, &spec->charts[i], i, records)))
			return rc;
	if ((rc = put_table(&p, records)))
		return rc;
	puts_(&p, "</body>\n</html>\n");
	return p.failed ? FDSS_EIO : FDSS_OK;
}
