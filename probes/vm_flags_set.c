// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_VM_FLAGS_SET
 * kind: compile
 * group: memory
 * since: 6.3 (vma->vm_flags became read-only)
 * expect: 5.10=no 6.1=no 6.12=yes 7.2=yes
 * why: mmap handlers must use vm_flags_set() instead of writing vm_flags
 */
#include <linux/mm.h>

void wslx_probe(struct vm_area_struct *vma)
{
	vm_flags_set(vma, VM_IO | VM_DONTEXPAND);
}
