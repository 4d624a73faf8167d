/*
 * check_doctor.c: what one doctor recorded — copied-measurements,
 * implausible-workload, digit-preference, flat-series (fdss-check(1)).
 * A doctor is a name in the visits of a unit (chk_visit: the team of
 * the name or of the patient, else the township), since two teams may
 * each have a 王医生.  flat-series is the patient's, read from the
 * visits in the order of their index.
 */
#include <stdlib.h>
#include <string.h>

#include "check_int.h"

/* The measurements of visit v that a doctor writes down, as numbers. */
#define MEASURES "v.sbp, v.dbp, v.heart_rate, v.fpg, v.temperature"

/* How many of them visit v has. */
#define NMEASURES \
	"((v.sbp IS NOT NULL) + (v.dbp IS NOT NULL) +" \
	" (v.heart_rate IS NOT NULL) + (v.fpg IS NOT NULL) +" \
	" (v.temperature IS NOT NULL))"

/* Visit v's measurements in words: "sbp 130 dbp 80". */
#define READING \
	"trim(coalesce('sbp ' || v.sbp || ' ', '') ||" \
	" coalesce('dbp ' || v.dbp || ' ', '') ||" \
	" coalesce('heart rate ' || v.heart_rate || ' ', '') ||" \
	" coalesce('fpg ' || v.fpg || ' ', '') ||" \
	" coalesce('temperature ' || v.temperature, ''))"

/*
 * The same set of at least two measurements (one number alone, a heart
 * rate or a glucose, repeats by chance on a busy day) on :copied or more
 * patients of one doctor on one day; only the days (d) with that many
 * measured visits are sorted by their measurements.
 */
static const char sql_copied[] =
	"WITH d AS (SELECT unit, doctor, visit_date FROM chk_visit v"
	"  WHERE" CHK_VISIT_FILTER " GROUP BY unit, doctor, visit_date"
	"  HAVING sum(" NMEASURES " >= 2) >= :copied)"
	"SELECT printf('%s recorded %s on %d patients on %s', v.doctor,"
	" " READING ", count(DISTINCT v.id_number), v.visit_date) AS summary,"
	" v.team AS team, v.doctor AS doctor, v.visit_date AS date,"
	" v.unit AS unit, count(DISTINCT v.id_number) AS patients,"
	" " READING " AS measurements,"
	" group_concat(v.id) AS followup_ids"
	" FROM d JOIN chk_visit v ON v.unit = d.unit AND v.doctor = d.doctor"
	" AND v.visit_date = d.visit_date"
	" WHERE " NMEASURES " >= 2 AND" CHK_VISIT_FILTER
	" GROUP BY v.unit, v.doctor, v.visit_date, " MEASURES
	" HAVING count(DISTINCT v.id_number) >= :copied"
	" ORDER BY team, date";

int fdss__check_copied(struct chk *c)
{
	int rc = fdss__check_units(c);

	return rc ? rc : fdss__check_rows(c, sql_copied);
}

/* The first and the last township of a doctor's visits in person (not
 * by phone) of a day: cheaper than counting them, and as telling. */
#define TOWN(agg) \
	agg "(CASE WHEN v.mode <> 'phone' THEN substr(v.village, 1, 9) END)"

/*
 * More than :workload visits in a day, or visits in person to villages
 * of two townships or more on one day.
 */
static const char sql_workload[] =
	"SELECT v.doctor || ' on ' || v.visit_date || ': ' ||"
	" CASE WHEN count(*) > :workload"
	" THEN printf('%d visits (more than %d)', count(*), :workload)"
	" ELSE '' END ||"
	" CASE WHEN count(*) > :workload AND " TOWN("min") " <> " TOWN("max")
	" THEN '; ' ELSE '' END ||"
	" CASE WHEN " TOWN("min") " <> " TOWN("max") " THEN printf('visits in"
	" person in townships %s and %s', " TOWN("min") ", " TOWN("max") ")"
	" ELSE '' END AS summary,"
	" v.team AS team, v.doctor AS doctor, v.visit_date AS date,"
	" v.unit AS unit, count(*) AS visits,"
	" CASE WHEN " TOWN("min") " <> " TOWN("max") " THEN " TOWN("min")
	" || ',' || " TOWN("max") " END AS townships,"
	" group_concat(v.id) AS followup_ids"
	" FROM chk_visit v WHERE" CHK_VISIT_FILTER
	" GROUP BY v.unit, v.doctor, v.visit_date"
	" HAVING count(*) > :workload OR " TOWN("min") " <> " TOWN("max")
	" ORDER BY team, date";

