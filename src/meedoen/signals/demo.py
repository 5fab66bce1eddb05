"""Demo data of signals (called by meedoen.workspace.demo.load_demo after casework and reach)."""


def load_signals_demo():
    """Idempotent; returns a short summary for the demo command's output."""
    return {}
