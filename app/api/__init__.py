"""The async client layer: a sans-I/O core and a thin httpx shell per site (no Qt)."""
