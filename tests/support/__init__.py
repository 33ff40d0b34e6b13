"""Real services the tests start on loopback (see azurite.py)."""
