/*
 * test-report-forms: the report writers over records read from stdin,
 * for tests/cli/t-report-forms.sh.
 *
 *	test-report-forms SPEC FORMAT [en] [no-mask] < records.jsonl
 *
 * SPEC is a report's name (fdss_report_find) or "demo", a fixed spec with
 * every kind of column and a chart with a target line; FORMAT any of
 * fdss_report_format_parse().  The records go through fdss_report_out
 * as a report's walk would hand them over.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fdss/output.h>
#include <fdss/report.h>

static const fdss_report_column demo_cols[] = {
	{ "unit", "单位", "Unit", FDSS_REPORT_TEXT },
	{ "id_number", "负责人证件号码", "Head's ID number", FDSS_REPORT_ID },
	{ "residents", "常住人口", "Residents", FDSS_REPORT_INT },
	{ "signed", "签约人数", "Signed", FDSS_REPORT_INT },
	{ "rate", "签约率", "Signing rate", FDSS_REPORT_RATE },
	{ "target", "目标", "Target", FDSS_REPORT_RATE },
	{ "met", "达标", "Met", FDSS_REPORT_BOOL },
	{ "fees", "签约费（元）", "Fees (yuan)", FDSS_REPORT_YUAN },
	{ "since", "统计起始", "Since", FDSS_REPORT_DATE },
};

static const fdss_report_chart demo_charts[] = {
	{ "unit", "rate", "target", "签约率（对照目标）",
	  "Signing rate against the target", NULL, NULL },
	{ "unit", "signed", NULL, "签约人数", "Signed residents", NULL, NULL },
	{ "group", NULL, NULL,
	  "单位数（按片区）", "Units by district", NULL, NULL },
};

static const fdss_report_spec demo = {
	"demo", "签约统计 <演示> & \"测试\"", "Signing <demo> & \"test\"",
	demo_cols, sizeof(demo_cols) / sizeof(demo_cols[0]),
	demo_charts, sizeof(demo_charts) / sizeof(demo_charts[0]),
};

int main(int argc, char **argv)
{
	const fdss_report_def *def;
	const fdss_report_spec *spec = &demo;
	fdss_report_out *w = NULL;
	char *line = NULL;
	size_t cap = 0;
	unsigned flags = 0;
	int format, lang = FDSS_LANG_ZH, i, rc;
	cJSON *rec;

	if (argc < 3) {
		fprintf(stderr, "usage: test-report-forms SPEC FORMAT [en] "
			"[no-mask] < records.jsonl\n");
		return 2;
	}
	if (strcmp(argv[1], "demo")) {
		if (!(def = fdss_report_find(argv[1]))) {
			fprintf(stderr, "test-report-forms: no report '%s'\n",
				argv[1]);
			return 2;
		}
		spec = def->spec;
	}
	if (!(format = fdss_report_format_parse(argv[2]))) {
		fprintf(stderr, "test-report-forms: no format '%s'\n", argv[2]);
		return 2;
	}
	for (i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "en"))
			lang = FDSS_LANG_EN;
		else if (!strcmp(argv[i], "no-mask"))
			flags |= FDSS_OUT_NO_MASK;
	}
	if ((rc = fdss_report_out_new(&w, stdout, format, flags, lang, spec)))
		goto done;
	if ((rc = fdss_report_out_tmpdir(w, getenv("TMPDIR"))))
		goto done;
	while (getline(&line, &cap, stdin) > 0) {
		if (!(rec = cJSON_Parse(line))) {
			fprintf(stderr, "test-report-forms: bad record %s", line);
			rc = FDSS_EDATA;
			goto done;
		}
		rc = fdss_report_out_record(w, rec);
		cJSON_Delete(rec);
		if (rc)
			goto done;
	}
	rc = fdss_report_out_finish(w);
done:
	if (rc)
		fprintf(stderr, "test-report-forms: failed (%d)\n", rc);
	fdss_report_out_free(w);
	free(line);
	return rc ? 1 : 0;
}
