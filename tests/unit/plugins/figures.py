# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The figures unit test suites leave for the summary of ``make test``."""

from __future__ import annotations

import os


def write_figures(filename: str, line: str) -> None:
    """Write ``line`` to JSM_OPS_REPORT_DIR/filename when that variable is set (make test sets it)."""
    report_dir = os.environ.get("JSM_OPS_REPORT_DIR")
    if report_dir:
        os.makedirs(report_dir, exist_ok=True)
        with open(os.path.join(report_dir, filename), "w", encoding="utf-8") as handle:
            handle.write(line + "\n")
