"""The host: Teams' HTTP requests in, the engine's replies out. One request's path through the rooms:

1. ``web/``: the aiohttp app (``app.create_app``), its routes and probes, and the request checks in
   ``middlewares`` (size, content type, JSON, the activity's shape) that answer a client's mistake
   with a JSON 4xx before any SDK sees the body.
2. ``hosts/``: the SDK that verifies the token and parses the activity (``hosts/botbuilder/`` by
   default, ``hosts/agents/`` with ``--sdk agents``, the only code that imports an SDK), then the
   shared turn (``turn``, ``conversation``): read what Teams knows (``teams_context``), load the
   session, run one engine turn, save it, and post the replies (``delivery``).
3. ``storage/``: where sessions live (SQLite by default, memory, Azure Blob Storage).
4. ``identity/``: the Bot Framework's signing keys, the bot's managed identity, and the
   time-bound threads their blocking calls run on.

Beside them: ``settings`` (read once from the environment), ``logs`` and ``telemetry``,
``outbound`` (every outbound call's proxy and CA), ``errors`` (what the layers raise to each
other), and ``cli/`` (``python -m bot chat``, ``ask`` and ``playground``).
"""
