// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fault points (see wslx_fault.h): parsing the load-time rules, and the
 * decision at each point. Built only with CONFIG_WSLX_FAULT_INJECTION.
 */
#include <linux/delay.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "compat.h"
#include "wslx_fault.h"

static const struct {
	const char *name;
	bool takes_n;
} actions[] = {
	[WSLX_FAULT_OFF]	= { "off", false },
	[WSLX_FAULT_FAIL]	= { "fail", false },
	[WSLX_FAULT_FAIL_AFTER]	= { "fail-after", true },
	[WSLX_FAULT_DROP_EVERY]	= { "drop-every", true },
	[WSLX_FAULT_RATE]	= { "rate", true },
	[WSLX_FAULT_DELAY_MS]	= { "delay-ms", true },
};

static int parse_action(const char *s, struct wslx_fault_point *point)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(actions); i++) {
		size_t len = strlen(actions[i].name);
		unsigned int n = 0;

		if (strncmp(s, actions[i].name, len))
			continue;
		if (!actions[i].takes_n && s[len])
			continue;
		if (actions[i].takes_n &&
		    (s[len] != ':' || kstrtouint(s + len + 1, 10, &n)))
			continue;
		/* N must make sense: a period of 0 or a rate above 100 does not. */
		if ((i == WSLX_FAULT_DROP_EVERY && !n) ||
		    (i == WSLX_FAULT_RATE && n > 100))
			return -EINVAL;
		point->action = i;
		point->arg = n;
		atomic_set(&point->hits, 0);
		return 0;
	}
	return -EINVAL;
}

static struct wslx_fault_point *find_point(struct wslx_fault_point *points,
					   size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(points[i].name, name))
			return &points[i];
	return NULL;
}

int wslx_fault_configure(struct wslx_fault_point *points, size_t n,
			 const char *rules, const char *who)
{
	char *copy, *cur, *rule;
	int ret = 0;

	if (!rules || !*rules)
		return 0;
	copy = kstrdup(rules, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	cur = copy;
	while (!ret && (rule = strsep(&cur, ","))) {
		char *action = strchr(rule, '=');
		struct wslx_fault_point *point;

		if (!*rule)
			continue;
		if (!action) {
			pr_err("%s: fault rule '%s' is not location=action\n",
			       who, rule);
			ret = -EINVAL;
			break;
		}
		*action++ = '\0';
		point = find_point(points, n, rule);
		if (!point) {
			pr_err("%s: unknown fault location '%s'\n", who, rule);
			ret = -EINVAL;
		} else if (parse_action(action, point)) {
			pr_err("%s: fault location %s: unknown action '%s' (off, fail, fail-after:N, drop-every:N, rate:N, delay-ms:N)\n",
			       who, rule, action);
			ret = -EINVAL;
		} else if (point->action != WSLX_FAULT_OFF) {
			pr_info("%s: fault location %s set to %s\n", who, rule,
				action);
		}
	}
	kfree(copy);
	return ret;
}

bool wslx_fault_should_fail(struct wslx_fault_point *point)
{
	switch (point->action) {
	case WSLX_FAULT_FAIL:
		return true;
	case WSLX_FAULT_FAIL_AFTER:
		return atomic_inc_return(&point->hits) > point->arg;
	case WSLX_FAULT_DROP_EVERY:
		return atomic_inc_return(&point->hits) % point->arg == 0;
	case WSLX_FAULT_RATE:
		return wslx_random_below(100) < point->arg;
	case WSLX_FAULT_DELAY_MS:
		msleep(point->arg);
		return false;
	default:
		return false;
	}
}
