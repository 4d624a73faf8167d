#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <stdio.h>
#include <string.h>

#include <fdss/fdss.h>

static fdss_db *db;

static void open_db(void)
{
	fdss_error err = FDSS_ERROR_INIT;

	cr_assert(eq(int, fdss_db_open(&db, ":memory:", 0, &err), FDSS_OK),
		  "%s", err.msg);
	cr_assert(eq(int, fdss_db_exec(db, "INSERT INTO area VALUES"
				       " ('140826100', '古绛镇', 'township',"
				       " '140826')"), FDSS_OK));
}

static void close_db(void)
{
	fdss_db_close(db);
	db = NULL;
}

static fdss_date today(void)
{
	return fdss_date_from_ymd(2026, 11, 22);
}

static void add_team(const char *code)
{
	cr_assert(eq(int, fdss_team_add(db, code, "城关团队", "城关镇卫生院",
					NULL, today()), FDSS_OK),
		  "%s", fdss_db_errmsg(db));
}

static void add_member(const char *team, const char *name, const char *role)
{
	cr_assert(eq(int, fdss_team_member_add(db, team, name, role, NULL,
					       NULL, NULL), FDSS_OK),
		  "%s", fdss_db_errmsg(db));
}

TestSuite(team, .init = open_db, .fini = close_db);

Test(team, roles)
{
	cr_assert(fdss_team_role_valid("doctor"));
	cr_assert(fdss_team_role_valid("social-worker"));
	cr_assert(not(fdss_team_role_valid("boss")));
	cr_assert(not(fdss_team_role_valid(NULL)));
	cr_assert(fdss_team_role_is_doctor("lead"));
	cr_assert(not(fdss_team_role_is_doctor("nurse")));
}

Test(team, add_and_get)
{
	fdss_team t;

	cr_assert(eq(int, fdss_team_add(db, "T01", "城关团队", "城关镇卫生院",
					"140826100", today()), FDSS_OK),
		  "%s", fdss_db_errmsg(db));
	cr_assert(eq(int, fdss_team_get(db, "T01", &t), FDSS_OK));
	cr_assert(eq(str, t.code, "T01"));
	cr_assert(eq(str, t.institution, "城关镇卫生院"));
	cr_assert(eq(str, t.area_code, "140826100"));
	cr_assert(eq(str, t.created, "2026-11-22"));
	cr_assert(eq(int, t.members, 0));
}

Test(team, add_checks)
{
	add_team("T01");
	cr_assert(eq(int, fdss_team_add(db, "T01", "x", "y", NULL, today()),
		     FDSS_EEXISTS));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db),
		     "team 'T01' already exists"));
	cr_assert(eq(int, fdss_team_add(db, "T 2", "x", "y", NULL, today()),
		     FDSS_EINVAL));
	cr_assert(eq(int, fdss_team_add(db, "T02", "", "y", NULL, today()),
		     FDSS_EINVAL));
	cr_assert(eq(int, fdss_team_add(db, "T02", "x", "y", "140826101",
					today()), FDSS_ENOTFOUND));
	cr_assert(eq(int, fdss_team_get(db, "T02", &(fdss_team){ 0 }),
		     FDSS_ENOTFOUND));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db), "no team 'T02'"));
}

Test(team, member_checks)
{
	int64_t id = 0;

	add_team("T01");
	cr_assert(eq(int, fdss_team_member_add(db, "T01", "王医生", "doctor",
					       "主治医师", "13800000000", &id),
		     FDSS_OK));
	cr_assert(eq(i64, id, 1));
	cr_assert(eq(int, fdss_team_member_add(db, "T01", "王医生", "doctor",
					       NULL, NULL, NULL), FDSS_EEXISTS));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db),
		     "team 'T01' already has doctor '王医生'"));
	/* the same person in another role is another member */
	add_member("T01", "王医生", "lead");
	cr_assert(eq(int, fdss_team_member_add(db, "T09", "李", "nurse", NULL,
					       NULL, NULL), FDSS_ENOTFOUND));
	cr_assert(eq(int, fdss_team_member_add(db, "T01", "李", "boss", NULL,
					       NULL, NULL), FDSS_EINVAL));
	cr_assert(eq(int, fdss_team_member_add(db, "T01", "", "nurse", NULL,
					       NULL, NULL), FDSS_EINVAL));
}

