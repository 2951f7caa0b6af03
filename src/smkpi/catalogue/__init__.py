"""The KPI catalogue. Importing this package registers every KPI (see :mod:`smkpi.registry`)."""

from . import desk, social  # noqa: F401
