/*
 * The JSON-lines reader: good, blank and bad lines with their exact
 * "file:line" messages, going on after an error, and the typed getters'
 * messages that name the key.
 */
#include <stdio.h>
#include <string.h>
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <fdss/jsonl.h>

/* A stream holding the n bytes of text, positioned at its start. */
static FILE *input(const char *text, size_t n)
{
	FILE *f = tmpfile();

	cr_assert(f != NULL);
	cr_assert(eq(sz, fwrite(text, 1, n, f), n));
	rewind(f);
	return f;
}

#define INPUT(lit) input(lit, sizeof(lit) - 1)

/* Expect the next line to be bad with message msg. */
static void expect_bad(fdss_jsonl *r, long line, const char *msg)
{
	fdss_error err = FDSS_ERROR_INIT;
	cJSON *obj = (cJSON *)1;

	cr_assert(eq(int, fdss_jsonl_next(r, &obj, &err), FDSS_EDATA));
	cr_assert(eq(ptr, obj, NULL));
	cr_assert(eq(int, err.code, FDSS_EDATA));
	cr_assert(eq(str, err.msg, (char *)msg));
	cr_assert(eq(long, fdss_jsonl_line(r), line));
}

/* Expect the next line to be an object; returned for the caller. */
static cJSON *expect_good(fdss_jsonl *r, long line)
{
	fdss_error err = FDSS_ERROR_INIT;
	cJSON *obj = NULL;

	cr_assert(eq(int, fdss_jsonl_next(r, &obj, &err), FDSS_OK), "%s",
		  err.msg);
	cr_assert(obj != NULL);
	cr_assert(eq(long, fdss_jsonl_line(r), line));
	return obj;
}

Test(jsonl, good_blank_and_bad_lines)
{
	FILE *f = INPUT(
		"{\"type\":\"person\",\"name\":\"张三\"}\n"	/* 1 */
		"\n"						/* 2 */
		"   \t\r\n"					/* 3 */
		"{\"a\":1}\r\n"					/* 4 */
		"[1,2]\n"					/* 5 */
		"{\"a\":}\n"					/* 6 */
		"not json\n"					/* 7 */
		"{\"a\":1} trailing\n"				/* 8 */
		"{\"bad\":\"\xFF\"}\n"				/* 9 */
		"\"text\"\n"					/* 10 */
		"{\"a\":1\0}\n"					/* 11 */
		"  {\"last\":true}");				/* 12 */
	fdss_jsonl *r;
	fdss_error err = FDSS_ERROR_INIT;
	cJSON *obj;
	const char *raw;
	size_t len;

	cr_assert(eq(int, fdss_jsonl_new(&r, f, "in.jsonl"), FDSS_OK));
	cr_assert(eq(str, (char *)fdss_jsonl_name(r), "in.jsonl"));

	obj = expect_good(r, 1);
	cr_assert(eq(str, cJSON_GetObjectItemCaseSensitive(obj, "name")
			      ->valuestring, "张三"));
	cJSON_Delete(obj);

	obj = expect_good(r, 4);
	raw = fdss_jsonl_raw(r, &len);
	cr_assert(eq(sz, len, 7));
	cr_assert(eq(str, (char *)raw, "{\"a\":1}"));
	cJSON_Delete(obj);

	expect_bad(r, 5, "in.jsonl:5: not a JSON object");
	expect_bad(r, 6, "in.jsonl:6: invalid JSON at column 6");
	expect_bad(r, 7, "in.jsonl:7: invalid JSON at column 1");
	expect_bad(r, 8, "in.jsonl:8: invalid JSON at column 9");
	raw = fdss_jsonl_raw(r, &len);
	cr_assert(eq(str, (char *)raw, "{\"a\":1} trailing"));
	expect_bad(r, 9, "in.jsonl:9: invalid UTF-8 at column 9");
	expect_bad(r, 10, "in.jsonl:10: not a JSON object");
	expect_bad(r, 11, "in.jsonl:11: invalid JSON at column 7");

	obj = expect_good(r, 12);
	cr_assert(eq(int, cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(
					   obj, "last")), 1));
	cJSON_Delete(obj);

	obj = (cJSON *)1;
	cr_assert(eq(int, fdss_jsonl_next(r, &obj, &err), FDSS_EOF));
	cr_assert(eq(ptr, obj, NULL));
	cr_assert(eq(int, fdss_jsonl_next(r, &obj, &err), FDSS_EOF));
	fdss_jsonl_free(r);
	fclose(f);
}

