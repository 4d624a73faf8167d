/*
 * The record types of the exchange format (fdss(7) "EXPORT RECORDS"):
 * their fields, the SQL that reads them for an export and the SQL that
 * stores them back on import.  The order of fdss__xtypes[] is the order
 * of an export: a record comes after what it names.
 */
#include <string.h>

#include "exchange_int.h"
#include "fdss/exchange.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* A team code as it leaves the county: "140826-T01" (one that came
 * from another county has its scope already). */
#define SCOPED(x) "CASE WHEN " x " GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]-*'" \
	" THEN " x " ELSE ?1 || '-' || " x " END"
/* Records with an audit entry of table at key at or after --since. */
#define SINCE(tbl, key) "(?3 IS NULL OR " key " IN (SELECT row_key FROM" \
	" audit_log WHERE table_name = '" tbl "' AND at >= ?3))"
#define AREA(col) "(?2 IS NULL OR " col " GLOB ?2 || '*')"
/* A roster import audits changes, not the rows it adds: those are the
 * rows of its batches finished at or after --since. */
#define IN_BATCH(col) col " IN (SELECT id FROM import_batch" \
	" WHERE coalesce(finished, started) >= ?3)"
/* A person's household, for the --area of what belongs to a person. */
#define OF_PERSON(x) " JOIN person p ON p.id_number = " x \
	" JOIN household h ON h.household_no = p.household_no"

/* --- reference data ------------------------------------------------------ */

static const struct xfield area_f[] = {
	{ "code", XK_STR, XF_REQ | XF_KEY }, { "name", XK_STR, XF_REQ },
	{ "level", XK_STR, XF_REQ }, { "parent", XK_STR, 0 },
};
#define AREA_SEL "SELECT code, code, code, name, level, parent FROM area"

static const struct xfield setting_f[] = {
	{ "key", XK_STR, XF_REQ | XF_KEY }, { "value", XK_STR, XF_REQ },
};
#define SETTING_SEL "SELECT key, key, key, value FROM setting"

static const struct xfield rule_f[] = {
	{ "program", XK_STR, XF_REQ | XF_KEY }, { "key", XK_STR, XF_REQ | XF_KEY },
	{ "value", XK_STR, XF_REQ }, { "description", XK_STR, XF_REQ },
};
#define RULE_SEL "SELECT program, program || '.' || key, program, key," \
	" value, description FROM rule"

static const struct xfield package_f[] = {
	{ "code", XK_STR, XF_REQ | XF_KEY }, { "name", XK_STR, XF_REQ },
	{ "name_zh", XK_STR, XF_REQ }, { "min_age", XK_INT, 0 },
	{ "max_age", XK_INT, 0 }, { "sex", XK_STR, 0 },
	{ "condition", XK_STR, 0 }, { "personalised", XK_BOOL, XF_REQ },
	{ "description", XK_STR, 0 },
};
#define PACKAGE_SEL "SELECT code, code, code, name, name_zh, min_age," \
	" max_age, sex, condition, personalised, description FROM package"

static const struct xfield fee_f[] = {
	{ "package", XK_STR, XF_REQ | XF_KEY },
	{ "area_prefix", XK_STR, XF_REQ | XF_KEY },
	{ "effective_from", XK_DATE, XF_REQ | XF_KEY },
	{ "public_health_fen", XK_INT, XF_REQ },
	{ "insurance_fen", XK_INT, XF_REQ }, { "resident_fen", XK_INT, XF_REQ },
	{ "poverty_subsidy", XK_BOOL, XF_REQ },
};
#define FEE_SEL "SELECT id, CAST(id AS TEXT), package_code, area_prefix," \
	" effective_from, public_health_fen, insurance_fen, resident_fen," \
	" poverty_subsidy FROM fee_schedule"

static const struct xfield population_f[] = {
	{ "area_code", XK_STR, XF_REQ | XF_KEY },
	{ "year", XK_INT, XF_REQ | XF_KEY }, { "group", XK_STR, XF_REQ | XF_KEY },
	{ "residents", XK_INT, XF_REQ },
};
#define POP_KEY "area_code || ':' || year || ':' || grp"
#define POP_SEL "SELECT area_code, " POP_KEY ", area_code, year, grp," \
	" residents FROM population"

/* --- teams --------------------------------------------------------------- */

