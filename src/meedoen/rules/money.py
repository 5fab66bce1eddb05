"""Money is integer cents. Rounding and display live here, nowhere else."""

from fractions import Fraction


def round_half_up(numerator, denominator):
    """Round numerator/denominator (both non-negative ints) half up to an int."""
    return (2 * numerator + denominator) // (2 * denominator)


def percent_of(cents, percent, rounding="cent_half_up"):
    """``percent`` (a Fraction) of ``cents``, rounded as the municipality rounds limits."""
    num, den = percent.numerator, percent.denominator
    if rounding == "cent_half_up":
        return round_half_up(cents * num, den * 100)
    if rounding == "euro_up":
        # ceil(cents * pct / 100 / 100) whole euros, in cents
        exact = Fraction(cents * num, den * 100)
        euros = -((-exact.numerator) // (exact.denominator * 100))
        return euros * 100
    raise ValueError(f"unknown rounding {rounding!r}")


def share_of(cents, fraction):
    """``fraction`` of ``cents``, rounded half up to the cent."""
    return round_half_up(cents * fraction.numerator, fraction.denominator)


def format_eur(cents, lang="nl"):
    """€1.597,72 in Dutch, €1,597.72 in English; negative amounts get a minus sign."""
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    euros, rest = divmod(cents, 100)
    grouped = f"{euros:,}"
    if lang == "nl":
        grouped = grouped.replace(",", ".")
        return f"{sign}€{grouped},{rest:02d}"
    return f"{sign}€{grouped}.{rest:02d}"


def format_percent(fraction, lang="nl"):
    """A percentage with one decimal, rounded half up: 115,0% / 115.0%."""
    tenths = round_half_up(fraction.numerator * 1000, fraction.denominator) if fraction >= 0 else 0
    text = f"{tenths // 10}.{tenths % 10}"
    return (text.replace(".", ",") if lang == "nl" else text) + "%"
