#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fdss/fdss.h>

static FILE *in;
static fdss_csv *r;
static fdss_error err;

static void teardown(void)
{
	fdss_csv_free(r);
	r = NULL;
	if (in)
		fclose(in);
	in = NULL;
}

TestSuite(csv, .fini = teardown);

/* A reader over the n bytes of s, named "t.csv". */
static void open_bytes(const char *s, size_t n)
{
	in = tmpfile();
	cr_assert(in != NULL);
	cr_assert(eq(sz, fwrite(s, 1, n, in), n));
	rewind(in);
	cr_assert(eq(int, fdss_csv_new(&r, in, "t.csv"), FDSS_OK));
	err = (fdss_error)FDSS_ERROR_INIT;
}

static void open_str(const char *s)
{
	open_bytes(s, strlen(s));
}

static void expect_next(int rc)
{
	int got = fdss_csv_next(r, &err);

	cr_assert(eq(int, got, rc), "next: %d (%s), expected %d", got,
		  err.msg, rc);
}

/* Expect the next record to be exactly the n fields given. */
static void expect_record(long line, size_t n, const char *const *fields)
{
	size_t i, len;

	expect_next(FDSS_OK);
	cr_assert(eq(long, fdss_csv_line(r), line));
	cr_assert(eq(sz, fdss_csv_nfields(r), n));
	for (i = 0; i < n; i++) {
		const char *f = fdss_csv_field(r, i, &len);

		cr_assert(eq(str, (char *)f, (char *)fields[i]), "field %zu", i);
		cr_assert(eq(sz, len, strlen(fields[i])));
	}
	cr_assert(fdss_csv_field(r, n, &len) == NULL);
}

#define RECORD(line, ...) do { \
	static const char *const f_[] = { __VA_ARGS__ }; \
	expect_record(line, sizeof(f_) / sizeof(f_[0]), f_); \
} while (0)

static void expect_error(const char *msg)
{
	expect_next(FDSS_EDATA);
	cr_assert(eq(str, err.msg, (char *)msg));
	cr_assert(eq(sz, fdss_csv_nfields(r), 0));
}

static void expect_raw(const char *raw)
{
	size_t n;
	const char *s = fdss_csv_raw(r, &n);

	cr_assert(eq(sz, n, strlen(raw)));
	cr_assert(eq(int, memcmp(s, raw, n), 0), "raw '%.*s'", (int)n, s);
}

Test(csv, plain_records)
{
	open_str("code,name\n140826,绛县\n");
	RECORD(1, "code", "name");
	RECORD(2, "140826", "绛县");
	expect_next(FDSS_EOF);
	expect_next(FDSS_EOF);
	cr_assert(eq(str, (char *)fdss_csv_name(r), "t.csv"));
}

Test(csv, empty_input)
{
	open_str("");
	expect_next(FDSS_EOF);
}

Test(csv, empty_fields)
{
	open_str(",,\na,\n,b\n");
	RECORD(1, "", "", "");
	RECORD(2, "a", "");
	RECORD(3, "", "b");
	expect_next(FDSS_EOF);
}

Test(csv, quoted_fields_and_doubled_quotes)
{
	open_str("\"a,b\",\"say \"\"hi\"\"\",plain,\"\"\n\"\"\"\",x\n");
	RECORD(1, "a,b", "say \"hi\"", "plain", "");
	RECORD(2, "\"", "x");
	expect_next(FDSS_EOF);
}

Test(csv, newlines_inside_quotes_keep_line_numbers)
{
	open_str("x,\"one\ntwo\n\nfour\",y\nnext,\"a\r\nb\"\r\nlast\n");
	RECORD(1, "x", "one\ntwo\n\nfour", "y");
	expect_raw("x,\"one\ntwo\n\nfour\",y");
	RECORD(5, "next", "a\r\nb");
	expect_raw("next,\"a\r\nb\"");
	RECORD(7, "last");
	expect_next(FDSS_EOF);
}

Test(csv, crlf_and_no_final_newline)
{
	open_str("a,b\r\nc,\"d\"\r\ne,f");
	RECORD(1, "a", "b");
	expect_raw("a,b");
	RECORD(2, "c", "d");
	RECORD(3, "e", "f");
	expect_raw("e,f");
	expect_next(FDSS_EOF);
}

Test(csv, final_cr_ends_the_line)
{
	open_str("a,b\r\nc,\"d\"\r");
	RECORD(1, "a", "b");
	RECORD(2, "c", "d");
	expect_raw("c,\"d\"");
	expect_next(FDSS_EOF);
}

Test(csv, bom_skipped_at_start_of_any_line)
{
	open_str("\xEF\xBB\xBF" "code,name\n\xEF\xBB\xBF" "1,x\n"
		 "2,\xEF\xBB\xBF" "y\n");
	RECORD(1, "code", "name");
	expect_raw("code,name");
	RECORD(2, "1", "x");
	expect_raw("1,x");
	/* elsewhere U+FEFF is data */
	RECORD(3, "2", "\xEF\xBB\xBF" "y");
	expect_next(FDSS_EOF);
}

