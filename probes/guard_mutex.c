// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_GUARD_MUTEX
 * kind: compile
 * group: core
 * since: 6.5 (guard(mutex) from linux/cleanup.h)
 * expect: 5.10=yes 6.1=yes 6.12=yes 7.2=yes
 * why: a scoped lock that cannot be left held on an error path
 */
#include <linux/mutex.h>

int wslx_probe(struct mutex *m)
{
	guard(mutex)(m);
	return 0;
}
