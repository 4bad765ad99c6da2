"""Reports drawn from a plan and its schedule: charts and tables for people, not the engine."""
