/*
 * The record writer: exact bytes of each format for the same records,
 * CJK alignment, CSV quoting, masking, column choice, and a write to a
 * full disk reported as an error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <fdss/output.h>
#include <fdss/report.h>

/* 1: render() hands the records over as text (fdss_out_json()). */
static int as_text;
/* 1: render() writes from a thread (fdss_out_async()). */
static int async;

/*
 * Write the records in lines (one JSON object per line) in format with
 * flags, to an in-memory stream; columns first when names is not NULL.
 * Returns the bytes written (the caller frees them).
 */
static char *render(int format, unsigned flags, const char *const *names,
		    size_t ncols, const char *lines)
{
	char *buf = NULL, *copy = strdup(lines), *line, *next;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	fdss_out *o = NULL;
	cJSON *rec;

	cr_assert(f != NULL && copy != NULL);
	cr_assert(eq(int, fdss_out_new(&o, f, format, flags), FDSS_OK));
	if (async)
		cr_assert(eq(int, fdss_out_async(o), FDSS_OK));
	if (names)
		cr_assert(eq(int, fdss_out_columns(o, names, ncols), FDSS_OK));
	for (line = copy; *line; line = next) {
		next = strchr(line, '\n');
		*next++ = '\0';
		if (as_text) {
			fdss_jbuf *b = fdss_out_buf(o);

			fdss_jbuf_raw(b, line, strlen(line));
			cr_assert(eq(int, fdss_out_json(o, b->s, b->len),
				     FDSS_OK));
			continue;
		}
		rec = cJSON_Parse(line);
		cr_assert(rec != NULL, "bad test record %s", line);
		cr_assert(eq(int, fdss_out_record(o, rec), FDSS_OK));
		cJSON_Delete(rec);
	}
	cr_assert(eq(int, fdss_out_finish(o), FDSS_OK));
	fdss_out_free(o);
	fclose(f);
	free(copy);
	return buf;
}

/* Compare what render() wrote with want and free it. */
static void expect(char *got, const char *want)
{
	cr_assert(eq(str, got, (char *)want));
	free(got);
}

static const char people[] =
	"{\"type\":\"person\",\"姓名\":\"张三\",\"age\":30}\n"
	"{\"type\":\"person\",\"姓名\":\"欧阳娜娜\",\"age\":7}\n"
	"{\"type\":\"person\",\"姓名\":\"Li\",\"age\":102}\n";

Test(format, parse)
{
	cr_assert(eq(int, fdss_format_parse("table"), FDSS_FORMAT_TABLE));
	cr_assert(eq(int, fdss_format_parse("jsonl"), FDSS_FORMAT_JSONL));
	cr_assert(eq(int, fdss_format_parse("csv"), FDSS_FORMAT_CSV));
	cr_assert(eq(int, fdss_format_parse("json"), FDSS_FORMAT_JSON));
	cr_assert(eq(int, fdss_format_parse("JSON"), 0));
	cr_assert(eq(int, fdss_format_parse("xml"), 0));
	cr_assert(eq(int, fdss_format_parse(""), 0));
	cr_assert(eq(int, fdss_format_parse(NULL), 0));
}

Test(table, aligns_chinese_by_display_width)
{
	expect(render(FDSS_FORMAT_TABLE, 0, NULL, 0, people),
	       "姓名      age\n"
	       "张三       30\n"
	       "欧阳娜娜    7\n"
	       "Li        102\n");
}

Test(table, no_trailing_spaces_and_empty_cells)
{
	static const char recs[] =
		"{\"a\":\"x\",\"b\":\"\",\"c\":\"long value\"}\n"
		"{\"a\":\"longer\",\"b\":\"y\",\"c\":\"z\"}\n"
		"{\"a\":\"q\",\"b\":null}\n";

	expect(render(FDSS_FORMAT_TABLE, 0, NULL, 0, recs),
	       "a       b  c\n"
	       "x          long value\n"
	       "longer  y  z\n"
	       "q\n");
}

Test(table, values_of_every_type)
{
	static const char recs[] =
		"{\"n\":1.5,\"b\":true,\"o\":{\"k\":[1,\"二\"]},\"s\":\"a\\tb\\nc\"}\n"
		"{\"n\":-20,\"b\":false,\"o\":[],\"s\":null}\n"
		"{\"n\":1e20,\"b\":null,\"o\":null,\"s\":\"\"}\n";

	expect(render(FDSS_FORMAT_TABLE, 0, NULL, 0, recs),
	       "    n  b      o               s\n"
	       "  1.5  true   {\"k\":[1,\"二\"]}  a b c\n"
	       "  -20  false  []\n"
	       "1e+20\n");
}

