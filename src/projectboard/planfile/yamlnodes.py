"""A small, strict YAML reader that keeps line numbers.

Built on the event stream of PyYAML's parser (its C parser when available) rather than its
constructor: every value remembers its line, scalars stay text until the schema says what
they are, and anchors, aliases and tags are refused (they make a plan file hard to review
and are how "billion laughs" documents blow up).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from projectboard.engine.errors import (
    E_YAML_ALIAS,
    E_YAML_SYNTAX,
    E_YAML_TAG,
    Location,
    PlanError,
)

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader


@dataclass
class Scalar:
    value: str
    line: int
    plain: bool  # unquoted, so ``null``, ``~`` and empty mean "nothing"

    @property
    def is_null(self) -> bool:
        return self.plain and self.value in ("", "~", "null", "Null", "NULL")


@dataclass
class Seq:
    items: list[Node]
    line: int


@dataclass
class Map:
    items: dict[str, Node]
    line: int
    key_lines: dict[str, int] = field(default_factory=dict)


Node = Scalar | Seq | Map


def load(text: str, filename: str) -> Node | None:
    """Parse one YAML document into nodes; ``None`` for an empty file."""
    stack: list[Seq | Map] = []
    pending_key: list[str | None] = []
    root: Node | None = None

    def where(mark: Any) -> Location:
        return Location(filename, mark.line + 1 if mark else None)

    def attach(node: Node, mark: Any) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        parent = stack[-1]
        if isinstance(parent, Seq):
            parent.items.append(node)
            return
        key = pending_key[-1]
        if key is None:
            if not isinstance(node, Scalar):
                raise PlanError(
                    E_YAML_SYNTAX, "mapping keys must be plain words", location=where(mark)
                )
            if node.value in parent.items:
                raise PlanError(
                    E_YAML_SYNTAX,
                    f"key {node.value!r} appears twice in the same mapping",
                    location=where(mark),
                    value=node.value,
                )
            pending_key[-1] = node.value
            parent.key_lines[node.value] = node.line
        else:
            parent.items[key] = node
            pending_key[-1] = None

    def refuse_anchor_or_tag(event: Any) -> None:
        if event.anchor is not None:
            raise PlanError(
                E_YAML_ALIAS,
                "YAML anchors and aliases (&name, *name) are not allowed in plan files",
                location=where(event.start_mark),
            )
        if event.tag is not None and not _implicit(event):
            raise PlanError(
                E_YAML_TAG,
                f"YAML tag {event.tag!r} is not allowed in plan files",
                location=where(event.start_mark),
                value=event.tag,
            )

    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    ends = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
    try:
        # Dispatch on the exact event type, scalars first: they are most of a plan file.
        event: Any  # PyYAML's event classes are not typed by subclass
        for event in yaml.parse(text, Loader=_Loader):
            kind = type(event)
            if kind is scalar_event:
                if event.anchor is not None or event.tag is not None:
                    refuse_anchor_or_tag(event)
                mark: Any = event.start_mark
                attach(Scalar(event.value, mark.line + 1, event.style is None), mark)
            elif kind in ends:
                stack.pop()
                pending_key.pop()
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                refuse_anchor_or_tag(event)
                mark = event.start_mark
                node: Seq | Map = (
                    Map({}, mark.line + 1)
                    if kind is yaml.MappingStartEvent
                    else Seq([], mark.line + 1)
                )
                attach(node, mark)
                stack.append(node)
                pending_key.append(None)
            elif kind is alias_event:
                raise PlanError(
                    E_YAML_ALIAS,
                    "YAML anchors and aliases (&name, *name) are not allowed in plan files",
                    location=where(event.start_mark),
                )
            elif kind is yaml.DocumentStartEvent and root is not None:
                raise PlanError(
                    E_YAML_SYNTAX,
                    "a plan file holds one YAML document",
                    location=where(event.start_mark),
                )
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise PlanError(
            E_YAML_SYNTAX, f"not valid YAML: {exc.problem or exc.context}", location=where(mark)
        ) from None
    except yaml.YAMLError as exc:
        raise PlanError(E_YAML_SYNTAX, f"not valid YAML: {exc}", location=where(None)) from None
    return root


def _implicit(event: yaml.Event) -> bool:
    implicit = getattr(event, "implicit", True)
    if isinstance(implicit, tuple):
        return any(implicit)
    return bool(implicit)
