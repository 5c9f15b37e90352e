// SPDX-License-Identifier: GPL-2.0-only
// probe: HAVE_PLATFORM_REMOVE_VOID
// fixes: platform_driver.remove
// shim: WSLX_PLATFORM_REMOVE_T and WSLX_PLATFORM_REMOVE_VALUE in compat/compat.h
// what: a platform driver's .remove callback that only ever returns 0 is declared
// what: WSLX_PLATFORM_REMOVE_T (void since 6.11, int before) and returns
// what: WSLX_PLATFORM_REMOVE_VALUE (nothing, or 0); one that returns anything else
// what: is left to you (its errors were ignored by the driver core anyway)
@initialize:python@
@@
# The remove callbacks of platform drivers, and those that return other than 0.
removes = set()
others = set()

@r@
identifier drv, fn;
@@
struct platform_driver drv = {
	.remove = fn,
};

@script:python@
fn << r.fn;
@@
removes.add(fn)

@ret@
identifier r.fn;
expression e;
@@
fn(...)
{
	<... return e; ...>
}

@script:python@
fn << r.fn;
e << ret.e;
@@
if e.strip() != "0":
	others.add(fn)

@fix@
identifier fn : script:python() { fn in removes and fn not in others };
typedef WSLX_PLATFORM_REMOVE_T;
@@
- int
+ WSLX_PLATFORM_REMOVE_T
  fn(...)
  {
  <...
- return 0;
+ return WSLX_PLATFORM_REMOVE_VALUE;
  ...>
  }
