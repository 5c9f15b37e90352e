// SPDX-License-Identifier: GPL-2.0-only
// probe: HAVE_TIMER_CONTAINER_OF
// fixes: from_timer timer_container_of
// shim: wslx_timer_container_of() in compat/compat.h
// what: from_timer(var, t, field) and timer_container_of(...) become wslx_timer_container_of(...)
@@
expression var, t;
identifier member;
@@
(
- from_timer(var, t, member)
+ wslx_timer_container_of(var, t, member)
|
- timer_container_of(var, t, member)
+ wslx_timer_container_of(var, t, member)
)
