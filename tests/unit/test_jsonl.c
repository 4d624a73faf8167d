/*
 * The JSON-lines reader: good, blank and bad lines with their exact
 * "file:line" messages, going on after an error, and the typed getters'
 * messages that name the key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
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
	expect_bad(r, 6, "in.jsonl:6: column 6: expected a value, found '}'");
	expect_bad(r, 7, "in.jsonl:7: column 1: invalid literal: expected "
		   "true, false or null");
	expect_bad(r, 8, "in.jsonl:8: column 9: expected the end after "
		   "the value, found 't'");
	raw = fdss_jsonl_raw(r, &len);
	cr_assert(eq(str, (char *)raw, "{\"a\":1} trailing"));
	expect_bad(r, 9, "in.jsonl:9: column 9: invalid UTF-8");
	expect_bad(r, 10, "in.jsonl:10: not a JSON object");
	expect_bad(r, 11, "in.jsonl:11: column 7: expected ',' or '}', "
		   "found U+0000");

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
		"{\"team\":\"ok\",\"years\":3}\n"
		/* the one pass: keys only at the top, strings eight bytes at
		 * a time and three-byte UTF-8 inline, exponents, 40 keys */
		"{\"x\":{\"team\":\"inner\"},\"team\":\"outer\"}\n"
		"{\"x\":{\"team\":\"inner\"}}\n"
		"{\"team\":\"abcdefghijklmnopqrstuvwxyz012\\\"q\\\" \\\\ \\/ end\"}\n"
		"{\"team\":\"abcdefghijklmnop\x01q\"}\n"
		"{\"team\":\"\xe4\xb8\x80\xe4\xba\x8c\xe4\xb8\x89\xe5\x9b\x9b\xe4\xba\x94\xe5\x85\xad\"}\n"
		"{\"team\":\"\xe4\xb8\x80\xe4\xba\x8c\xe0\xa0\x80\xed\x9f\xbf\xef\xbf\xbf\xee\x80\x80\"}\n"
		"{\"team\":\"\xe4\xb8\x80\xe4\xba\x8c\xe0\x80\x80\"}\n"
		"{\"team\":\"\xe4\xb8\x80\xed\xa0\x80\"}\n"
		"{\"team\":\"\xe4\xb8\x80\xe4\xba\"}\n"
		"{\"years\":1e400}\n"
		"{\"years\":-1234567890123456789012345678901234567890123456789012345678901.5}\n"
		"{\"k0\":0,\"k1\":1,\"k2\":2,\"k3\":3,\"k4\":4,\"k5\":5,\"k6\":6,\"k7\":7,\"k8\":8,\"k9\":9,\"k10\":10,\"k11\":11,\"k12\":12,\"k13\":13,\"k14\":14,\"k15\":15,\"k16\":16,\"k17\":17,\"k18\":18,\"k19\":19,\"k20\":20,\"k21\":21,\"k22\":22,\"k23\":23,\"k24\":24,\"k25\":25,\"k26\":26,\"k27\":27,\"k28\":28,\"k29\":29,\"k30\":30,\"k31\":31,\"k32\":32,\"k33\":33,\"k34\":34,\"k35\":35,\"k36\":36,\"k37\":37,\"k38\":38,\"k39\":39,\"team\":\"forty\"}\n"
		"{\"k0\":0,\"k1\":1,\"k2\":2,\"k3\":3,\"k4\":4,\"k5\":5,\"k6\":6,\"k7\":7,\"k8\":8,\"k9\":9,\"k10\":10,\"k11\":11,\"k12\":12,\"k13\":13,\"k14\":14,\"k15\":15,\"k16\":16,\"k17\":17,\"k18\":18,\"k19\":19,\"k20\":20,\"k21\":21,\"k22\":22,\"k23\":23,\"k24\":24,\"k25\":25,\"k26\":26,\"k27\":27,\"k28\":28,\"k29\":29,\"k30\":30,\"k31\":31,\"k32\":32,\"k33\":33,\"k34\":34,\"k35\":35,\"k36\":36,\"k37\":37,\"k38\":38,\"k39\":39,\"k7\":0}\n";
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
	cr_assert(eq(int, lines, 30));
	fdss_jsonl_free(whole);
	fdss_jsonl_free(some);
	fclose(f1);
	fclose(f2);
}