static int collect(const fdss_team_member *m, void *arg)
{
	char *buf = arg;

	strcat(buf, m->name);
	strcat(buf, ":");
	strcat(buf, m->role);
	strcat(buf, " ");
	return 0;
}

Test(team, members_in_order_and_counts)
{
	char buf[256] = "";
	fdss_team t;

	add_team("T01");
	add_member("T01", "张", "nurse");
	add_member("T01", "王", "doctor");
	add_member("T01", "赵", "pharmacist");
	cr_assert(eq(int, fdss_team_members(db, "T01", collect, buf), FDSS_OK));
	cr_assert(eq(str, buf, "张:nurse 王:doctor 赵:pharmacist "));
	cr_assert(eq(int, fdss_team_get(db, "T01", &t), FDSS_OK));
	cr_assert(eq(int, t.members, 3));
	cr_assert(eq(int, t.doctors, 1));
	cr_assert(eq(int, t.nurses, 1));
	cr_assert(eq(int, fdss_team_members(db, "T09", collect, buf),
		     FDSS_ENOTFOUND));
}

Test(team, signer_needs_doctor_and_nurse)
{
	char who[64];

	add_team("T01");
	cr_assert(eq(int, fdss_team_signer(db, "T01", NULL, who, sizeof(who)),
		     FDSS_ECONFLICT));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db),
		     "team 'T01' cannot sign: it has no doctor and no nurse"));
	add_member("T01", "王", "doctor");
	cr_assert(eq(int, fdss_team_signer(db, "T01", NULL, who, sizeof(who)),
		     FDSS_ECONFLICT));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db),
		     "team 'T01' cannot sign: it has no nurse"));
	add_member("T01", "张", "nurse");
	cr_assert(eq(int, fdss_team_signer(db, "T01", NULL, who, sizeof(who)),
		     FDSS_OK));
	cr_assert(eq(str, who, "王"));
	cr_assert(eq(int, fdss_team_signer(db, "T09", NULL, who, sizeof(who)),
		     FDSS_ENOTFOUND));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db), "no team 'T09'"));
}

Test(team, signer_prefers_the_lead_and_checks_the_name)
{
	char who[64];

	add_team("T01");
	add_member("T01", "张", "nurse");
	add_member("T01", "王", "doctor");
	add_member("T01", "刘", "lead");
	add_member("T01", "赵", "pharmacist");
	cr_assert(eq(int, fdss_team_signer(db, "T01", NULL, who, sizeof(who)),
		     FDSS_OK));
	cr_assert(eq(str, who, "刘"));
	cr_assert(eq(int, fdss_team_signer(db, "T01", "王", who, sizeof(who)),
		     FDSS_OK));
	cr_assert(eq(str, who, "王"));
	cr_assert(eq(int, fdss_team_signer(db, "T01", "赵", who, sizeof(who)),
		     FDSS_ENOTFOUND));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db),
		     "team 'T01' has no doctor '赵'"));
	cr_assert(eq(int, fdss_team_signer(db, "T01", "王", who, 2),
		     FDSS_EINVAL));
}

/* "name role active" of each member passed, one per line. */
static int collect_member(const fdss_team_member *m, void *arg)
{
	char *buf = arg;
	size_t n = strlen(buf);

	snprintf(buf + n, 256 - n, "%s %s %d\n", m->name, m->role, m->active);
	return 0;
}

