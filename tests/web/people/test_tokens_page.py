"""The API tokens page: every logged-in user lists, creates and revokes their own tokens;
another user's token is the same 404 as a missing one."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import User
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse

from projectboard.web.accounts.models import ApiToken
from projectboard.web.api.tokens import api_token_create, token_hash, user_for_token

from .support import PERSONAS, login

TOKENS_URL = "/accounts/tokens/"


def revoke_url(token_id: int) -> str:
    return reverse("api-token-revoke", kwargs={"token_id": token_id})


def tokens_snapshot() -> list[dict[str, object]]:
    return [model_to_dict(t) for t in ApiToken.objects.order_by("pk")]


def test_the_urls() -> None:
    assert reverse("api-tokens") == TOKENS_URL
    assert revoke_url(7) == "/accounts/tokens/7/revoke/"


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_user_may_open_their_tokens_page(
    client: Client, project: object, persona: str, request: pytest.FixtureRequest
) -> None:
    login(client, request, persona)
    response = client.get(TOKENS_URL)
    if persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next={TOKENS_URL}"
    else:
        assert response.status_code == 200
        assert '<td colspan="5">You have no tokens.</td>' in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_user_may_create_a_token_for_themselves(
    client: Client, project: object, persona: str, request: pytest.FixtureRequest
) -> None:
    login(client, request, persona)
    response = client.post(TOKENS_URL, {"name": "reports"})
    if persona == "anonymous":
        assert response.status_code == 302
        assert tokens_snapshot() == []
        return
    assert response.status_code == 201
    user = request.getfixturevalue(persona)
    token = ApiToken.objects.get()
    assert (token.user, token.name, token.revoked) == (user, "reports", None)


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_owner_may_revoke_a_token(
    client: Client, project: object, pm: User, persona: str, request: pytest.FixtureRequest
) -> None:
    api_token_create(user=pm, name="reports")
    token = ApiToken.objects.get()
    login(client, request, persona)
    before = tokens_snapshot()
    response = client.post(revoke_url(token.pk))
    status = {"pm": 303, "anonymous": 302}.get(persona, 404)
    assert response.status_code == status
    if persona == "pm":
        assert response["Location"] == TOKENS_URL
        token.refresh_from_db()
        assert token.revoked is not None
    else:
        assert tokens_snapshot() == before


def test_the_secret_is_shown_once_and_not_cached(client: Client, pm: User) -> None:
    client.force_login(pm)
    response = client.post(TOKENS_URL, {"name": " Power BI "})
    page = response.content.decode()
    token = ApiToken.objects.get()
    start = page.index('id="token-secret" value="') + len('id="token-secret" value="')
    secret = page[start : page.index('"', start)]
    assert secret.startswith("pb_")
    assert token_hash(secret) == token.token_hash
    assert token.name == "Power BI"
    assert user_for_token(secret) == pm
    assert "<h1>Token Power BI created</h1>" in page
    assert "Copy the token now" in page
    assert "This is the only time it is shown" in page
    assert "no-store" in response["Cache-Control"]
    listing = client.get(TOKENS_URL).content.decode()
    assert secret not in listing
    assert '<th scope="row">Power BI</th>' in listing


def test_the_list_shows_created_last_used_and_revoked(
    client: Client, pm: User, board_member: User
) -> None:
    api_token_create(user=pm, name="old")
    api_token_create(user=pm, name="reports")
    api_token_create(user=board_member, name="not yours")
    ApiToken.objects.filter(name="old").update(
        created=datetime(2008, 3, 7, 9, tzinfo=UTC),
        last_used=datetime(2008, 3, 10, 12, tzinfo=UTC),
        revoked=datetime(2008, 4, 1, 8, tzinfo=UTC),
    )
    ApiToken.objects.filter(name="reports").update(created=datetime(2008, 5, 1, 9, tzinfo=UTC))
    reports = ApiToken.objects.get(name="reports")
    client.force_login(pm)
    page = client.get(TOKENS_URL).content.decode()
    assert "not yours" not in page
    # Newest first; times in UK time (British Summer Time from 30 March 2008).
    assert (
        '<th scope="row">reports</th>\n'
        '      <td><time datetime="2008-05-01T10:00:00+01:00">Thu 01/05/2008 10:00</time></td>\n'
        "      <td>Never</td>\n"
        "      <td>In use</td>\n"
        f'      <td><form class="inline" method="post" action="{revoke_url(reports.pk)}">'
    ) in page
    assert (
        '<th scope="row">old</th>\n'
        '      <td><time datetime="2008-03-07T09:00:00+00:00">Fri 07/03/2008 09:00</time></td>\n'
        '      <td><time datetime="2008-03-10T12:00:00+00:00">Mon 10/03/2008 12:00</time></td>\n'
        '      <td><time datetime="2008-04-01T09:00:00+01:00">Tue 01/04/2008 09:00</time></td>\n'
        "      <td></td>"
    ) in page
    assert page.index('<th scope="row">reports</th>') < page.index('<th scope="row">old</th>')


def test_a_token_needs_a_name(client: Client, pm: User) -> None:
    client.force_login(pm)
    response = client.post(TOKENS_URL, {"name": "   "})
    assert response.status_code == 422
    page = response.content.decode()
    assert "<title>Error: API tokens" in page
    assert '<a href="#id_name">Name: A token needs a name.</a>' in page
    assert tokens_snapshot() == []


def test_a_too_long_name_is_refused(client: Client, pm: User) -> None:
    client.force_login(pm)
    response = client.post(TOKENS_URL, {"name": "x" * 101})
    assert response.status_code == 422
    assert "Ensure this value has at most 100 characters (it has 101)." in (
        response.content.decode()
    )
    assert tokens_snapshot() == []


def test_a_revoked_token_no_longer_works(client: Client, pm: User) -> None:
    secret = api_token_create(user=pm, name="reports")
    token = ApiToken.objects.get()
    client.force_login(pm)
    response = client.post(revoke_url(token.pk), follow=True)
    assert "Token &#x27;reports&#x27; is revoked: it no longer works." in (
        response.content.decode()
    )
    assert user_for_token(secret) is None
    # Revoking again keeps the first date.
    revoked = ApiToken.objects.get().revoked
    assert client.post(revoke_url(token.pk)).status_code == 303
    assert ApiToken.objects.get().revoked == revoked


def test_revoking_needs_a_post_and_the_csrf_token(pm: User) -> None:
    api_token_create(user=pm, name="reports")
    token = ApiToken.objects.get()
    client = Client(enforce_csrf_checks=True)
    client.force_login(pm)
    before = tokens_snapshot()
    assert client.get(revoke_url(token.pk)).status_code == 405
    assert client.post(revoke_url(token.pk)).status_code == 403
    assert client.post(TOKENS_URL, {"name": "sneaky"}).status_code == 403
    assert tokens_snapshot() == before


def test_a_missing_token_is_404(client: Client, pm: User) -> None:
    client.force_login(pm)
    assert client.post(revoke_url(999999)).status_code == 404


def test_the_header_links_to_the_tokens_page(client: Client, project: object, pm: User) -> None:
    client.force_login(pm)
    page = client.get(reverse("project-list")).content.decode()
    assert f'<li><a href="{TOKENS_URL}">API tokens</a></li>' in page