/*
 * JSONTestSuite's must-reject (n_) cases that cJSON 1.7.15 accepts, and
 * more: each refused with its line and column and what is wrong, by the
 * reader and by fdss_json_parse(), so that cJSON's leniency never reaches
 * a record.  The line before each is good, so each is line 2.
 */
static const struct {
	const char *name;	/* the JSONTestSuite file, or what it is */
	const char *text;	/* the line */
	size_t n;		/* its length (some hold a NUL) */
	const char *msg;	/* the message after "<stdin>:2: " */
} rejected[] = {
#define R(name, lit, msg) { name, lit, sizeof(lit) - 1, msg }
	R("poverty_exit_year 02019", "{\"poverty_exit_year\":02019}",
	  "column 22: leading zero in number"),
	R("n_number_-01", "[-01]", "column 3: leading zero in number"),
	R("n_number_with_leading_zero", "[012]",
	  "column 2: leading zero in number"),
	R("n_number_real_without_fractional_part", "[1.]",
	  "column 4: expected a digit after the decimal point, found ']'"),
	R("n_number_2.e3", "[2.e3]",
	  "column 4: expected a digit after the decimal point, found 'e'"),
	R("n_number_neg_real_without_int_part", "[-.123]",
	  "column 3: expected a digit after '-', found '.'"),
	R("n_number_.2e-3", "[.2e-3]", "column 2: expected a value, found '.'"),
	R("n_number_+1", "[+1]", "column 2: expected a value, found '+'"),
	R("n_number_hex_1_digit", "[0x1]",
	  "column 3: expected the end of the number, found 'x'"),
	R("n_number_infinity", "[Infinity]",
	  "column 2: expected a value, found 'I'"),
	R("n_number_minus_infinity", "[-Infinity]",
	  "column 3: expected a digit after '-', found 'I'"),
	R("n_number_NaN", "[NaN]", "column 2: expected a value, found 'N'"),
	R("n_number_minus_space_1", "[- 1]",
	  "column 3: expected a digit after '-', found U+0020"),
	R("n_number_1.0e", "[1.0e]",
	  "column 6: expected a digit in the exponent, found ']'"),
	R("n_number_0_capital_E+", "[0E+]",
	  "column 5: expected a digit in the exponent, found ']'"),
	R("n_number_1.5.3", "[1.5.3]",
	  "column 5: expected the end of the number, found '.'"),
	R("1E400 does not fit a double", "{\"fpg\":1E400}",
	  "column 8: number out of range"),
	R("n_string_invalid_unicode_escape", "[\"\\uqqqq\"]",
	  "column 3: invalid escape: \\u needs 4 hex digits"),
	R("n_string_incomplete_escaped_character", "[\"\\u00A\"]",
	  "column 3: invalid escape: \\u needs 4 hex digits"),
	R("n_string_escape_x", "[\"\\x00\"]",
	  "column 3: invalid escape: '\\' followed by 'x'"),
	R("n_string_backslash_00", "[\"\\\0\"]",
	  "column 3: invalid escape: '\\' followed by U+0000"),
	R("n_string_unescaped_tab", "[\"a\tb\"]",
	  "column 4: control character U+0009 in a string: write it as an "
	  "escape"),
	R("raw form feed in a string", "{\"name\":\"张\f三\"}",
	  "column 13: control character U+000C in a string: write it as an "
	  "escape"),
	R("n_string_unescaped_ctrl_char", "[\"a\x1f" "a\"]",
	  "column 4: control character U+001F in a string: write it as an "
	  "escape"),
	R("n_string_invalid_utf-8", "[\"\xff\"]", "column 3: invalid UTF-8"),
	R("n_string_overlong_sequence_2_bytes", "[\"\xc0\xaf\"]",
	  "column 3: invalid UTF-8"),
	R("UTF-8 of a surrogate", "[\"\xed\xa0\x80\"]",
	  "column 3: invalid UTF-8"),
	R("lone high surrogate \\uD800", "[\"\\uD800\"]",
	  "column 3: lone surrogate \\uD800 (not followed by a low surrogate "
	  "\\uDC00-\\uDFFF)"),
	R("high surrogate then a letter", "[\"\\ud83dx\"]",
	  "column 3: lone surrogate \\ud83d (not followed by a low surrogate "
	  "\\uDC00-\\uDFFF)"),
	R("lone low surrogate", "[\"\\uDFAA\"]",
	  "column 3: lone surrogate \\uDFAA (a low half without a high "
	  "half)"),
	R("n_string_single_quote", "['single quote']",
	  "column 2: expected a value, found '''"),
	R("n_object_single_quote", "{'a':0}",
	  "column 2: expected a key in double quotes, found '''"),
	R("n_string_unterminated", "[\"a",
	  "column 2: unterminated string"),
	R("n_incomplete_false", "[fals]",
	  "column 2: invalid literal: expected true, false or null"),
	R("n_incomplete_true", "{\"a\":tru}",
	  "column 6: invalid literal: expected true, false or null"),
	R("n_structure_capitalized_True", "[True]",
	  "column 2: expected a value, found 'T'"),
	R("n_object_trailing_comma", "{\"id\":0,}",
	  "column 9: expected a key in double quotes, found '}'"),
	R("n_array_extra_comma", "[\"\",]",
	  "column 5: expected a value, found ']'"),
	R("n_array_double_comma", "[1,,2]",
	  "column 4: expected a value, found ','"),
	R("n_array_1_and_2", "[1 2]",
	  "column 4: expected ',' or ']', found '2'"),
	R("n_object_missing_colon", "{\"a\" b}",
	  "column 6: expected ':' after the key, found 'b'"),
	R("n_object_unterminated-value", "{\"a\":\"a\"",
	  "column 9: expected ',' or '}', found the end of the input"),
	R("n_structure_trailing_#", "{\"a\":\"b\"}#{}",
	  "column 10: expected the end after the value, found '#'"),
	R("n_structure_object_followed_by_closing_object", "{}}",
	  "column 3: expected the end after the value, found '}'"),
	R("a control character as white space", "{\"a\":\x01" "1}",
	  "column 6: expected a value, found U+0001"),
	R("form feed after the object", "{\"a\":1}\f",
	  "column 8: expected the end after the value, found U+000C"),
	R("n_structure_whitespace_U+2060_word_joiner",
	  "[\xe2\x81\xa0]", "column 2: expected a value, found U+2060"),
	R("escaped NUL in a name", "{\"name\":\"张\\u0000三\"}",
	  "column 13: \"name\": contains a NUL character (U+0000)"),
	R("escaped NUL after an ID number",
	  "{\"id_number\":\"450102198001010015\\u0000junk\"}",
	  "column 33: \"id_number\": contains a NUL character (U+0000)"),
	R("raw NUL in a team", "{\"team\":\"T01\0; DROP TABLE x\"}",
	  "column 13: \"team\": contains a NUL character (U+0000)"),
	R("NUL in an array of a key", "{\"packages\":[\"a\",\"b\\u0000\"]}",
	  "column 20: \"packages\": contains a NUL character (U+0000)"),
	R("NUL in a key", "{\"a\\u0000b\":1}",
	  "column 4: a key contains a NUL character (U+0000)"),
	R("NUL in a nested key's value", "{\"o\":{\"in\":\"\\u0000\"},\"x\":1}",
	  "column 13: \"in\": contains a NUL character (U+0000)"),
	R("a line of a form feed", "\f",
	  "column 1: expected a value, found U+000C"),
	R("y_object_duplicated_key (two meanings: refused)",
	  "{\"a\":\"b\",\"a\":\"c\"}",
	  "column 10: duplicate key \"a\""),
	R("a duplicate key written with an escape",
	  "{\"id_number\":\"1\",\"team\":2,\"id_\\u006eumber\":\"2\"}",
	  "column 27: duplicate key \"id_\\u006eumber\""),
	R("a duplicate key in a nested object", "{\"a\":{\"x\":1,\"x\":1},\"x\":0}",
	  "column 13: duplicate key \"x\""),
	R("a duplicate among many keys (sorted, first second naming)",
	  "{\"k01\":1,\"k02\":1,\"k03\":1,\"k04\":1,\"k05\":1,\"k06\":1,"
	  "\"k07\":1,\"k08\":1,\"k09\":1,\"k10\":1,\"k11\":1,\"k12\":1,"
	  "\"k13\":1,\"k14\":1,\"k15\":1,\"k16\":1,\"k17\":1,\"k09\":2,"
	  "\"k02\":2}",
	  "column 138: duplicate key \"k09\""),
	R("a duplicate among many keys, one written with an escape",
	  "{\"k01\":1,\"k02\":1,\"k03\":1,\"k04\":1,\"k05\":1,\"k06\":1,"
	  "\"k07\":1,\"k08\":1,\"k09\":1,\"k10\":1,\"k11\":1,\"k12\":1,"
	  "\"k13\":1,\"k14\":1,\"k15\":1,\"k16\":1,\"k\\u00310\":2,"
	  "\"\u00e9\":1,\"z\":1}",
	  "column 130: duplicate key \"k\\u00310\""),
	R("number longer than cJSON reads",
	  "[1234567890123456789012345678901234567890123456789012345678901234]",
	  "column 2: number longer than 63 characters"),
#undef R
};

