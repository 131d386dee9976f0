"""Plain typed records and pure logic (no I/O, no Qt)."""
