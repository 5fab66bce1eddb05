#!/usr/bin/env bash
# Set up and run every test: the rule cases next to the schemes, unit and property-based tests.
source "$(dirname "$0")/_venv.sh"
meedoen rules validate
python -m pytest -q -p no:cacheprovider "$@"
