"""projectboard: the project office for joint public-sector projects."""

__version__ = "0.1.0"
