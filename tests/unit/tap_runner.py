# SPDX-License-Identifier: GPL-2.0-only
"""Run the offline unit tier (tests/unit/test_*.py) and print TAP lines.

tests/run.sh counts "ok - ", "not ok - " and "# SKIP" lines; a skipped
unit test is printed as a skip, never as a pass. Exit status 1 when any
test failed or errored.
"""
import sys
import traceback
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "tools"))
sys.path.insert(0, str(HERE))


class TapResult(unittest.TextTestResult):
    def _name(self, test: unittest.TestCase) -> str:
        return f"{test.id().removeprefix('test_')}"

    def addSuccess(self, test: unittest.TestCase) -> None:
        super().addSuccess(test)
        print(f"ok - {self._name(test)}", flush=True)

    def addFailure(self, test, err) -> None:  # type: ignore[no-untyped-def]
        super().addFailure(test, err)
        self._bad(test, err)

    def addError(self, test, err) -> None:  # type: ignore[no-untyped-def]
        super().addError(test, err)
        self._bad(test, err)

    def addSkip(self, test: unittest.TestCase, reason: str) -> None:
        super().addSkip(test, reason)
        print(f"ok - {self._name(test)} # SKIP {reason}", flush=True)

    def _bad(self, test, err) -> None:  # type: ignore[no-untyped-def]
        print(f"not ok - {self._name(test)}", flush=True)
        for line in "".join(traceback.format_exception(*err)).splitlines()[-12:]:
            print(f"# {line}", flush=True)


def main() -> int:
    pattern = sys.argv[1] if len(sys.argv) > 1 else "test_*.py"
    suite = unittest.defaultTestLoader.discover(str(HERE), pattern=pattern, top_level_dir=str(HERE))
    runner = unittest.TextTestRunner(stream=open("/dev/null", "w"), resultclass=TapResult,
                                     verbosity=0)
    result = runner.run(suite)
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
