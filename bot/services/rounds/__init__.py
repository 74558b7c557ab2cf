"""Rounds in the database: drafts an office works on, opened rounds every process serves.

`store` saves drafts and opens a round (refused while a difference is open), `cache` installs
the opened rounds into `eligibility.rounds.registry` in every process, within
`cache.CHECK_SECONDS` of the opening (at once in the process that opened it).
"""