Test(jsonl, byte_order_mark_and_empty_input)
{
	FILE *f = INPUT("\xEF\xBB\xBF{\"a\":\"b\"}\r\n\xEF\xBB\xBF[]\n");
	fdss_jsonl *r;
	cJSON *obj;

	cr_assert(eq(int, fdss_jsonl_new(&r, f, "<stdin>"), FDSS_OK));
	obj = expect_good(r, 1);
	cJSON_Delete(obj);
	expect_bad(r, 2, "<stdin>:2: not a JSON object");
	cr_assert(eq(int, fdss_jsonl_next(r, &obj, NULL), FDSS_EOF));
	fdss_jsonl_free(r);
	fclose(f);

	f = INPUT("\n\n");
	cr_assert(eq(int, fdss_jsonl_new(&r, f, "empty"), FDSS_OK));
	cr_assert(eq(int, fdss_jsonl_next(r, &obj, NULL), FDSS_EOF));
	cr_assert(eq(long, fdss_jsonl_line(r), 2));
	fdss_jsonl_free(r);
	fclose(f);
	fdss_jsonl_free(NULL);
}

static const char record[] =
	"{\"s\":\"x\",\"n\":5,\"f\":1.5,\"big\":1e17,\"b\":true,\"nul\":null,"
	"\"arr\":[],\"o\":{},\"neg\":-9007199254740992,\"S\":\"upper\","
	"\"dup\":1,\"dup\":\"two\"}";

/* Expect a getter's result got to be rc with the message want in err. */
static void expect_err(int got, fdss_error *err, int rc, const char *want)
{
	cr_assert(eq(int, got, rc));
	cr_assert(eq(int, err->code, rc));
	cr_assert(eq(str, err->msg, (char *)want));
	fdss_error_clear(err);
}

Test(json_get, strings)
{
	cJSON *o = cJSON_Parse(record);
	const char *s = "untouched";
	fdss_error err = FDSS_ERROR_INIT;

	cr_assert(eq(int, fdss_json_get_string(o, "s", &s, NULL), FDSS_OK));
	cr_assert(eq(str, (char *)s, "x"));
	s = "untouched";
	expect_err(fdss_json_get_string(o, "n", &s, &err), &err, FDSS_EDATA,
		   "key 'n': expected a string, got a number");
	expect_err(fdss_json_get_string(o, "o", &s, &err), &err, FDSS_EDATA,
		   "key 'o': expected a string, got an object");
	expect_err(fdss_json_get_string(o, "missing", &s, &err), &err,
		   FDSS_ENOTFOUND, "key 'missing' is missing");
	cr_assert(eq(int, fdss_json_get_string(o, "nul", &s, NULL),
		     FDSS_ENOTFOUND));
	cr_assert(eq(str, (char *)s, "untouched"));
	cr_assert(eq(int, fdss_json_get_string(o, "S", &s, NULL), FDSS_OK));
	cr_assert(eq(str, (char *)s, "upper"));
	cr_assert(eq(int, fdss_json_get_string(o, "dup", &s, NULL),
		     FDSS_EDATA));	/* the first of duplicate keys wins */
	cJSON_Delete(o);
}

Test(json_get, integers)
{
	cJSON *o = cJSON_Parse(record);
	long long n = 42;
	fdss_error err = FDSS_ERROR_INIT;

	cr_assert(eq(int, fdss_json_get_int(o, "n", &n, NULL), FDSS_OK));
	cr_assert(eq(llong, n, 5));
	cr_assert(eq(int, fdss_json_get_int(o, "neg", &n, NULL), FDSS_OK));
	cr_assert(eq(llong, n, -9007199254740992LL));
	n = 42;
	expect_err(fdss_json_get_int(o, "f", &n, &err), &err, FDSS_EDATA,
		   "key 'f': expected an integer, got 1.5");
	expect_err(fdss_json_get_int(o, "big", &n, &err), &err, FDSS_EDATA,
		   "key 'big': 1e+17 is out of range");
	expect_err(fdss_json_get_int(o, "s", &n, &err), &err, FDSS_EDATA,
		   "key 's': expected a number, got a string");
	expect_err(fdss_json_get_int(o, "b", &n, &err), &err, FDSS_EDATA,
		   "key 'b': expected a number, got a boolean");
	expect_err(fdss_json_get_int(o, "nul", &n, &err), &err,
		   FDSS_ENOTFOUND, "key 'nul' is missing");
	cr_assert(eq(llong, n, 42));
	cJSON_Delete(o);
}