int fdss__check_workload(struct chk *c)
{
	int rc = fdss__check_units(c);

	return rc ? rc : fdss__check_rows(c, sql_workload);
}

/* Readings of v ending in digit d (0 to 9). */
#define ENDS(d) \
	" coalesce(sum(v.sbp % 10 = " #d "), 0) +" \
	" coalesce(sum(v.dbp % 10 = " #d "), 0),"

/*
 * A doctor's blood pressure readings (systolic and diastolic each one)
 * by last digit; the records: the doctor's team_member rows and the
 * visits with a reading ending in 0 or 5.
 */
static const char sql_digits[] =
	"SELECT v.team, v.doctor, v.unit, min(v.visit_date), max(v.visit_date),"
	ENDS(0) ENDS(1) ENDS(2) ENDS(3) ENDS(4) ENDS(5) ENDS(6) ENDS(7)
	ENDS(8) ENDS(9)
	" '[' || coalesce((SELECT group_concat(" CHK_REC("team_member", "m.id")
	") FROM team_member m WHERE m.team_code = v.team"
	"  AND m.name = v.doctor), '') || ']',"
	" coalesce(group_concat(v.id) FILTER (WHERE v.sbp % 10 IN (0, 5)"
	" OR v.dbp % 10 IN (0, 5)), '')"
	" FROM chk_visit v WHERE (v.sbp IS NOT NULL OR v.dbp IS NOT NULL)"
	" AND" CHK_VISIT_FILTER
	" GROUP BY v.unit, v.doctor"
	" HAVING count(v.sbp) + count(v.dbp) >= :digit_n"
	" ORDER BY v.team, v.doctor";

/* The finding of a doctor's row of sql_digits, or NULL (out of memory). */
static cJSON *digit_finding(struct chk *c, sqlite3_stmt *st,
			    const int64_t n[10], int64_t total, double chi2,
			    double p)
{
	double share = 100.0 * (double)(n[0] + n[5]) / (double)total;
	char *summary;
	cJSON *rec = NULL, *digits, *records;

	int i;

	summary = sqlite3_mprintf("%s: %lld of %lld blood pressure readings "
				  "end in 0 or 5 (%.1f%%; measured readings: "
				  "about 20%%), chi-square %.1f, p %.2g",
				  fdss__col(st, 1), (long long)(n[0] + n[5]),
				  (long long)total, share, chi2, p);
	if (summary)
		rec = fdss__check_finding(c, summary, NULL, 0);
	sqlite3_free(summary);
	if (!rec)
		return NULL;
	records = cJSON_Parse(fdss__col(st, 15));
	if (!records || !cJSON_AddItemToObject(rec, "records", records) ||
	    fdss__check_put_followups(rec, fdss__col(st, 16)) != FDSS_OK) {
		if (!cJSON_GetObjectItemCaseSensitive(rec, "records"))
			cJSON_Delete(records);
		cJSON_Delete(rec);
		return NULL;
	}
	digits = cJSON_AddArrayToObject(rec, "last_digits");
	for (i = 0; digits && i < 10; i++)
		if (!cJSON_AddItemToArray(digits,
					  cJSON_CreateNumber((double)n[i])))
			digits = NULL;
	if (digits &&
	    fdss__put_str(rec, "team", (const char *)sqlite3_column_text(st, 0)) &&
	    fdss__put_str(rec, "doctor", fdss__col(st, 1)) &&
	    fdss__put_str(rec, "unit", fdss__col(st, 2)) &&
	    fdss__put_str(rec, "date", fdss__col(st, 3)) &&
	    fdss__put_str(rec, "last_date", fdss__col(st, 4)) &&
	    fdss__put_int(rec, "readings", total, 0) &&
	    cJSON_AddNumberToObject(rec, "share_0_5",
				    (double)(long long)(share * 10 + 0.5) / 10) &&
	    cJSON_AddNumberToObject(rec, "chi_square",
				    (double)(long long)(chi2 * 10 + 0.5) / 10) &&
	    cJSON_AddNumberToObject(rec, "p", p))
		return rec;
	cJSON_Delete(rec);
	return NULL;
}

