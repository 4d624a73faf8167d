/*
 * Input decoding and SHA-256: the FIPS 180-4 test vectors, UTF-8 passed
 * through unchanged and refused with line and byte, GB18030 converted
 * (with a character cut by the chunk boundary), and a large input whose
 * hash matches the one-shot hash of the same bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <fdss/decode.h>

static FILE *in;
static FILE *text;
static fdss_decoder *dec;
static fdss_error err;

static void teardown(void)
{
	fdss_decoder_free(dec);
	dec = NULL;
	text = NULL;
	if (in)
		fclose(in);
	in = NULL;
}

TestSuite(decode, .fini = teardown);
TestSuite(sha256);

static void expect_sha(const char *data, size_t n, const char *hex)
{
	char got[65];

	fdss_sha256_hex(got, data, n);
	cr_assert(eq(str, got, (char *)hex));
}

Test(sha256, fips_180_vectors)
{
	static const char two_blocks[] =
		"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	char *a = malloc(1000000);

	cr_assert(a != NULL);
	expect_sha("", 0,
		   "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	expect_sha("abc", 3,
		   "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	expect_sha(two_blocks, sizeof(two_blocks) - 1,
		   "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	memset(a, 'a', 1000000);
	expect_sha(a, 1000000,
		   "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(a);
}

/* Padding edges: 55, 56 and 64 bytes change how the length block falls. */
Test(sha256, padding_edges)
{
	char a[64];

	memset(a, 'a', sizeof(a));
	expect_sha(a, 55,
		   "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
	expect_sha(a, 56,
		   "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
	expect_sha(a, 64,
		   "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

/* A decoder over the n bytes of s, named "t.csv". */
static int open_bytes(const char *s, size_t n, const char *encoding)
{
	in = tmpfile();
	cr_assert(in != NULL);
	cr_assert(eq(sz, fwrite(s, 1, n, in), n));
	rewind(in);
	err = (fdss_error)FDSS_ERROR_INIT;
	return fdss_decoder_new(&dec, &text, in, "t.csv", encoding, &err);
}

/* Read the whole stream into a malloc'd buffer; *n its length. */
static char *slurp(size_t *n)
{
	size_t cap = 1 << 16, len = 0, got;
	char *buf = malloc(cap);

	cr_assert(buf != NULL);
	while ((got = fread(buf + len, 1, cap - len, text)) > 0) {
		len += got;
		if (len == cap) {
			cap *= 2;
			buf = realloc(buf, cap);
			cr_assert(buf != NULL);
		}
	}
	*n = len;
	return buf;
}

/* Decode s from encoding; expect exactly want, and a clean end. */
static void expect_text(const char *s, size_t n, const char *encoding,
			const char *want)
{
	size_t len;
	char *got;

	cr_assert(eq(int, open_bytes(s, n, encoding), FDSS_OK), "%s", err.msg);
	got = slurp(&len);
	cr_assert(eq(int, ferror(text), 0));
	cr_assert(eq(int, fdss_decoder_status(dec, &err), FDSS_OK), "%s", err.msg);
	cr_assert(eq(sz, len, strlen(want)));
	cr_assert(eq(int, memcmp(got, want, len), 0));
	cr_assert(eq(i64, fdss_decoder_bytes(dec), (long long)n));
	free(got);
}

/* Decode s from encoding; expect the text before the bad byte, then msg. */
static void expect_failure(const char *s, size_t n, const char *encoding,
			   const char *before, const char *msg)
{
	size_t len;
	char *got;

	cr_assert(eq(int, open_bytes(s, n, encoding), FDSS_OK), "%s", err.msg);
	got = slurp(&len);
	cr_assert(ne(int, ferror(text), 0));
	cr_assert(eq(int, fdss_decoder_status(dec, &err), FDSS_EDATA));
	cr_assert(eq(str, err.msg, (char *)msg));
	cr_assert(eq(sz, len, strlen(before)));
	cr_assert(eq(int, memcmp(got, before, len), 0));
	free(got);
}

#define TEXT(lit, enc, want) expect_text(lit, sizeof(lit) - 1, enc, want)
#define FAILS(lit, enc, before, msg) \
	expect_failure(lit, sizeof(lit) - 1, enc, before, msg)

Test(decode, utf8_passes_through_unchanged)
{
	static const char s[] = "\xEF\xBB\xBF县,姓名\r\n江县,张三\n\"a,\"\"b\"\n";

	TEXT(s, "utf-8", s);
	teardown();
	TEXT(s, "UTF8", s);
	teardown();
	TEXT(s, NULL, s);
	teardown();
	TEXT("", "utf-8", "");
}

Test(decode, utf8_hash_and_bytes)
{
	static const char s[] = "户编号,姓名\n1,张三\n";
	char want[65], got[65];
	size_t len;
	char *t;

	cr_assert(eq(int, open_bytes(s, sizeof(s) - 1, "utf-8"), FDSS_OK));
	t = slurp(&len);
	free(t);
	fdss_sha256_hex(want, s, sizeof(s) - 1);
	fdss_decoder_sha256(dec, got);
	cr_assert(eq(str, got, want));
	fdss_decoder_sha256(dec, got);	/* asking twice gives the same */
	cr_assert(eq(str, got, want));
	cr_assert(eq(i64, fdss_decoder_bytes(dec), (long long)(sizeof(s) - 1)));
}

Test(decode, invalid_utf8_names_line_and_byte)
{
	/* "张三" in GB18030 on line 3, after "1,": byte 3. */
	FAILS("户编号,姓名\n0,李四\n1,\xD5\xC5\xC8\xFD\n", "utf-8",
	      "户编号,姓名\n0,李四\n1,",
	      "t.csv:3: byte 3: not valid UTF-8 (0xD5 0xC5); if the file "
	      "comes from Excel on Chinese Windows, try --encoding gb18030");
	teardown();
	FAILS("\xFF", "utf-8", "",
	      "t.csv:1: byte 1: not valid UTF-8 (0xFF); if the file comes "
	      "from Excel on Chinese Windows, try --encoding gb18030");
	teardown();
	FAILS("ab\n\xED\xA0\x80", "utf-8", "ab\n",
	      "t.csv:2: byte 1: not valid UTF-8 (0xED 0xA0 0x80); if the file "
	      "comes from Excel on Chinese Windows, try --encoding gb18030");
	teardown();
	FAILS("ok\n张\xE4\xB8", "utf-8", "ok\n张",
	      "t.csv:2: byte 4: not valid UTF-8 (0xE4 0xB8): the input ends "
	      "inside a character");
}

/* Lines end as the CSV reader ends them: LF, CRLF (one) or a lone CR. */
Test(decode, cr_and_crlf_line_ends_are_counted)
{
	size_t chunk = 128 * 1024, n;
	char *s, msg[160];

	FAILS("a\rb\r\nc\n\rd,\xFF", "utf-8", "a\rb\r\nc\n\rd,",
	      "t.csv:5: byte 3: not valid UTF-8 (0xFF); if the file comes "
	      "from Excel on Chinese Windows, try --encoding gb18030");
	teardown();
	/* a CRLF cut by the chunk's end is one line end */
	s = malloc(chunk + 16);
	cr_assert(s != NULL);
	memset(s, 'a', chunk - 1);
	memcpy(s + chunk - 1, "\r\nb\xFF", 4);
	n = chunk + 3;
	cr_assert(eq(int, open_bytes(s, n, "utf-8"), FDSS_OK));
	free(slurp(&n));
	cr_assert(eq(int, fdss_decoder_status(dec, &err), FDSS_EDATA));
	snprintf(msg, sizeof(msg), "t.csv:2: byte 2: not valid UTF-8 (0xFF); "
		 "if the file comes from Excel on Chinese Windows, try "
		 "--encoding gb18030");
	cr_assert(eq(str, err.msg, msg));
	free(s);
}

Test(decode, gb18030_to_utf8)
{
	TEXT("\xD5\xC5\xC8\xFD,\xC0\xEE\xCB\xC4\r\n", "gb18030", "张三,李四\r\n");
	teardown();
	TEXT("\xCF\xD8,\xCF\xE7\xA3\xA8\xD5\xF2\xA3\xA9\n", "GBK",
	     "县,乡（镇）\n");
	teardown();
	/* Four-byte GB18030: U+00DE and U+20000. */
	TEXT("\x81\x30\x89\x37|\x95\x32\x82\x36", "gb18030",
	     "\xC3\x9E|\xF0\xA0\x80\x80");
	teardown();
	TEXT("\x80", "cp936", "\xE2\x82\xAC");	/* € in the code page */
}

Test(decode, byte_0x80_is_not_gb18030)
{
	FAILS("a,b\n\xD5\xC5,\x80\n", "gb18030", "a,b\n张,",
	      "t.csv:2: byte 4: not valid GB18030 (0x80)");
	teardown();
	FAILS("\xD5", "gb18030", "",
	      "t.csv:1: byte 1: not valid GB18030 (0xD5): the input ends "
	      "inside a character");
}

Test(decode, unknown_encoding)
{
	cr_assert(eq(int, open_bytes("x", 1, "latin-1"), FDSS_EINVAL));
	cr_assert(eq(str, err.msg,
		     "unknown encoding 'latin-1'; use utf-8, gb18030 or gbk"));
	cr_assert(dec == NULL);
	cr_assert(text == NULL);
}

/*
 * n bytes of GB18030 roster text: lines of "张三,李四" with one byte of
 * padding shifting each line, so two-byte characters fall across every
 * chunk boundary sooner or later.  want gets the UTF-8.
 */
static char *gb_lines(size_t lines, size_t *n, char **want, size_t *wn)
{
	char *gb = malloc(lines * 16), *u = malloc(lines * 24);
	size_t i, g = 0, k = 0;

	cr_assert(gb && u);
	for (i = 0; i < lines; i++) {
		memcpy(gb + g, "\xD5\xC5\xC8\xFD,\xC0\xEE\xCB\xC4", 9);
		memcpy(u + k, "张三,李四", 13);
		g += 9;
		k += 13;
		if (i % 3 == 0)
			gb[g++] = u[k++] = 'x';
		gb[g++] = u[k++] = '\n';
	}
	*n = g;
	*want = u;
	*wn = k;
	return gb;
}

Test(decode, gb18030_split_across_chunks)
{
	size_t n, wn, len;
	char *want, *got, *gb = gb_lines(200000, &n, &want, &wn);

	cr_assert(eq(int, open_bytes(gb, n, "gb18030"), FDSS_OK), "%s", err.msg);
	got = slurp(&len);
	cr_assert(eq(int, fdss_decoder_status(dec, &err), FDSS_OK), "%s", err.msg);
	cr_assert(eq(sz, len, wn));
	cr_assert(eq(int, memcmp(got, want, wn), 0));
	free(gb);
	free(want);
	free(got);
}

/*
 * A four-byte character at each offset around 128 KiB (the decoder's
 * chunk, and a multiple of any smaller power of two), so that every
 * split of it falls on a chunk boundary once.
 */
static void cut_everywhere(const char *ch, const char *want_ch,
			   const char *encoding)
{
	size_t k, n, len, pad, wn = strlen(want_ch);
	char *s = malloc(140000), *got;

	cr_assert(s != NULL);
	for (k = 0; k < 5; k++) {
		pad = 131072 - k;
		memset(s, 'a', pad);
		memcpy(s + pad, ch, 4);
		memcpy(s + pad + 4, "\nz", 2);
		n = pad + 6;
		cr_assert(eq(int, open_bytes(s, n, encoding), FDSS_OK));
		got = slurp(&len);
		cr_assert(eq(int, fdss_decoder_status(dec, &err), FDSS_OK),
			  "%s at %zu", err.msg, pad);
		cr_assert(eq(sz, len, pad + wn + 2));
		cr_assert(eq(int, memcmp(got + pad, want_ch, wn), 0));
		cr_assert(eq(int, memcmp(got + pad + wn, "\nz", 2), 0));
		free(got);
		teardown();
	}
	free(s);
}

Test(decode, characters_cut_at_every_position_of_a_chunk_boundary)
{
	cut_everywhere("\xF0\xA0\x80\x80", "\xF0\xA0\x80\x80", "utf-8");
	cut_everywhere("\x95\x32\x82\x36", "\xF0\xA0\x80\x80", "gb18030");
	cut_everywhere("\xD5\xC5\xC8\xFD", "张三", "gb18030");
	cut_everywhere("张a", "张a", "utf-8");
}

/* A bad byte far into the input, after many chunk boundaries. */
Test(decode, gb18030_error_deep_in_the_input)
{
	size_t n, wn, len;
	char *want, *got, *gb = gb_lines(200000, &n, &want, &wn);

	gb[n - 4] = 0x7F;	/* line 200000 "张三,李四\n": 李 is C0 EE */
	cr_assert(eq(int, open_bytes(gb, n, "gb18030"), FDSS_OK));
	got = slurp(&len);
	cr_assert(eq(int, fdss_decoder_status(dec, &err), FDSS_EDATA));
	cr_assert(eq(str, err.msg,
		     "t.csv:200000: byte 6: not valid GB18030 (0xC0 0x7F)"));
	cr_assert(eq(sz, len, wn - 7));
	free(gb);
	free(want);
	free(got);
}

/*
 * Several MB of mixed ASCII and Chinese UTF-8, read back through small
 * and large freads: the same bytes, and the same hash as one shot.  A
 * bad byte at the very end is then reported with its line.
 */
Test(decode, large_utf8_round_trip)
{
	static const char *const words[] = { "县", "乡（镇）", "450521",
		"张三", "𠀀", ",", "\n", "一般贫困户", "abcdefgh" };
	size_t n = 0, cap = 6 << 20, len = 0, got_n, lines = 1, step;
	char *s = malloc(cap + 8), *got = malloc(cap + 8);
	char want[65], hash[65], msg[200];
	unsigned r = 1;

	cr_assert(s && got);
	while (n < cap - 16) {
		const char *w;

		r = r * 1103515245 + 12345;
		w = words[(r >> 16) % 9];
		memcpy(s + n, w, strlen(w));
		n += strlen(w);
		lines += *w == '\n';
	}
	cr_assert(eq(int, open_bytes(s, n, "utf-8"), FDSS_OK));
	for (step = 1; (got_n = fread(got + len, 1, step, text)) > 0;
	     step = step * 3 % 70001 + 1)
		len += got_n;
	cr_assert(eq(int, fdss_decoder_status(dec, &err), FDSS_OK), "%s", err.msg);
	cr_assert(eq(sz, len, n));
	cr_assert(eq(int, memcmp(got, s, n), 0));
	fdss_sha256_hex(want, s, n);
	fdss_decoder_sha256(dec, hash);
	cr_assert(eq(str, hash, want));
	teardown();

	memcpy(s + n, "\nab\xC0\x80", 5);
	cr_assert(eq(int, open_bytes(s, n + 5, "utf-8"), FDSS_OK));
	free(slurp(&len));
	cr_assert(eq(sz, len, n + 3));
	cr_assert(eq(int, fdss_decoder_status(dec, &err), FDSS_EDATA));
	snprintf(msg, sizeof(msg), "t.csv:%zu: byte 3: not valid UTF-8 "
		 "(0xC0); if the file comes from Excel on Chinese "
		 "Windows, try --encoding gb18030", lines + 1);
	cr_assert(eq(str, err.msg, msg));
	free(s);
	free(got);
}

/* Input from fmemopen, with no name; NULL frees harmlessly. */
Test(decode, fmemopen_input_and_free_null)
{
	static const char s[] = "\xD0\xD5\xC3\xFB\n\xFF\n";
	size_t len;
	char *got;

	fdss_decoder_free(NULL);
	in = fmemopen((void *)s, sizeof(s) - 1, "r");
	cr_assert(in != NULL);
	cr_assert(eq(int, fdss_decoder_new(&dec, &text, in, NULL, "gbk", &err),
		     FDSS_OK));
	got = slurp(&len);
	cr_assert(eq(sz, len, strlen("姓名\n")));
	cr_assert(eq(int, memcmp(got, "姓名\n", len), 0));
	cr_assert(eq(int, fdss_decoder_status(dec, &err), FDSS_EDATA));
	cr_assert(eq(str, err.msg, "<stdin>:2: byte 1: not valid GBK (0xFF)"));
	free(got);
}
