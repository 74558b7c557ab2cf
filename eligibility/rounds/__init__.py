"""Rounds: each edition of a programme's notice as data, opened by an office without a release.

`model` is the round file's shape, `build` checks a round and merges it with its pack,
`draft` starts the next round from the previous one and a new notice's text, `differences`
lists what the new notice changed and whether each change is settled, and `registry` holds the
rounds opened so far, which `eligibility.programmes()` serves.
"""
