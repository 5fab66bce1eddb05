"""Applications, decisions and objections (filled in by the applications helper)."""
