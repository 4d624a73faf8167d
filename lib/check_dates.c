/*
 * check_dates.c: records dated where they cannot be — after-death,
 * visit-before-diagnosis, visit-before-birth, visit-in-future
 * (fdss-check(1)).
 */
#include "check_int.h"
#include "cover_int.h"

/* The person p lives under --area (h: their household). */
#define IN_AREA \
	" (:lo IS NULL OR (h.village_code >= :lo AND h.village_code < :hi))"

/* The rows of the union x with the team and period filters. */
#define FILTERED(x) \
	"SELECT * FROM (" x ") WHERE (:team IS NULL OR team = :team)" \
	" AND (:from IS NULL OR date >= :from)" \
	" AND (:to IS NULL OR date <= :to) ORDER BY team, date"

/* How a person left, in words (p: person). */
#define LEFT_HOW \
	" CASE g.status WHEN 'deceased' THEN ' died' WHEN 'moved' THEN" \
	" ' moved away' ELSE ' was removed from the roster' END"

/*
 * Gone people (g): not active, with the first day without them.  A
 * visit or referral on a later day, or a contract that starts on that
 * day or later and covers them when it starts, cannot be true: with
 * `fdss person leave` their cover ends that day (ended_on), so a
 * contract signed before and starting later does not cover them.
 */
static const char sql_after_death[] = FILTERED(
	"WITH g AS (SELECT p.id_number, p.name, p.status, p.status_date"
	" FROM person p JOIN household h ON h.household_no = p.household_no"
	" WHERE p.status <> 'active' AND p.status_date IS NOT NULL AND"
	IN_AREA ")"
	"SELECT printf('%s visit on %s, after %s' || " LEFT_HOW
	" || ' (%s)', f.program, f.visit_date, g.name, g.status_date)"
	" AS summary, " CHK_PERSON_TEAM("g.id_number") " AS team,"
	" f.doctor AS doctor, f.visit_date AS date, g.id_number AS id_number,"
	" g.status AS status, g.status_date AS status_date,"
	" json_array(" CHK_REC("person", "g.id_number") ","
	" " CHK_REC("followup", "f.id") ") AS records"
	" FROM g JOIN followup f ON f.id_number = g.id_number"
	" WHERE f.visit_date > g.status_date"
	" UNION ALL "
	"SELECT printf('referral on %s, after %s' || " LEFT_HOW
	" || ' (%s)', r.referral_date, g.name, g.status_date),"
	" " CHK_PERSON_TEAM("g.id_number") ", NULL, r.referral_date,"
	" g.id_number, g.status, g.status_date,"
	" json_array(" CHK_REC("person", "g.id_number") ","
	" " CHK_REC("referral", "r.id") ")"
	" FROM g JOIN referral r ON r.id_number = g.id_number"
	" WHERE r.referral_date > g.status_date"
	" UNION ALL "
	"SELECT printf('contract %s covers %s from %s, after %s' || "
	LEFT_HOW " || ' (%s)', v.number, g.name, v.start_date, g.name,"
	" g.status_date), v.team_code, v.doctor, v.start_date, g.id_number,"
	" g.status, g.status_date,"
	" json_array(" CHK_REC("person", "g.id_number") ","
	" " CHK_REC("contract", "v.number") ")"
	" FROM g JOIN contract_cover v ON v.id_number = g.id_number"
	" WHERE v.start_date >= g.status_date"
	" AND " FDSS__COVER_SIGNED("v", "v.start_date") " = 1");

int fdss__check_after_death(struct chk *c)
{
	return fdss__check_rows(c, sql_after_death);
}

/*
 * A person's visits of a programme before its diagnosis: the earliest
 * since of the conditions that enrol them in it, when every one of them
 * has a date (an unknown date proves nothing).
 */
