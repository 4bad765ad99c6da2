"""Money in pounds sterling: ``decimal.Decimal``, never float.

Amounts keep whatever precision a calculation gives them (an optimism-bias uplift or a
discounted value has more than two decimal places); they are rounded to whole pence only when
presented (:func:`to_pence`, :func:`format_money`) or when money is actually split between
partners (``apportion``). Rounding is ``ROUND_HALF_UP`` -- half a penny goes away from zero --
the rule people expect from a ledger and the one spreadsheets such as Excel's ``ROUND`` use;
Python's own default, banker's rounding (``ROUND_HALF_EVEN``), would surprise a finance lead
checking a figure by hand.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from projectboard.finance.errors import (
    E_MONEY_EMPTY,
    E_MONEY_PRECISION,
    E_MONEY_SYNTAX,
    E_MONEY_TYPE,
    FinanceError,
)

PENNY = Decimal("0.01")
ZERO = Decimal("0")

# "£10,000.00", "10000", "-£5", "£-5.5", "GBP 1,234.5": an optional sign (before or after the
# currency mark), an optional "£" or "GBP", digits either plain or in correct groups of three,
# and at most two decimal places (pence).
_MONEY_RE = re.compile(
    r"^(?P<sign1>[-+]?)\s*(?:£|GBP\s*)?(?P<sign2>[-+]?)"
    r"(?P<whole>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.(?P<fraction>[0-9]+))?$",
    re.IGNORECASE,
)


def parse_money(text: str, *, field: str | None = None) -> Decimal:
    """The amount typed in ``text`` as an exact ``Decimal`` of pounds.

    Accepts ``"£10,000.00"``, ``"10000"``, ``"10,000"``, ``"-£250.50"``, ``"GBP 99.5"``.
    Raises ``FinanceError`` with ``E_MONEY_EMPTY``, ``E_MONEY_SYNTAX`` (not an amount, or
    thousands separators in the wrong places) or ``E_MONEY_PRECISION`` (fractions of a penny).
    """
    stripped = text.strip()
    if not stripped:
        raise FinanceError(E_MONEY_EMPTY, "no amount given", value=text, field=field)
    match = _MONEY_RE.match(stripped)
    if match is None or (match["sign1"] and match["sign2"]):
        raise FinanceError(
            E_MONEY_SYNTAX,
            f"'{text}' is not an amount of money (write it like £10,000.00 or 10000)",
            value=text,
            field=field,
        )
    fraction = match["fraction"] or ""
    if len(fraction) > 2:
        raise FinanceError(
            E_MONEY_PRECISION,
            f"'{text}' has fractions of a penny (at most 2 decimal places)",
            value=text,
            field=field,
        )
    amount = Decimal(f"{match['whole'].replace(',', '')}.{fraction or '0'}")
    negative = "-" in (match["sign1"], match["sign2"])
    return -amount if negative else amount


def as_money(value: Decimal | int | str) -> Decimal:
    """``value`` as a ``Decimal`` amount: Decimals and ints as they are, strings parsed.

    Floats are refused (``E_MONEY_TYPE``): ``0.1`` is not a tenth of a pound in binary.
    """
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise FinanceError(
            E_MONEY_TYPE,
            f"{value!r} is a {type(value).__name__}, not a Decimal, int or string amount",
            value=value,
        )
    if isinstance(value, str):
        return parse_money(value)
    if isinstance(value, Decimal) and not value.is_finite():
        raise FinanceError(E_MONEY_SYNTAX, f"{value} is not an amount of money", value=value)
    return Decimal(value)


def to_pence(amount: Decimal) -> Decimal:
    """``amount`` rounded to whole pence, half a penny away from zero (``ROUND_HALF_UP``)."""
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def format_money(amount: Decimal) -> str:
    """``amount`` as it is printed in a business case: ``£10,000.00``, ``-£2,500.50``."""
    pence = to_pence(amount)
    sign = "-" if pence < 0 else ""
    return f"{sign}£{abs(pence):,.2f}"
