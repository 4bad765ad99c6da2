"""API tokens: a user may hold several, each named; only a SHA-256 hash of the token is kept,
so a stolen database yields no usable token. ``projectboard.web.api.tokens`` creates, checks
and revokes them."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for, such as 'reports'.")
    token_hash = models.CharField(max_length=64, unique=True, help_text="SHA-256, hex.")
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)
    revoked = models.DateTimeField(null=True, blank=True, help_text="When; blank: in use.")

    class Meta:
        ordering = ("user", "created", "id")

    def __str__(self) -> str:
        state = " (revoked)" if self.revoked else ""
        return f"{self.name} of {self.user}{state}"
