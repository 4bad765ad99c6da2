"""Calling the API as a persona: each holds a token; ``no_token`` sends none and
``revoked_token`` sends the project manager's revoked one."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.test import Client

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

MEMBERS = ["pm", "wp_lead_fin", "wp_lead_gis", "deputy_hr", "board_member", "observer"]
PERSONAS = [*MEMBERS, "outsider", "no_token", "revoked_token"]


class Api:
    """A test client that sends a bearer token (or none) and JSON bodies."""

    def __init__(self, token: str | None, client: Client | None = None) -> None:
        self.client = client or Client()
        self.token = token

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def get(self, url: str) -> Response:
        return self.client.get(url, headers=self._headers())

    def patch(self, url: str, body: dict[str, Any]) -> Response:
        return self.client.patch(
            url, json.dumps(body), content_type="application/json", headers=self._headers()
        )

    def call(self, method: str, url: str, body: dict[str, Any] | None = None) -> Response:
        if method == "GET":
            return self.get(url)
        assert method == "PATCH" and body is not None
        return self.patch(url, body)


ApiFor = Callable[[str], Api]