/* Excel's "CSV (Macintosh)": CR alone ends a line. */
Test(csv, cr_only_line_ends)
{
	open_str("a,b\rc,d\r\re,f");
	RECORD(1, "a", "b");
	expect_raw("a,b");
	RECORD(2, "c", "d");
	expect_raw("c,d");
	RECORD(4, "e", "f");
	expect_next(FDSS_EOF);
}

Test(csv, cr_inside_quotes_is_data)
{
	open_str("a,\"x\ry\r\nz\"\rb,c\r\nd\n\re\r");
	RECORD(1, "a", "x\ry\r\nz");
	expect_raw("a,\"x\ry\r\nz\"");
	RECORD(4, "b", "c");
	RECORD(5, "d");
	RECORD(7, "e");
	expect_next(FDSS_EOF);
}

/* A CRLF, or a lone CR, cut by the end of the reader's block. */
Test(csv, line_ends_cut_by_the_block_end)
{
	size_t block = 256 * 1024, n, len;
	char *s = malloc(3 * block), *p;

	cr_assert(s != NULL);
	/* CRLF: the CR is the block's last byte */
	memset(s, 'a', block - 1);
	memcpy(s + block - 1, "\r\nb\rc\n", 6);
	n = block + 5;
	open_bytes(s, n);
	expect_next(FDSS_OK);
	cr_assert(eq(sz, fdss_csv_raw(r, &len) != NULL ? len : 0, block - 1));
	RECORD(2, "b");
	RECORD(3, "c");
	expect_next(FDSS_EOF);
	teardown();
	/* lone CR at the block's end, then a line */
	memcpy(s + block - 1, "\rb\n", 3);
	open_bytes(s, block + 2);
	expect_next(FDSS_OK);
	RECORD(2, "b");
	expect_next(FDSS_EOF);
	teardown();
	/* a quoted CRLF cut by the block's end stays CRLF */
	p = s;
	*p++ = '"';
	memset(p, 'q', block - 2);
	p += block - 2;
	memcpy(p, "\r\nq\"\rz\r", 7);
	open_bytes(s, block + 6);
	expect_next(FDSS_OK);
	cr_assert(eq(sz, fdss_csv_field(r, 0, &len) != NULL ? len : 0,
		     block - 2 + 3));
	cr_assert(eq(int, memcmp(fdss_csv_field(r, 0, NULL) + block - 2,
				 "\r\nq", 3), 0));
	RECORD(3, "z");
	expect_next(FDSS_EOF);
	free(s);
}

/* A NUL byte would cut the value short: the record is refused. */
Test(csv, nul_byte_in_a_field)
{
	static const char text[] = "a,b\n1,x\0y\n2,\"q\0\"\n3,z\n";

	open_bytes(text, sizeof(text) - 1);
	RECORD(1, "a", "b");
	expect_error("t.csv:2: NUL byte in field 2");
	cr_assert(eq(sz, fdss_csv_error_field(r), 2));
	expect_error("t.csv:3: NUL byte in field 2");
	RECORD(4, "3", "z");
	cr_assert(eq(sz, fdss_csv_error_field(r), 0));
	expect_next(FDSS_EOF);
}

Test(csv, blank_lines_skipped)
{
	open_str("\na\n\n\r\nb\n\n");
	RECORD(2, "a");
	RECORD(5, "b");
	expect_next(FDSS_EOF);
}

Test(csv, unterminated_quote_resumes_at_next_line)
{
	open_str("code,name\n1,\"abc\n2,x\n3,y\n");
	RECORD(1, "code", "name");
	expect_error("t.csv:2: unterminated quoted field");
	cr_assert(eq(long, fdss_csv_line(r), 2));
	expect_raw("1,\"abc");
	RECORD(3, "2", "x");
	RECORD(4, "3", "y");
	expect_next(FDSS_EOF);
}

Test(csv, unterminated_quote_on_last_line)
{
	open_str("a\n\"b");
	RECORD(1, "a");
	expect_error("t.csv:2: unterminated quoted field");
	expect_raw("\"b");
	expect_next(FDSS_EOF);
}

Test(csv, stray_quote_in_unquoted_field)
{
	open_str("1,2,ab\"c\r\n4,5,6\n");
	expect_error("t.csv:1: stray quote in unquoted field 3");
	cr_assert(eq(sz, fdss_csv_error_field(r), 3));
	expect_raw("1,2,ab\"c");
	RECORD(2, "4", "5", "6");
}

Test(csv, text_after_closing_quote)
{
	open_str("1,\"ab\"c,3\n4\n");
	expect_error("t.csv:1: text after closing quote in field 2");
	expect_raw("1,\"ab\"c,3");
	RECORD(2, "4");
}

