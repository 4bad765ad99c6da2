"""Downloads name their file safely, whatever the name holds."""

from __future__ import annotations

from projectboard.web.downloads import attachment


def test_a_plain_name_is_quoted() -> None:
    response = attachment(b"%PDF-", "application/pdf", "highlight-report.pdf")
    assert (response["Content-Type"], response["Content-Disposition"]) == (
        "application/pdf",
        'attachment; filename="highlight-report.pdf"',
    )


def test_quotes_and_accents_cannot_break_the_header() -> None:
    response = attachment("x", "text/plain", 'Allerdale–Carlisle "plan".txt')
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''Allerdale%E2%80%93Carlisle%20%22plan%22.txt"
    )
