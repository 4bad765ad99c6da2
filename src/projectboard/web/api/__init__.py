"""The REST API (django-ninja) under ``/api/``: projects, work packages, tasks and the
schedule, for holders of an API token. Every read and write goes through the same access
functions and services as the pages."""
