"""The business case, pure: money, cost model, apportionment, appraisal, options, satisfaction.

Never imports Django or ``projectboard.web`` (``tests/test_layering.py`` enforces it): the web
app stores what finance leads enter and calls into this package to compute.
"""
