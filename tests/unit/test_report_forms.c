/*
 * The report forms made from records: the HTML page (escaping, the
 * cells formatted by kind, one bar per record as long as its value on
 * the chart's scale, counting charts, English captions) and the xlsx
 * workbook (a zip whose sheet has typed cells and a frozen header).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <fdss/output.h>
#include <fdss/report.h>

static const fdss_report_column cols[] = {
	{ "unit", "单位 <名>", "Unit", FDSS_REPORT_TEXT },
	{ "id_number", "证件号码", "ID number", FDSS_REPORT_ID },
	{ "residents", "常住人口", "Residents", FDSS_REPORT_INT },
	{ "rate", "签约率", "Rate", FDSS_REPORT_RATE },
	{ "target", "目标", "Target", FDSS_REPORT_RATE },
	{ "fee", "费用（元）", "Fee (yuan)", FDSS_REPORT_YUAN },
	{ "since", "起始日期", "Since", FDSS_REPORT_DATE },
	{ "met", "达标", "Met", FDSS_REPORT_BOOL },
};

static const fdss_report_chart charts[] = {
	{ "unit", "rate", "target", "签约率", "Signing rate", NULL, NULL },
	{ "unit", "residents", NULL, "常住人口", "Residents", NULL, NULL },
	{ "group", NULL, NULL, "按组计数", "Count by group", NULL, NULL },
};

static const fdss_report_spec spec = {
	"demo", "签约率 & \"测试\"", "Rates & 'tests'",
	cols, sizeof(cols) / sizeof(cols[0]),
	charts, sizeof(charts) / sizeof(charts[0]),
};

static const char *const records[] = {
	"{\"type\":\"demo\",\"unit\":\"A&B <x>\",\"id_number\":"
	"\"11010519491231002X\",\"group\":\"甲\",\"residents\":200,\"rate\":75,\"target\":60,"
	"\"fee\":1234.5,\"since\":\"2024-03-01\",\"met\":true}",
	"{\"type\":\"demo\",\"unit\":\"东村\",\"id_number\":null,\"group\":\"乙\","
	"\"residents\":100,\"rate\":50.25,\"target\":60,\"fee\":0,"
	"\"since\":null,\"met\":false}",
	"{\"type\":\"demo\",\"unit\":\"西村'\",\"group\":\"甲\",\"residents\":0,\"rate\":null,"
	"\"target\":60,\"fee\":-12,\"met\":null}",
};

#define NRECORDS (sizeof(records) / sizeof(records[0]))

/* The records written in format; the bytes (caller frees) and *len. */
static char *render(int format, unsigned flags, int lang, size_t *len)
{
	fdss_report_out *w = NULL;
	char *buf = NULL;
	size_t i, n = 0;
	FILE *f = open_memstream(&buf, &n);
	cJSON *rec;

	cr_assert(f != NULL);
	cr_assert(eq(int, fdss_report_out_new(&w, f, format, flags, lang,
					      &spec), FDSS_OK));
	for (i = 0; i < NRECORDS; i++) {
		rec = cJSON_Parse(records[i]);
		cr_assert(rec != NULL);
		cr_assert(eq(int, fdss_report_out_record(w, rec), FDSS_OK));
		cJSON_Delete(rec);
	}
	cr_assert(eq(int, fdss_report_out_finish(w), FDSS_OK));
	fdss_report_out_free(w);
	fclose(f);
	if (len)
		*len = n;
	return buf;
}

/* The value of attribute name in the element that starts at el. */
static char *attr(const char *el, const char *name)
{
	char key[64];
	const char *s, *end = strchr(el, '>');

	snprintf(key, sizeof(key), " %s=\"", name);
	s = strstr(el, key);
	cr_assert(s != NULL && s < end, "no %s in %.80s", name, el);
	s += strlen(key);
	return strndup(s, (size_t)(strchr(s, '"') - s));
}

/* The n-th (from 0) <rect of chart k. */
static const char *bar(const char *page, int k, int n)
{
	char key[64];
	const char *s;

	snprintf(key, sizeof(key), "data-chart=\"%d\"", k);
	s = strstr(page, key);
	cr_assert(s != NULL, "no chart %d", k);
	for (s = strstr(s, "<rect class=\"bar"); n > 0; n--)
		s = strstr(s + 1, "<rect class=\"bar");
	cr_assert(s != NULL);
	return s;
}

