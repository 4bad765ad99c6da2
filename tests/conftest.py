from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture
def seed_table() -> Path:
    """The seed's plan table, as MS Project printed it."""
    return SHARED / "reference" / "seed-plan.csv"
