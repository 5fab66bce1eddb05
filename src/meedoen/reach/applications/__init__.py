"""Applications for schemes, decisions with reasons, objections, and lead times (Django app ``reach_applications``)."""
