"""Rules: small registered functions with metadata, run over a budget package."""