static const struct xfield team_f[] = {
	{ "code", XK_TEAM, XF_REQ | XF_KEY }, { "name", XK_STR, XF_REQ },
	{ "institution", XK_STR, XF_REQ }, { "area_code", XK_STR, 0 },
	{ "created", XK_DATE, XF_REQ },
};
static const struct xfield team_member_f[] = {
	{ "name", XK_STR, XF_REQ }, { "role", XK_STR, XF_REQ },
	{ "title", XK_STR, 0 }, { "phone", XK_STR, 0 },
	{ "active", XK_BOOL, XF_REQ },
};
static const struct xchild team_kids[] = {
	{ "members", team_member_f, N(team_member_f),
	  "SELECT name, role, title, phone, active FROM team_member"
	  " WHERE team_code = ?2 ORDER BY id",
	  "INSERT INTO team_member (team_code, name, role, title, phone,"
	  " active) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
	  " ON CONFLICT (team_code, name, role) DO UPDATE SET"
	  " title = excluded.title, phone = excluded.phone,"
	  " active = excluded.active" },
};
#define TEAM_SEL "SELECT t.code, t.code, " SCOPED("t.code") ", t.name," \
	" t.institution, t.area_code, t.created FROM team t"

/* --- the roster ------------------------------------------------------------ */

static const struct xfield household_f[] = {
	{ "household_no", XK_STR, XF_REQ | XF_KEY },
	{ "village_code", XK_STR, XF_REQ }, { "address", XK_STR, 0 },
	{ "phone", XK_STR, 0 }, { "poverty_attr", XK_STR, 0 },
};
#define HOUSEHOLD_SEL "SELECT household_no, household_no, household_no," \
	" village_code, address, phone, poverty_attr FROM household"

static const struct xfield person_f[] = {
	{ "id_number", XK_IDNUM, XF_REQ | XF_KEY }, { "name", XK_STR, XF_REQ },
	{ "sex", XK_STR, XF_REQ }, { "birth_date", XK_DATE, XF_REQ },
	{ "household_no", XK_STR, XF_REQ }, { "relation", XK_STR, XF_REQ },
	{ "person_no", XK_STR, 0 }, { "ethnicity", XK_STR, 0 },
	{ "education", XK_STR, 0 }, { "health", XK_STR, 0 },
	{ "phone", XK_STR, 0 }, { "health_record_no", XK_STR, 0 },
	{ "insurance_no", XK_STR, 0 }, { "disabled", XK_BOOL, XF_REQ },
	{ "serious_illness", XK_BOOL, XF_REQ },
	{ "special_family", XK_BOOL, XF_REQ }, { "poverty", XK_BOOL, XF_REQ },
	{ "poverty_attr", XK_STR, 0 }, { "poverty_exit_year", XK_INT, 0 },
	{ "low_income", XK_BOOL, XF_REQ }, { "status", XK_STR, XF_REQ },
	{ "status_date", XK_DATE, 0 }, { "status_reason", XK_STR, 0 },
	{ "extra", XK_JSON, XF_REQ },
};
#define PERSON_COLS "p.name, p.sex, p.birth_date, p.household_no," \
	" p.relation, p.person_no, p.ethnicity, p.education, p.health," \
	" p.phone, p.health_record_no, p.insurance_no, p.disabled," \
	" p.serious_illness, p.special_family, p.poverty, p.poverty_attr," \
	" p.poverty_exit_year, p.low_income, p.status, p.status_date," \
	" p.status_reason, p.extra"
#define PERSON_SEL "SELECT p.id, p.id_number, p.id_number, " PERSON_COLS \
	" FROM person p JOIN household h ON h.household_no = p.household_no"

static const struct xfield condition_f[] = {
	{ "id_number", XK_IDNUM, XF_REQ | XF_KEY },
	{ "kind", XK_STR, XF_REQ | XF_KEY }, { "since", XK_DATE, 0 },
	{ "status", XK_STR, XF_REQ }, { "source", XK_STR, 0 },
	{ "ended_on", XK_DATE, 0 },
};
#define CONDITION_SEL "SELECT c.id_number, c.id_number || ':' || c.kind," \
	" c.id_number, c.kind, c.since, c.status, c.source, c.ended_on" \
	" FROM condition c" OF_PERSON("c.id_number")

