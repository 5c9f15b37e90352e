/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Named fault points for wslx modules. A module declares its points at
 * realistic failure boundaries (allocation, registration, copies to and
 * from user space) and asks wslx_fault_should_fail() there; rules given at
 * load time ("location=action,location=action") decide what happens:
 *
 *	off		never fail (the default)
 *	fail		always fail
 *	fail-after:N	succeed N times, then fail
 *	drop-every:N	fail every Nth time
 *	rate:N		fail N percent of the time
 *	delay-ms:N	sleep N ms, then succeed (sleepable context only)
 *
 * Unknown locations or actions are refused at load with a clear message.
 * Everything here compiles away unless CONFIG_WSLX_FAULT_INJECTION is set.
 */
#ifndef WSLX_FAULT_H
#define WSLX_FAULT_H

#include <linux/atomic.h>
#include <linux/types.h>

enum wslx_fault_action {
	WSLX_FAULT_OFF,
	WSLX_FAULT_FAIL,
	WSLX_FAULT_FAIL_AFTER,
	WSLX_FAULT_DROP_EVERY,
	WSLX_FAULT_RATE,
	WSLX_FAULT_DELAY_MS,
};

struct wslx_fault_point {
	const char *name;
	enum wslx_fault_action action;
	unsigned int arg;
	atomic_t hits;
};

#define WSLX_FAULT_POINT(point_name)	{ .name = (point_name) }

#ifdef CONFIG_WSLX_FAULT_INJECTION
int wslx_fault_configure(struct wslx_fault_point *points, size_t n,
			 const char *rules, const char *who);
bool wslx_fault_should_fail(struct wslx_fault_point *point);
#endif

#endif /* WSLX_FAULT_H */
