/*
 * check_stats.c: the statistics of the checks — the upper tail of the χ²
 * distribution and the terminal-digit χ² of digit-preference
 * (fdss-check(1)).  Pure functions, no database.
 */
#include <math.h>

#include "fdss/check.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/*
 * Q(df/2, x/2) for a whole df, in closed form (Abramowitz and Stegun
 * 26.4.4 and 26.4.5): for an even df, e^(-x/2) times the first df/2
 * terms of the series of e^(x/2); for an odd df, erfc(sqrt(x/2)) plus
 * 2 phi(sqrt x) times sum over k = 1 .. (df-1)/2 of
 * x^(k-1/2) / (1·3·…·(2k-1)).
 */
double fdss_chi2_sf(double x, int df)
{
	double sum, term, chi;
	int k;

	if (df < 1 || df > 200)
		return NAN;
	if (!(x > 0))
		return 1.0;
	if (df % 2 == 0) {
		for (sum = term = 1.0, k = 1; k < df / 2; k++) {
			term *= x / 2 / k;
			sum += term;
		}
		return fmin(1.0, exp(-x / 2) * sum);
	}
	chi = sqrt(x);
	for (sum = 0, term = chi, k = 1; k <= (df - 1) / 2; k++) {
		sum += term;
		term *= x / (2 * k + 1);
	}
	return fmin(1.0, erfc(chi / sqrt(2.0)) +
			 2 * exp(-x / 2) / sqrt(2 * M_PI) * sum);
}

double fdss_digit_chi2(const int64_t n[10])
{
	double total = 0, e, d, chi2 = 0;
	int i;

	for (i = 0; i < 10; i++)
		total += (double)n[i];
	if (total <= 0)
		return 0;
	e = total / 10;
	for (i = 0; i < 10; i++) {
		d = (double)n[i] - e;
		chi2 += d * d / e;
	}
	return chi2;
}
