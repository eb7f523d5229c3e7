"""Numbers written into SVG markup (the charts and the territory map)."""


def svg_number(value):
    """A coordinate or length for SVG markup: one decimal, never localised, no trailing
    ".0"."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text
