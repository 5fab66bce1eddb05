"""Meedoen: municipal poverty schemes as code."""

__version__ = "0.1.0"