Test(table, no_header_and_no_records)
{
	static const char *const cols[] = { "code", "name" };

	expect(render(FDSS_FORMAT_TABLE, FDSS_OUT_NO_HEADER, NULL, 0, people),
	       "张三       30\n"
	       "欧阳娜娜    7\n"
	       "Li        102\n");
	expect(render(FDSS_FORMAT_TABLE, 0, NULL, 0, ""), "");
	expect(render(FDSS_FORMAT_TABLE, 0, cols, 2, ""), "code  name\n");
}

Test(columns, given_order_missing_and_extra_keys)
{
	static const char *const cols[] = { "age", "type", "姓名", "village" };
	static const char recs[] =
		"{\"b\":\"1\",\"a\":\"2\"}\n"
		"{\"a\":\"3\",\"extra\":\"x\",\"b\":\"4\"}\n"
		"{\"extra\":\"y\"}\n";

	expect(render(FDSS_FORMAT_CSV, 0, cols, 4, people),
	       "age,type,姓名,village\r\n"
	       "30,person,张三,\r\n"
	       "7,person,欧阳娜娜,\r\n"
	       "102,person,Li,\r\n");
	expect(render(FDSS_FORMAT_CSV, 0, NULL, 0, recs),
	       "b,a\r\n"
	       "1,2\r\n"
	       "4,3\r\n"
	       ",\r\n");
}

Test(columns, refused_after_a_record)
{
	static const char *const cols[] = { "a" };
	FILE *f = tmpfile();
	fdss_out *o;
	cJSON *rec = cJSON_Parse("{\"a\":1}");

	cr_assert(eq(int, fdss_out_new(&o, f, FDSS_FORMAT_CSV, 0), FDSS_OK));
	cr_assert(eq(int, fdss_out_record(o, rec), FDSS_OK));
	cr_assert(eq(int, fdss_out_columns(o, cols, 1), FDSS_EINVAL));
	cr_assert(eq(int, fdss_out_finish(o), FDSS_OK));
	fdss_out_free(o);
	cJSON_Delete(rec);
	fclose(f);
	cr_assert(eq(int, fdss_out_new(&o, stdout, 99, 0), FDSS_EINVAL));
	cr_assert(eq(ptr, o, NULL));
	fdss_out_free(NULL);
}

Test(csv, quoting_crlf_and_types)
{
	static const char recs[] =
		"{\"type\":\"x\",\"s\":\"a,b\",\"q\":\"say \\\"hi\\\"\","
		"\"nl\":\"line1\\nline2\",\"t\":true,\"f\":false,\"z\":null,"
		"\"o\":{\"k\":[1,2]},\"n\":12}\n"
		"{\"s\":\"plain\",\"q\":\"\",\"nl\":\"cr\\r\",\"t\":1.25}\n";

	expect(render(FDSS_FORMAT_CSV, 0, NULL, 0, recs),
	       "s,q,nl,t,f,z,o,n\r\n"
	       "\"a,b\",\"say \"\"hi\"\"\",\"line1\nline2\",true,false,,"
	       "\"{\"\"k\"\":[1,2]}\",12\r\n"
	       "plain,,\"cr\r\",1.25,,,,\r\n");
}

Test(csv, bom_and_no_header)
{
	expect(render(FDSS_FORMAT_CSV, FDSS_OUT_BOM, NULL, 0, people),
	       "\xEF\xBB\xBF姓名,age\r\n张三,30\r\n欧阳娜娜,7\r\nLi,102\r\n");
	expect(render(FDSS_FORMAT_CSV, FDSS_OUT_BOM | FDSS_OUT_NO_HEADER, NULL,
		      0, people),
	       "\xEF\xBB\xBF张三,30\r\n欧阳娜娜,7\r\nLi,102\r\n");
	expect(render(FDSS_FORMAT_CSV, 0, NULL, 0, ""), "");
}

static const char personal[] =
	"{\"type\":\"person\",\"name\":\"张三\",\"id_number\":\"11010519491231002X\","
	"\"phone\":\"13812345678\",\"guardian_phone\":\"0771-5551234\","
	"\"spouse_id_number\":\"110105491231002\",\"phone_note\":\"13812345678\"}\n"
	"{\"name\":\"李四\",\"id_number\":\"123\",\"phone\":\"\"}\n";

