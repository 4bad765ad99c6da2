"""One exception class for every plan problem, with a stable code and a located message.

Codes are part of the interface: tests, the CLI and (later) the web app key on them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """Where a problem was found: a file and a 1-based line, either of which may be unknown."""

    file: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        if self.file and self.line:
            return f"{self.file}:{self.line}"
        if self.file:
            return self.file
        if self.line:
            return f"line {self.line}"
        return ""


class PlanError(Exception):
    """A problem with a plan: bad input or a plan that cannot be scheduled.

    ``code`` is stable (``E_CYCLE``, ``E_UNKNOWN_PREDECESSOR``...); ``message`` names the
    task, field and bad value; ``location`` points into the source file when there is one.
    """

    def __init__(
        self,
        code: str,
        message: str,
        *,
        location: Location | None = None,
        task: str | None = None,
        value: object = None,
    ) -> None:
        self.code = code
        self.message = message
        self.location = location or Location()
        self.task = task
        self.value = value
        super().__init__(str(self))

    def __str__(self) -> str:
        where = str(self.location)
        prefix = f"{where}: " if where else ""
        subject = f"task {self.task}: " if self.task is not None else ""
        return f"{prefix}{subject}{self.message} [{self.code}]"

    def located(self, location: Location) -> PlanError:
        """The same error with the file and line filled in from ``location`` where unknown."""
        here = self.location
        merged = Location(here.file or location.file, here.line or location.line)
        if merged == here:
            return self
        return PlanError(self.code, self.message, location=merged, task=self.task, value=self.value)


class PlanErrors(PlanError):
    """Several problems found at once (``projectboard check`` lists them all). It is a
    ``PlanError`` carrying the first problem's code and place, so one ``except`` serves."""

    def __init__(self, errors: list[PlanError]) -> None:
        first = errors[0]
        super().__init__(
            first.code, first.message, location=first.location, task=first.task, value=first.value
        )
        self.errors = errors

    def __str__(self) -> str:
        return "\n".join(PlanError.__str__(e) for e in getattr(self, "errors", [self]))


# The error codes, in one place so that docs and tests can list them.
E_CYCLE = "E_CYCLE"
E_UNKNOWN_PREDECESSOR = "E_UNKNOWN_PREDECESSOR"
E_DUPLICATE_ID = "E_DUPLICATE_ID"
E_NEGATIVE_DURATION = "E_NEGATIVE_DURATION"
E_NO_WORKING_TIME = "E_NO_WORKING_TIME"
E_BAD_DURATION = "E_BAD_DURATION"
E_BAD_PREDECESSOR = "E_BAD_PREDECESSOR"
E_BAD_DATE = "E_BAD_DATE"
E_BAD_CONSTRAINT = "E_BAD_CONSTRAINT"
E_BAD_CALENDAR = "E_BAD_CALENDAR"
E_UNKNOWN_CALENDAR = "E_UNKNOWN_CALENDAR"
E_SUMMARY_LINK = "E_SUMMARY_LINK"
E_SELF_LINK = "E_SELF_LINK"
E_UNKNOWN_KEY = "E_UNKNOWN_KEY"
E_MISSING_KEY = "E_MISSING_KEY"
E_BAD_VALUE = "E_BAD_VALUE"
E_YAML_SYNTAX = "E_YAML_SYNTAX"
E_YAML_ALIAS = "E_YAML_ALIAS"
E_YAML_TAG = "E_YAML_TAG"
E_TABLE_COLUMNS = "E_TABLE_COLUMNS"
E_TABLE_MISMATCH = "E_TABLE_MISMATCH"
E_UNKNOWN_REFERENCE = "E_UNKNOWN_REFERENCE"
E_FILE = "E_FILE"
