// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_KFREE_SKB_REASON
 * kind: compile
 * group: net
 * since: 5.17 (kfree_skb_reason() and drop reasons)
 * expect: 5.10=no 6.1=yes 6.12=yes 7.2=yes
 * why: drops are reported with a reason
 */
#include <linux/skbuff.h>

void wslx_probe(struct sk_buff *skb)
{
	kfree_skb_reason(skb, SKB_DROP_REASON_NOT_SPECIFIED);
}