Test(jsonl, must_reject_with_line_and_column)
{
	fdss_error err = FDSS_ERROR_INIT;
	char want[FDSS_ERRMSG_MAX], text[256];
	cJSON *obj;
	size_t i;

	for (i = 0; i < sizeof(rejected) / sizeof(rejected[0]); i++) {
		fdss_jsonl *r;
		FILE *f;

		cr_assert(rejected[i].n + 16 < sizeof(text));
		memcpy(text, "{\"ok\":1}\n", 9);
		memcpy(text + 9, rejected[i].text, rejected[i].n);
		memcpy(text + 9 + rejected[i].n, "\n{}\n", 4);
		f = input(text, 9 + rejected[i].n + 4);
		cr_assert(eq(int, fdss_jsonl_new(&r, f, "<stdin>"), FDSS_OK));
		cJSON_Delete(expect_good(r, 1));
		snprintf(want, sizeof(want), "<stdin>:2: %s", rejected[i].msg);
		cr_assert(eq(int, fdss_jsonl_next(r, &obj, &err), FDSS_EDATA),
			  "%s", rejected[i].name);
		cr_assert(eq(str, err.msg, want), "%s", rejected[i].name);
		cJSON_Delete(expect_good(r, 3));	/* and goes on */
		fdss_jsonl_free(r);
		fclose(f);

		obj = (cJSON *)1;
		cr_assert(eq(int, fdss_json_parse(&obj, rejected[i].text,
						  rejected[i].n, &err),
			     FDSS_EDATA), "%s", rejected[i].name);
		cr_assert(eq(ptr, obj, NULL));
		cr_assert(eq(str, err.msg, (char *)rejected[i].msg), "%s",
			  rejected[i].name);
	}
}