static void expect_attr(const char *el, const char *name, const char *want)
{
	char *got = attr(el, name);

	cr_expect(eq(str, got, (char *)want), "%s", name);
	free(got);
}

static int has(const char *s, const char *what)
{
	return strstr(s, what) != NULL;
}

static int lacks(const char *s, const char *what)
{
	return strstr(s, what) == NULL;
}

static size_t count(const char *s, const char *what)
{
	size_t n = 0;

	for (; (s = strstr(s, what)); s++)
		n++;
	return n;
}

Test(report_forms, html_escapes_every_text)
{
	char *page = render(FDSS_FORMAT_HTML, 0, FDSS_LANG_ZH, NULL);

	cr_expect(has(page, "<title>签约率 &amp; &quot;测试&quot;</title>"));
	cr_expect(has(page, "<th data-key=\"unit\">单位 &lt;名&gt;</th>"));
	cr_expect(has(page, "<td data-key=\"unit\">A&amp;B &lt;x&gt;</td>"));
	cr_expect(has(page, "data-label=\"西村&#39;\""));
	cr_expect(lacks(page, "<x>"));
	cr_expect(lacks(page, "<script"));
	cr_expect(lacks(page, "src="));
	cr_expect(lacks(page, "href="));
	cr_expect(has(page, "@media print"));
	cr_expect(has(page, "@page{size:A4;"));
	free(page);
}

Test(report_forms, html_cells_by_kind)
{
	char *page = render(FDSS_FORMAT_HTML, 0, FDSS_LANG_ZH, NULL);

	cr_expect(has(page, "<td class=\"num\" data-key=\"rate\">75.0%</td>"));
	cr_expect(has(page, "<td class=\"num\" data-key=\"rate\">50.2%</td>")
		  || has(page,
			    "<td class=\"num\" data-key=\"rate\">50.3%</td>"));
	cr_expect(has(page, "<td class=\"num\" data-key=\"rate\">—</td>"));
	cr_expect(has(page, "<td class=\"num\" data-key=\"fee\">1234.50</td>"));
	cr_expect(has(page, "<td class=\"num\" data-key=\"fee\">-12.00</td>"));
	cr_expect(has(page, "<td class=\"num\" data-key=\"residents\">200</td>"));
	cr_expect(has(page, "<td data-key=\"id_number\">110105********002X</td>"));
	cr_expect(lacks(page, "11010519491231002X"));
	cr_expect(has(page, "<td data-key=\"since\">2024-03-01</td>"));
	cr_expect(has(page, "<td data-key=\"since\"></td>"));
	cr_expect(has(page, "<td data-key=\"met\">是</td>"));
	cr_expect(has(page, "<td data-key=\"met\">否</td>"));
	cr_expect(has(page, "<td data-key=\"met\">—</td>"));
	cr_expect(has(page, "<p class=\"meta\" data-records=\"3\">共 3 条</p>"));
	free(page);
	page = render(FDSS_FORMAT_HTML, FDSS_OUT_NO_MASK, FDSS_LANG_ZH, NULL);
	cr_expect(has(page, "<td data-key=\"id_number\">11010519491231002X</td>"));
	free(page);
}

Test(report_forms, html_one_bar_per_record_on_the_scale)
{
	char *page = render(FDSS_FORMAT_HTML, 0, FDSS_LANG_ZH, NULL);
	const char *b;

	cr_expect(eq(sz, count(page, "<rect class=\"bar"), 3 + 3 + 2));
	/* rates on 0–100: 440 px is 100 % */
	b = bar(page, 0, 0);
	expect_attr(b, "data-label", "A&amp;B &lt;x&gt;");
	expect_attr(b, "data-value", "75");
	expect_attr(b, "width", "330.000");
	expect_attr(b, "x", "180");
	expect_attr(b, "y", "4");
	expect_attr(b, "height", "16");
	b = bar(page, 0, 1);
	expect_attr(b, "data-value", "50.25");
	expect_attr(b, "width", "221.100");
	expect_attr(b, "y", "26");
	cr_expect(has(b, "<rect class=\"bar below\""));
	b = bar(page, 0, 2);
	expect_attr(b, "data-value", "");
	expect_attr(b, "width", "0.000");
	cr_expect(eq(sz, count(page, "data-target=\"60\""),
		     3));
	cr_expect(has(page, "x1=\"444.000\""));	/* 180 + 60 % of 440 */
	cr_expect(has(page, "<text class=\"val\" x=\"514.000\" y=\"17\">"
			  "75.0%</text>"));
	cr_expect(has(page, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
			  "width=\"720\" height=\"74\" viewBox=\"0 0 720 74\""));
	/* numbers: the largest fills the bar */
	b = bar(page, 1, 0);
	expect_attr(b, "width", "440.000");
	b = bar(page, 1, 1);
	expect_attr(b, "width", "220.000");
	cr_expect(has(page, "data-chart=\"1\" data-scale=\"200\""));
	free(page);
}

