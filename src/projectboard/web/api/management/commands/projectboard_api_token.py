"""``projectboard-web projectboard_api_token USERNAME NAME``: create an API token for a user and
print it (the only time it is shown); ``--revoke`` revokes the user's tokens of that name."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError

from projectboard.web.api.tokens import api_token_create, api_token_revoke


class Command(BaseCommand):
    help = "Create (or with --revoke, revoke) a user's API token."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username")
        parser.add_argument("name", help="What the token is for, such as 'reports'.")
        parser.add_argument("--revoke", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user {options['username']!r}")
        if options["revoke"]:
            count = api_token_revoke(user=user, name=options["name"])
            if not count:
                raise CommandError(f"{user.username} has no token {options['name']!r} in use")
            self.stdout.write(f"revoked {count} token(s)")
            return
        try:
            token = api_token_create(user=user, name=options["name"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(token)
