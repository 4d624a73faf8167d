/*
 * check_cover.c: contracts that cannot all be true or were never honoured
 * — double-cover, bulk-unreviewed, signed-no-service (fdss-check(1)).
 * Cover at a date is the rule of cover.c, through cover_int.h.
 */
#include "check_int.h"
#include "cover_int.h"

/* The person of contract_cover row v lives under --area. */
#define IN_AREA(p) \
	" (:lo IS NULL OR EXISTS (SELECT 1 FROM person ap" \
	" JOIN household ah ON ah.household_no = ap.household_no" \
	" WHERE ap.id_number = " p " AND ah.village_code >= :lo" \
	" AND ah.village_code < :hi))"

/* Both a and b (contract_cover) cover their person on day d. */
#define BOTH_SIGNED(d) \
	" " FDSS__COVER_SIGNED("a", d) " = 1 AND " \
	FDSS__COVER_SIGNED("b", d) " = 1"

/*
 * Covers are periods (from the start to the end, the termination or the
 * member's end), so two overlap when both hold on the later start.
 * Households: the members of a person's household now (person), whose
 * contracts are of more than one team.
 */
static const char sql_double_cover[] =
	"SELECT * FROM ("
	"SELECT printf('%s is covered by contracts %s (%s) and %s (%s) from"
	" %s', p.name, a.number, a.team_code, b.number, b.team_code,"
	" max(a.start_date, b.start_date)) AS summary, a.team_code AS team,"
	" a.doctor AS doctor, max(a.start_date, b.start_date) AS date,"
	" a.id_number AS id_number, NULL AS household_no,"
	" b.team_code AS other_team,"
	" json_array(" CHK_REC("person", "a.id_number") ","
	" " CHK_REC("contract", "a.number") ","
	" " CHK_REC("contract", "b.number") ") AS records"
	" FROM contract_cover a JOIN contract_cover b"
	" ON b.id_number = a.id_number AND b.contract_id > a.contract_id"
	" JOIN person p ON p.id_number = a.id_number"
	" WHERE a.status <> 'rejected' AND b.status <> 'rejected'"
	" AND" BOTH_SIGNED("max(a.start_date, b.start_date)")
	" AND" IN_AREA("a.id_number")
	" AND (:team IS NULL OR a.team_code = :team OR b.team_code = :team)"
	" UNION ALL "
	"SELECT printf('household %s: members covered by contracts of teams"
	" %s (%s) and %s (%s) from %s', hh.household_no, a.team_code,"
	" a.number, b.team_code, b.number, min(max(a.start_date,"
	" b.start_date))), a.team_code, a.doctor,"
	" min(max(a.start_date, b.start_date)), NULL, hh.household_no,"
	" b.team_code,"
	" json_array(" CHK_REC("household", "hh.household_no") ","
	" " CHK_REC("contract", "a.number") ","
	" " CHK_REC("contract", "b.number") ")"
	" FROM (SELECT p.household_no FROM person p"
	"  JOIN contract_cover v ON v.id_number = p.id_number"
	"  WHERE v.status <> 'rejected' GROUP BY p.household_no"
	"  HAVING count(DISTINCT v.team_code) > 1) hh"
	" JOIN person pa ON pa.household_no = hh.household_no"
	" JOIN contract_cover a ON a.id_number = pa.id_number"
	" JOIN person pb ON pb.household_no = hh.household_no"
	" JOIN contract_cover b ON b.id_number = pb.id_number"
	" AND b.team_code > a.team_code"
	" WHERE a.status <> 'rejected' AND b.status <> 'rejected'"
	" AND" BOTH_SIGNED("max(a.start_date, b.start_date)")
	" AND" IN_AREA("pa.id_number")
	" AND (:team IS NULL OR a.team_code = :team OR b.team_code = :team)"
	" GROUP BY hh.household_no, a.contract_id, b.contract_id"
	") WHERE (:from IS NULL OR date >= :from)"
	" AND (:to IS NULL OR date <= :to) ORDER BY team, date";

int fdss__check_double_cover(struct chk *c)
{
	return fdss__check_rows(c, sql_double_cover);
}

/*
 * Who signed a contract: the operator of the audit entry that inserted
 * it as pending (s); who approved it: the first entry that moved it from
 * pending to active (r).  Days are those of the entries (UTC).  A
 * contract stored as reviewed at signing (fdss sign --approve: the
 * township centre signing itself) has no review to fake, and is not
 * counted.
 */