Test(csv, error_in_multiline_record_resumes_after_it)
{
	open_str("h\n1,\"a\nb\"x\n2\n");
	RECORD(1, "h");
	expect_error("t.csv:2: text after closing quote in field 2");
	expect_raw("1,\"a\nb\"x");
	RECORD(4, "2");
	expect_next(FDSS_EOF);
}

Test(csv, several_errors_in_a_row)
{
	open_str("a\"\n\"b\"c\nok\nd\"\n");
	expect_error("t.csv:1: stray quote in unquoted field 1");
	expect_error("t.csv:2: text after closing quote in field 1");
	RECORD(3, "ok");
	expect_error("t.csv:4: stray quote in unquoted field 1");
	expect_next(FDSS_EOF);
}

/* A field larger than the reader's block, unquoted and quoted. */
Test(csv, large_fields_cross_block_boundaries)
{
	size_t big = 1000003, i, n, len;
	char *s = malloc(3 * big + 64), *p = s;
	const char *f;

	cr_assert(s != NULL);
	p += sprintf(p, "1,");
	for (i = 0; i < big; i++)
		*p++ = (char)('a' + i % 26);
	p += sprintf(p, "\n2,\"");
	for (i = 0; i < big; i++) {
		*p++ = i % 1000 == 999 ? '\n' : i % 7 == 0 ? '"' : 'x';
		if (p[-1] == '"')
			*p++ = '"';
	}
	p += sprintf(p, "\",end\n3,z\n");
	n = (size_t)(p - s);
	open_bytes(s, n);

	expect_next(FDSS_OK);
	f = fdss_csv_field(r, 1, &len);
	cr_assert(eq(sz, len, big));
	for (i = 0; i < big && f[i] == (char)('a' + i % 26); i++)
		;
	cr_assert(eq(sz, i, big), "byte %zu of field 1 differs", i);
	expect_next(FDSS_OK);
	cr_assert(eq(long, fdss_csv_line(r), 2));
	cr_assert(eq(sz, fdss_csv_nfields(r), 3));
	f = fdss_csv_field(r, 1, &len);
	cr_assert(eq(sz, len, big));
	for (i = 0; i < big; i++)
		if (f[i] != (i % 1000 == 999 ? '\n' : i % 7 == 0 ? '"' : 'x'))
			break;
	cr_assert(eq(sz, i, big), "byte %zu of the quoted field differs", i);
	cr_assert(eq(str, (char *)fdss_csv_field(r, 2, NULL), "end"));
	RECORD(3 + (long)(big / 1000), "3", "z");
	expect_next(FDSS_EOF);
	free(s);
}

Test(csv, many_records_line_numbers)
{
	size_t n = 0, cap = 4 << 20;
	char *s = malloc(cap), field[32];
	long i;

	cr_assert(s != NULL);
	for (i = 1; i <= 100000; i++)
		n += (size_t)snprintf(s + n, cap - n,
				      i % 3 ? "%ld,name %ld\r\n"
					    : "%ld,\"name %ld\"\n", i, i);
	open_bytes(s, n);
	for (i = 1; i <= 100000; i++) {
		if (fdss_csv_next(r, &err) != FDSS_OK || fdss_csv_line(r) != i)
			break;
		snprintf(field, sizeof(field), "name %ld", i);
		if (strcmp(fdss_csv_field(r, 1, NULL), field) != 0)
			break;
	}
	cr_assert(eq(long, i, 100001), "record %ld differs", i);
	expect_next(FDSS_EOF);
	free(s);
}

/* Write fields with fdss_csv_write_field() into a string. */
static char *written(const char *const *fields, size_t n)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&buf, &len);

	cr_assert(f != NULL);
	for (i = 0; i < n; i++) {
		if (i)
			putc(',', f);
		cr_assert(eq(int, fdss_csv_write_field(f, fields[i],
						       strlen(fields[i])),
			     FDSS_OK));
	}
	putc('\n', f);
	fclose(f);
	return buf;
}

Test(csv, write_field_quotes_when_needed_and_reads_back)
{
	static const char *const fields[] = {
		"plain", "a,b", "say \"hi\"", "two\nlines", "cr\r", "", "绛县"
	};
	char *s = written(fields, 7);

	cr_assert(eq(str, s, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\","
		     "\"cr\r\",,绛县\n"));
	open_str(s);
	expect_record(1, 7, fields);
	free(s);
}

Test(csv, write_field_reports_failure)
{
	FILE *f = fopen("/dev/full", "w");

	cr_assert(f != NULL);
	setvbuf(f, NULL, _IONBF, 0);
	cr_assert(eq(int, fdss_csv_write_field(f, "abc", 3), FDSS_EIO));
	cr_assert(eq(int, fdss_csv_write_field(f, "a\"b", 3), FDSS_EIO));
	fclose(f);
}

Test(csv, free_null_is_harmless)
{
	fdss_csv_free(NULL);
}
