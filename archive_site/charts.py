"""Bar charts drawn on the server as inline SVG.

No script and no inline style (the site's CSP allows neither): geometry goes in
presentation attributes, colours come from classes in static/css/site.css. The
chart is an image for sighted readers; the page puts the same numbers in a
<table> for screen readers, so the SVG is labelled but its parts are hidden.
"""

from dataclasses import dataclass
from html import escape

from django.utils.safestring import mark_safe

from archive_site.text import to_persian_digits


@dataclass(frozen=True)
class Bar:
    label: str  # shown under the bar (e.g. a month name)
    value: int
    title: str = ""  # full label for the tooltip (e.g. "آذر ۱۴۰۵: ۳ خبر")


def _nice_max(value):
    """A round top for the axis, at or above `value`."""
    if value <= 5:
        return max(value, 1)
    step = 10 ** (len(str(value)) - 1)
    for factor in (1, 2, 2.5, 5, 10):
        top = int(step * factor)
        if top >= value:
            return top
    return value


def labelled_bars(bars, every):
    """Indexes of the bars labelled under the axis: the tallest always (a reader looks for it), then every
    `every`-th bar that is at least `every` bars away from it, so labels never crowd each other."""
    if not bars:
        return set()
    tallest = max(range(len(bars)), key=lambda index: (bars[index].value, index))
    every = max(1, every)
    return {tallest} | {index for index in range(0, len(bars), every) if abs(index - tallest) >= every}


def bar_chart(bars, *, title, width=480, height=220, right_to_left=True, label_every=1):
    """An SVG bar chart of `bars` (in time order). Right to left by default, as Persian reads.

    `label_every` prints every n-th label under the axis so that many months stay legible.
    """
    bars = list(bars)
    title_html = escape(title)
    if not bars:
        return mark_safe("")
    top = _nice_max(max(bar.value for bar in bars))
    pad_top, pad_bottom, pad_side = 16, 36, 30
    plot_w = width - 2 * pad_side
    plot_h = height - pad_top - pad_bottom
    slot = plot_w / len(bars)
    bar_w = max(slot * 0.7, 1.0)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{title_html}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{title_html}</title>",
        '<g aria-hidden="true">',
    ]
    # Grid lines at 0, half and top, labelled with Persian digits on the start side.
    for fraction in (0, 0.5, 1):
        y = pad_top + plot_h * (1 - fraction)
        value = to_persian_digits(round(top * fraction))
        parts.append(f'<line class="chart-grid" x1="{pad_side}" x2="{width - pad_side}" y1="{y:.1f}" y2="{y:.1f}"/>')
        label_x = width - pad_side + 6 if right_to_left else pad_side - 6
        anchor = "start" if right_to_left else "end"
        # Centred on its grid line (dominant-baseline), so «۰» sits on the baseline instead of hanging below it.
        parts.append(
            f'<text class="chart-axis" x="{label_x:.1f}" y="{y:.1f}" text-anchor="{anchor}" dominant-baseline="middle">{value}</text>'
        )
    labelled = labelled_bars(bars, label_every)
    for index, bar in enumerate(bars):
        slot_x = (width - pad_side - slot * (index + 1)) if right_to_left else (pad_side + slot * index)
        x = slot_x + (slot - bar_w) / 2
        bar_h = plot_h * bar.value / top if top else 0
        y = pad_top + plot_h - bar_h
        tooltip = escape(bar.title or f"{bar.label}: {to_persian_digits(bar.value)}")
        parts.append(
            f'<rect class="chart-bar" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{bar_h:.1f}">'
            f"<title>{tooltip}</title></rect>"
        )
        if index in labelled:
            parts.append(
                f'<text class="chart-label" x="{slot_x + slot / 2:.1f}" y="{height - pad_bottom + 16}" '
                f'text-anchor="middle">{escape(bar.label)}</text>'
            )
    parts.append("</g></svg>")
    return mark_safe("".join(parts))
