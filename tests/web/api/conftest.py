from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from projectboard.web.api.tokens import api_token_create, api_token_revoke
from projectboard.web.projects.models import Project

from .support import Api, ApiFor


@pytest.fixture
def api_for(request: pytest.FixtureRequest, project: Project) -> ApiFor:
    """``api_for(persona)``: an ``Api`` acting as that persona (see ``support.PERSONAS``)."""

    def make(persona: str) -> Api:
        if persona == "no_token":
            return Api(None)
        if persona == "revoked_token":
            pm: User = request.getfixturevalue("pm")
            token = api_token_create(user=pm, name="old")
            api_token_revoke(user=pm, name="old")
            return Api(token)
        user: User = request.getfixturevalue(persona)
        return Api(api_token_create(user=user, name="tests"))

    return make
