#!/usr/bin/env bash
# Set up and run the main job: check the rulebook and show what example households are entitled to.
source "$(dirname "$0")/_venv.sh"
meedoen rules validate
meedoen rules test
for household in examples/households/*.json; do
  echo
  echo "=== $household"
  meedoen check "$household" --date "${MEEDOEN_DATE:-2026-03-01}"
done
echo
echo "Try: .venv/bin/meedoen check examples/households/eenoudergezin-115-procent.json --lang en"
echo "     .venv/bin/meedoen check examples/households/eenoudergezin-115-procent.json --move-to groningen"