/* The same verdict when only some keys are read (the fast path). */
Test(jsonl, must_reject_when_reading_some_keys)
{
	static const char *const keys[] = { "name", "team", "fpg", NULL };
	fdss_error err = FDSS_ERROR_INIT;
	fdss_jsonl *r;
	cJSON *obj;
	FILE *f = INPUT("{\"team\":\"T01\\u0000; DROP TABLE x\"}\n"
			"{\"name\":\"a\",\"poverty_exit_year\":02019}\n"
			"{\"name\":\"a\\tb\",\"team\":\"T\\u00e9\"}\n");

	cr_assert(eq(int, fdss_jsonl_new(&r, f, "<stdin>"), FDSS_OK));
	cr_assert(eq(int, fdss_jsonl_next_keys(r, &obj, keys, &err),
		     FDSS_EDATA));
	cr_assert(eq(str, err.msg, "<stdin>:1: column 13: \"team\": contains "
		     "a NUL character (U+0000)"));
	cr_assert(eq(int, fdss_jsonl_next_keys(r, &obj, keys, &err),
		     FDSS_EDATA));
	cr_assert(eq(str, err.msg, "<stdin>:2: column 33: leading zero in "
		     "number"));
	cr_assert(eq(int, fdss_jsonl_next_keys(r, &obj, keys, &err), FDSS_OK));
	cr_assert(eq(str, cJSON_GetObjectItemCaseSensitive(obj, "name")
			      ->valuestring, "a\tb"));
	cr_assert(eq(str, cJSON_GetObjectItemCaseSensitive(obj, "team")
			      ->valuestring, "Té"));
	cJSON_Delete(obj);
	fdss_jsonl_free(r);
	fclose(f);
}

