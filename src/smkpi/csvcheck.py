"""Moved to :mod:`smkpi.readers.csvcheck` (the CSV reader's own module); this name keeps old imports working."""

from .readers.csvcheck import SHORT_ROW, locate_problem, may_have_short_rows, with_field_check

__all__ = ["SHORT_ROW", "locate_problem", "may_have_short_rows", "with_field_check"]
