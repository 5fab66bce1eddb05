"""Demo reach data: a synthetic Zoetermeer register loaded into the database and a first run over it."""

import os
from pathlib import Path

from django.conf import settings

from meedoen.casework.access import today
from meedoen.municipalities.models import Municipality
from meedoen.municipalities.rulebook import current_rulebook

from .models import ReachRun, RegisterLoad
from .register.synthetic import generate_register
from .services.runs import load_register, start_run


def demo_day():
    """The demo's day (today or the pinned date), within the rulebook's validity."""
    day = today()
    first, last = current_rulebook().covered
    return min(max(day, first), last)


def load_reach_demo(households=None):
    """Idempotent: generate and load the synthetic register once, and run it once. Returns the run."""
    municipality = Municipality.objects.get(slug="zoetermeer")
    households = households or int(os.environ.get("MEEDOEN_DEMO_REGISTER_HOUSEHOLDS", "49000"))
    day = demo_day()
    load = RegisterLoad.objects.filter(municipality=municipality, synthetic=True).first()
    if load is None:
        folder = Path(settings.DATA_DIR) / "registers" / "zoetermeer"
        register = generate_register(folder, households, day=day, overwrite=True)
        load = load_register(register.path, municipality)
    run = ReachRun.objects.filter(register_load=load, state=ReachRun.DONE).first()
    if run is None:
        run = start_run(municipality, day, None, load=load, background=False)
    from .applications.services import seed_demo_applications
    from .impact import write_demo_proposals

    seed_demo_applications(municipality, 3000, seed=2026)
    proposals = Path(settings.MEEDOEN_PROPOSED_RULEBOOKS) if settings.MEEDOEN_PROPOSED_RULEBOOKS else None
    if proposals is not None and not (proposals.exists() and any(proposals.iterdir())):
        write_demo_proposals(proposals)
    return run
