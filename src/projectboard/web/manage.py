"""``projectboard-web``: Django's ``manage.py`` for the web app."""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "projectboard.web.settings")
    from django.conf import settings
    from django.core.management import execute_from_command_line

    if "DATABASE_URL" not in os.environ:
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
