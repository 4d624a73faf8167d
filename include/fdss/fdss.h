#ifndef FDSS_H
#define FDSS_H

/* libfdss: the family doctor contract service rules and store. */
#include "version.h"
#include "error.h"
#include "date.h"
#include "text.h"
#include "db.h"
#include "audit.h"
#include "idnum.h"
#include "area.h"
#include "population.h"
#include "csv.h"
#include "sheet.h"
#include "jsonl.h"
#include "jbuf.h"
#include "output.h"
#include "decode.h"
#include "person.h"
#include "operand.h"
#include "roster.h"
#include "contract.h"
#include "setting.h"
#include "team.h"
#include "package.h"
#include "condition.h"
#include "due.h"
#include "referral.h"
#include "followup.h"
#include "report.h"
#include "exchange.h"
#include "fix.h"
#include "check.h"
#include "push.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif

#endif
