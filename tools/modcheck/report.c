// SPDX-License-Identifier: GPL-2.0-only
/*
 * Results as KTAP (for the QEMU runner and CI), as lines for people, or as
 * one JSON document (for programs). KTAP and lines are printed as soon as
 * each result is known, so a guest that dies mid-run still leaves what it
 * had found; JSON is collected and printed by mc_report_end().
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modcheck.h"

static char *vformat(const char *fmt, va_list ap)
{
	char *s = NULL;

	if (!fmt || vasprintf(&s, fmt, ap) < 0)
		return NULL;
	return s;
}

static void json_string(const char *s)
{
	putchar('"');
	for (; s && *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

/* Keep one result for the JSON document. */
static void collect(struct mc_report *r, const char *status, const char *name,
		    const char *fmt, va_list ap)
{
	struct mc_result *res;

	res = realloc(r->results, (r->number + 1) * sizeof(*res));
	if (!res)
		return;
	r->results = res;
	res += r->number;
	res->name = strdup(name);
	res->status = strdup(status);
	res->detail = vformat(fmt, ap);
}

void mc_report_end(struct mc_report *r)
{
	if (r->json) {
		printf("{\"command\": ");
		json_string(r->command);
		printf(", \"module\": ");
		json_string(r->module);
		printf(", \"passed\": %s, \"results\": [", r->failed ? "false" : "true");
		for (int i = 0; i < r->number; i++) {
			printf("%s{\"name\": ", i ? ", " : "");
			json_string(r->results[i].name);
			printf(", \"status\": ");
			json_string(r->results[i].status);
			if (r->results[i].detail) {
				printf(", \"detail\": ");
				json_string(r->results[i].detail);
			}
			putchar('}');
		}
		printf("], \"diagnostics\": [");
		for (size_t i = 0; i < r->n_diags; i++) {
			printf("%s", i ? ", " : "");
			json_string(r->diags[i]);
		}
		printf("]}\n");
	}
	for (int i = 0; r->results && i < r->number; i++) {
		free(r->results[i].name);
		free(r->results[i].status);
		free(r->results[i].detail);
	}
	free(r->results);
	r->results = NULL;
	for (size_t i = 0; i < r->n_diags; i++)
		free(r->diags[i]);
	free(r->diags);
	r->diags = NULL;
	r->n_diags = 0;
}

void mc_report_begin(struct mc_report *r, int planned)
{
	r->planned = planned;
	r->number = 0;
	r->failed = 0;
	if (r->json)
		return;
	if (r->ktap)
		printf("KTAP version 1\n1..%d\n", planned);
	fflush(stdout);
}

void mc_report_diag(struct mc_report *r, const char *fmt, ...)
{
	va_list ap;

	if (r->json) {
		char **d = realloc(r->diags, (r->n_diags + 1) * sizeof(*d));

		if (!d)
			return;
		r->diags = d;
		va_start(ap, fmt);
		d[r->n_diags] = vformat(fmt, ap);
		va_end(ap);
		if (d[r->n_diags])
			r->n_diags++;
		return;
	}
	fputs(r->ktap ? "# " : "  ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

enum status { ST_OK, ST_FAIL, ST_SKIP };

static void emit(struct mc_report *r, enum status st, const char *name,
		 const char *fmt, va_list ap)
{
	static const char *const json_status[] = { "ok", "fail", "skip" };
	static const char *const human[] = { "ok", "FAIL", "SKIP" };

	if (r->json) {
		collect(r, json_status[st], name, fmt, ap);
		r->number++;
		return;
	}
	r->number++;
	if (r->ktap)
		printf("%s %d %s", st == ST_FAIL ? "not ok" : "ok", r->number,
		       name);
	else
		printf("%-4s %s", human[st], name);
	if (st == ST_SKIP)
		fputs(r->ktap ? " # SKIP " : ": ", stdout);
	else if (fmt && *fmt)
		fputs(r->ktap ? " # " : ": ", stdout);
	if (fmt && *fmt)
		vprintf(fmt, ap);
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
	emit(r, ok ? ST_OK : ST_FAIL, name, fmt, ap);
	va_end(ap);
}

static void skip_line(struct mc_report *r, const char *name,
		      const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(r, ST_SKIP, name, fmt, ap);
	va_end(ap);
}

/* A skip is not a pass: callers that skip have already failed something. */
void mc_report_skip(struct mc_report *r, const char *name, const char *why)
{
	skip_line(r, name, "%s", why);
}
