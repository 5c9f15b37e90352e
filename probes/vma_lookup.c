// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_VMA_LOOKUP
 * kind: compile
 * group: memory
 * since: 5.14 (vma_lookup())
 * expect: 5.10=no 6.1=yes 6.12=yes 7.2=yes
 * why: the VMA containing an address, without find_vma()'s next-VMA surprise
 */
#include <linux/mm.h>

struct vm_area_struct *wslx_probe(struct mm_struct *mm, unsigned long addr)
{
	return vma_lookup(mm, addr);
}
