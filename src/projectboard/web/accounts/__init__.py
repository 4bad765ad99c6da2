"""Logging in and out (Django's auth); a user may be linked to a ``projects.Person``."""
