"""Every hostile input in tests/hostile/ through the CLI, under a memory and a time limit."""

from __future__ import annotations

import pytest

from hostile import CASES, run_case


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input(case, tmp_path):
    run_case(case, tmp_path)
