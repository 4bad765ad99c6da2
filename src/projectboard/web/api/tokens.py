"""API tokens: created once and shown once, kept only as a SHA-256 hash, sent as
``Authorization: Bearer <token>``.

A token is looked up by the hash of what the client sent, so no stored secret is ever compared
byte by byte with client input (nothing for a timing attack to measure).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from projectboard.web.accounts.models import ApiToken

PREFIX = "pb_"
# ``last_used`` is written at most this often, so that reads do not all become writes.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def api_token_create(*, user: User, name: str) -> str:
    """A new token for ``user``; the plain token is returned here and never again."""
    if not name.strip():
        raise ValueError("A token needs a name.")
    token = PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name.strip(), token_hash=token_hash(token))
    return token


def api_token_revoke(*, user: User, name: str) -> int:
    """Revoke ``user``'s tokens called ``name``; returns how many were in use."""
    return ApiToken.objects.filter(user=user, name=name, revoked=None).update(
        revoked=timezone.now()
    )


def api_tokens_of(user: User) -> list[ApiToken]:
    """``user``'s tokens, in use and revoked, newest first (only their hashes are kept)."""
    return list(ApiToken.objects.filter(user=user).order_by("-created", "-id"))


def api_token_revoke_one(*, user: User, token_id: int) -> ApiToken:
    """Revoke ``user``'s token ``token_id`` (one already revoked keeps its date). Raises
    ``ApiToken.DoesNotExist`` for a token that is missing or another user's."""
    with transaction.atomic():
        row = ApiToken.objects.select_for_update().get(user=user, pk=token_id)
        if row.revoked is None:
            row.revoked = timezone.now()
            row.save(update_fields=["revoked"])
    return row


def user_for_token(token: str) -> User | None:
    """The active user holding ``token`` if it is in use; records when it was used."""
    if not token.startswith(PREFIX):
        return None
    row = (
        ApiToken.objects.filter(token_hash=token_hash(token), revoked=None)
        .select_related("user")
        .first()
    )
    if row is None or not row.user.is_active:
        return None
    now = timezone.now()
    if row.last_used is None or now - row.last_used >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=row.pk).update(last_used=now)
    return row.user


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>``; anything else is 401. Sessions are not used."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        return user_for_token(token)
