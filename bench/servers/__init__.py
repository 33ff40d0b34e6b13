"""The servers the benchmark compares ours with, each run as its own process.

- ``floor``: a bare aiohttp handler, the fastest a Python HTTP turn can be here;
- ``echo_bot``: the stock botbuilder stack (CloudAdapter, MemoryStorage), one reply per turn;
- ``connector``: a stand-in for the Bot Connector service, where the stock bot
  posts its replies when a turn is not sent with ``deliveryMode: expectReplies``.
"""