/* Must-accept (y_) cases, and what cJSON then reads from them. */
Test(jsonl, must_accept)
{
	static const struct {
		const char *text;	/* the JSON text */
		const char *printed;	/* cJSON_PrintUnformatted() of it */
	} accepted[] = {
		{ "[\"\\u00e9\"]", "[\"é\"]" },
		{ "[\"\\ud83d\\ude00\"]", "[\"\xf0\x9f\x98\x80\"]" },
		{ "[\"\\uD834\\uDd1e\"]", "[\"\xf0\x9d\x84\x9e\"]" },
		{ "[\"\\uDBFF\\uDFFF\"]", "[\"\xf4\x8f\xbf\xbf\"]" },
		{ "[\"\\uFFFF\"]", "[\"\xef\xbf\xbf\"]" },
		{ "[\"\\u0012\"]", "[\"\\u0012\"]" },
		{ "[\"\"]", "[\"\"]" },
		{ "[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"]",
		  "[\"\\\"\\\\/\\b\\f\\n\\r\\t\"]" },
		{ "[\"€𝄞\xe2\x80\xa8\"]", "[\"€𝄞\xe2\x80\xa8\"]" },
		{ " \t\r\n{\"a\":[{\"b\":{}},[],null,true,false]} \r\n",
		  "{\"a\":[{\"b\":{}},[],null,true,false]}" },
		{ "\xEF\xBB\xBF{\"bom\":1}", "{\"bom\":1}" },
		{ "[-0,0,1E22,0e+1,-123.5e-2,1e-400,123e-10000000]",
		  "[-0,0,1e+22,0,-1.235,0,0]" },
		{ "[0.1,2.5e+3,-42]",
		  "[0.1,2500,-42]" },
		{ "17", "17" },
		{ "\"张三\"", "\"张三\"" },
	};
	fdss_error err = FDSS_ERROR_INIT;
	char deep[2 * 512 + 1], *s;
	cJSON *v;
	size_t i;

	for (i = 0; i < sizeof(accepted) / sizeof(accepted[0]); i++) {
		cr_assert(eq(int, fdss_json_parse(&v, accepted[i].text,
						  strlen(accepted[i].text),
						  &err), FDSS_OK),
			  "%s: %s", accepted[i].text, err.msg);
		s = cJSON_PrintUnformatted(v);
		cr_assert(eq(str, s, (char *)accepted[i].printed));
		cJSON_free(s);
		cJSON_Delete(v);
	}

	/* 512 levels are read, 513 are not */
	memset(deep, '[', 512);
	memset(deep + 512, ']', 512);
	cr_assert(eq(int, fdss_json_parse(&v, deep, 1024, &err), FDSS_OK),
		  "%s", err.msg);
	cJSON_Delete(v);
	memset(deep, '[', sizeof(deep));
	cr_assert(eq(int, fdss_json_check(deep, sizeof(deep), &err),
		     FDSS_EDATA));
	cr_assert(eq(str, err.msg, "column 513: nested deeper than 512 "
		     "levels"));
	cr_assert(eq(int, fdss_json_check("", 0, &err), FDSS_EDATA));
	cr_assert(eq(str, err.msg, "column 1: expected a value, found the end "
		     "of the input"));
}

/* "{"k000":0,...}" of n keys, key dup named again last (or none: -1). */
static char *many_keys(size_t n, int dup)
{
	size_t cap = 12 * (n + 1) + 2, len = 1, i;
	char *s = malloc(cap);

	cr_assert(s != NULL);
	s[0] = '{';
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(s + len, cap - len, "%s\"k%03zu\":%zu",
					i ? "," : "", i, i);
	if (dup >= 0)
		len += (size_t)snprintf(s + len, cap - len, ",\"k%03d\":0", dup);
	snprintf(s + len, cap - len, "}");
	return s;
}

/* Duplicates past the keys kept on the stack (32) and past those found
 * by hashing (256): the same verdict and column as among a few. */
Test(jsonl, duplicate_keys_of_large_objects)
{
	static const size_t sizes[] = { 17, 31, 32, 33, 40, 256, 257, 300 };
	fdss_error err = FDSS_ERROR_INIT;
	char want[FDSS_ERRMSG_MAX];
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		char *ok = many_keys(sizes[i], -1);
		char *bad = many_keys(sizes[i], (int)sizes[i] / 2);

		cr_assert(eq(int, fdss_json_check(ok, strlen(ok), &err),
			     FDSS_OK), "%zu keys: %s", sizes[i], err.msg);
		cr_assert(eq(int, fdss_json_check(bad, strlen(bad), &err),
			     FDSS_EDATA), "%zu keys", sizes[i]);
		/* the second naming's quote stands where ok's '}' did */
		snprintf(want, sizeof(want), "column %zu: duplicate key \"k%03zu\"",
			 strlen(ok) + 1, sizes[i] / 2);
		cr_assert(eq(str, err.msg, want), "%zu keys", sizes[i]);
		free(ok);
		free(bad);
	}
}

