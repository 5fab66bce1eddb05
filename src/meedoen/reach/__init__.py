"""Reach: who is entitled but not reached, and what the municipality does about it.

Pure Python (no Django import): ``register`` (the register format, the synthetic register and the
adapters from BRP and benefits files), ``run`` (the bulk run over a register), ``figures`` (reach per
scheme with small numbers suppressed) and ``national`` (the same run over every municipality on Dask).

The Django app ``meedoen.reach`` (``apps``, ``models``, ``services``, ``views``) keeps runs, offers,
opt-outs, applications and decisions in the database, and calls the pure part.
"""