Test(team, member_remove_makes_every_role_inactive)
{
	char got[256] = "", who[64];
	fdss_team t;
	int active;

	add_team("T01");
	add_member("T01", "王", "doctor");
	add_member("T01", "王", "lead");
	add_member("T01", "刘", "doctor");
	add_member("T01", "张", "nurse");
	cr_assert(eq(int, fdss_team_member_remove(db, "T01", "王", NULL,
						  "调离", collect_member, got),
		     FDSS_OK));
	cr_assert(eq(str, got, "王 doctor 0\n王 lead 0\n"));
	cr_assert(eq(int, fdss_team_get(db, "T01", &t), FDSS_OK));
	cr_assert(eq(int, t.members, 2));
	cr_assert(eq(int, t.doctors, 1));
	cr_assert(eq(int, fdss_team_doctor_active(db, "T01", "王", &active),
		     FDSS_OK));
	cr_assert(eq(int, active, 0));
	cr_assert(eq(int, fdss_team_doctor_active(db, "T01", "刘", &active),
		     FDSS_OK));
	cr_assert(eq(int, active, 1));
	cr_assert(eq(int, fdss_team_doctor_active(db, "T01", "张", &active),
		     FDSS_OK));
	cr_assert(eq(int, active, 0));

	/* the team's own doctor signs; the removed one cannot be named */
	cr_assert(eq(int, fdss_team_signer(db, "T01", NULL, who, sizeof(who)),
		     FDSS_OK));
	cr_assert(eq(str, who, "刘"));
	cr_assert(eq(int, fdss_team_signer(db, "T01", "王", who, sizeof(who)),
		     FDSS_ECONFLICT));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db),
		     "doctor '王' of team 'T01' is inactive (removed from the "
		     "team)"));

	cr_assert(eq(int, fdss_team_member_remove(db, "T01", "王", "lead",
						  NULL, NULL, NULL),
		     FDSS_ECONFLICT));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db),
		     "lead '王' of team 'T01' is inactive already"));
	cr_assert(eq(int, fdss_team_member_remove(db, "T01", "赵", NULL, NULL,
						  NULL, NULL),
		     FDSS_ENOTFOUND));
	cr_assert(eq(int, fdss_team_member_remove(db, "T01", "张", "boss",
						  NULL, NULL, NULL),
		     FDSS_EINVAL));
}

Test(team, the_only_nurse_removed_stops_signing_until_one_returns)
{
	char who[64];

	add_team("T01");
	add_member("T01", "王", "doctor");
	add_member("T01", "张", "nurse");
	cr_assert(eq(int, fdss_team_member_remove(db, "T01", "张", "nurse",
						  NULL, NULL, NULL), FDSS_OK));
	cr_assert(eq(int, fdss_team_signer(db, "T01", NULL, who, sizeof(who)),
		     FDSS_ECONFLICT));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db),
		     "team 'T01' cannot sign: it has no nurse"));
	/* added again: the same row, active */
	add_member("T01", "张", "nurse");
	cr_assert(eq(int, fdss_team_signer(db, "T01", NULL, who, sizeof(who)),
		     FDSS_OK));
	cr_assert(eq(int, fdss_team_member_add(db, "T01", "张", "nurse", NULL,
					       NULL, NULL), FDSS_EEXISTS));
}

static int count_audit(const fdss_audit_entry *e, void *arg)
{
	(void)e;
	++*(int *)arg;
	return 0;
}

Test(team, changes_are_audited_and_nest_in_a_transaction)
{
	int n = 0;
	fdss_team t;

	add_team("T01");
	add_member("T01", "王", "doctor");
	cr_assert(eq(int, fdss_audit_foreach(db, "team", "T01", count_audit,
					     &n), FDSS_OK));
	cr_assert(eq(int, n, 1));
	n = 0;
	cr_assert(eq(int, fdss_audit_foreach(db, "team_member", "1",
					     count_audit, &n), FDSS_OK));
	cr_assert(eq(int, n, 1));
	/* inside the caller's transaction: rolled back with it */
	cr_assert(eq(int, fdss_db_begin(db), FDSS_OK));
	add_team("T02");
	cr_assert(eq(int, fdss_team_add(db, "T02", "x", "y", NULL, today()),
		     FDSS_EEXISTS));
	cr_assert(eq(int, fdss_team_get(db, "T02", &t), FDSS_OK));
	fdss_db_rollback(db);
	cr_assert(eq(int, fdss_team_get(db, "T02", &t), FDSS_ENOTFOUND));
}

