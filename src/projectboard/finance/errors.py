"""One exception class for every business-case problem, with a stable code and a located message.

Codes are part of the interface (tests, and later the web forms, key on them). The message
names the bad value; ``file``, ``line`` and ``field`` say where it came from when known, so a
survey CSV problem reads ``after.csv:7: field 'score': score '6' is not a whole number from
1 to 5 [E_SURVEY_SCORE]``.
"""

from __future__ import annotations


class FinanceError(ValueError):
    """Bad business-case input: ``code`` is stable, ``message`` names the value, ``value`` is it."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        value: object = None,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.code = code
        self.message = message
        self.value = value
        self.file = file
        self.line = line
        self.field = field
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ":".join(str(part) for part in (self.file, self.line) if part is not None)
        prefix = f"{where}: " if where else ""
        subject = f"field '{self.field}': " if self.field is not None else ""
        return f"{prefix}{subject}{self.message} [{self.code}]"


# The error codes, in one place so that docs and tests can list them.
E_MONEY_TYPE = "E_MONEY_TYPE"
E_MONEY_EMPTY = "E_MONEY_EMPTY"
E_MONEY_SYNTAX = "E_MONEY_SYNTAX"
E_MONEY_PRECISION = "E_MONEY_PRECISION"
E_FINANCIAL_YEAR = "E_FINANCIAL_YEAR"
E_DUPLICATE = "E_DUPLICATE"
E_UNKNOWN_PARTNER = "E_UNKNOWN_PARTNER"
E_UNKNOWN_YEAR = "E_UNKNOWN_YEAR"
E_UNKNOWN_LINE = "E_UNKNOWN_LINE"
E_NEGATIVE_AMOUNT = "E_NEGATIVE_AMOUNT"
E_YEARS = "E_YEARS"
E_CAPITAL_HORIZON = "E_CAPITAL_HORIZON"
E_SHARES_TOTAL = "E_SHARES_TOTAL"
E_SHARES_PARTNERS = "E_SHARES_PARTNERS"
E_NEGATIVE_WEIGHT = "E_NEGATIVE_WEIGHT"
E_ZERO_WEIGHTS = "E_ZERO_WEIGHTS"
E_BASELINE_SHARED = "E_BASELINE_SHARED"
E_UNKNOWN_HOST = "E_UNKNOWN_HOST"
E_DISCOUNT_YEAR = "E_DISCOUNT_YEAR"
E_OPTIMISM_BIAS = "E_OPTIMISM_BIAS"
E_CRITERIA_WEIGHTS = "E_CRITERIA_WEIGHTS"
E_SCORE_RANGE = "E_SCORE_RANGE"
E_SCORE_REASON = "E_SCORE_REASON"
E_MISSING_SCORE = "E_MISSING_SCORE"
E_UNKNOWN_REFERENCE = "E_UNKNOWN_REFERENCE"
E_NO_DO_NOTHING = "E_NO_DO_NOTHING"
E_SURVEY_FILE = "E_SURVEY_FILE"
E_SURVEY_HEADER = "E_SURVEY_HEADER"
E_SURVEY_FIELD = "E_SURVEY_FIELD"
E_SURVEY_SCORE = "E_SURVEY_SCORE"
E_SURVEY_DUPLICATE = "E_SURVEY_DUPLICATE"
E_SURVEY_MIXED = "E_SURVEY_MIXED"
E_PROBABILITY = "E_PROBABILITY"
