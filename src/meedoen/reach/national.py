"""The reach run over every municipality of a register on Dask distributed.

The register's parts are the partitions: each part holds households of one municipality, so one
task evaluates one part of one municipality with that municipality's rulebook folder (or, where
the rulebook has none, no municipal scheme). Workers read the register and write their outcome
files themselves; only the small counts travel back. The result is the same as
:func:`meedoen.reach.run.run_register` on one machine (tests/reach/test_national.py).

In tests and on one machine a ``LocalCluster`` is started; against a real cluster pass the
scheduler's address (``tcp://host:8786``). Workers then need this package installed and the
register and output folders on storage they all see (docs/reach.md, "National run").
"""

import shutil
from functools import lru_cache
from pathlib import Path

from ..rules import load_rulebook
from . import figures as fig
from .register.store import open_register
from .run import RunResult, _temporary_folder, _write_outcomes, evaluate_part, finish, receipt


@lru_cache(maxsize=4)
def _rulebook(path):
    return load_rulebook(path)


@lru_cache(maxsize=4)
def _register(path, sha256):
    """The register, opened once per worker (its manifest lists every part's files)."""
    register = open_register(path)
    if register.manifest.get("sha256") != sha256:
        raise RuntimeError(f"the register at {path} changed during the run")
    return register


def _run_part(rulebook_path, rulebook_hash, register_path, part_name, day, out_folder, stamp):
    """One task: evaluate one part, write its outcomes, return its counts."""
    rulebook = _rulebook(rulebook_path)
    if rulebook.hash != rulebook_hash:
        raise RuntimeError(f"worker's rulebook at {rulebook_path} has hash {rulebook.hash}, not {rulebook_hash}")
    register = _register(register_path, stamp["register_sha256"])
    part = next(p for p in register.parts if p.name == part_name)
    outcomes = evaluate_part(rulebook, register.read(part), day)
    if out_folder is not None:
        _write_outcomes(outcomes, Path(out_folder) / "outcomes" / f"{part.name}.parquet", stamp)
    return fig.count(outcomes), part.households


def run_national(rulebook_path, register_path, day, out=None, *, scheduler=None, workers=2,
                 progress=None, overwrite=False):
    """Run every part of the register on a Dask cluster; same outputs as ``run_register``.

    ``scheduler``: address of a running scheduler; None starts a LocalCluster of ``workers``
    single-threaded worker processes for the duration of the run.
    """
    from dask.distributed import Client, LocalCluster, as_completed

    rulebook = _rulebook(str(rulebook_path))
    register = open_register(register_path)
    stamp = receipt(rulebook, day, register)
    tmp = _temporary_folder(out, overwrite)
    cluster = None
    try:
        if scheduler is None:
            # One Polars thread per worker process: the workers are the parallelism.
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   host="127.0.0.1", dashboard_address=None, memory_limit=0,
                                   env={"POLARS_MAX_THREADS": "1"})
        with Client(scheduler or cluster) as client:
            # Largest parts first, so the last tasks are small ones.
            parts = sorted(register.parts, key=lambda p: -p.households)
            futures = [client.submit(_run_part, str(rulebook_path), rulebook.hash, str(register.path), p.name,
                                     day, str(tmp) if tmp else None, stamp, key=f"reach-{p.name}", pure=False)
                       for p in parts]
            counts, done, total = [], 0, register.households
            for future in as_completed(futures):
                part_counts, households = future.result()
                counts.append(part_counts)
                done += households
                if progress:
                    progress(done, total)
        figures = finish(counts, rulebook, day, stamp, tmp, out)
    except BaseException:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        if cluster is not None:
            cluster.close()
    return RunResult(stamp, figures, done, Path(out) if out else None)
