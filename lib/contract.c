/*
 * contract.c: the contract rules — terms, dates, statuses, fee lines and
 * refunds — as pure functions over plain values.  No database here.
 */
#include <stdio.h>
#include <string.h>

#include "fdss/contract.h"
#include "fdss/person.h"

static const char *const status_names[] = {
	NULL, "pending", "active", "expired", "rejected", "terminated",
	"approved"
};

static const char *const payer_names[] = {
	NULL, "public_health", "insurance", "resident", "subsidy"
};

static const char *const termination_reasons[] = {
	"moved", "unreachable", "refused", "request", "death", "duplicate",
	"other", NULL
};

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

static int name_index(const char *const *names, int n, const char *name)
{
	int i;

	for (i = 1; name && i < n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return 0;
}

const char *fdss_contract_status_name(int status)
{
	return status > 0 && status < COUNT(status_names)
		       ? status_names[status] : NULL;
}

int fdss_contract_status_parse(const char *name)
{
	return name_index(status_names, COUNT(status_names), name);
}

const char *fdss_payer_name(int payer)
{
	return payer > 0 && payer < COUNT(payer_names) ? payer_names[payer]
						       : NULL;
}

int fdss_payer_parse(const char *name)
{
	return name_index(payer_names, COUNT(payer_names), name);
}

int fdss_termination_reason_valid(const char *name)
{
	const char *const *r;

	for (r = termination_reasons; name && *r; r++)
		if (strcmp(*r, name) == 0)
			return 1;
	return 0;
}

int fdss_contract_status_at(const char *stored, int reviewed, fdss_date start,
			    fdss_date end, fdss_date terminated_on,
			    fdss_date ref)
{
	int s = fdss_contract_status_parse(stored);
	int approved = s == FDSS_CONTRACT_ACTIVE ||
		       (s == FDSS_CONTRACT_TERMINATED && reviewed);

	switch (s) {
	case FDSS_CONTRACT_PENDING:
	case FDSS_CONTRACT_ACTIVE:
		break;
	case FDSS_CONTRACT_TERMINATED:
		if (!terminated_on || ref >= terminated_on)
			return FDSS_CONTRACT_TERMINATED;
		break;
	case FDSS_CONTRACT_REJECTED:
		return s;
	default:
		return 0;	/* expired and approved are never stored */
	}
	if (ref > end)
		return FDSS_CONTRACT_EXPIRED;
	if (!approved)
		return FDSS_CONTRACT_PENDING;
	return ref < start ? FDSS_CONTRACT_APPROVED : FDSS_CONTRACT_ACTIVE;
}

int fdss_contract_cover_at(int status, fdss_date ended_on, fdss_date ref)
{
	if (ended_on && ref >= ended_on && fdss_contract_status_signed(status))
		return FDSS_CONTRACT_TERMINATED;
	return status;
}

int fdss_contract_status_signed(int status)
{
	return status == FDSS_CONTRACT_PENDING ||
	       status == FDSS_CONTRACT_APPROVED ||
	       status == FDSS_CONTRACT_ACTIVE;
}

/* Does m qualify for a term over one year at start? */
static int long_term_member(const fdss_term_member *m, fdss_date start,
			    int elderly_age)
{
	return fdss_date_age(m->birth_date, start) >= elderly_age ||
	       (m->conditions & (FDSS_COND_HYPERTENSION | FDSS_COND_DIABETES));
}

int fdss_contract_term_check(int years, int renewal, fdss_date start,
			     int elderly_age, const fdss_term_member *m,
			     size_t n, fdss_error *err)
{
	size_t i;

	if (years < 1 || years > FDSS_TERM_MAX)
		return fdss_error_set(err, FDSS_EDATA, "term of %d years: "
				      "must be 1, 2 or 3", years);
	if (years == 1 || renewal)
		return FDSS_OK;
	for (i = 0; i < n; i++)
		if (long_term_member(&m[i], start, elderly_age))
			return FDSS_OK;
	return fdss_error_set(err, FDSS_EDATA, "term of %d years: only for "
			      "a renewal or a household with a member aged "
			      "%d or more or with hypertension or diabetes, "
			      "and none of its %zu covered members is",
			      years, elderly_age, n);
}

fdss_date fdss_contract_year_start(fdss_date start, int k)
{
	int y, m, d;

	fdss_date_to_ymd(start, &y, &m, &d);
	if (m == 2 && d == 29 && !fdss_date_is_leap(y + k))
		return fdss_date_from_ymd(y + k, 3, 1);
	return fdss_date_add_years(start, k);
}

fdss_date fdss_contract_end(fdss_date start, int years)
{
	return fdss_date_add_days(fdss_contract_year_start(start, years), -1);
}

size_t fdss_contract_fee_lines(fdss_contract_fee *out, const char *package,
			       fdss_date year_start,
			       const fdss_contract_rate *rate, int poverty)
{
	const int64_t amount[3] = {
		rate->public_health, rate->insurance, rate->resident
	};
	const int payer[3] = {
		FDSS_PAYER_PUBLIC_HEALTH, FDSS_PAYER_INSURANCE,
		poverty && rate->poverty_subsidy ? FDSS_PAYER_SUBSIDY
						 : FDSS_PAYER_RESIDENT
	};
	size_t i, n = 0;

	for (i = 0; i < 3; i++) {
		if (amount[i] == 0)
			continue;
		out[n].package = package;
		out[n].year_start = year_start;
		out[n].payer = payer[i];
		out[n].amount_fen = amount[i];
		n++;
	}
	return n;
}

/* The last day of the contract year that starts on year_start. */
static fdss_date year_end(fdss_date start, fdss_date end,
			  fdss_date year_start)
{
	int k = 0;
	fdss_date next;

	while (fdss_contract_year_start(start, k) < year_start)
		k++;
	next = fdss_date_add_days(fdss_contract_year_start(start, k + 1), -1);
	return next < end ? next : end;
}

int64_t fdss_contract_refund(const fdss_contract_fee *fees, size_t n,
			     fdss_date start, fdss_date end, fdss_date on)
{
	int64_t total = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		const fdss_contract_fee *f = &fees[i];
		fdss_date ys = f->year_start, ye;
		int64_t days, unused;

		if (f->payer != FDSS_PAYER_RESIDENT || f->amount_fen <= 0)
			continue;
		ye = year_end(start, end, ys);
		days = (int64_t)ye - ys + 1;
		if (on > ye || days <= 0)
			continue;
		unused = on <= ys ? days : (int64_t)ye - on + 1;
		total += f->amount_fen * unused / days;
	}
	return total;
}
