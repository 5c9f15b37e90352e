// SPDX-License-Identifier: GPL-2.0-only
// probe: HAVE_VM_FLAGS_SET
// fixes: vm_flags vm_flags_set vm_flags_clear
// shim: wslx_vm_flags_set() and wslx_vm_flags_clear() in compat/compat.h
// what: vma->vm_flags |= f becomes wslx_vm_flags_set(vma, f);
// what: vma->vm_flags &= ~f becomes wslx_vm_flags_clear(vma, f)
@@
struct vm_area_struct *vma;
expression f;
@@
(
- vma->vm_flags |= f;
+ wslx_vm_flags_set(vma, f);
|
- vma->vm_flags &= ~f;
+ wslx_vm_flags_clear(vma, f);
|
- vm_flags_set(vma, f)
+ wslx_vm_flags_set(vma, f)
|
- vm_flags_clear(vma, f)
+ wslx_vm_flags_clear(vma, f)
)
