"""Llais's benchmarks: respondent throughput and export scaling, printed as figures (never judged by tests).

`python -m benchmarks` runs everything on SQLite and PostgreSQL; `python -m benchmarks --smoke` takes seconds.
"""