/* --- contracts ----------------------------------------------------------- */

static const struct xfield contract_f[] = {
	{ "number", XK_STR, XF_REQ | XF_KEY }, { "old_number", XK_STR, 0 },
	{ "household_no", XK_STR, XF_REQ }, { "team", XK_TEAM, XF_REQ },
	{ "doctor", XK_STR, XF_REQ }, { "start_date", XK_DATE, XF_REQ },
	{ "end_date", XK_DATE, XF_REQ }, { "years", XK_INT, XF_REQ },
	{ "status", XK_STR, XF_REQ }, { "renews", XK_CREF, 0 },
	{ "created", XK_STR, XF_REQ }, { "reviewed_at", XK_DATE, 0 },
	{ "review_reason", XK_STR, 0 }, { "terminated_on", XK_DATE, 0 },
	{ "termination_reason", XK_STR, 0 }, { "refund_fen", XK_INT, XF_REQ },
};
static const struct xfield contract_member_f[] = {
	{ "id_number", XK_IDNUM, XF_REQ }, { "ended_on", XK_DATE, 0 },
	{ "end_reason", XK_STR, 0 }, { "refund_fen", XK_INT, XF_REQ },
};
static const struct xfield contract_fee_f[] = {
	{ "id_number", XK_IDNUM, XF_REQ }, { "package", XK_STR, XF_REQ },
	{ "year_start", XK_DATE, XF_REQ },
	{ "public_health_fen", XK_INT, XF_REQ },
	{ "insurance_fen", XK_INT, XF_REQ }, { "resident_fen", XK_INT, XF_REQ },
	{ "subsidy_fen", XK_INT, XF_REQ },
};
static const struct xchild contract_kids[] = {
	{ "members", contract_member_f, N(contract_member_f),
	  "SELECT id_number, ended_on, end_reason, refund_fen"
	  " FROM contract_member WHERE contract_id = ?2 ORDER BY id_number",
	  "INSERT INTO contract_member (contract_id, id_number, ended_on,"
	  " end_reason, refund_fen) VALUES (?1, ?2, ?3, ?4, ?5)"
	  " ON CONFLICT (contract_id, id_number) DO UPDATE SET"
	  " ended_on = excluded.ended_on, end_reason = excluded.end_reason,"
	  " refund_fen = excluded.refund_fen" },
	{ "fees", contract_fee_f, N(contract_fee_f),
	  "SELECT id_number, package_code, year_start, public_health_fen,"
	  " insurance_fen, resident_fen, subsidy_fen FROM contract_fee"
	  " WHERE contract_id = ?2 ORDER BY id_number, package_code, year_start",
	  "INSERT INTO contract_fee (contract_id, id_number, package_code,"
	  " year_start, public_health_fen, insurance_fen, resident_fen,"
	  " subsidy_fen) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
	  " ON CONFLICT (contract_id, id_number, package_code, year_start)"
	  " DO UPDATE SET public_health_fen = excluded.public_health_fen,"
	  " insurance_fen = excluded.insurance_fen,"
	  " resident_fen = excluded.resident_fen,"
	  " subsidy_fen = excluded.subsidy_fen" },
};
#define CONTRACT_SEL "SELECT c.id, c.number, c.number, c.old_number," \
	" c.household_no, " SCOPED("c.team_code") ", c.doctor, c.start_date," \
	" c.end_date, c.years, c.status, (SELECT r.number FROM contract r" \
	" WHERE r.id = c.renews), c.created, c.reviewed_at, c.review_reason," \
	" c.terminated_on, c.termination_reason, c.refund_fen FROM contract c" \
	" JOIN household h ON h.household_no = c.household_no"
#define CONTRACT_SET "old_number = excluded.old_number," \
	" household_no = excluded.household_no," \
	" team_code = excluded.team_code, doctor = excluded.doctor," \
	" start_date = excluded.start_date, end_date = excluded.end_date," \
	" years = excluded.years, status = excluded.status," \
	" renews = excluded.renews, created = excluded.created," \
	" reviewed_at = excluded.reviewed_at," \
	" review_reason = excluded.review_reason," \
	" terminated_on = excluded.terminated_on," \
	" termination_reason = excluded.termination_reason," \
	" refund_fen = excluded.refund_fen"
