/*
 * contract_price.c: the fee lines of a contract's members, year by year
 * and package by package, from the fee schedule (cached per batch).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "contract_int.h"

static size_t fee_hash(const char *pkg, const char *village, size_t kn,
		       fdss_date d)
{
	size_t h = 5381 + (size_t)d, i;

	while (*pkg)
		h = h * 33 + (unsigned char)*pkg++;
	for (i = 0; i < kn; i++)
		h = h * 33 + (unsigned char)village[i];
	return h % FEE_SLOTS;
}

/*
 * The rate of pkg in village from ys, cached by the village's first
 * b->fee_key_len characters: no area prefix of the schedule is longer,
 * so villages that share them share every fee (fdss_fee_lookup()).
 */
static int rate_of(fdss_contract_batch *b, const char *pkg,
		   const char *village, fdss_date ys, fdss_contract_rate *out)
{
	size_t kn = strlen(village);
	struct fee_slot *s;
	fdss_fee fee;
	int rc;

	if (kn > b->fee_key_len)
		kn = b->fee_key_len;
	s = &b->fees[fee_hash(pkg, village, kn, ys)];
	if (s->used && s->year_start == ys && strcmp(s->package, pkg) == 0 &&
	    strlen(s->village) == kn && memcmp(s->village, village, kn) == 0) {
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
	snprintf(s->village, sizeof(s->village), "%.*s", (int)kn, village);
	s->year_start = ys;
	/* a key cut short by the slot is not kept */
	s->used = kn < sizeof(s->village) &&
		  strlen(s->package) == strlen(pkg);
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
