from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def seed_table() -> Path:
    """The seed's plan table, as MS Project printed it (a copy of the project's reference
    data, so that the tests need nothing outside the repository)."""
    return REPO / "examples" / "shared-ict" / "seed-plan.csv"
