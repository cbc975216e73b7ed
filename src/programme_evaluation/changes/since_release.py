"""What changed in an edition's published numbers since its latest released revision.

A rebuild whose numbers differ from the release is a draft of the next revision: its report
lists these changes (the document reads this table), and it needs a sign-off of its own.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from programme_evaluation.changes.compare import compare, read_numbers
from programme_evaluation.common.tables import write_table


def changes_since_release(released_numbers: str | Path, current_numbers: str | Path) -> pd.DataFrame:
    """Every metric, period and group whose published value differs from the released one."""
    return compare(read_numbers(released_numbers), read_numbers(current_numbers))


def write_changes_since_release(released_numbers, current_numbers, out: str | Path) -> pd.DataFrame:
    changes = changes_since_release(released_numbers, current_numbers)
    write_table(changes, out)
    return changes
