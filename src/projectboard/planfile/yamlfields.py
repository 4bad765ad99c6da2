"""Typed, located access to the values of a YAML plan file.

``FieldReader`` turns the nodes of ``yamlnodes`` into Python values field by field, so that
every error names the file, the line and the field, and unknown keys are refused.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from projectboard.engine.errors import (
    E_BAD_VALUE,
    E_DUPLICATE_ID,
    E_MISSING_KEY,
    E_UNKNOWN_KEY,
    E_UNKNOWN_REFERENCE,
    Location,
    PlanError,
)
from projectboard.planfile.syntax import parse_datetime
from projectboard.planfile.yamlnodes import Map, Node, Scalar, Seq

T = TypeVar("T")


class FieldReader:
    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.errors: list[PlanError] = []

    # -- helpers ---------------------------------------------------------------------------------
    def err(self, code: str, message: str, line: int | None, **kw: object) -> PlanError:
        return PlanError(code, message, location=Location(self.filename, line), **kw)  # type: ignore[arg-type]

    def mapping(self, node: Node | None, what: str, keys: tuple[str, ...], line: int) -> Map:
        if not isinstance(node, Map):
            raise self.err(
                E_BAD_VALUE, f"{what} must be a mapping of keys to values", line_of(node, line)
            )
        for key in node.items:
            if key not in keys:
                raise self.err(
                    E_UNKNOWN_KEY,
                    f"{what}: unknown key {key!r} (expected one of: {', '.join(keys)})",
                    node.key_lines.get(key, node.line),
                    value=key,
                )
        return node

    def seq(self, node: Node | None, what: str, line: int) -> list[Node]:
        if node is None or (isinstance(node, Scalar) and node.is_null):
            return []
        if not isinstance(node, Seq):
            raise self.err(E_BAD_VALUE, f"{what} must be a list", line_of(node, line))
        return node.items

    def scalar(self, m: Map, key: str, what: str, *, required: bool = False) -> Scalar | None:
        node = m.items.get(key)
        if node is None or (isinstance(node, Scalar) and node.is_null):
            if required:
                raise self.err(E_MISSING_KEY, f"{what}: {key!r} is required", m.line, value=key)
            return None
        if not isinstance(node, Scalar):
            raise self.err(
                E_BAD_VALUE, f"{what}: {key} must be a single value", node.line, value=key
            )
        return node

    def text(
        self, m: Map, key: str, what: str, *, required: bool = False, default: str = ""
    ) -> str:
        node = self.scalar(m, key, what, required=required)
        return node.value if node is not None else default

    def convert(self, m: Map, key: str, what: str, fn: Callable[[str], T]) -> T | None:
        node = self.scalar(m, key, what)
        if node is None:
            return None
        try:
            return fn(node.value)
        except PlanError as exc:
            raise PlanError(
                exc.code,
                f"{what}: {key}: {exc.message}",
                location=Location(self.filename, node.line),
                value=exc.value,
            ) from None
        except ValueError:
            raise self.err(
                E_BAD_VALUE,
                f"{what}: {key} {node.value!r} is not valid",
                node.line,
                value=node.value,
            ) from None

    def integer(self, m: Map, key: str, what: str) -> int | None:
        return self.convert(m, key, what, to_int)

    def positive(self, m: Map, key: str, what: str, default: int) -> int:
        value = self.integer(m, key, what)
        if value is None:
            return default
        if value <= 0:
            line = m.key_lines.get(key, m.line)
            raise self.err(
                E_BAD_VALUE, f"{what}: {key} {value} must be more than 0", line, value=value
            )
        return value

    def boolean(self, m: Map, key: str, what: str) -> bool | None:
        return self.convert(m, key, what, to_bool)

    def strings(self, m: Map, key: str, what: str) -> list[str]:
        node = m.items.get(key)
        if isinstance(node, Scalar) and not node.is_null:
            return [node.value]
        out = []
        for item in self.seq(node, f"{what}: {key}", m.line):
            if not isinstance(item, Scalar):
                raise self.err(E_BAD_VALUE, f"{what}: {key} must be a list of text", item.line)
            out.append(item.value)
        return out

    def reference(self, m: Map, key: str, what: str, known: set[str], section: str) -> str:
        node = self.scalar(m, key, what, required=True)
        assert node is not None
        if node.value not in known:
            raise self.err(
                E_UNKNOWN_REFERENCE,
                f"{what}: {key} {node.value!r} is not in {section}",
                node.line,
                value=node.value,
            )
        return node.value

    def unique(self, codes: list[str], what: str, top: Map) -> None:
        seen: set[str] = set()
        for code in codes:
            if code in seen:
                raise self.err(
                    E_DUPLICATE_ID, f"{what} code {code!r} is used twice", top.line, value=code
                )
            seen.add(code)


def line_of(node: Node | None, fallback: int) -> int:
    return node.line if node is not None else fallback


def to_int(text: str) -> int:
    return int(text.strip())


def to_bool(text: str) -> bool:
    value = text.strip().lower()
    if value in ("true", "yes", "on"):
        return True
    if value in ("false", "no", "off"):
        return False
    raise ValueError(text)


def to_date(text: str) -> date:
    return parse_datetime(text, default_time=0).date()
