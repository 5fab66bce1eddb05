"""Demo data: municipalities, one user per role and the example households with a first check."""

import json
import os
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from meedoen.municipalities.models import Municipality
from meedoen.municipalities.rulebook import current_rulebook, sync_municipalities
from meedoen.portal.views import check_date
from meedoen.rules.errors import InputError
from meedoen.rules.evaluate import evaluate
from meedoen.rules.household import household_problems

from . import roles
from .models import CheckRecord, ClientHousehold

# username, password, role
DEMO_USERS = [
    ("professional", "professional", roles.PROFESSIONAL),
    ("coordinator", "coordinator", roles.COORDINATOR),
    ("beleid", "beleid", roles.POLICY),
    ("beleid2", "beleid2", roles.POLICY),  # a second civil servant: batches of offers need four eyes
    ("beheer", "beheer", roles.FUNCTIONAL_ADMIN),
]


def examples_dir():
    """examples/households of the repository: MEEDOEN_EXAMPLES_DIR (setting or environment) or next to src/."""
    configured = getattr(settings, "MEEDOEN_EXAMPLES_DIR", None) or os.environ.get("MEEDOEN_EXAMPLES_DIR")
    if configured:
        return Path(configured)
    # src/meedoen/workspace/demo.py -> repository root is three folders above the package.
    return Path(__file__).resolve().parents[3] / "examples" / "households"


def ensure_users():
    """Create the demo users with their role; reset a changed password. Returns [(username, password, role)]."""
    User = get_user_model()
    for username, password, role in DEMO_USERS:
        user, created = User.objects.get_or_create(username=username)
        if created or not user.check_password(password):
            user.set_password(password)
            user.save()
        group, _ = Group.objects.get_or_create(name=role)
        user.groups.add(group)
    return DEMO_USERS


def load_examples(folder, owner, warn=print):
    """Each example household as a ClientHousehold (reference = file name) with a first check.

    Already loaded ones are left alone, so running this twice adds nothing.
    Returns (created, skipped) counts.
    """
    rulebook = current_rulebook()
    day = check_date()
    created = skipped = 0
    files = sorted(Path(folder).glob("*.json")) if Path(folder).is_dir() else []
    if not files:
        warn(f"No example households found in {folder}; none loaded.")
    for path in files:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            warn(f"{path.name}: not read ({exc}); skipped.")
            continue
        problems = household_problems(data, on=day)
        rules = rulebook.municipality(data["municipality"]) if not problems else None
        if problems or rules is None:
            warn(f"{path.name}: not a valid household ({'; '.join(map(str, problems)) or 'unknown municipality'}); skipped.")
            continue
        data = {**data, "municipality": rules.id}
        municipality = Municipality.objects.get(slug=rules.id)
        with transaction.atomic():
            household, made = ClientHousehold.objects.get_or_create(
                municipality=municipality, reference=path.stem,
                defaults={"household": data, "created_by": owner})
            if not made:
                skipped += 1
                continue
            try:
                result = evaluate(rulebook, data, day, municipality=rules.id)
            except InputError as exc:
                warn(f"{path.name}: loaded, but not checked: {'; '.join(map(str, exc.problems))}")
            else:
                CheckRecord.from_result(household, result, owner).save()
            created += 1
    return created, skipped


def load_demo(folder=None, warn=print):
    municipalities = sync_municipalities()
    users = ensure_users()
    owner = get_user_model().objects.get(username="professional")
    created, skipped = load_examples(folder or examples_dir(), owner, warn=warn)
    from meedoen.casework.demo import load_casework_demo

    casework = load_casework_demo()
    from meedoen.reach.demo import load_reach_demo

    reach = load_reach_demo()
    from meedoen.signals.demo import load_signals_demo
    from meedoen.debthelp.demo import load_debthelp_demo

    signals = load_signals_demo()
    debthelp = load_debthelp_demo()
    return {"municipalities": municipalities, "users": users, "created": created, "skipped": skipped, "casework": casework,
            "reach": reach, "signals": signals, "debthelp": debthelp}
