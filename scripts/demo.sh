#!/usr/bin/env bash
# Set up and run the demo platform on the embedded database (SQLite in ./var), on 127.0.0.1.
source "$(dirname "$0")/_venv.sh"
export MEEDOEN_DEMO=1
export MEEDOEN_DATA_DIR="${MEEDOEN_DATA_DIR:-$PWD/var}"
export DJANGO_SETTINGS_MODULE=meedoen.web.settings
PORT="${PORT:-8000}"
meedoen rules validate
meedoen rules test
python -m django migrate --noinput
python -m django createcachetable
python -m django load_demo
python -m django collectstatic --noinput >/dev/null
cat <<INFO

Meedoen runs at http://127.0.0.1:$PORT/
  Resident check (no login):  http://127.0.0.1:$PORT/
  Professional workspace:     http://127.0.0.1:$PORT/werkplek/   (casework: /werkplek/gezinnen/)
  Family portal:              http://127.0.0.1:$PORT/mijn-gezin/
  Open API (OpenAPI schema):  http://127.0.0.1:$PORT/api/v1/schema/
  Demo logins (user / password): professional / professional, coordinator / coordinator,
                                 beleid / beleid, beleid2 / beleid2 (policy: reach at /werkplek/bereik/;
                                 a batch that one makes, the other approves), beheer / beheer (functional administrator);
    partner organisations: schuldhulp, school, jeugdzorg, ggz, jgz, woning (password = username);
    families: gezin-bakker, gezin-yilmaz, gezin-devries (password = username)
Stop with Ctrl+C.
INFO
# Prometheus counters of both workers in one place (docs/operations.md, Metrics); emptied at every start.
export PROMETHEUS_MULTIPROC_DIR="$MEEDOEN_DATA_DIR/metrics"
rm -rf "$PROMETHEUS_MULTIPROC_DIR" && mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
exec gunicorn meedoen.web.wsgi:application --bind "127.0.0.1:$PORT" --workers 2 --access-logfile -
