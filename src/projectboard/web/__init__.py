"""The Django web app: stores what users enter; the engine computes schedules from it."""
