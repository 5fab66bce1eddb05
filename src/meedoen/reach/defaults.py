"""Which municipality a reach page opens with when none is chosen: the one with the newest data."""


def default_slug(municipalities, newest):
    """The slug of the municipality of ``newest`` (a queryset with ``municipality_id``, newest first) among
    ``municipalities``; else the first of them; "" when there are none."""
    ids = {m.pk: m.slug for m in municipalities}
    found = newest.filter(municipality_id__in=ids).values_list("municipality_id", flat=True).first()
    if found is not None:
        return ids[found]
    return municipalities[0].slug if municipalities else ""