#define IN_AUDIT(tbl, key) key " IN (SELECT row_key FROM audit_log" \
	" WHERE table_name = '" tbl "' AND at >= ?3)"

/* --- follow-up ----------------------------------------------------------- */

static const struct xfield followup_f[] = {
	{ "id", XK_VISIT, XF_REQ | XF_KEY }, { "id_number", XK_IDNUM, XF_REQ },
	{ "program", XK_STR, XF_REQ }, { "visit_date", XK_DATE, XF_REQ },
	{ "mode", XK_STR, XF_REQ }, { "doctor", XK_STR, 0 },
	{ "sbp", XK_INT, 0 }, { "dbp", XK_INT, 0 }, { "heart_rate", XK_INT, 0 },
	{ "fpg", XK_REAL, 0 }, { "temperature", XK_REAL, 0 },
	{ "risk_level", XK_INT, 0 }, { "insight", XK_STR, 0 },
	{ "symptoms", XK_STR, 0 }, { "social_function", XK_STR, 0 },
	{ "phase", XK_STR, 0 }, { "supervisor", XK_STR, 0 },
	{ "doses_taken", XK_INT, 0 }, { "doses_due", XK_INT, 0 },
	{ "adverse_reaction", XK_BOOL, XF_REQ },
	{ "new_complication", XK_BOOL, XF_REQ },
	{ "emergency", XK_BOOL, XF_REQ }, { "classification", XK_STR, XF_REQ },
	{ "next_due", XK_DATE, 0 }, { "action", XK_STR, XF_REQ },
	{ "latest", XK_BOOL, XF_REQ }, { "recorded", XK_STR, XF_REQ },
};
#define FOLLOWUP_SEL "SELECT f.id, CAST(f.id AS TEXT)," \
	" coalesce(f.origin, ?1 || '-V' || f.id), f.id_number, f.program," \
	" f.visit_date, f.mode, f.doctor, f.sbp, f.dbp, f.heart_rate, f.fpg," \
	" f.temperature, f.risk_level, f.insight, f.symptoms," \
	" f.social_function, f.phase, f.supervisor, f.doses_taken," \
	" f.doses_due, f.adverse_reaction, f.new_complication, f.emergency," \
	" f.classification, f.next_due, f.action, f.latest, f.recorded" \
	" FROM followup f" OF_PERSON("f.id_number")
#define FOLLOWUP_SET "id_number = excluded.id_number," \
	" program = excluded.program, visit_date = excluded.visit_date," \
	" mode = excluded.mode, doctor = excluded.doctor, sbp = excluded.sbp," \
	" dbp = excluded.dbp, heart_rate = excluded.heart_rate," \
	" fpg = excluded.fpg, temperature = excluded.temperature," \
	" risk_level = excluded.risk_level, insight = excluded.insight," \
	" symptoms = excluded.symptoms," \
	" social_function = excluded.social_function," \
	" phase = excluded.phase, supervisor = excluded.supervisor," \
	" doses_taken = excluded.doses_taken, doses_due = excluded.doses_due," \
	" adverse_reaction = excluded.adverse_reaction," \
	" new_complication = excluded.new_complication," \
	" emergency = excluded.emergency," \
	" classification = excluded.classification," \
	" next_due = excluded.next_due, action = excluded.action," \
	" latest = excluded.latest, recorded = excluded.recorded"

static const struct xfield referral_f[] = {
	{ "id", XK_REFID, XF_REQ | XF_KEY }, { "id_number", XK_IDNUM, XF_REQ },
	{ "program", XK_STR, 0 }, { "referral_date", XK_DATE, XF_REQ },
	{ "to_institution", XK_STR, 0 }, { "reason", XK_STR, 0 },
	{ "visit", XK_VREF, 0 }, { "due_date", XK_DATE, XF_REQ },
	{ "satisfied_by", XK_VREF, 0 },
};
#define VISIT_OF(col) "(SELECT coalesce(v.origin, ?1 || '-V' || v.id)" \
	" FROM followup v WHERE v.id = " col ")"
#define REFERRAL_SEL "SELECT r.id, CAST(r.id AS TEXT)," \
	" coalesce(r.origin, ?1 || '-R' || r.id), r.id_number, r.program," \
	" r.referral_date, r.to_institution, r.reason, " \
	VISIT_OF("r.followup_id") ", r.due_date, " VISIT_OF("r.satisfied_by") \
	" FROM referral r" OF_PERSON("r.id_number")
