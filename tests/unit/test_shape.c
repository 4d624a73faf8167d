#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <stdlib.h>
#include <string.h>

#include <fdss/fdss.h>
#include "roster_int.h"

static char out[256];

static const char *norm_id(const char *s)
{
	size_t n = fdss_id_normalise(out, s, strlen(s));

	cr_assert(eq(sz, n, strlen(out)));
	return out;
}

static const char *narrow(const char *s, int drop)
{
	fdss_text_narrow(out, s, strlen(s), drop);
	return out;
}

Test(shape, id_typing_variants)
{
	cr_assert(eq(str, (char *)norm_id("１１０１０５１９４９１２３１００２Ｘ"),
		     "11010519491231002X"));
	cr_assert(eq(str, (char *)norm_id("11010519491231002ｘ"),
		     "11010519491231002X"));
	cr_assert(eq(str, (char *)norm_id("11010519491231002x"),
		     "11010519491231002X"));
	cr_assert(eq(str, (char *)norm_id(" 110105 19491231 002X "),
		     "11010519491231002X"));
	cr_assert(eq(str, (char *)norm_id("110105\xE3\x80\x80" "19491231002X"),
		     "11010519491231002X"));
	cr_assert(eq(str, (char *)norm_id("\xC2\xA0" "11010519491231002X\t"),
		     "11010519491231002X"));
	cr_assert(eq(str, (char *)norm_id("1101\xE2\x80\x8B" "0519491231002X"),
		     "11010519491231002X"));
	/* Excel's marks of a number kept as text */
	cr_assert(eq(str, (char *)norm_id("'11010519491231002X"),
		     "11010519491231002X"));
	cr_assert(eq(str, (char *)norm_id("=\"11010519491231002X\""),
		     "11010519491231002X"));
	cr_assert(eq(str, (char *)norm_id("＇11010519491231002X"),
		     "11010519491231002X"));
	cr_assert(eq(str, (char *)norm_id("'"), "'"));
	cr_assert(eq(str, (char *)norm_id("=\""), "=\""));
	/* what is not a typing variant stays, for fdss_id_parse to name */
	cr_assert(eq(str, (char *)norm_id("11010a19491231002X"),
		     "11010a19491231002X"));
	cr_assert(eq(str, (char *)norm_id("1101051949一231002X"),
		     "1101051949一231002X"));
	cr_assert(eq(str, (char *)norm_id("4.50102E+17"), "4.50102E+17"));
	cr_assert(eq(str, (char *)norm_id(""), ""));
	/* bad UTF-8 is copied, not swallowed */
	cr_assert(eq(str, (char *)norm_id("\xE3\x80"), "\xE3\x80"));
}

Test(shape, normalised_ids_then_validate)
{
	fdss_id_info id;
	fdss_error err = FDSS_ERROR_INIT;

	cr_assert(eq(int, fdss_id_parse(&id, norm_id("１１０１０５ １９４９１２３１ ００２ｘ"),
				      fdss_date_from_ymd(2026, 11, 22), &err),
		     FDSS_OK));
	cr_assert(eq(str, id.id, "11010519491231002X"));
	/* the rule itself stays strict */
	cr_assert(eq(int, fdss_id_parse(&id, "１１０１０５１９４９１２３１００２Ｘ",
				      fdss_date_from_ymd(2026, 11, 22), &err),
		     FDSS_EDATA));
}

Test(shape, narrow)
{
	cr_assert(eq(str, (char *)narrow("０５９－１２３ ＡＢｃ", 0), "059-123 ABc"));
	cr_assert(eq(str, (char *)narrow("1\xE3\x80\x80" "2\xC2\xA0" "3", 0),
		     "1 2 3"));
	cr_assert(eq(str, (char *)narrow("1\xE3\x80\x80" "2\xC2\xA0" "3 4", 1),
		     "1234"));
	cr_assert(eq(str, (char *)narrow("张三", 1), "张三"));
}

/* An import with a header of n columns (field of each) for the row
 * functions; freed by end(). */
static struct import *start(const int *fields, size_t n)
{
	static fdss_import_opts o = FDSS_IMPORT_OPTS_INIT;
	struct import *im = calloc(1, sizeof(*im));
	size_t i;

	im->o = &o;
	im->name = "t.csv";
	im->ncols = n;
	im->colfield = calloc(n, sizeof(int));
	im->colhead = calloc(n, sizeof(char *));
	for (i = 0; i < n; i++) {
		im->colfield[i] = fields[i];
		im->colhead[i] = strdup(fields[i] >= 0
					? roster_field_name(fields[i]) : "备注");
	}
	im->map.preset = 1;
	cr_assert(eq(int, fdss__shape_fill_init(im), FDSS_OK));
	return im;
}

