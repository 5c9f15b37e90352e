# SPDX-License-Identifier: GPL-2.0-only
"""What the unit tests share: a scratch folder and a wslx environment in it."""
import os
import shutil
import tempfile
import unittest
from pathlib import Path


class ScratchTest(unittest.TestCase):
    """Each test gets self.tmp, and WSLX_CACHE/WSLX_BUILD/WSLX_LANES_DIR inside it."""

    def setUp(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="wslx-unit."))
        self.addCleanup(shutil.rmtree, self.tmp, True)
        saved = {k: os.environ.get(k) for k in ("WSLX_CACHE", "WSLX_BUILD", "WSLX_LANES_DIR")}
        self.addCleanup(self._restore, saved)
        os.environ["WSLX_CACHE"] = str(self.tmp / "cache")
        os.environ["WSLX_BUILD"] = str(self.tmp / "build")
        os.environ["WSLX_LANES_DIR"] = str(self.tmp / "lanes")
        (self.tmp / "lanes").mkdir()

    @staticmethod
    def _restore(saved: dict[str, str | None]) -> None:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value

    def write(self, rel: str, text: str) -> Path:
        path = self.tmp / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return path