/* --- reading ahead ---------------------------------------------------------- */

/*
 * Read text with a reader reading in place and one reading ahead (keys
 * NULL: whole objects), side by side: the same result, message, line
 * number, raw text and values line by line, and the end again after
 * the end.  Returns the lines read before the end.
 */
static int same_ahead(const char *text, size_t n, const char *const *keys)
{
	FILE *f1 = input(text, n), *f2 = input(text, n);
	fdss_error e1 = FDSS_ERROR_INIT, e2 = FDSS_ERROR_INIT;
	fdss_jsonl *here, *ahead;
	int r1, r2, lines = 0;
	cJSON *o;

	cr_assert(eq(int, fdss_jsonl_new(&here, f1, "in"), FDSS_OK));
	cr_assert(eq(int, fdss_jsonl_new(&ahead, f2, "in"), FDSS_OK));
	cr_assert(eq(int, fdss_jsonl_read_ahead(ahead, keys), FDSS_OK));
	cr_assert(eq(int, fdss_jsonl_read_ahead(ahead, keys), FDSS_EINVAL));
	for (;;) {
		cJSON *o1 = NULL, *o2 = (cJSON *)1;
		char *s1, *s2;

		r1 = fdss_jsonl_next_keys(here, &o1, keys, &e1);
		r2 = fdss_jsonl_next_keys(ahead, &o2, keys, &e2);
		cr_assert(eq(int, r2, r1), "line %d", lines + 1);
		cr_assert(eq(long, fdss_jsonl_line(ahead),
			     fdss_jsonl_line(here)));
		cr_assert(eq(str, (char *)fdss_jsonl_raw(ahead, NULL),
			     (char *)fdss_jsonl_raw(here, NULL)));
		if (r1 == FDSS_EOF) {
			cr_assert(eq(ptr, o2, NULL));
			break;
		}
		lines++;
		if (r1 != FDSS_OK) {
			cr_assert(eq(ptr, o2, NULL));
			cr_assert(eq(str, e2.msg, e1.msg));
			continue;
		}
		s1 = cJSON_PrintUnformatted(o1);
		s2 = cJSON_PrintUnformatted(o2);
		cr_assert(eq(str, s2, s1), "line %d", lines);
		cJSON_free(s1);
		cJSON_free(s2);
		cJSON_Delete(o1);
		cJSON_Delete(o2);
	}
	r2 = fdss_jsonl_next(ahead, &o, &e2);
	cr_assert(eq(int, r2, FDSS_EOF));
	fdss_jsonl_free(here);
	fdss_jsonl_free(ahead);
	fclose(f1);
	fclose(f2);
	return lines;
}

/* n lines: good ones of growing length, every seventh bad, some blank;
 * *lines of them not blank. */
static char *ahead_lines(size_t n, size_t *len, int *lines)
{
	size_t cap = n * 300 + 1, at = 0, i, j;
	char *s = malloc(cap);

	cr_assert(s != NULL);
	*lines = 0;
	for (i = 0; i < n; i++) {
		if (i % 11 != 10 || i % 7 == 6)
			++*lines;
		if (i % 7 == 6) {
			at += (size_t)snprintf(s + at, cap - at,
					       "{\"team\":T%zu}\n", i);
			continue;
		}
		if (i % 11 == 10) {
			s[at++] = '\n';
			continue;
		}
		at += (size_t)snprintf(s + at, cap - at,
				       "{\"type\":\"person\",\"team\":\"T%zu\","
				       "\"years\":%zu,\"name\":\"", i, i % 3 + 1);
		for (j = 0; j < i % 200; j++)
			s[at++] = (char)('a' + j % 26);
		at += (size_t)snprintf(s + at, cap - at, "\"}\n");
	}
	*len = at;
	return s;
}

/* Many more lines than the thread reads ahead, bad and blank lines
 * among them, and the texts of the tests above: whole objects and some
 * keys, the same as reading in place. */