/* The finding of a doctor's row, if the test says so: FDSS_OK or a
 * failure. */
static int digit_row(struct chk *c, sqlite3_stmt *st)
{
	int64_t n[10], total = 0;
	double chi2, p;
	int i;

	for (i = 0; i < 10; i++)
		total += n[i] = sqlite3_column_int64(st, 5 + i);
	if (total < c->lim.digit_n)
		return FDSS_OK;
	chi2 = fdss_digit_chi2(n);
	p = fdss_chi2_sf(chi2, 9);
	if (!(p < c->lim.digit_p) ||
	    100 * (n[0] + n[5]) < c->lim.digit_share * total)
		return FDSS_OK;
	return fdss__check_emit(c, digit_finding(c, st, n, total, chi2, p));
}

int fdss__check_digits(struct chk *c)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = fdss__check_units(c)) != FDSS_OK)
		return rc;
	if (!(st = fdss__check_prepare(c, sql_digits)))
		return fdss_db_error(c->db)->code;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((rc = digit_row(c, st)) != FDSS_OK) {
			sqlite3_reset(st);
			return rc;
		}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return fdss__db_sqlfail(c->db, rc, c->def->name);
	return FDSS_OK;
}

/* The reading of visit v that a series of its programme repeats: the
 * pressure of a hypertension visit, the glucose of a diabetes visit,
 * else every measurement. */
#define SERIES \
	"CASE WHEN v.program = 'hypertension' AND v.sbp IS NOT NULL" \
	" THEN 'sbp ' || v.sbp || coalesce(' dbp ' || v.dbp, '')" \
	" WHEN v.program = 'diabetes' AND v.fpg IS NOT NULL" \
	" THEN 'fpg ' || v.fpg ELSE " READING " END"

/*
 * :flat or more visits of a patient's programme in one management year,
 * each with its reading, all the same.
 */
static const char sql_flat[] =
	"SELECT * FROM ("
	"SELECT printf('%d %s visits from %s to %s, all with %s',"
	" count(*), v.program, min(v.visit_date), max(v.visit_date),"
	" " SERIES ") AS summary,"
	" " CHK_PERSON_TEAM("v.id_number") " AS team, v.doctor AS doctor,"
	" min(v.visit_date) AS date, v.id_number AS id_number,"
	" v.program AS program,"
	" fdss_year_start(v.visit_date, :month) AS year_start,"
	" count(*) AS visits, " SERIES " AS measurements,"
	" json_array(" CHK_REC("person", "v.id_number") ") AS records,"
	" group_concat(v.id) AS followup_ids"
	" FROM followup v WHERE " NMEASURES " >= 1"
	" AND (:from IS NULL OR v.visit_date >= :from)"
	" AND (:to IS NULL OR v.visit_date <= :to)"
	" GROUP BY v.id_number, v.program,"
	" fdss_year_start(v.visit_date, :month)"
	" HAVING count(*) >= :flat AND count(DISTINCT " SERIES ") = 1"
	") f WHERE (:team IS NULL OR f.team = :team)"
	" AND (:lo IS NULL OR EXISTS (SELECT 1 FROM person p"
	"  JOIN household h ON h.household_no = p.household_no"
	"  WHERE p.id_number = f.id_number AND h.village_code >= :lo"
	"  AND h.village_code < :hi))"
	" ORDER BY f.team, f.date";

int fdss__check_flat(struct chk *c)
{
	return fdss__check_rows(c, sql_flat);
}
