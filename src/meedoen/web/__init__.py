"""The Django project: settings, root URLs, base templates. Domain apps live beside it."""
