"""UK public-sector financial years: 1 April to 31 March, written ``2008/09``.

Local authorities budget by financial year (Local Government Finance Act 1992: the council
tax year runs from 1 April), so every cost is entered against one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from projectboard.finance.errors import E_FINANCIAL_YEAR, E_YEARS, FinanceError

_YEAR_RE = re.compile(r"^(?P<start>[0-9]{4})/(?P<end>[0-9]{2})$")


@dataclass(frozen=True, order=True)
class FinancialYear:
    """The financial year that starts on 1 April of ``start`` (``2008`` is ``2008/09``)."""

    start: int

    @classmethod
    def parse(cls, text: str, *, field: str | None = None) -> FinancialYear:
        """``"2008/09"`` -> ``FinancialYear(2008)``; the second part must be the next year."""
        match = _YEAR_RE.match(text.strip())
        if match is None or (int(match["start"]) + 1) % 100 != int(match["end"]):
            raise FinanceError(
                E_FINANCIAL_YEAR,
                f"'{text}' is not a financial year (write it like 2008/09)",
                value=text,
                field=field,
            )
        return cls(int(match["start"]))

    def __str__(self) -> str:
        return f"{self.start}/{(self.start + 1) % 100:02d}"

    def plus(self, years: int) -> FinancialYear:
        return FinancialYear(self.start + years)


def consecutive_years(first: FinancialYear, count: int) -> tuple[FinancialYear, ...]:
    """``count`` financial years from ``first`` on."""
    return tuple(first.plus(i) for i in range(count))


def check_consecutive(years: tuple[FinancialYear, ...]) -> None:
    """Refuse (``E_YEARS``) an empty, unordered or gappy run of years: plans are contiguous."""
    if not years:
        raise FinanceError(E_YEARS, "no financial years given", value=years)
    expected = consecutive_years(years[0], len(years))
    if years != expected:
        shown = ", ".join(str(y) for y in years)
        raise FinanceError(
            E_YEARS, f"financial years {shown} are not consecutive and in order", value=years
        )
