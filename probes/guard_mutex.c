// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_GUARD_MUTEX
 * kind: compile
 * since: 6.5 (guard(mutex) from linux/cleanup.h)
 * why: a scoped lock that cannot be left held on an error path
 */
#include <linux/mutex.h>

int wslx_probe(struct mutex *m)
{
	guard(mutex)(m);
	return 0;
}