static const char sql_before_diagnosis[] = FILTERED(
	"WITH dx AS (SELECT id_number, fdss_program_of(kind) AS program,"
	" min(since) AS since FROM condition GROUP BY 1, 2"
	" HAVING count(since) = count(*))"
	"SELECT printf('%d %s visit%s from %s, before the diagnosis on %s',"
	" count(*), dx.program, CASE WHEN count(*) > 1 THEN 's' ELSE '' END,"
	" min(f.visit_date), dx.since) AS summary,"
	" " CHK_PERSON_TEAM("p.id_number") " AS team, f.doctor AS doctor,"
	" min(f.visit_date) AS date, p.id_number AS id_number,"
	" dx.program AS program, dx.since AS diagnosed, count(*) AS visits,"
	" '[' || " CHK_REC("person", "p.id_number") " || ',' ||"
	" (SELECT group_concat(" CHK_REC("condition",
					 "k.id_number || ':' || k.kind") ")"
	"  FROM condition k WHERE k.id_number = dx.id_number"
	"  AND fdss_program_of(k.kind) = dx.program) || ',' ||"
	" group_concat(" CHK_REC("followup", "f.id") ") || ']' AS records"
	" FROM dx JOIN person p ON p.id_number = dx.id_number"
	" JOIN household h ON h.household_no = p.household_no"
	" JOIN followup f ON f.id_number = dx.id_number"
	" AND f.program = dx.program AND f.visit_date < dx.since"
	" WHERE" IN_AREA
	" GROUP BY dx.id_number, dx.program");

int fdss__check_before_diagnosis(struct chk *c)
{
	return fdss__check_rows(c, sql_before_diagnosis);
}

/* Visits and referrals dated before the person's birth. */
static const char sql_before_birth[] = FILTERED(
	"SELECT printf('%s visit on %s, before %s was born (%s)', f.program,"
	" f.visit_date, p.name, p.birth_date) AS summary,"
	" " CHK_PERSON_TEAM("p.id_number") " AS team, f.doctor AS doctor,"
	" f.visit_date AS date, p.id_number AS id_number,"
	" p.birth_date AS birth_date,"
	" json_array(" CHK_REC("person", "p.id_number") ","
	" " CHK_REC("followup", "f.id") ") AS records"
	" FROM person p CROSS JOIN followup f ON f.id_number = p.id_number"
	" JOIN household h ON h.household_no = p.household_no"
	" WHERE f.visit_date < p.birth_date AND" IN_AREA
	" UNION ALL "
	"SELECT printf('referral on %s, before %s was born (%s)',"
	" r.referral_date, p.name, p.birth_date),"
	" " CHK_PERSON_TEAM("p.id_number") ", NULL, r.referral_date,"
	" p.id_number, p.birth_date,"
	" json_array(" CHK_REC("person", "p.id_number") ","
	" " CHK_REC("referral", "r.id") ")"
	" FROM referral r JOIN person p ON p.id_number = r.id_number"
	" JOIN household h ON h.household_no = p.household_no"
	" WHERE r.referral_date < p.birth_date AND" IN_AREA);

int fdss__check_before_birth(struct chk *c)
{
	return fdss__check_rows(c, sql_before_birth);
}

/* Visits and referrals dated after --as-of. */
static const char sql_in_future[] = FILTERED(
	"SELECT printf('%s visit on %s, after today (%s)', f.program,"
	" f.visit_date, :ref) AS summary,"
	" " CHK_PERSON_TEAM("p.id_number") " AS team, f.doctor AS doctor,"
	" f.visit_date AS date, p.id_number AS id_number,"
	" json_array(" CHK_REC("person", "p.id_number") ","
	" " CHK_REC("followup", "f.id") ") AS records"
	" FROM followup f JOIN person p ON p.id_number = f.id_number"
	" JOIN household h ON h.household_no = p.household_no"
	" WHERE f.visit_date > :ref AND" IN_AREA
	" UNION ALL "
	"SELECT printf('referral on %s, after today (%s)', r.referral_date,"
	" :ref), " CHK_PERSON_TEAM("p.id_number") ", NULL, r.referral_date,"
	" p.id_number,"
	" json_array(" CHK_REC("person", "p.id_number") ","
	" " CHK_REC("referral", "r.id") ")"
	" FROM referral r JOIN person p ON p.id_number = r.id_number"
	" JOIN household h ON h.household_no = p.household_no"
	" WHERE r.referral_date > :ref AND" IN_AREA);

int fdss__check_in_future(struct chk *c)
{
	return fdss__check_rows(c, sql_in_future);
}
