"""Risk scores, their RAG bands and which responses suit which kind of risk. Pure: no Django.

Probability and impact are each scored 1 (very low) to 5 (very high); the score is their
product, 1 to 25. The bands, the same for threats and opportunities (for an opportunity a
red score means a large chance worth pursuing):

======  =========  ========================================
score   RAG        meaning
======  =========  ========================================
15-25   Red        High: the board sees it at every meeting
5-12    Amber      Medium: the project manager manages it
1-4     Green      Low: watch it at each review
======  =========  ========================================
"""

from __future__ import annotations

from dataclasses import dataclass

SCALE = range(1, 6)
SCALE_WORDS = {1: "Very low", 2: "Low", 3: "Medium", 4: "High", 5: "Very high"}

# PRINCE2's responses per kind of risk.
RESPONSES: dict[str, tuple[str, ...]] = {
    "threat": ("avoid", "reduce", "fallback", "transfer", "accept", "share"),
    "opportunity": ("exploit", "enhance", "reject", "share"),
}


@dataclass(frozen=True)
class Rag:
    """A RAG status: always shown with its word, never by colour alone."""

    code: str  # "red", "amber", "green"
    word: str  # "Red", "Amber", "Green"
    level: str  # "High", "Medium", "Low"

    def __str__(self) -> str:
        return f"{self.word} ({self.level})"


RED = Rag("red", "Red", "High")
AMBER = Rag("amber", "Amber", "Medium")
GREEN = Rag("green", "Green", "Low")


def score(probability: int, impact: int) -> int:
    """Probability x impact; each must be 1 to 5."""
    if probability not in SCALE or impact not in SCALE:
        raise ValueError(f"probability and impact must be 1 to 5, not {probability}, {impact}")
    return probability * impact


def rag(value: int) -> Rag:
    """The band of a score (1 to 25)."""
    if not 1 <= value <= 25:
        raise ValueError(f"a score is 1 to 25, not {value}")
    if value >= 15:
        return RED
    if value >= 5:
        return AMBER
    return GREEN


def response_suits(kind: str, response: str) -> bool:
    """Whether ``response`` is one of PRINCE2's responses for a ``kind`` of risk; blank (not
    decided yet) suits both."""
    return response == "" or response in RESPONSES.get(kind, ())