Test(jsonl, read_ahead_reads_as_in_place, .timeout = 60)
{
	static const char *const keys[] = { "team", "years", NULL };
	static const char few[] =
		"{\"team\":\"T\\u00e9\\n\",\"team\":\"second\"}\n"
		"{\"te\\u0061m\":\"escaped key\",\"years\":1e2}\n"
		"\xEF\xBB\xBF{\"team\":\"bom\"}\r\n"
		"[1,2]\n"
		"{\"a\":1\0}\n"
		"{\"team\":\"ok\",\"years\":3}";
	size_t len;
	int lines;
	char *many = ahead_lines(3000, &len, &lines);

	cr_assert(gt(int, lines, 2600));
	cr_assert(eq(int, same_ahead(many, len, keys), lines));
	cr_assert(eq(int, same_ahead(many, len, NULL), lines));
	cr_assert(eq(int, same_ahead(few, sizeof(few) - 1, keys), 6));
	cr_assert(eq(int, same_ahead(few, sizeof(few) - 1, NULL), 6));
	cr_assert(eq(int, same_ahead("", 0, keys), 0));
	free(many);
}

/* A read error, once the lines before it are read, is returned again. */
Test(jsonl, read_ahead_read_error, .timeout = 60)
{
	FILE *f = fopen("/", "r");
	fdss_error err = FDSS_ERROR_INIT;
	fdss_jsonl *r;
	cJSON *obj;

	cr_assert(f != NULL);
	cr_assert(eq(int, fdss_jsonl_new(&r, f, "dir"), FDSS_OK));
	cr_assert(eq(int, fdss_jsonl_read_ahead(r, NULL), FDSS_OK));
	cr_assert(eq(int, fdss_jsonl_next(r, &obj, &err), FDSS_EIO));
	cr_assert(eq(str, err.msg, "dir:1: Is a directory"));
	fdss_error_clear(&err);
	cr_assert(eq(int, fdss_jsonl_next(r, &obj, &err), FDSS_EIO));
	cr_assert(eq(str, err.msg, "dir:1: Is a directory"));
	cr_assert(eq(int, fdss_jsonl_next(r, &obj, NULL), FDSS_EIO));
	fdss_jsonl_free(r);
	fclose(f);
}

/*
 * A line is handed over as soon as it is read, not when more lines
 * come: a line typed at a terminal, or written by a slow pipeline, is
 * answered at once.  A reader freed while its thread waits for the next
 * line leaves the thread to stop when it comes.
 */
Test(jsonl, read_ahead_hands_each_line_over, .timeout = 60)
{
	static const char line[] = "{\"team\":\"T01\"}\n";
	fdss_error err = FDSS_ERROR_INIT;
	fdss_jsonl *r;
	cJSON *obj;
	int fd[2], i;
	FILE *f;

	cr_assert(eq(int, pipe(fd), 0));
	f = fdopen(fd[0], "r");
	cr_assert(f != NULL);
	cr_assert(eq(int, fdss_jsonl_new(&r, f, "<stdin>"), FDSS_OK));
	cr_assert(eq(int, fdss_jsonl_read_ahead(r, NULL), FDSS_OK));
	for (i = 1; i <= 3; i++) {
		cr_assert(eq(sz, (size_t)write(fd[1], line, sizeof(line) - 1),
			     sizeof(line) - 1));
		cr_assert(eq(int, fdss_jsonl_next(r, &obj, &err), FDSS_OK));
		cr_assert(eq(long, fdss_jsonl_line(r), i));
		cr_assert(eq(str, cJSON_GetObjectItemCaseSensitive(obj, "team")
				      ->valuestring, "T01"));
		cJSON_Delete(obj);
	}
	fdss_jsonl_free(r);	/* the thread waits in read() */
	close(fd[1]);		/* and stops at the end it reads */
}

/* Freed early, before reading, or with lines read ahead and not taken:
 * nothing is lost track of (the sanitizers' leak check). */
Test(jsonl, read_ahead_freed_early, .timeout = 60)
{
	fdss_error err = FDSS_ERROR_INIT;
	size_t len;
	int lines;
	char *many = ahead_lines(2000, &len, &lines);
	fdss_jsonl *r;
	cJSON *obj;
	int taken;

	for (taken = 0; taken < 3; taken++) {
		FILE *f = input(many, len);
		int i;

		cr_assert(eq(int, fdss_jsonl_new(&r, f, "in"), FDSS_OK));
		cr_assert(eq(int, fdss_jsonl_read_ahead(r, NULL), FDSS_OK));
		for (i = 0; i < taken * 500; i++) {
			cr_assert(ne(int, fdss_jsonl_next(r, &obj, &err),
				      FDSS_EOF));
			cJSON_Delete(obj);
		}
		fdss_jsonl_free(r);
		/* the thread may still read f: kept open to the end */
	}
	free(many);
}
