/*
 * The JSON text builder: the text it writes is what cJSON prints for the
 * same values — escapes of every control character, integers at the
 * edges of int and beyond — and commas land where they belong.
 */
#include <limits.h>
#include <string.h>
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <fdss/jbuf.h>
#include <fdss/error.h>
#include <cjson/cJSON.h>

/* cJSON's text of item (which is freed). */
static char *cjson_text(cJSON *item)
{
	char *s = cJSON_PrintUnformatted(item);

	cr_assert(s != NULL);
	cJSON_Delete(item);
	return s;
}

static void expect_same_string(const char *s)
{
	fdss_jbuf b = FDSS_JBUF_INIT;
	char *want = cjson_text(cJSON_CreateString(s));

	fdss_jbuf_str(&b, s);
	cr_assert(eq(int, fdss_jbuf_rc(&b), FDSS_OK));
	cr_assert(eq(str, b.s, want));
	cJSON_free(want);
	fdss_jbuf_release(&b);
}

Test(jbuf, strings_escaped_as_cjson_does)
{
	char all[32];
	int c;

	for (c = 1; c < 32; c++)
		all[c - 1] = (char)c;
	all[31] = '\0';
	expect_same_string(all);
	expect_same_string("");
	expect_same_string("plain");
	expect_same_string("\"quoted\" back\\slash /slash \x7f");
	expect_same_string("王建国 一般贫困户 😀");
	expect_same_string("\xff\xfe not UTF-8");
}

static void expect_same_int(int64_t v)
{
	fdss_jbuf b = FDSS_JBUF_INIT;
	char *want = cjson_text(cJSON_CreateNumber((double)v));

	fdss_jbuf_int(&b, v);
	cr_assert(eq(str, b.s, want), "%lld", (long long)v);
	cJSON_free(want);
	fdss_jbuf_release(&b);
}

Test(jbuf, integers_as_cjson_prints_them)
{
	static const int64_t v[] = {
		0, 1, -1, 9, 10, 1200, -3600, INT_MAX, INT_MIN,
		(int64_t)INT_MAX + 1, (int64_t)INT_MIN - 1, 3000000000LL,
		999999999999999LL, 1000000000000000LL, 1234567890123456LL,
		9007199254740993LL, -9007199254740993LL, INT64_MAX, INT64_MIN
	};
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		expect_same_int(v[i]);
}

Test(jbuf, commas_between_keys_and_elements)
{
	fdss_jbuf b = FDSS_JBUF_INIT;

	fdss_jbuf_open(&b, '{');
	fdss_jbuf_kstr(&b, "a", "x");
	fdss_jbuf_kint(&b, "n", -5);
	fdss_jbuf_key(&b, "list");
	fdss_jbuf_open(&b, '[');
	fdss_jbuf_open(&b, '{');
	fdss_jbuf_close(&b, '}');
	fdss_jbuf_open(&b, '[');
	fdss_jbuf_close(&b, ']');
	fdss_jbuf_bool(&b, 1);
	fdss_jbuf_bool(&b, 0);
	fdss_jbuf_null(&b);
	fdss_jbuf_str(&b, NULL);
	fdss_jbuf_raw(&b, "{\"k\":1}", 7);
	fdss_jbuf_close(&b, ']');
	fdss_jbuf_key(&b, "e");
	fdss_jbuf_open(&b, '{');
	fdss_jbuf_close(&b, '}');
	fdss_jbuf_close(&b, '}');
	cr_assert(eq(str, b.s, "{\"a\":\"x\",\"n\":-5,\"list\":[{},[],true,"
		     "false,null,null,{\"k\":1}],\"e\":{}}"));
	cr_assert(eq(sz, b.len, strlen(b.s)));
	fdss_jbuf_reset(&b);
	cr_assert(eq(sz, b.len, 0));
	fdss_jbuf_open(&b, '{');
	fdss_jbuf_close(&b, '}');
	cr_assert(eq(str, b.s, "{}"));
	fdss_jbuf_release(&b);
	fdss_jbuf_release(&b);	/* twice is harmless */
}

Test(jbuf, long_text_grows)
{
	fdss_jbuf b = FDSS_JBUF_INIT;
	char big[5000];
	int i;

	memset(big, 'y', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	fdss_jbuf_open(&b, '[');
	for (i = 0; i < 10; i++)
		fdss_jbuf_str(&b, big);
	fdss_jbuf_close(&b, ']');
	cr_assert(eq(int, fdss_jbuf_rc(&b), FDSS_OK));
	cr_assert(eq(sz, b.len, 2 + 10 * (sizeof(big) + 1) + 9));
	fdss_jbuf_release(&b);
}

Test(jbuf, plain_text)
{
	fdss_jbuf b = FDSS_JBUF_INIT;
	const char *p;

	fdss_jbuf_add(&b, "", 0);	/* an empty text is a text */
	cr_assert(eq(str, b.s, ""));
	fdss_jbuf_add(&b, "ab\0cd", 5);	/* bytes as they are, no comma */
	fdss_jbuf_add(&b, "}", 1);
	cr_assert(eq(sz, b.len, 6));
	cr_assert(eq(int, memcmp(b.s, "ab\0cd}", 7), 0));
	cr_assert(eq(int, fdss_jbuf_reserve(&b, 1000), FDSS_OK));
	cr_assert(b.cap >= b.len + 1001);
	p = b.s;
	fdss_jbuf_add(&b, "x", 1);
	fdss_jbuf_add(&b, "yz", 2);
	cr_assert(eq(ptr, (void *)b.s, (void *)p));	/* did not move */
	cr_assert(eq(str, b.s + 6, "xyz"));
	fdss_jbuf_release(&b);
}
