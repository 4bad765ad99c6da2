"""Typed, located access to the elements of an MS Project XML (MSPDI) file.

``ElementReader`` turns child elements into Python values, so that every error names the file,
the line and the element, and collects the ``ImportWarning``s for what is read but not
modelled. The task reader (``mspdi``) and the calendar reader (``mspdi_calendars``) share it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from projectboard.engine.errors import Location, PlanError

E_XML = "E_XML"
_DURATION_RE = re.compile(r"^(-)?PT(\d+)H(\d+)M(\d+(?:\.\d+)?)S$")


@dataclass(frozen=True)
class ImportWarning:
    code: str
    message: str
    line: int | None = None

    def located(self, filename: str) -> str:
        where = f"{filename}:{self.line}" if self.line else filename
        return f"{where}: {self.message} [{self.code}]"


_LOCAL_NAMES: dict[str, str] = {}  # "{namespace}Task" -> "Task": a file has few distinct tags


def local_name(tag: Any) -> str:
    name = _LOCAL_NAMES.get(tag)
    if name is None:
        text = str(tag)
        name = text[text.index("}") + 1 :] if text.startswith("{") else text
        if isinstance(tag, str):
            _LOCAL_NAMES[tag] = name
    return name


def children(element: Any) -> dict[str, Any]:
    """Child elements by local name (the last one wins; repeated elements are read apart)."""
    names = _LOCAL_NAMES
    out = {}
    for child in element:
        tag = child.tag
        if isinstance(tag, str):
            out[names.get(tag) or local_name(tag)] = child
    return out


def child_text(fields: dict[str, Any], name: str) -> str | None:
    element = fields.get(name)
    if element is None or element.text is None:
        return None
    return str(element.text).strip()


class ElementReader:
    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.warnings: list[ImportWarning] = []

    def warn(self, code: str, message: str, element: Any = None) -> None:
        self.warnings.append(
            ImportWarning(code, message, element.sourceline if element is not None else None)
        )

    def fail(self, message: str, element: Any, value: object = None) -> PlanError:
        return PlanError(
            E_XML, message, location=Location(self.filename, element.sourceline), value=value
        )

    # -- scalars -------------------------------------------------------------------------------
    def integer(self, fields: dict[str, Any], name: str, default: int | None = None) -> int | None:
        text = child_text(fields, name)
        if text is None or text == "":
            return default
        try:
            return int(Decimal(text))
        except ArithmeticError:
            raise self.fail(f"<{name}> {text!r} is not a number", fields[name], text) from None

    def flag(self, fields: dict[str, Any], name: str) -> bool:
        return child_text(fields, name) in ("1", "true")

    def when(self, fields: dict[str, Any], name: str) -> datetime | None:
        text = child_text(fields, name)
        if not text or text.startswith("NA"):
            return None
        try:
            return datetime.fromisoformat(text[:19]).replace(second=0, microsecond=0)
        except ValueError:
            raise self.fail(f"<{name}> {text!r} is not a date-time", fields[name], text) from None

    def minutes_of(self, fields: dict[str, Any], name: str) -> Decimal | None:
        """``PT26H38M24S`` -> 1598.4 minutes."""
        text = child_text(fields, name)
        if not text:
            return None
        match = _DURATION_RE.match(text)
        if not match:
            raise self.fail(
                f"<{name}> {text!r} is not a duration like PT8H0M0S", fields[name], text
            )
        sign, hours, minutes, seconds = match.groups()
        value = Decimal(hours) * 60 + Decimal(minutes) + Decimal(seconds) / 60
        return -value if sign else value

    def time_of_day(self, text: str | None, element: Any) -> int:
        if not text:
            raise self.fail("a working time lacks its time", element)
        hh, mm = text.split(":")[:2]
        return int(hh) * 60 + int(mm)