Test(mask, table_and_csv_mask_identifiers)
{
	expect(render(FDSS_FORMAT_CSV, 0, NULL, 0, personal),
	       "name,id_number,phone,guardian_phone,spouse_id_number,phone_note\r\n"
	       "张三,110105********002X,138****5678,********1234,"
	       "110105*****1002,13812345678\r\n"
	       "李四,****,,,,\r\n");
	expect(render(FDSS_FORMAT_TABLE, 0, NULL, 0, personal),
	       "name  id_number           phone        guardian_phone  "
	       "spouse_id_number  phone_note\n"
	       "张三  110105********002X  138****5678  ********1234    "
	       "110105*****1002   13812345678\n"
	       "李四  ****\n");
}

Test(mask, long_values_keep_their_last_four)
{
	expect(render(FDSS_FORMAT_CSV, FDSS_OUT_NO_HEADER, NULL, 0,
		      "{\"phone\":\"office line, ask for Dr Wang at the "
		      "township clinic: 0771-5551234\"}\n"),
	       "******************************************************"
	       "*******1234\r\n");
}

Test(mask, no_mask_prints_identifiers_whole)
{
	expect(render(FDSS_FORMAT_CSV, FDSS_OUT_NO_MASK, NULL, 0, personal),
	       "name,id_number,phone,guardian_phone,spouse_id_number,phone_note\r\n"
	       "张三,11010519491231002X,13812345678,0771-5551234,"
	       "110105491231002,13812345678\r\n"
	       "李四,123,,,,\r\n");
}

Test(mask, jsonl_and_json_carry_identifiers_whole)
{
	expect(render(FDSS_FORMAT_JSONL, 0, NULL, 0, personal), personal);
	expect(render(FDSS_FORMAT_JSON, 0, NULL, 0, personal),
	       "[\n"
	       "{\"type\":\"person\",\"name\":\"张三\",\"id_number\":\"11010519491231002X\","
	       "\"phone\":\"13812345678\",\"guardian_phone\":\"0771-5551234\","
	       "\"spouse_id_number\":\"110105491231002\",\"phone_note\":\"13812345678\"},\n"
	       "{\"name\":\"李四\",\"id_number\":\"123\",\"phone\":\"\"}\n"
	       "]\n");
}

Test(mask, personal_keys)
{
	cr_assert(eq(int, fdss_out_is_personal("id_number"), 1));
	cr_assert(eq(int, fdss_out_is_personal("phone"), 1));
	cr_assert(eq(int, fdss_out_is_personal("head_id_number"), 1));
	cr_assert(eq(int, fdss_out_is_personal("household_phone"), 1));
	cr_assert(eq(int, fdss_out_is_personal("phones"), 0));
	cr_assert(eq(int, fdss_out_is_personal("id_number_type"), 0));
	cr_assert(eq(int, fdss_out_is_personal("telephone"), 0));
	cr_assert(eq(int, fdss_out_is_personal("name"), 0));
}

Test(mask, values)
{
	char buf[64], small[8];

	cr_assert(eq(str, fdss_mask(buf, sizeof(buf), "110105194912310021"),
		     "110105********0021"));
	cr_assert(eq(str, fdss_mask(buf, sizeof(buf), "110105491231002"),
		     "110105*****1002"));
	cr_assert(eq(str, fdss_mask(buf, sizeof(buf), "13812345678"),
		     "138****5678"));
	cr_assert(eq(str, fdss_mask(buf, sizeof(buf), "1381234567X"),
		     "*******567X"));
	cr_assert(eq(str, fdss_mask(buf, sizeof(buf), "12345"), "*2345"));
	cr_assert(eq(str, fdss_mask(buf, sizeof(buf), "1234"), "****"));
	cr_assert(eq(str, fdss_mask(buf, sizeof(buf), "1"), "****"));
	cr_assert(eq(str, fdss_mask(buf, sizeof(buf), ""), ""));
	cr_assert(eq(str, fdss_mask(buf, sizeof(buf), "广西南宁市兴宁区"),
		     "****市兴宁区"));
	cr_assert(eq(str, fdss_mask(small, sizeof(small), "13812345678"),
		     "138****"));
	cr_assert(eq(str, fdss_mask(small, 3, "1"), "**"));
}

