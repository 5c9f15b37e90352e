// SPDX-License-Identifier: GPL-2.0-only
/*
 * Results as KTAP (for the QEMU runner and CI) or as lines for people.
 * Both print each result as soon as it is known, so a guest that dies
 * mid-run still leaves what it had found.
 */
#include <stdarg.h>
#include <stdio.h>

#include "modcheck.h"

void mc_report_begin(struct mc_report *r, int planned)
{
	r->planned = planned;
	r->number = 0;
	r->failed = 0;
	if (r->ktap)
		printf("KTAP version 1\n1..%d\n", planned);
	fflush(stdout);
}

void mc_report_diag(struct mc_report *r, const char *fmt, ...)
{
	va_list ap;

	fputs(r->ktap ? "# " : "  ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static void result_line(struct mc_report *r, const char *status,
			const char *name, const char *fmt, va_list ap)
{
	r->number++;
	if (r->ktap)
		printf("%s %d %s", status, r->number, name);
	else
		printf("%-4s %s", *status == 'n' ? "FAIL" :
		       (fmt && *fmt == 'S') ? "SKIP" : "ok", name);
	if (fmt && *fmt) {
		fputs(r->ktap ? " # " : ": ", stdout);
		vprintf(fmt, ap);
	}
	putchar('\n');
	fflush(stdout);
}

void mc_report_result(struct mc_report *r, bool ok, const char *name,
		      const char *fmt, ...)
{
	va_list ap;

	if (!ok && !r->failed++) {
		int n = snprintf(r->first_failure, sizeof(r->first_failure),
				 "%s: ", name);

		va_start(ap, fmt);
		if (fmt && n >= 0 && (size_t)n < sizeof(r->first_failure))
			vsnprintf(r->first_failure + n,
				  sizeof(r->first_failure) - n, fmt, ap);
		va_end(ap);
	}
	va_start(ap, fmt);
	result_line(r, ok ? "ok" : "not ok", name, fmt, ap);
	va_end(ap);
}

static void skip_line(struct mc_report *r, const char *name,
		      const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	result_line(r, "ok", name, fmt, ap);
	va_end(ap);
}

/* A skip is not a pass: callers that skip have already failed something. */
void mc_report_skip(struct mc_report *r, const char *name, const char *why)
{
	skip_line(r, name, "SKIP %s", why);
}