Test(json_get, booleans)
{
	cJSON *o = cJSON_Parse(record);
	int b = 7;
	fdss_error err = FDSS_ERROR_INIT;

	cr_assert(eq(int, fdss_json_get_bool(o, "b", &b, NULL), FDSS_OK));
	cr_assert(eq(int, b, 1));
	b = 7;
	expect_err(fdss_json_get_bool(o, "arr", &b, &err), &err, FDSS_EDATA,
		   "key 'arr': expected a boolean, got an array");
	expect_err(fdss_json_get_bool(o, "n", &b, &err), &err, FDSS_EDATA,
		   "key 'n': expected a boolean, got a number");
	cr_assert(eq(int, fdss_json_get_bool(o, "B", &b, NULL),
		     FDSS_ENOTFOUND));	/* keys are case-sensitive */
	cr_assert(eq(int, b, 7));
	cJSON_Delete(o);
}

Test(jsonl, a_read_error_is_eio)
{
	FILE *f = fopen("/", "r");	/* reading a directory fails */
	fdss_jsonl *r;
	fdss_error err = FDSS_ERROR_INIT;
	cJSON *obj;

	cr_assert(f != NULL);
	cr_assert(eq(int, fdss_jsonl_new(&r, f, "dir"), FDSS_OK));
	cr_assert(eq(int, fdss_jsonl_next(r, &obj, &err), FDSS_EIO));
	cr_assert(eq(str, err.msg, "dir:1: Is a directory"));
	fdss_jsonl_free(r);
	fclose(f);
}

/*
 * fdss_jsonl_next_keys() reads every line as fdss_jsonl_next() does —
 * the same verdict, the same message, the same values of the keys asked
 * for — whether its scanner or cJSON decides.
 */
Test(jsonl, only_some_keys_read_as_the_whole)
{
	static const char text[] =
		"{\"type\":\"person\",\"team\":\"T01\",\"years\":2,\"x\":[1,{\"y\":null}]}\n"
		"{\"team\":\"T\\u00e9\\n\",\"team\":\"second\",\"packages\":[\"a\",\"b\"]}\n"
		"{\"te\\u0061m\":\"escaped key\",\"years\":1e2}\n"
		"  {  \"years\" : -0.5E-3 , \"doctor\" : null }  \n"
		"{\"team\":\"raw\ttab\",\"n\":01}\n"
		"{\"team\":\"\\ud83d\\ude00\",\"n\":+1,\"m\":.5}\n"
		"{\"n\":1234567890123456789012345678901234567890123456789012345678901234567890}\n"
		"{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}\n"
		"\xEF\xBB\xBF{\"team\":\"bom\"}\n"
		"{}\n"
		"{\"team\":\"T01\"} x\n"
		"{\"team\":\"T01\",}\n"
		"[1,2]\n"
		"{\"team\":tru}\n"
		"{\"team\":\"\\x\"}\n"
		"{\"team\":\"\xff\"}\n"
		"{\"team\":\"ok\",\"years\":3}\n";
	static const char *const keys[] = {
		"team", "years", "packages", "doctor", NULL
	};
	FILE *f1 = INPUT(text), *f2 = INPUT(text);
	fdss_jsonl *whole, *some;
	fdss_error e1 = FDSS_ERROR_INIT, e2 = FDSS_ERROR_INIT;
	cJSON *o1, *o2;
	int r1, r2, lines = 0;
	size_t i;

	cr_assert(eq(int, fdss_jsonl_new(&whole, f1, "in"), FDSS_OK));
	cr_assert(eq(int, fdss_jsonl_new(&some, f2, "in"), FDSS_OK));
	for (;;) {
		r1 = fdss_jsonl_next(whole, &o1, &e1);
		r2 = fdss_jsonl_next_keys(some, &o2, keys, &e2);
		cr_assert(eq(int, r2, r1), "line %d", lines + 1);
		if (r1 == FDSS_EOF)
			break;
		lines++;
		if (r1 != FDSS_OK) {
			cr_assert(eq(str, e2.msg, e1.msg));
			continue;
		}
		for (i = 0; keys[i]; i++) {
			cJSON *v1 = cJSON_GetObjectItemCaseSensitive(o1, keys[i]);
			cJSON *v2 = cJSON_GetObjectItemCaseSensitive(o2, keys[i]);
			char *s1 = v1 ? cJSON_PrintUnformatted(v1) : NULL;
			char *s2 = v2 ? cJSON_PrintUnformatted(v2) : NULL;

			cr_assert(eq(str, s2 ? s2 : "-", s1 ? s1 : "-"),
				  "line %d key %s", lines, keys[i]);
			cJSON_free(s1);
			cJSON_free(s2);
		}
		cJSON_Delete(o1);
		cJSON_Delete(o2);
	}
	cr_assert(eq(int, lines, 17));
	fdss_jsonl_free(whole);
	fdss_jsonl_free(some);
	fclose(f1);
	fclose(f2);
}