Test(json, array_empty_and_not)
{
	expect(render(FDSS_FORMAT_JSON, 0, NULL, 0, ""), "[]\n");
	expect(render(FDSS_FORMAT_JSON, 0, NULL, 0,
		      "{\"a\":1}\n{\"b\":{\"c\":[true,null]}}\n"),
	       "[\n{\"a\":1},\n{\"b\":{\"c\":[true,null]}}\n]\n");
}

Test(jsonl, records_whole_with_type)
{
	expect(render(FDSS_FORMAT_JSONL, 0, NULL, 0, people), people);
	expect(render(FDSS_FORMAT_JSONL, 0, NULL, 0, ""), "");
	expect(render(FDSS_FORMAT_JSONL, 0, NULL, 0,
		      "{\"n\":4503599627370497,\"x\":[1,{\"y\":\"z\"}]}\n"),
	       "{\"n\":4503599627370497,\"x\":[1,{\"y\":\"z\"}]}\n");
}

Test(output, records_as_text_come_out_the_same)
{
	static const char recs[] =
		"{\"type\":\"person\",\"姓名\":\"张三\",\"id_number\":"
		"\"11010519491231002X\",\"age\":30,\"groups\":[\"elderly\"]}\n"
		"{\"type\":\"person\",\"姓名\":\"Li, \\\"Jr\\\"\",\"id_number\":null,"
		"\"age\":102,\"groups\":[]}\n";
	int format;

	for (format = FDSS_FORMAT_TABLE; format <= FDSS_FORMAT_JSON; format++) {
		char *want, *got;

		as_text = 0;
		want = render(format, 0, NULL, 0, recs);
		as_text = 1;
		got = render(format, 0, NULL, 0, recs);
		as_text = 0;
		cr_assert(eq(str, got, want), "format %d", format);
		free(want);
		free(got);
	}
	expect(render(FDSS_FORMAT_JSONL, 0, NULL, 0, recs), recs);
}

Test(output, a_full_disk_is_an_error)
{
	FILE *f = fopen("/dev/full", "w");
	fdss_out *o;
	cJSON *rec = cJSON_Parse("{\"a\":\"x\"}");
	int i, rc = FDSS_OK;

	cr_assert(f != NULL && rec != NULL);
	cr_assert(eq(int, fdss_out_new(&o, f, FDSS_FORMAT_JSONL, 0), FDSS_OK));
	for (i = 0; i < 10000 && rc == FDSS_OK; i++)
		rc = fdss_out_record(o, rec);
	cr_assert(eq(int, fdss_out_finish(o), FDSS_EIO));
	fdss_out_free(o);
	cJSON_Delete(rec);
	fclose(f);
}

/*
 * Written by a thread, every format comes out byte for byte the same,
 * records as trees and as text, over many of its blocks.
 */
Test(output, written_by_a_thread_the_same, .timeout = 60)
{
	static const char two[] =
		"{\"type\":\"person\",\"姓名\":\"张三\",\"id_number\":"
		"\"11010519491231002X\",\"age\":30,\"groups\":[\"elderly\"]}\n"
		"{\"type\":\"person\",\"姓名\":\"Li, \\\"Jr\\\"\",\"id_number\":null,"
		"\"age\":102,\"groups\":[]}\n";
	size_t n = 16000, i, len = sizeof(two) - 1;
	char *recs = malloc(n * len + 1);
	int format, text;

	cr_assert(recs != NULL);
	for (i = 0; i < n; i++)
		memcpy(recs + i * len, two, len);
	recs[n * len] = '\0';
	for (format = FDSS_FORMAT_TABLE; format <= FDSS_FORMAT_JSON; format++)
		for (text = 0; text <= 1; text++) {
			char *want, *got;

			as_text = text;
			want = render(format, 0, NULL, 0, recs);
			async = 1;
			got = render(format, 0, NULL, 0, recs);
			async = 0;
			as_text = 0;
			cr_assert(gt(sz, strlen(want), (size_t)1 << 20));
			cr_assert(eq(int, strcmp(got, want), 0), "format %d",
				  format);
			free(want);
			free(got);
		}
	free(recs);
}

/* A thread's failed write fails the records after it, and finishing,
 * with the write's errno; asked twice, or for xlsx, it says no. */
