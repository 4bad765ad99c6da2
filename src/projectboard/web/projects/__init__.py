"""Projects, partners, people, roles, work packages and the plan's tasks."""
