"""The conversation, with no channel in it: `advance(state, inbound) -> Turn`.

Pure by design: no aiogram, wechatpy, aiohttp or SQLAlchemy. Adapters turn platform messages into
`Inbound`, render `Outbound` items, and the use case in `bot/conversation.py` applies `effects`.
"""