Test(output, a_full_disk_is_an_error_when_written_by_a_thread)
{
	FILE *f = fopen("/dev/full", "w");
	fdss_out *o;
	cJSON *rec = cJSON_Parse("{\"a\":\"x\"}");
	int i, rc = FDSS_OK;

	cr_assert(f != NULL && rec != NULL);
	cr_assert(eq(int, fdss_out_new(&o, f, FDSS_FORMAT_JSONL, 0), FDSS_OK));
	cr_assert(eq(int, fdss_out_async(o), FDSS_OK));
	cr_assert(eq(int, fdss_out_async(o), FDSS_EINVAL));
	/* 10 bytes a record: a block is 26,215 of them; the fifth waits
	 * for the first to be written, and so learns it failed */
	for (i = 0; i < 300000 && rc == FDSS_OK; i++)
		rc = fdss_out_record(o, rec);
	cr_assert(eq(int, rc, FDSS_EIO));
	cr_assert(lt(int, i, 140000));
	errno = 0;
	cr_assert(eq(int, fdss_out_finish(o), FDSS_EIO));
	cr_assert(eq(int, errno, ENOSPC));
	fdss_out_free(o);
	cJSON_Delete(rec);
	fclose(f);

	f = tmpfile();
	cr_assert(eq(int, fdss_out_new(&o, f, FDSS_FORMAT_XLSX, 0), FDSS_OK));
	cr_assert(eq(int, fdss_out_async(o), FDSS_EINVAL));
	fdss_out_free(o);
	fclose(f);
}

/* Freed unfinished, a thread's writer has written everything first. */
Test(output, freed_unfinished_by_a_thread_all_written)
{
	FILE *f = tmpfile();
	fdss_out *o;
	cJSON *rec = cJSON_Parse("{\"a\":\"x\"}");
	int i;

	cr_assert(f != NULL && rec != NULL);
	cr_assert(eq(int, fdss_out_new(&o, f, FDSS_FORMAT_JSONL, 0), FDSS_OK));
	cr_assert(eq(int, fdss_out_async(o), FDSS_OK));
	for (i = 0; i < 50001; i++)
		cr_assert(eq(int, fdss_out_record(o, rec), FDSS_OK));
	fdss_out_free(o);
	cr_assert(eq(int, fflush(f), 0));
	cr_assert(eq(long, ftell(f), 500010L));
	cJSON_Delete(rec);
	fclose(f);
}

Test(output, rejects_what_is_not_an_object)
{
	FILE *f = tmpfile();
	fdss_out *o;
	cJSON *arr = cJSON_CreateArray();

	cr_assert(eq(int, fdss_out_new(&o, f, FDSS_FORMAT_TABLE, 0), FDSS_OK));
	cr_assert(eq(int, fdss_out_record(o, arr), FDSS_EINVAL));
	cr_assert(eq(int, fdss_out_record(o, NULL), FDSS_EINVAL));
	cr_assert(eq(int, fdss_out_json(o, "[1]", 3), FDSS_EINVAL));
	cr_assert(eq(int, fdss_out_json(o, "{", 1), FDSS_EINVAL));
	cr_assert(eq(int, fdss_out_finish(o), FDSS_OK));
	cr_assert(eq(long, ftell(f), 0));
	fdss_out_free(o);
	cJSON_Delete(arr);
	fclose(f);
}

/* The flat path remembers each record's keys by place: records whose keys
 * change order or name from one to the next, and cells longer than a
 * one-byte length, come out as through cJSON. */
Test(output, flat_records_with_changing_keys_and_long_cells)
{
	static const char *const cols[] = { "a", "b", "phone" };
	static const char head[] =
		"{\"a\":\"1\",\"b\":2,\"x\":\"\\t\",\"phone\":\"13912345678\"}\n"
		"{\"b\":3,\"a\":\"宽字\",\"phone\":null}\n"
		"{\"a\":\"4\",\"c\":5,\"phone\":\"12\",\"b\":-6}\n"
		"{\"x\":1}\n";
	size_t n = 70000;
	char *recs = malloc(sizeof(head) + 2 * n + 64), *p;
	int format;

	cr_assert(recs != NULL);
	p = recs + sprintf(recs, "%s{\"a\":\"", head);
	memset(p, 'w', 200);
	p += sprintf(p + 200, "\",\"b\":7,\"phone\":\"") + 200;
	memset(p, '9', n);
	strcpy(p + n, "\"}\n");
	expect(render(FDSS_FORMAT_TABLE, 0, cols, 3, head),
	       "a      b  phone\n"
	       "1      2  139****5678\n"
	       "宽字   3\n"
	       "4     -6  ****\n"
	       "\n");
	for (format = FDSS_FORMAT_TABLE; format <= FDSS_FORMAT_CSV; format++) {
		char *want, *got;

		want = render(format, 0, cols, 3, recs);
		as_text = 1;
		got = render(format, 0, cols, 3, recs);
		as_text = 0;
		cr_assert(eq(str, got, want), "format %d", format);
		cr_assert(strlen(got) > n);
		free(want);
		free(got);
	}
	as_text = 1;
	expect(render(FDSS_FORMAT_TABLE, 0, cols, 3, head),
	       "a      b  phone\n"
	       "1      2  139****5678\n"
	       "宽字   3\n"
	       "4     -6  ****\n"
	       "\n");
	as_text = 0;
	free(recs);
}