static void end(struct import *im)
{
	size_t i;

	for (i = 0; i < im->ncols; i++)
		free(im->colhead[i]);
	free(im->colhead);
	free(im->colfield);
	fdss_jbuf_release(&im->extra);
	fdss__shape_release(im);
	free(im);
}

static int footer(struct import *im, const char *const *cells, size_t n)
{
	struct roster_val c[8];
	size_t i;

	for (i = 0; i < n; i++) {
		c[i].s = cells[i];
		c[i].n = strlen(cells[i]);
	}
	return fdss__shape_is_footer(im, c, n);
}

Test(shape, footer_rule)
{
	static const int f[] = { F_COUNTY, F_NAME, F_ID_NUMBER, F_RELATION };
	struct import *im = start(f, 4);

#define ROW(...) ((const char *const[]){ __VA_ARGS__ })
	cr_assert(footer(im, ROW("合计", "", "", ""), 4));
	cr_assert(footer(im, ROW("合  计：7户18人", "", "", ""), 4));
	cr_assert(footer(im, ROW("合\xE3\x80\x80计", "", "", ""), 4));
	cr_assert(footer(im, ROW("", "总计", "988", ""), 4));
	cr_assert(footer(im, ROW("小计", "", "", ""), 4));
	cr_assert(footer(im, ROW("制表人：王红", "", "审核人：李明", ""), 4));
	cr_assert(footer(im, ROW("填表人：王红", "", "", ""), 4));
	cr_assert(footer(im, ROW("填报日期：2026年11月20日", "", "", ""), 4));
	cr_assert(footer(im, ROW("负责人：李明", "", "", ""), 4));
	cr_assert(footer(im, ROW("备注：未含迁出人口", "", "", ""), 4));
	cr_assert(footer(im, ROW("  备注", "", "", ""), 2));
	/* a person named 合计: a relation, or an ID number, says so */
	cr_assert(not(footer(im, ROW("", "合计", "", "之子"), 4)));
	cr_assert(not(footer(im, ROW("", "合计", "140826197811220112", ""), 4)));
	cr_assert(not(footer(im, ROW("", "合计", "１４０８２６ １９７８１１２２０１１２", ""), 4)));
	cr_assert(not(footer(im, ROW("合计", "", "", "户主"), 4)));
	/* other first cells */
	cr_assert(not(footer(im, ROW("绛县", "合计", "", ""), 4)));
	cr_assert(not(footer(im, ROW("", "", "", ""), 4)));
	cr_assert(not(footer(im, ROW("计合", "", "", ""), 4)));
	end(im);
}

Test(shape, header_found)
{
	struct roster_map m;
	fdss_error err = FDSS_ERROR_INIT;
	struct roster_val c[8];
	const char *const head[] = { "县", "乡（镇）", " 行政村", "户编号",
				     "姓名", "证件号码", "与户主关系 " };
	int found;
	size_t i;

	cr_assert(eq(int, roster_map_init(&m, "poverty-registry", NULL, &err),
		     FDSS_OK));
	for (i = 0; i < 7; i++) {
		c[i].s = head[i];
		c[i].n = strlen(head[i]);
	}
	cr_assert(eq(int, fdss__shape_header_missing(&m, c, 7, &found), -1));
	cr_assert(eq(int, found, 5));
	cr_assert(eq(int, fdss__shape_header_missing(&m, c, 5, &found),
		     F_ID_NUMBER));
	cr_assert(eq(int, found, 3));
	cr_assert(eq(int, fdss__shape_header_missing(&m, c + 3, 4, &found),
		     F_VILLAGE_CODE));
	cr_assert(eq(int, fdss__shape_header_missing(&m, c, 1, &found),
		     F_ID_NUMBER));
	cr_assert(eq(int, found, 0));
	cr_assert(eq(int, roster_map_init(&m, NULL, NULL, &err), FDSS_OK));
	cr_assert(eq(int, fdss__shape_header_missing(&m, c, 7, &found),
		     F_ID_NUMBER));
}

/* Normalise the household number and phone of a row. */
static int norm_row(struct import *im, const char *hh, const char *phone)
{
	memset(&im->row, 0, sizeof(im->row));
	im->row.v[F_HOUSEHOLD_NO].s = hh;
	im->row.v[F_HOUSEHOLD_NO].n = strlen(hh);
	im->row.v[F_PHONE].s = phone;
	im->row.v[F_PHONE].n = strlen(phone);
	return fdss__shape_normalise(im);
}

