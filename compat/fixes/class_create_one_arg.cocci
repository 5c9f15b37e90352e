// SPDX-License-Identifier: GPL-2.0-only
// probe: HAVE_CLASS_CREATE_ONE_ARG
// fixes: class_create
// shim: wslx_class_create() in compat/compat.h
// what: class_create(THIS_MODULE, name) and class_create(name) become wslx_class_create(name)
@@
expression name;
@@
(
- class_create(THIS_MODULE, name)
+ wslx_class_create(name)
|
- class_create(name)
+ wslx_class_create(name)
)
