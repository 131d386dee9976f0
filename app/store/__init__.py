"""Profiles (platformdirs config file), secrets (keyring) and the local cache (no Qt)."""
