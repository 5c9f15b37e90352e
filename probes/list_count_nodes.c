// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_LIST_COUNT_NODES
 * kind: compile
 * group: core
 * since: 6.3 (list_count_nodes())
 * expect: 5.10=no 6.1=yes 6.12=yes 7.2=yes
 * why: counting a list without an open-coded loop
 */
#include <linux/list.h>

size_t wslx_probe(struct list_head *head)
{
	return list_count_nodes(head);
}