Test(report_forms, html_counting_chart)
{
	char *page = render(FDSS_FORMAT_HTML, 0, FDSS_LANG_ZH, NULL);
	const char *b;

	/* group: 甲, 乙, 甲 — one bar per distinct value, first seen first */
	b = bar(page, 2, 0);
	expect_attr(b, "data-label", "甲");
	expect_attr(b, "data-value", "2");
	expect_attr(b, "width", "440.000");
	b = bar(page, 2, 1);
	expect_attr(b, "data-label", "乙");
	expect_attr(b, "data-value", "1");
	expect_attr(b, "width", "220.000");
	cr_expect(eq(sz, count(strstr(page, "data-chart=\"2\""),
			       "<rect class=\"bar"), 2));
	free(page);
}

Test(report_forms, html_in_english)
{
	char *page = render(FDSS_FORMAT_HTML, 0, FDSS_LANG_EN, NULL);

	cr_expect(has(page, "<html lang=\"en\">"));
	cr_expect(has(page, "<title>Rates &amp; &#39;tests&#39;</title>"));
	cr_expect(has(page, "<h2>Signing rate</h2>"));
	cr_expect(has(page, "<th data-key=\"fee\">Fee (yuan)</th>"));
	cr_expect(has(page, "<td data-key=\"met\">yes</td>"));
	cr_expect(has(page, ">3 records</p>"));
	free(page);
}

/* The text of member name of the zip archive bytes (caller frees). */
static char *unzip_member(const char *bytes, size_t len, const char *name)
{
	char path[] = "/tmp/test-report-forms-XXXXXX", cmd[256], *out = NULL;
	size_t n = 0, got;
	char buf[4096];
	FILE *f, *p;
	int fd = mkstemp(path);

	cr_assert(fd >= 0);
	f = fdopen(fd, "wb");
	cr_assert(f && fwrite(bytes, 1, len, f) == len);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "unzip -p %s %s", path, name);
	p = popen(cmd, "r");
	cr_assert(p != NULL);
	f = open_memstream(&out, &n);
	while ((got = fread(buf, 1, sizeof(buf), p)) > 0)
		fwrite(buf, 1, got, f);
	fclose(f);
	cr_assert(eq(int, pclose(p), 0), "unzip %s failed", name);
	unlink(path);
	return out;
}

Test(report_forms, xlsx_typed_cells_and_frozen_header)
{
	size_t len;
	char *book = render(FDSS_FORMAT_XLSX, 0, FDSS_LANG_ZH, &len), *sheet,
	     *wb;

	cr_assert(len > 4 && !memcmp(book, "PK\3\4", 4));
	sheet = unzip_member(book, len, "xl/worksheets/sheet1.xml");
	cr_expect(has(sheet, "<pane ySplit=\"1\" topLeftCell=\"A2\""));
	/* B2 the ID number, as masked text */
	cr_expect(has(sheet, "<c r=\"B2\" t=\"inlineStr\"><is><t>"
			 "110105********002X</t></is></c>"), "%s", sheet);
	cr_expect(has(sheet, "<c r=\"C2\" s=\"") &&
		  has(sheet, "<v>200</v>"));
	cr_expect(has(sheet, "<v>0.75</v>"));	/* 75 % */
	cr_expect(has(sheet, "<v>1234.5</v>"));
	cr_expect(has(sheet, "<c r=\"H2\" t=\"b\"><v>1</v></c>"));
	cr_expect(has(sheet, "<v>45352</v>"));	/* 2024-03-01 */
	cr_expect(lacks(sheet, "<c r=\"D4\""));	/* null: blank */
	cr_expect(has(sheet, "<autoFilter ref=\"A1:H4\"/>"));
	wb = unzip_member(book, len, "xl/workbook.xml");
	cr_expect(has(wb, "<sheet name=\"签约率 &amp; &quot;测试&quot;\""),
		  "%s", wb);
	free(wb);
	free(sheet);
	free(book);
}

