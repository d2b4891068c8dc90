"""The server-rendered SVG bar chart."""

import re

from archive_site.charts import Bar, bar_chart


def bars(*values):
    return [Bar(label=f"ماه {index}", value=value) for index, value in enumerate(values)]


def test_chart_is_labelled_svg_with_one_bar_per_value_and_no_inline_style():
    svg = str(bar_chart(bars(1, 0, 4), title="شمار خبرها"))
    assert svg.startswith('<svg class="chart"') and svg.endswith("</svg>")
    assert 'role="img"' in svg and 'aria-label="شمار خبرها"' in svg and "<title>شمار خبرها</title>" in svg
    assert svg.count('class="chart-bar"') == 3
    assert "style=" not in svg and "<script" not in svg
    assert "۴" in svg  # the axis in Persian digits


def test_bar_heights_are_proportional_and_the_latest_is_on_the_left_in_rtl():
    svg = str(bar_chart(bars(1, 2), title="t"))
    rects = re.findall(r'<rect class="chart-bar" x="([\d.]+)" y="[\d.]+" width="[\d.]+" height="([\d.]+)"', svg)
    (x_first, h_first), (x_second, h_second) = [(float(x), float(h)) for x, h in rects]
    assert h_second == 2 * h_first
    assert x_second < x_first  # time runs right to left, as Persian reads


def test_labels_are_escaped_and_empty_input_draws_nothing():
    svg = str(bar_chart([Bar(label="<b>", value=1, title="a & b")], title="<t>"))
    assert "<b>" not in svg and "&lt;b&gt;" in svg and "a &amp; b" in svg and "&lt;t&gt;" in svg
    assert str(bar_chart([], title="t")) == ""


def test_all_zero_values_do_not_divide_by_zero():
    svg = str(bar_chart(bars(0, 0, 0), title="t"))
    assert svg.count('height="0.0"') == 3


def test_the_tallest_bar_is_always_labelled_and_labels_do_not_crowd():
    from archive_site.charts import labelled_bars

    values = [1, 2, 1, 9, 1, 1, 1, 1, 1, 1, 1, 1]
    chosen = labelled_bars(bars(*values), 3)
    assert 3 in chosen  # the tallest, which every third label (0, 3, 6, 9) would also hit
    chosen = labelled_bars(bars(1, 1, 1, 1, 9, 1, 1, 1, 1, 1), 3)
    assert 4 in chosen
    ordered = sorted(chosen)
    assert all(b - a >= 3 for a, b in zip(ordered, ordered[1:]))
    svg = str(bar_chart(bars(1, 1, 1, 1, 9, 1, 1, 1, 1, 1), title="t", label_every=3))
    assert "ماه 4" in svg


def test_axis_numbers_sit_on_their_grid_lines():
    svg = str(bar_chart(bars(0, 4), title="t"))
    lines = [float(y) for y in re.findall(r'<line class="chart-grid"[^>]* y1="([\d.]+)"', svg)]
    labels = re.findall(r'<text class="chart-axis" x="[\d.]+" y="([\d.]+)"[^>]*dominant-baseline="middle">([^<]+)</text>', svg)
    assert [float(y) for y, _ in labels] == lines
    assert labels[0][1] == "۰"
