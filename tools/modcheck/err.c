// SPDX-License-Identifier: GPL-2.0-only
/* One-line error messages carried back to main. */
#include <stdarg.h>
#include <stdio.h>

#include "modcheck.h"

void mc_err_set(struct mc_err *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
}
