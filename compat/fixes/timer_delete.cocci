// SPDX-License-Identifier: GPL-2.0-only
// probe: HAVE_TIMER_DELETE
// fixes: del_timer timer_delete
// shim: wslx_timer_delete() in compat/compat.h
// what: del_timer(t) and timer_delete(t) become wslx_timer_delete(t)
@@
expression t;
@@
(
- del_timer(t)
+ wslx_timer_delete(t)
|
- timer_delete(t)
+ wslx_timer_delete(t)
)
