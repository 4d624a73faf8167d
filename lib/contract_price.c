/*
 * contract_price.c: the fee lines of a contract's members, year by year
 * and package by package, from the fee schedule (cached per batch).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "contract_int.h"

static size_t fee_hash(const char *pkg, const char *village, fdss_date d)
{
	size_t h = 5381 + (size_t)d;

	while (*pkg)
		h = h * 33 + (unsigned char)*pkg++;
	while (*village)
		h = h * 33 + (unsigned char)*village++;
	return h % FEE_SLOTS;
}

static int rate_of(fdss_contract_batch *b, const char *pkg,
		   const char *village, fdss_date ys, fdss_contract_rate *out)
{
	struct fee_slot *s = &b->fees[fee_hash(pkg, village, ys)];
	fdss_fee fee;
	int rc;

	if (s->used && s->year_start == ys && strcmp(s->package, pkg) == 0 &&
	    strcmp(s->village, village) == 0) {
		*out = s->rate;
		return FDSS_OK;
	}
	rc = fdss_fee_lookup(b->db, pkg, village, ys, &fee);
	if (rc != FDSS_OK && rc != FDSS_ENOTFOUND)
		return rc;
	memset(&s->rate, 0, sizeof(s->rate));
	if (rc == FDSS_OK) {
		s->rate.public_health = fee.public_health;
		s->rate.insurance = fee.insurance;
		s->rate.resident = fee.resident;
		s->rate.poverty_subsidy = fee.poverty_subsidy;
	}
	snprintf(s->package, sizeof(s->package), "%s", pkg);
	snprintf(s->village, sizeof(s->village), "%s", village);
	s->year_start = ys;
	s->used = 1;
	*out = s->rate;
	return FDSS_OK;
}

void fdss__contract_years(struct years *y, fdss_date start, int n)
{
	int k;

	y->n = n < FDSS_TERM_MAX ? n : FDSS_TERM_MAX;
	for (k = 0; k < y->n; k++) {
		y->at[k] = fdss_contract_year_start(start, k);
		fdss_date_format(y->text[k], y->at[k]);
	}
}

/* Each member's fee lines, member by member, year by year. */
int fdss__sign_price(fdss_contract_batch *b, const struct sign_plan *p,
		 const struct years *y)
{
	struct cbuild *cb = &b->cur;
	fdss_contract_rate rate;
	fdss_contract_fee *f;
	size_t i, j;
	int k, rc;

	for (i = 0; i < cb->nm; i++) {
		struct cmember *m = &cb->m[i];

		m->fee0 = cb->nfees;
		for (k = 0; k < y->n; k++) {
			fdss_date ys = y->at[k];

			for (j = 0; j < m->npkg; j++) {
				const char *pkg = cb->pkgs[m->pkg0 + j];
				size_t n;

				if ((rc = rate_of(b, pkg, p->village_code, ys,
						  &rate)) != FDSS_OK)
					return rc;
				if (!(f = fdss__cbuild_fees(cb, 3)))
					return fdss__db_fail(b->db, FDSS_ENOMEM,
							     "out of memory");
				n = fdss_contract_fee_lines(f, pkg, ys, &rate,
							    m->poverty);
				cb->nfees += n;
				m->nfee += n;
			}
		}
	}
	return FDSS_OK;
}
