// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_IRQ_UPDATE_AFFINITY_HINT
 * kind: compile
 * group: core
 * since: 5.17 (irq_set_affinity_hint() split)
 * expect: 5.10=yes 6.1=yes 6.12=yes 7.2=yes
 * why: irq_set_affinity_hint() also changed the affinity; the new calls say which they mean
 */
#include <linux/interrupt.h>

int wslx_probe(unsigned int irq)
{
	return irq_update_affinity_hint(irq, NULL);
}
