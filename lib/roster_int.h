#ifndef FDSS_ROSTER_INT_H
#define FDSS_ROSTER_INT_H

/* Private to the roster import: roster.c (the run) and roster_fields.c
 * (what a row means). */
#include "internal.h"

/* What an input column or JSON key can map to. */
enum roster_field {
	F_IGNORE = -2,		/* a known key that an import reads past */
	F_NONE = -1,		/* unmapped: kept verbatim in "extra" */
	F_HOUSEHOLD_NO, F_PERSON_NO, F_VILLAGE_CODE, F_COUNTY, F_TOWNSHIP,
	F_VILLAGE, F_NAME, F_ID_NUMBER, F_RELATION, F_ETHNICITY, F_EDUCATION,
	F_HEALTH, F_POVERTY_ATTR, F_POVERTY_EXIT_YEAR, F_PHONE, F_SEX,
	F_BIRTH_DATE, F_ADDRESS, F_HEALTH_RECORD_NO, F_INSURANCE_NO,
	F_DISABLED, F_LOW_INCOME, F_SPECIAL_FAMILY, F_SERIOUS_ILLNESS,
	F_CONDITIONS, F_EXTRA,
	NFIELDS
};

#define ROSTER_MAX_RENAMES 64

struct roster_rename {
	char column[128];
	int field;
};

/* How columns map to fields: English names, the preset, --map. */
struct roster_map {
	int preset;			/* poverty-registry headers known */
	struct roster_rename renames[ROSTER_MAX_RENAMES];
	size_t nrenames;
};

/* A cell: not NUL-terminated after trimming. s NULL: column absent. */
struct roster_val {
	const char *s;
	size_t n;
};

/* One input row, by field. */
struct roster_row {
	struct roster_val v[NFIELDS];
	const char *label[NFIELDS];	/* the input's name for the field */
	unsigned conditions;		/* from a JSON "conditions" array */
};

/* What the checks of a row derive. */
struct roster_person {
	fdss_id_info id;		/* normalised number, sex, birth */
	char birth[FDSS_DATE_BUFSZ];	/* "YYYY-MM-DD" */
	int disabled, serious_illness, special_family, poverty, low_income;
	int exit_year;			/* 0: none */
	unsigned conditions;		/* enum fdss_condition bits */
};

int roster_map_init(struct roster_map *m, const char *preset,
		    const char *map, fdss_error *err);
/* The field of column (enum roster_field), F_NONE if unmapped. */
int roster_map_field(const struct roster_map *m, const char *column);
const char *roster_field_name(int field);

/* Trim the blanks around every present cell. */
void roster_row_trim(struct roster_row *row);

/*
 * Check one row at reference date ref and derive p.  FDSS_EDATA with
 * "LABEL 'VALUE': why" in err.  Village resolution is the caller's.
 */
int roster_row_check(const struct roster_row *row, fdss_date ref,
		     struct roster_person *p, fdss_error *err);

#endif