static const char sql_bulk[] =
	"WITH s AS (SELECT a.row_key AS number, a.operator AS signer,"
	" substr(a.at, 1, 10) AS day, a.id AS aid"
	" FROM audit_log a WHERE a.table_name = 'contract'"
	" AND a.before IS NULL"
	" AND json_extract(a.after, '$.status') = 'pending'),"
	" r AS (SELECT s.number, s.signer, s.day, b.operator AS approver,"
	" substr(b.at, 1, 10) AS approved"
	" FROM s JOIN audit_log b ON b.id = (SELECT x.id FROM audit_log x"
	"  WHERE x.table_name = 'contract' AND x.row_key = s.number"
	"  AND x.id > s.aid AND json_extract(x.before, '$.status') = 'pending'"
	"  AND json_extract(x.after, '$.status') = 'active'"
	"  ORDER BY x.id LIMIT 1))"
	"SELECT printf('%d contracts of team %s signed and approved by %s on"
	" %s', count(*), c.team_code, r.signer, r.day) AS summary,"
	" c.team_code AS team, NULL AS doctor, r.day AS date,"
	" r.signer AS operator, count(*) AS contracts,"
	" '[' || group_concat(" CHK_REC("contract", "c.number") ") || ']'"
	" AS records"
	" FROM r JOIN contract c ON c.number = r.number"
	" JOIN household h ON h.household_no = c.household_no"
	" WHERE r.approver = r.signer AND r.approved = r.day"
	" AND (:team IS NULL OR c.team_code = :team)"
	" AND (:lo IS NULL OR (h.village_code >= :lo AND h.village_code < :hi))"
	" AND (:from IS NULL OR r.day >= :from)"
	" AND (:to IS NULL OR r.day <= :to)"
	" GROUP BY c.team_code, r.signer, r.day HAVING count(*) >= :bulk"
	" ORDER BY c.team_code, r.day";

int fdss__check_bulk(struct chk *c)
{
	return fdss__check_rows(c, sql_bulk);
}

/*
 * Patients owed visits all year round (an active hypertension, diabetes
 * or severe mental disorder diagnosed by the year's start, or with no
 * date) signed on the first and the last day of a whole contract year
 * that ended before --as-of, with no visit of any programme and no
 * referral in it.
 */
static const char sql_no_service[] =
	"WITH pt AS (SELECT DISTINCT id_number FROM condition"
	"  WHERE status = 'active'"
	"  AND kind IN ('hypertension', 'diabetes', 'smi')),"
	" y AS (SELECT v.*, fdss_contract_year(v.start_date, k.k) AS y0,"
	"  min(v.end_date, date(fdss_contract_year(v.start_date, k.k + 1),"
	"  '-1 day')) AS y1"
	"  FROM pt JOIN contract_cover v ON v.id_number = pt.id_number"
	"  JOIN contract c ON c.id = v.contract_id"
	"  JOIN (SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2) k"
	"  ON k.k < c.years"
	"  WHERE v.status <> 'rejected'"
	"  AND (:team IS NULL OR v.team_code = :team))"
	"SELECT printf('%s, signed with contract %s, had no visit or"
	" referral from %s to %s', p.name, y.number, y.y0, y.y1) AS summary,"
	" y.team_code AS team, y.doctor AS doctor, y.y0 AS date,"
	" y.id_number AS id_number, y.y1 AS year_end,"
	" json_array(" CHK_REC("person", "y.id_number") ","
	" " CHK_REC("contract", "y.number") ") AS records"
	" FROM y JOIN person p ON p.id_number = y.id_number"
	" JOIN household h ON h.household_no = p.household_no"
	" WHERE y.y1 < :ref"
	" AND (:from IS NULL OR y.y0 >= :from) AND (:to IS NULL OR y.y1 <= :to)"
	" AND (:lo IS NULL OR (h.village_code >= :lo AND h.village_code < :hi))"
	" AND " FDSS__COVER_SIGNED("y", "y.y0") " = 1"
	" AND " FDSS__COVER_SIGNED("y", "y.y1") " = 1"
	" AND EXISTS (SELECT 1 FROM condition k WHERE k.id_number = y.id_number"
	"  AND k.status = 'active' AND k.kind IN ('hypertension', 'diabetes',"
	"  'smi') AND (k.since IS NULL OR k.since <= y.y0))"
	" AND NOT EXISTS (SELECT 1 FROM followup f"
	"  WHERE f.id_number = y.id_number"
	"  AND f.visit_date BETWEEN y.y0 AND y.y1)"
	" AND NOT EXISTS (SELECT 1 FROM referral r"
	"  WHERE r.id_number = y.id_number"
	"  AND r.referral_date BETWEEN y.y0 AND y.y1)"
	" ORDER BY y.team_code, y.y0";

int fdss__check_no_service(struct chk *c)
{
	return fdss__check_rows(c, sql_no_service);
}
