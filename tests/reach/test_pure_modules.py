"""The pure part of reach imports no web framework (docs/architecture.md: what may import what)."""

import subprocess
import sys

PURE = ["meedoen.reach.run", "meedoen.reach.figures", "meedoen.reach.national", "meedoen.reach.cli",
        "meedoen.reach.impact", "meedoen.reach.register.format", "meedoen.reach.register.store",
        "meedoen.reach.register.synthetic", "meedoen.reach.register.brp", "meedoen.reach.register.benefits_file",
        "meedoen.reach.register.importer", "meedoen.reach.register.validate"]


def test_pure_reach_modules_do_not_import_django():
    code = ("import sys, importlib\n"
            f"for name in {PURE!r}: importlib.import_module(name)\n"
            "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
            "print(len(bad)); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