/* Write records given as fields, columns first when names is not NULL. */
static char *render_fields(int format, const char *const *names,
			   size_t ncols, const fdss_jfield *const *recs,
			   const size_t *nf, size_t n)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&buf, &len);
	fdss_out *o = NULL;

	cr_assert(f != NULL);
	cr_assert(eq(int, fdss_out_new(&o, f, format, 0), FDSS_OK));
	if (names)
		cr_assert(eq(int, fdss_out_columns(o, names, ncols), FDSS_OK));
	for (i = 0; i < n; i++)
		cr_assert(eq(int, fdss_out_fields(o, recs[i], nf[i]), FDSS_OK));
	cr_assert(eq(int, fdss_out_finish(o), FDSS_OK));
	fdss_out_free(o);
	fclose(f);
	return buf;
}

#define STR(k, s) { k, FDSS_JFIELD_STR, s, sizeof(s) - 1 }
#define VAL(k, s) { k, FDSS_JFIELD_JSON, s, sizeof(s) - 1 }
#define NUL(k) { k, FDSS_JFIELD_NULL, NULL, 0 }

/* Fields come out as the same record's text does through cJSON, in every
 * format: escapes, a number cJSON reprints, nested values, null, keys
 * that change place, personal identifiers masked. */
Test(output, records_as_fields_come_out_the_same)
{
	static const char bx[] = "b";	/* another pointer at b's place */
	static const fdss_jfield r1[] = {
		STR("type", "person"), STR("a", "x, \"q\"\n\tz"), VAL("b", "12"),
		STR("phone", "13912345678"), VAL("n", "[1,{\"k\":2.5}]"),
		VAL("t", "true"), NUL("z"),
	}, r2[] = {
		STR("type", "person"), STR("a", "宽字"),
		VAL(bx, "12345678901234568"), NUL("phone"), VAL("n", "[]"),
		VAL("t", "false"), STR("z", ""),
	}, r3[] = {
		STR("phone", "12"), STR("a", "4"), VAL("b", "-6"),
	};
	static const fdss_jfield *const recs[] = { r1, r2, r3 };
	static const size_t nf[] = { 7, 7, 3 };
	static const char *const cols[] = { "a", "b", "phone", "n", "t" };
	static const char text[] =
		"{\"type\":\"person\",\"a\":\"x, \\\"q\\\"\\n\\tz\",\"b\":12,"
		"\"phone\":\"13912345678\",\"n\":[1,{\"k\":2.5}],\"t\":true,"
		"\"z\":null}\n"
		"{\"type\":\"person\",\"a\":\"宽字\",\"b\":12345678901234568,"
		"\"phone\":null,\"n\":[],\"t\":false,\"z\":\"\"}\n"
		"{\"phone\":\"12\",\"a\":\"4\",\"b\":-6}\n";
	int format;

	for (format = FDSS_FORMAT_TABLE; format <= FDSS_FORMAT_JSON; format++) {
		char *want = render(format, 0, NULL, 0, text);
		char *got = render_fields(format, NULL, 0, recs, nf, 3);

		cr_assert(eq(str, got, want), "format %d", format);
		free(want);
		free(got);
		want = render(format, 0, cols, 5, text);
		got = render_fields(format, cols, 5, recs, nf, 3);
		cr_assert(eq(str, got, want), "format %d, columns", format);
		free(want);
		free(got);
	}
	expect(render_fields(FDSS_FORMAT_CSV, cols, 5, recs, nf, 3),
	       "a,b,phone,n,t\r\n"
	       "\"x, \"\"q\"\"\n\tz\",12,139****5678,\"[1,{\"\"k\"\":2.5}]\",true\r\n"
	       "宽字,12345678901234568,,[],false\r\n"
	       "4,-6,****,,\r\n");
}