Test(team, records)
{
	fdss_team t;
	cJSON *rec;
	char *s;

	add_team("T01");
	add_member("T01", "王", "doctor");
	add_member("T01", "张", "nurse");
	cr_assert(eq(int, fdss_team_get(db, "T01", &t), FDSS_OK));
	rec = fdss_team_to_json(&t);
	s = cJSON_PrintUnformatted(rec);
	cr_assert(eq(str, s, "{\"type\":\"team\",\"code\":\"T01\",\"name\":"
		     "\"城关团队\",\"institution\":\"城关镇卫生院\",\"area_code\":"
		     "null,\"created\":\"2026-11-22\",\"members\":2,\"doctors\":"
		     "1,\"nurses\":1,\"can_sign\":true}"));
	cJSON_free(s);
	cJSON_Delete(rec);
}

TestSuite(setting, .init = open_db, .fini = close_db);

Test(setting, defaults_and_change)
{
	long long n = 0;
	char buf[16];
	int audits = 0;

	cr_assert(eq(int, fdss_setting_get_int(db, FDSS_SETTING_DOCTOR_LIMIT,
					       &n), FDSS_OK));
	cr_assert(eq(i64, n, 2000));
	cr_assert(eq(int, fdss_setting_get_int(db, "renewal_grace_days", &n),
		     FDSS_OK));
	cr_assert(eq(i64, n, 90));
	cr_assert(eq(int, fdss_setting_get_int(db, "renewal_reminder_days",
					       &n), FDSS_OK));
	cr_assert(eq(i64, n, 30));
	cr_assert(eq(int, fdss_setting_set(db, "doctor_limit", "1500",
					   "county rule"), FDSS_OK));
	cr_assert(eq(int, fdss_setting_get_int(db, "doctor_limit", &n),
		     FDSS_OK));
	cr_assert(eq(i64, n, 1500));
	cr_assert(eq(int, fdss_setting_set(db, "doctor_limit", "lots", NULL),
		     FDSS_EINVAL));
	cr_assert(eq(int, fdss_setting_set(db, "doctor_limit", "-1", NULL),
		     FDSS_EINVAL));
	cr_assert(eq(int, fdss_setting_set(db, "nope", "1", NULL),
		     FDSS_ENOTFOUND));
	cr_assert(eq(int, fdss_setting_get(db, "doctor_limit", buf, 3),
		     FDSS_EINVAL));
	cr_assert(eq(int, fdss_audit_foreach(db, "setting", "doctor_limit",
					     count_audit, &audits), FDSS_OK));
	cr_assert(eq(int, audits, 1));
}

static int first_code(const fdss_team *t, void *arg)
{
	strcpy(arg, t->code);
	return 7;	/* stop at once */
}

Test(team, list_by_code_and_stops_when_asked)
{
	char code[FDSS_TEAM_CODE_BUFSZ] = "";

	add_team("T02");
	add_team("T01");
	cr_assert(eq(int, fdss_team_list(db, first_code, code), 7));
	cr_assert(eq(str, code, "T01"));
}

/* The check of every --team filter. */
Test(team, exists_for_filters)
{
	add_team("T01");
	cr_assert(eq(int, fdss_team_exists(db, "T01"), FDSS_OK));
	cr_assert(eq(int, fdss_team_exists(db, "T99"), FDSS_ENOTFOUND));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db), "team 'T99': no such "
		     "team"));
}
