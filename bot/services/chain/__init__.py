"""The chain of offices: each level receives what the level below forwarded, returns it with a
note, recommends upward within its quota, ranks and publicises where its notice says, and
exports what it owes; every decision can be undone, with a reason, until the level above has
received the packet.

`levels` maps a pack's `chain` onto office keys and staff accounts, `decisions` holds the
actions, `queue` the server-side lists, `workdays` and `publicity` the 公示 period and text.
"""