#define REFERRAL_SET "id_number = excluded.id_number," \
	" program = excluded.program, referral_date = excluded.referral_date," \
	" to_institution = excluded.to_institution, reason = excluded.reason," \
	" followup_id = excluded.followup_id, due_date = excluded.due_date," \
	" satisfied_by = excluded.satisfied_by"

const struct xtype fdss__xtypes[] = {
	{ "area", "area", FDSS_EXPORT_REFERENCE, area_f, N(area_f), NULL, 0,
	  AREA_SEL " WHERE (?2 IS NULL OR code GLOB ?2 || '*'"
	  " OR ?2 GLOB code || '*') AND " SINCE("area", "code")
	  " ORDER BY code",
	  AREA_SEL " WHERE code = ?2",
	  "INSERT INTO area (code, name, level, parent)"
	  " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (code) DO UPDATE SET"
	  " name = excluded.name, level = excluded.level,"
	  " parent = excluded.parent", NULL },
	{ "setting", "setting", FDSS_EXPORT_REFERENCE, setting_f,
	  N(setting_f), NULL, 0,
	  SETTING_SEL " WHERE " SINCE("setting", "key") " ORDER BY key",
	  SETTING_SEL " WHERE key = ?2",
	  "INSERT INTO setting (key, value) VALUES (?1, ?2)"
	  " ON CONFLICT (key) DO UPDATE SET value = excluded.value", NULL },
	{ "rule", "rule", FDSS_EXPORT_REFERENCE, rule_f, N(rule_f), NULL, 0,
	  RULE_SEL " WHERE " SINCE("rule", "program || '.' || key")
	  " ORDER BY program, key",
	  RULE_SEL " WHERE program = ?2 AND key = ?3",
	  "INSERT INTO rule (program, key, value, description)"
	  " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (program, key) DO UPDATE SET"
	  " value = excluded.value, description = excluded.description", NULL },
	{ "package", "package", FDSS_EXPORT_REFERENCE, package_f,
	  N(package_f), NULL, 0,
	  PACKAGE_SEL " WHERE " SINCE("package", "code") " ORDER BY rowid",
	  PACKAGE_SEL " WHERE code = ?2",
	  "INSERT INTO package (code, name, name_zh, min_age, max_age, sex,"
	  " condition, personalised, description)"
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
	  " ON CONFLICT (code) DO UPDATE SET name = excluded.name,"
	  " name_zh = excluded.name_zh, min_age = excluded.min_age,"
	  " max_age = excluded.max_age, sex = excluded.sex,"
	  " condition = excluded.condition,"
	  " personalised = excluded.personalised,"
	  " description = excluded.description", NULL },
	{ "fee", "fee_schedule", FDSS_EXPORT_REFERENCE, fee_f, N(fee_f),
	  NULL, 0,
	  FEE_SEL " WHERE " SINCE("fee_schedule", "CAST(id AS TEXT)")
	  " ORDER BY package_code, area_prefix, effective_from",
	  FEE_SEL " WHERE package_code = ?2 AND area_prefix = ?3"
	  " AND effective_from = ?4",
	  "INSERT INTO fee_schedule (package_code, area_prefix,"
	  " effective_from, public_health_fen, insurance_fen, resident_fen,"
	  " poverty_subsidy) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
	  " ON CONFLICT (package_code, area_prefix, effective_from)"
	  " DO UPDATE SET public_health_fen = excluded.public_health_fen,"
	  " insurance_fen = excluded.insurance_fen,"
	  " resident_fen = excluded.resident_fen,"
	  " poverty_subsidy = excluded.poverty_subsidy", NULL },
	{ "population", "population", FDSS_EXPORT_REFERENCE, population_f,
	  N(population_f), NULL, 0,
	  POP_SEL " WHERE " AREA("area_code") " AND "
	  SINCE("population", POP_KEY) " ORDER BY area_code, year, grp",
	  POP_SEL " WHERE area_code = ?2 AND year = ?3 AND grp = ?4",
	  "INSERT INTO population (area_code, year, grp, residents)"
	  " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (area_code, year, grp)"
	  " DO UPDATE SET residents = excluded.residents", NULL },
	{ "team", "team", FDSS_EXPORT_TEAMS, team_f, N(team_f),
	  team_kids, N(team_kids),
	  TEAM_SEL " WHERE (?2 IS NULL OR t.area_code GLOB ?2 || '*'"
	  " OR t.code IN (SELECT c.team_code FROM contract c JOIN household h"
	  " ON h.household_no = c.household_no"
	  " WHERE h.village_code GLOB ?2 || '*'))"
	  " AND (?3 IS NULL OR " IN_AUDIT("team", "t.code")
	  " OR t.code IN (SELECT m.team_code FROM team_member m"
	  " JOIN audit_log a ON a.table_name = 'team_member'"
	  " AND a.row_key = CAST(m.id AS TEXT) WHERE a.at >= ?3))"
	  " ORDER BY t.code",
	  TEAM_SEL " WHERE t.code = ?2",
	  "INSERT INTO team (code, name, institution, area_code, created)"
	  " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (code) DO UPDATE SET"
	  " name = excluded.name, institution = excluded.institution,"
	  " area_code = excluded.area_code, created = excluded.created", NULL },
	{ "household", "household", FDSS_EXPORT_HOUSEHOLDS, household_f,
	  N(household_f), NULL, 0,
	  HOUSEHOLD_SEL " WHERE " AREA("village_code") " AND (?3 IS NULL OR "
	  IN_AUDIT("household", "household_no") " OR " IN_BATCH("batch_id")
	  ") ORDER BY household_no",
	  HOUSEHOLD_SEL " WHERE household_no = ?2",
	  "INSERT INTO household (household_no, village_code, address, phone,"
	  " poverty_attr) VALUES (?1, ?2, ?3, ?4, ?5)"
	  " ON CONFLICT (household_no) DO UPDATE SET"
	  " village_code = excluded.village_code,"
	  " address = excluded.address, phone = excluded.phone,"
	  " poverty_attr = excluded.poverty_attr", NULL },
	{ "person", "person", FDSS_EXPORT_PERSONS, person_f, N(person_f),
	  NULL, 0,
	  PERSON_SEL " WHERE " AREA("h.village_code") " AND (?3 IS NULL OR "
	  IN_AUDIT("person", "p.id_number") " OR " IN_BATCH("p.batch_id")
	  ") ORDER BY p.id_number",
	  PERSON_SEL " WHERE p.id_number = ?2",
	  "INSERT INTO person (id_number, name, sex, birth_date,"
	  " household_no, relation, person_no, ethnicity, education, health,"
	  " phone, health_record_no, insurance_no, disabled, serious_illness,"
	  " special_family, poverty, poverty_attr, poverty_exit_year,"
	  " low_income, status, status_date, status_reason, extra)"
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
	  " ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)"
	  " ON CONFLICT (id_number) DO UPDATE SET name = excluded.name,"
	  " sex = excluded.sex, birth_date = excluded.birth_date,"
	  " household_no = excluded.household_no,"
	  " relation = excluded.relation, person_no = excluded.person_no,"
	  " ethnicity = excluded.ethnicity, education = excluded.education,"
	  " health = excluded.health, phone = excluded.phone,"
	  " health_record_no = excluded.health_record_no,"
	  " insurance_no = excluded.insurance_no,"
	  " disabled = excluded.disabled,"
	  " serious_illness = excluded.serious_illness,"
	  " special_family = excluded.special_family,"
	  " poverty = excluded.poverty, poverty_attr = excluded.poverty_attr,"
	  " poverty_exit_year = excluded.poverty_exit_year,"
	  " low_income = excluded.low_income, status = excluded.status,"
	  " status_date = excluded.status_date,"
	  " status_reason = excluded.status_reason, extra = excluded.extra", NULL },
	{ "condition", "condition", FDSS_EXPORT_CONDITIONS, condition_f,
	  N(condition_f), NULL, 0,
	  CONDITION_SEL " WHERE " AREA("h.village_code") " AND (?3 IS NULL OR "
	  IN_AUDIT("condition", "c.id_number || ':' || c.kind") " OR "
	  IN_AUDIT("person", "c.id_number") " OR " IN_BATCH("p.batch_id")
	  ") ORDER BY c.id_number, c.kind",
	  CONDITION_SEL " WHERE c.id_number = ?2 AND c.kind = ?3",
	  "INSERT INTO condition (id_number, kind, since, status, source,"
	  " ended_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
	  " ON CONFLICT (id_number, kind) DO UPDATE SET since = excluded.since,"
	  " status = excluded.status, source = excluded.source,"
	  " ended_on = excluded.ended_on", NULL },
	{ "contract", "contract", FDSS_EXPORT_CONTRACTS, contract_f,
	  N(contract_f), contract_kids, N(contract_kids),
	  CONTRACT_SEL " WHERE " AREA("h.village_code") " AND (?3 IS NULL OR "
	  IN_AUDIT("contract", "c.number") " OR "
	  IN_AUDIT("contract", "c.old_number")
	  " OR EXISTS (SELECT 1 FROM contract_member m JOIN audit_log a"
	  " ON a.table_name = 'person' AND a.row_key = m.id_number"
	  " WHERE m.contract_id = c.id AND a.at >= ?3)) ORDER BY c.id",
	  CONTRACT_SEL " WHERE c.number = ?2",
	  "INSERT INTO contract (number, old_number, household_no, team_code,"
	  " doctor, start_date, end_date, years, status, renews, created,"
	  " reviewed_at, review_reason, terminated_on, termination_reason,"
	  " refund_fen) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
	  " ?12, ?13, ?14, ?15, ?16)"
	  " ON CONFLICT (number) DO UPDATE SET " CONTRACT_SET,
	  "SELECT 1 FROM contract WHERE number = ?1 AND household_no <> ?3" },
	{ "followup", "followup", FDSS_EXPORT_FOLLOWUPS, followup_f,
	  N(followup_f), NULL, 0,
	  FOLLOWUP_SEL " WHERE " AREA("h.village_code") " AND "
	  SINCE("followup", "CAST(f.id AS TEXT)") " ORDER BY f.id",
	  FOLLOWUP_SEL " WHERE f.id = ?2 OR f.origin = ?3",
	  "INSERT INTO followup (id, id_number, program, visit_date, mode,"
	  " doctor, sbp, dbp, heart_rate, fpg, temperature, risk_level,"
	  " insight, symptoms, social_function, phase, supervisor,"
	  " doses_taken, doses_due, adverse_reaction, new_complication,"
	  " emergency, classification, next_due, action, latest, recorded,"
	  " origin) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
	  " ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24,"
	  " ?25, ?26, ?27, ?28)"
	  " ON CONFLICT (id) DO UPDATE SET " FOLLOWUP_SET
	  " ON CONFLICT (origin) WHERE origin IS NOT NULL DO UPDATE SET "
	  FOLLOWUP_SET,
	  "SELECT 1 FROM followup WHERE (id = ?1 OR origin = ?28)"
	  " AND id_number <> ?2" },
	{ "referral", "referral", FDSS_EXPORT_REFERRALS, referral_f,
	  N(referral_f), NULL, 0,
	  REFERRAL_SEL " WHERE " AREA("h.village_code") " AND (?3 IS NULL OR "
	  IN_AUDIT("referral", "CAST(r.id AS TEXT)") " OR "
	  IN_AUDIT("followup", "CAST(r.followup_id AS TEXT)") " OR "
	  IN_AUDIT("followup", "CAST(r.satisfied_by AS TEXT)")
	  ") ORDER BY r.id",
	  REFERRAL_SEL " WHERE r.id = ?2 OR r.origin = ?3",
	  "INSERT INTO referral (id, id_number, program, referral_date,"
	  " to_institution, reason, followup_id, due_date, satisfied_by,"
	  " origin) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
	  " ON CONFLICT (id) DO UPDATE SET " REFERRAL_SET
	  " ON CONFLICT (origin) WHERE origin IS NOT NULL DO UPDATE SET "
	  REFERRAL_SET,
	  "SELECT 1 FROM referral WHERE (id = ?1 OR origin = ?10)"
	  " AND id_number <> ?2" },
};

const size_t fdss__nxtypes = N(fdss__xtypes);

const struct xtype *fdss__xtype_find(const char *name)
{
	size_t i;

	for (i = 0; i < fdss__nxtypes; i++)
		if (strcmp(fdss__xtypes[i].name, name) == 0)
			return &fdss__xtypes[i];
	return NULL;
}
