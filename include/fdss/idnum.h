#ifndef FDSS_IDNUM_H
#define FDSS_IDNUM_H

#include "date.h"
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Resident identity numbers (公民身份号码, GB 11643-1999).  A pure
 * module: no database, no I/O.
 *
 * 18 characters: 6-digit address code (county of registration, GB/T 2260),
 * birth date YYYYMMDD, 3-digit sequence (odd male, even female), check
 * character over the first 17 digits (weights 7 9 10 5 8 4 2 1 6 3 7 9 10
 * 5 8 4 2, sum mod 11 mapped to "10X98765432").  Legacy 15-digit numbers
 * (YYMMDD, no check) are upgraded by inserting "19" and computing the
 * check character.
 */

/* Buffer size for an 18-character number and its NUL. */
#define FDSS_ID_BUFSZ 19

typedef struct fdss_id_info {
	char id[FDSS_ID_BUFSZ];	/* normalised 18-character number ('X' upper) */
	char sex;		/* 'M' or 'F', from the sequence's parity */
	fdss_date birth;	/* birth date */
	char region[7];		/* 6-digit address code */
	unsigned upgraded : 1;	/* given as a legacy 15-digit number */
	unsigned unknown_region : 1; /* county code not in the GB/T 2260 table:
				  * a warning only, people keep retired codes */
} fdss_id_info;

/*
 * Validate s as a resident ID number at reference date ref (the birth
 * date may not be after it).  Leading and trailing blanks are ignored, a
 * lower-case 'x' is accepted as 'X', a 15-digit number is upgraded.
 * On success fills *out (which may be NULL) and returns FDSS_OK; a
 * county code that is not in the table is reported through
 * out->unknown_region, not as an error.  Otherwise returns FDSS_EDATA
 * with the reason in err, e.g. "check character should be 'X', not '3'",
 * "birth date 19490230 does not exist", "province code 99 does not exist".
 */
int fdss_id_parse(fdss_id_info *out, const char *s, fdss_date ref,
		  fdss_error *err);

/*
 * The typing variants of an ID number made plain, for fdss_id_parse()
 * to judge (which itself takes none of them but blanks around and 'x'):
 * blanks anywhere removed (space, tab, U+3000, U+00A0, U+200B), full-width
 * digits ０-９ made ASCII, 'x', 'Ｘ' and 'ｘ' made 'X' (fdss_text_narrow()),
 * Excel's text markers '… and ="…" dropped (fdss_text_unexcel()).
 * Other characters are kept, for fdss_id_parse() to name.  out has room
 * for n + 1 bytes (the result is never longer); returns its length.
 */
size_t fdss_id_normalise(char *out, const char *s, size_t n);

/*
 * The check character ('0'..'9' or 'X') for the first 17 characters of
 * digits17, which must be digits.
 */
char fdss_id_check_char(const char *digits17);

/* 1 if the two-digit number pp is a province code that ID numbers use. */
int fdss_id_province_valid(int pp);

/*
 * The name of a division code of 2, 4 or 6 digits from the built-in GB/T
 * 2260 table (e.g. "450000" → "广西壮族自治区"), or NULL when unknown.
 * The string is static.
 */
const char *fdss_region_name(const char *code);

/*
 * Full name of a 6-digit county code, province first, skipping the
 * placeholder city names ("市辖区", "县"): "广西壮族自治区百色市田林县".
 * Writes into buf (size n) and returns buf, or returns NULL when the
 * county is unknown (buf then holds what is known, possibly "").
 */
char *fdss_region_fullname(char *buf, size_t n, const char *code6);

#ifdef __cplusplus
}
#endif

#endif