Test(report_forms, xlsx_unmasked_and_in_english)
{
	size_t len;
	char *book = render(FDSS_FORMAT_XLSX, FDSS_OUT_NO_MASK, FDSS_LANG_EN,
			    &len), *sheet, *wb;

	sheet = unzip_member(book, len, "xl/worksheets/sheet1.xml");
	cr_expect(has(sheet, "<t>11010519491231002X</t>"));
	cr_expect(has(sheet, "<t>Fee (yuan)</t>"));
	wb = unzip_member(book, len, "xl/workbook.xml");
	cr_expect(has(wb, "<sheet name=\"Rates &amp; &apos;tests\"")
		  || has(wb, "<sheet name=\"Rates &amp; 'tests\""),
		  "%s", wb);
	free(wb);
	free(sheet);
	free(book);
}

Test(report_forms, tmpdir_that_does_not_exist_is_an_io_error)
{
	fdss_report_out *w = NULL;
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	cJSON *rec = cJSON_Parse(records[0]);

	cr_assert(eq(int, fdss_report_out_new(&w, f, FDSS_FORMAT_XLSX, 0,
					      FDSS_LANG_ZH, &spec), FDSS_OK));
	cr_assert(eq(int, fdss_report_out_tmpdir(w, "/nonexistent/dir"),
		     FDSS_OK));
	cr_expect(eq(int, fdss_report_out_record(w, rec), FDSS_EIO));
	cr_expect(eq(str, (char *)fdss_report_out_errmsg(w),
		     "cannot make a temporary file in '/nonexistent/dir' for "
		     "the workbook: No such file or directory"));
	fdss_report_out_free(w);
	cJSON_Delete(rec);
	fclose(f);
	free(buf);
}

static const fdss_report_spec slashed = {
	"demo", "a/b:c [d]*?\\'", "x", cols, 2, charts, 1,
};

/* No records: the header row alone, the charts say so. */
Test(report_forms, no_records_and_a_sheet_name_excel_accepts)
{
	fdss_report_out *w = NULL;
	char *buf = NULL, *wb;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	cr_assert(eq(int, fdss_report_out_new(&w, f, FDSS_FORMAT_XLSX, 0,
					      FDSS_LANG_ZH, &slashed),
		     FDSS_OK));
	cr_assert(eq(int, fdss_report_out_finish(w), FDSS_OK));
	fdss_report_out_free(w);
	fflush(f);
	wb = unzip_member(buf, n, "xl/workbook.xml");
	cr_expect(has(wb, "<sheet name=\"a_b_c _d____\""), "%s", wb);
	free(wb);
	wb = unzip_member(buf, n, "xl/worksheets/sheet1.xml");
	cr_expect(has(wb, "<autoFilter ref=\"A1:B1\"/>"), "%s", wb);
	cr_expect(lacks(wb, "<row r=\"2\""));
	free(wb);
	fclose(f);
	free(buf);
	buf = NULL;
	f = open_memstream(&buf, &n);
	cr_assert(eq(int, fdss_report_out_new(&w, f, FDSS_FORMAT_HTML, 0,
					      FDSS_LANG_ZH, &spec), FDSS_OK));
	cr_assert(eq(int, fdss_report_out_finish(w), FDSS_OK));
	fdss_report_out_free(w);
	fclose(f);
	cr_expect(has(buf, "<text class=\"none\" x=\"184\" y=\"17\">（无记录）</text>"));
	cr_expect(lacks(buf, "<rect class=\"bar"));
	cr_expect(has(buf, "<tbody>\n</tbody>"));
	cr_expect(has(buf, "<p class=\"legend\">虚线：目标；橙色：未达目标</p>"));
	free(buf);
}
