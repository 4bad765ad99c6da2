"""The shared-ICT business case of the seed as a cost model, for the finance tests.

The seed fixes one figure: "Initial funding of £10,000 from each Council has been agreed to
cover costs of any external assistance" (PID, Project costs). The other amounts are invented
round numbers, chosen so that every total below can be checked by hand:

| line (kind)                          | 2008/09 | 2009/10        | 2010/11  | 2011/12  | 2012/13  |
|--------------------------------------|---------|----------------|----------|----------|----------|
| ICT service today (current)          | ABC 1,000,000 and CCC 1,500,000 every year
| External assistance (staff, interim) | 10k+10k |                |          |          |          |
| Interim structure (staff, interim)   |         | 30k+30k        |          |          |          |
| Redundancy and pension strain (final)|         | CCC 60k        |          |          |          |
| Data centre migration (infra)        |         | ABC 40k        |          |          |          |
| Service desk tool (revenue)          |         | CCC 10k        | CCC 10k  | CCC 10k  | CCC 10k  |
| Server consolidation (capital)       |         | 50k+50k        | CCC 50k  |          |          |
| Merged team (saving)                 |         | 40k+60k        | 80k+120k | 80k+120k | 80k+120k |

Net cost per year (costs - savings): 20,000; 170,000; -140,000; -190,000; -190,000.
"""

from __future__ import annotations

import pytest

from projectboard.finance.costs import CostKind, CostModel, cost_line
from projectboard.finance.years import FinancialYear, consecutive_years

YEARS = consecutive_years(FinancialYear(2008), 5)
EVERY_YEAR = ("2008/09", "2009/10", "2010/11", "2011/12", "2012/13")
LATER_YEARS = ("2009/10", "2010/11", "2011/12", "2012/13")


def shared_ict_model() -> CostModel:
    return CostModel(
        partners=("ABC", "CCC"),
        years=YEARS,
        lines=(
            cost_line(
                "ICT service today",
                CostKind.CURRENT,
                {
                    "ABC": dict.fromkeys(EVERY_YEAR, "£1,000,000"),
                    "CCC": dict.fromkeys(EVERY_YEAR, "£1,500,000"),
                },
            ),
            cost_line(
                "Merged team",
                CostKind.SAVING,
                {
                    "ABC": {"2009/10": 40_000, **dict.fromkeys(LATER_YEARS[1:], 80_000)},
                    "CCC": {"2009/10": 60_000, **dict.fromkeys(LATER_YEARS[1:], 120_000)},
                },
            ),
            cost_line(
                "External assistance",
                CostKind.IMPLEMENTATION_STAFF_INTERIM,
                {"ABC": {"2008/09": "£10,000.00"}, "CCC": {"2008/09": "£10,000.00"}},
            ),
            cost_line(
                "Interim structure",
                CostKind.IMPLEMENTATION_STAFF_INTERIM,
                {"ABC": {"2009/10": 30_000}, "CCC": {"2009/10": 30_000}},
            ),
            cost_line(
                "Redundancy and pension strain",
                CostKind.IMPLEMENTATION_STAFF_FINAL,
                {"CCC": {"2009/10": 60_000}},
            ),
            cost_line(
                "Data centre migration",
                CostKind.IMPLEMENTATION_INFRASTRUCTURE,
                {"ABC": {"2009/10": 40_000}},
            ),
            cost_line(
                "Service desk tool",
                CostKind.REVENUE,
                {"CCC": dict.fromkeys(LATER_YEARS, 10_000)},
            ),
            cost_line(
                "Server consolidation",
                CostKind.CAPITAL,
                {"ABC": {"2009/10": 50_000}, "CCC": {"2009/10": 50_000, "2010/11": 50_000}},
            ),
        ),
    )


@pytest.fixture
def shared_ict() -> CostModel:
    return shared_ict_model()
