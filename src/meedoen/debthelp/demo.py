"""Demo data of debthelp (called by meedoen.workspace.demo.load_demo after casework and reach)."""


def load_debthelp_demo():
    """Idempotent; returns a short summary for the demo command's output."""
    return {}
