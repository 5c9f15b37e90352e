// SPDX-License-Identifier: GPL-2.0-only
// probe: HAVE_PROC_OPS
// fixes: proc_create proc_create_data
// shim: none (struct proc_ops is in every supported kernel)
// what: the struct file_operations given to proc_create() becomes a struct proc_ops,
// what: its members renamed (.read to .proc_read, ...) and .owner dropped
@used@
identifier fops;
expression name, mode, parent;
@@
(
 proc_create(name, mode, parent, &fops)
|
 proc_create_data(name, mode, parent, &fops, ...)
)

@retype depends on used@
identifier used.fops;
@@
 const struct
- file_operations
+ proc_ops
 fops = { ... };

@depends on used@
identifier used.fops;
expression e;
@@
 struct proc_ops fops = {
- .owner = e,
 };

@depends on used@
identifier used.fops;
expression e;
@@
 struct proc_ops fops = {
- .read = e,
+ .proc_read = e,
 };

@depends on used@
identifier used.fops;
expression e;
@@
 struct proc_ops fops = {
- .write = e,
+ .proc_write = e,
 };

@depends on used@
identifier used.fops;
expression e;
@@
 struct proc_ops fops = {
- .open = e,
+ .proc_open = e,
 };

@depends on used@
identifier used.fops;
expression e;
@@
 struct proc_ops fops = {
- .release = e,
+ .proc_release = e,
 };

@depends on used@
identifier used.fops;
expression e;
@@
 struct proc_ops fops = {
- .llseek = e,
+ .proc_lseek = e,
 };

@depends on used@
identifier used.fops;
expression e;
@@
 struct proc_ops fops = {
- .unlocked_ioctl = e,
+ .proc_ioctl = e,
 };

@depends on used@
identifier used.fops;
expression e;
@@
 struct proc_ops fops = {
- .compat_ioctl = e,
+ .proc_compat_ioctl = e,
 };

@depends on used@
identifier used.fops;
expression e;
@@
 struct proc_ops fops = {
- .poll = e,
+ .proc_poll = e,
 };

@depends on used@
identifier used.fops;
expression e;
@@
 struct proc_ops fops = {
- .mmap = e,
+ .proc_mmap = e,
 };

@depends on used@
identifier used.fops;
expression e;
@@
 struct proc_ops fops = {
- .get_unmapped_area = e,
+ .proc_get_unmapped_area = e,
 };
