#ifndef FDSS_TEAM_H
#define FDSS_TEAM_H

#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "date.h"
#include "db.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Family doctor teams (家庭医生团队) and their members
 * (schema/0003_teams.sql).  A team belongs to a township health centre
 * or community health service centre; it can sign contracts only while
 * it has at least one active doctor (role doctor or lead) and one active
 * nurse.  This module owns the JSON shape of the "team" and
 * "team_member" records.
 */

/* Sizes of the text fields, terminating NUL included. */
#define FDSS_TEAM_CODE_BUFSZ 33	/* codes: 1..32 of A-Z a-z 0-9 - _ . */
#define FDSS_TEAM_TEXT_BUFSZ 256	/* names, institutions, titles */
#define FDSS_TEAM_PHONE_BUFSZ 33
#define FDSS_TEAM_ROLE_BUFSZ 16
#define FDSS_TEAM_AREA_BUFSZ 13	/* up to 12 digits */

/* One team as read back (a copy: the caller owns it). */
typedef struct fdss_team {
	char code[FDSS_TEAM_CODE_BUFSZ];	/* "T01" */
	char name[FDSS_TEAM_TEXT_BUFSZ];	/* "城关镇第一团队" */
	char institution[FDSS_TEAM_TEXT_BUFSZ];	/* the centre it belongs to */
	char area_code[FDSS_TEAM_AREA_BUFSZ];	/* where it serves, "" none */
	char created[FDSS_DATE_BUFSZ];		/* "YYYY-MM-DD" */
	int members;		/* active members */
	int doctors;		/* active members with role doctor or lead */
	int nurses;		/* active members with role nurse */
} fdss_team;

/* One member of a team (a copy: the caller owns it). */
typedef struct fdss_team_member {
	int64_t id;				/* row id */
	char team[FDSS_TEAM_CODE_BUFSZ];	/* team code */
	char name[FDSS_TEAM_TEXT_BUFSZ];
	char role[FDSS_TEAM_ROLE_BUFSZ];	/* see fdss_team_role_valid() */
	char title[FDSS_TEAM_TEXT_BUFSZ];	/* "" if none */
	char phone[FDSS_TEAM_PHONE_BUFSZ];	/* "" if none */
	int active;				/* 1, or 0 once removed */
} fdss_team_member;

/*
 * 1 if role is one of doctor, lead, nurse, public-health, pharmacist,
 * health-manager, psychologist, social-worker, specialist; else 0.
 */
int fdss_team_role_valid(const char *role);

/* 1 if role may sign contracts as the family doctor (doctor, lead). */
int fdss_team_role_is_doctor(const char *role);

/* Every role name, "doctor, lead, ... or specialist", for messages. */
const char *fdss_team_role_names(void);

/*
 * Create team code with name and institution (both non-empty),
 * serving area_code (NULL or "" for none; must be a stored division),
 * created on date created; audited.  Opens its own transaction, or a
 * savepoint inside the caller's.  FDSS_EINVAL for a malformed code or
 * an empty or over-long name (usage), FDSS_EEXISTS if the team exists,
 * FDSS_ENOTFOUND if area_code is not stored; message on the handle.
 */
int fdss_team_add(fdss_db *db, const char *code, const char *name,
		  const char *institution, const char *area_code,
		  fdss_date created);

/*
 * Add a member to team with role; title and phone may be NULL; audited,
 * transaction as fdss_team_add().  *out_id (may be NULL) receives the
 * new row id.  A member made inactive by fdss_team_member_remove() is
 * made active again instead, with the title and phone given, if any,
 * replacing the stored ones.
 * FDSS_ENOTFOUND for an unknown team, FDSS_EINVAL for an unknown role or
 * an empty name, FDSS_EEXISTS if the team already has that name in that
 * role, active.
 */
int fdss_team_member_add(fdss_db *db, const char *team, const char *name,
			 const char *role, const char *title,
			 const char *phone, int64_t *out_id);

/*
 * Make member name of team inactive — in role, or in every role they
 * hold when role is NULL — audited with reason (may be NULL);
 * transaction as fdss_team_add().  Members are never deleted: the
 * contracts they signed keep naming them.  An inactive member signs no
 * new contract, and a team whose only doctor or nurse they were cannot
 * sign until another is added; fdss_team_member_add() of the same name
 * and role makes them active again.  fn (may be NULL) is called with
 * each member made inactive, once stored; its non-zero return is
 * returned.  FDSS_ENOTFOUND for an unknown team or member,
 * FDSS_ECONFLICT when they are inactive already, FDSS_EINVAL for an
 * unknown role.
 */
int fdss_team_member_remove(fdss_db *db, const char *team, const char *name,
			    const char *role, const char *reason,
			    int (*fn)(const fdss_team_member *m, void *arg),
			    void *arg);

/* *out = 1 if name is an active doctor or lead of team, else 0. */
int fdss_team_doctor_active(fdss_db *db, const char *team, const char *name,
			    int *out);

/* Fill *out with team code and its counts; FDSS_ENOTFOUND if none. */
int fdss_team_get(fdss_db *db, const char *code, fdss_team *out);

/*
 * Whether team code is stored: the check of a --team filter.  FDSS_OK
 * if so, FDSS_ENOTFOUND "team 'T99': no such team" (on the handle).
 */
int fdss_team_exists(fdss_db *db, const char *code);

/*
 * Call fn for each team, by code.  A non-zero return from fn stops the
 * walk and is returned.
 */
int fdss_team_list(fdss_db *db, int (*fn)(const fdss_team *t, void *arg),
		   void *arg);

/*
 * Call fn for each member of team (active ones first, then by id: in
 * the order they were added).  FDSS_ENOTFOUND for an unknown team.
 */
int fdss_team_members(fdss_db *db, const char *team,
		      int (*fn)(const fdss_team_member *m, void *arg),
		      void *arg);

/*
 * The doctor who signs for team: checks that the team exists
 * (FDSS_ENOTFOUND "no team 'T09'") and has an active doctor or lead and
 * an active nurse (FDSS_ECONFLICT "team 'T01' cannot sign: it has no
 * nurse"), then copies into out (size n) the named doctor, who must be
 * an active doctor or lead of that team (FDSS_ENOTFOUND "team 'T01' has
 * no doctor '王五'", FDSS_ECONFLICT "doctor '王五' of team 'T01' is
 * inactive (removed from the team)"), or when doctor is NULL the team's
 * first doctor
 * (leads first, then in the order added).  FDSS_EINVAL if n is too
 * small.  The per-doctor limit (setting "doctor_limit") is the signing
 * module's check, not this one's.
 */
int fdss_team_signer(fdss_db *db, const char *team, const char *doctor,
		     char *out, size_t n);

/*
 * The "team" record: code, name, institution, area_code (null if none),
 * created, members, doctors, nurses, can_sign.  The caller
 * cJSON_Delete()s it; NULL when out of memory.
 */
cJSON *fdss_team_to_json(const fdss_team *t);

/*
 * The "team_member" record: id, team, name, role, title and phone (null
 * if none), active.  The caller cJSON_Delete()s it.
 */
cJSON *fdss_team_member_to_json(const fdss_team_member *m);

#ifdef __cplusplus
}
#endif

#endif