static void expect_val(const struct roster_val *v, const char *want)
{
	cr_assert(eq(sz, v->n, strlen(want)), "'%.*s' not '%s'", (int)v->n,
		  v->s, want);
	cr_assert(eq(int, memcmp(v->s, want, v->n), 0));
}

Test(shape, household_and_phone)
{
	static const int f[] = { F_HOUSEHOLD_NO, F_PHONE };
	struct import *im = start(f, 2);

	cr_assert(eq(int, norm_row(im, "１４０８２６ 100200001", "138 3590 1234"),
		     FDSS_OK));
	expect_val(&im->row.v[F_HOUSEHOLD_NO], "140826100200001");
	expect_val(&im->row.v[F_PHONE], "13835901234");
	expect_val(&im->shape.orig[F_HOUSEHOLD_NO], "１４０８２６ 100200001");
	expect_val(&im->shape.orig[F_PHONE], "138 3590 1234");
	/* two numbers, a landline: the blanks between stay */
	cr_assert(eq(int, norm_row(im, "H1", "13835901234 13935905678"), FDSS_OK));
	expect_val(&im->row.v[F_PHONE], "13835901234 13935905678");
	cr_assert(eq(ptr, (void *)im->shape.orig[F_PHONE].s, NULL));
	cr_assert(eq(int, norm_row(im, "H1", "０３５９－６５２ ３３３３\xE3\x80\x80"),
		     FDSS_OK));
	expect_val(&im->row.v[F_PHONE], "0359-652 3333");
	cr_assert(eq(ptr, (void *)im->shape.orig[F_HOUSEHOLD_NO].s, NULL));
	cr_assert(eq(int, norm_row(im, "'140826100200001", ""), FDSS_OK));
	expect_val(&im->row.v[F_HOUSEHOLD_NO], "140826100200001");
	/* Excel's shortened number is no household number */
	cr_assert(eq(int, norm_row(im, "1.40826E+14", ""), FDSS_EDATA));
	cr_assert(eq(str, im->err.msg, "household_no '1.40826E+14': a number in "
		     "Excel's scientific format, digits lost: format the "
		     "column as text before saving"));
	end(im);
}

static void cells(struct roster_val *c, const char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		c[i].s = v[i];
		c[i].n = strlen(v[i]);
	}
}

Test(shape, fill_down_within_a_household)
{
	static const int f[] = { F_VILLAGE, F_HOUSEHOLD_NO, F_NAME, F_RELATION };
	struct import *im = start(f, 4);
	struct roster_val c[4];

	cr_assert(eq(sz, im->shape.nfill, 2));
	im->line = 2;
	cells(c, ROW("东关村委会", "H1", "张建国", "户主"), 4);
	cr_assert(eq(int, fdss__shape_fill(im, c), FDSS_OK));
	fdss__shape_row_end(im, 0);
	im->line = 3;
	cells(c, ROW("", "", "李秀英", "配偶"), 4);
	cr_assert(eq(int, fdss__shape_fill(im, c), FDSS_OK));
	expect_val(&c[0], "东关村委会");
	expect_val(&c[1], "H1");
	cr_assert(eq(int, im->shape.filled, 2));
	fdss__shape_row_end(im, 0);
	/* another household's blank village is not filled */
	im->line = 4;
	cells(c, ROW("", "H2", "刘福贵", "户主"), 4);
	cr_assert(eq(int, fdss__shape_fill(im, c), FDSS_OK));
	expect_val(&c[0], "");
	fdss__shape_row_end(im, 1);
	/* below a rejected head */
	im->line = 5;
	cells(c, ROW("", "", "陈桂兰", "配偶"), 4);
	cr_assert(eq(int, fdss__shape_fill(im, c), FDSS_EDATA));
	cr_assert(eq(str, im->err.msg, "household_no: empty; its value comes "
		     "from line 4 above, which was rejected"));
	expect_val(&c[1], "H2");
	/* a head without a number */
	im->line = 6;
	cells(c, ROW("西吴村委会", "\xE3\x80\x80", "赵长山", "户主"), 4);
	cr_assert(eq(int, fdss__shape_fill(im, c), FDSS_EDATA));
	cr_assert(eq(str, im->err.msg, "household_no: empty on the head's row "
		     "(relation '户主')"));
	end(im);
}
