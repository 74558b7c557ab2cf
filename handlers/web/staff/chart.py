"""The per-programme picture: one horizontal stacked bar of packets by status against the
quota, and the days left to the next deadline. Plain inline SVG drawn on the server: no
script, no external asset, and it scales to a phone's width (viewBox, width 100%)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

WIDTH, HEIGHT, BAR_Y, BAR_H = 320, 64, 8, 22
SEGMENTS = (("recommended", "已推荐", "#2e7d32"), ("received", "审核中", "#1565c0"),
            ("returned", "已退回", "#ef6c00"), ("submitted", "待接收", "#78909c"))


@dataclass(frozen=True)
class Bar:
    counts: dict[str, int]
    quota: int | None
    days_left: int | None


def svg(bar: Bar) -> str:
    """The SVG markup (safe to put in the page as is: every text is escaped)."""
    counts = {**bar.counts, "submitted": bar.counts.get("submitted", 0)
              + bar.counts.get("resubmitted", 0)}
    total = sum(counts.get(key, 0) for key, _, _ in SEGMENTS)
    scale_to = max(total, bar.quota or 0, 1)
    unit = WIDTH / scale_to
    parts, x = [], 0.0
    for key, label, colour in SEGMENTS:
        n = counts.get(key, 0)
        if n:
            parts.append(f'<rect x="{x:.1f}" y="{BAR_Y}" width="{n * unit:.1f}" '
                         f'height="{BAR_H}" fill="{colour}"><title>{label} {n}</title></rect>')
            x += n * unit
    if bar.quota:
        qx = min(bar.quota * unit, WIDTH - 1)
        parts.append(f'<line x1="{qx:.1f}" x2="{qx:.1f}" y1="2" y2="{BAR_Y + BAR_H + 6}" '
                     'stroke="#c62828" stroke-width="2"/>')
    legend = "  ".join(f"{label}{counts.get(key, 0)}" for key, label, _ in SEGMENTS)
    quota = f"名额{bar.quota}" if bar.quota else "名额未定"
    days = (f"距截止{bar.days_left}天" if bar.days_left is not None and bar.days_left >= 0
            else "截止日期以通知为准")
    return (f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
            f'xmlns="http://www.w3.org/2000/svg" aria-label="{escape(legend)}">'
            f'<rect x="0" y="{BAR_Y}" width="{WIDTH}" height="{BAR_H}" fill="#eceff1"/>'
            + "".join(parts)
            + f'<text x="0" y="{BAR_Y + BAR_H + 18}" font-size="12">'
              f'{escape(legend)}</text>'
            + f'<text x="{WIDTH}" y="{BAR_Y + BAR_H + 32}" font-size="12" text-anchor="end">'
              f'{escape(quota)} · {escape(days)}</text></svg>')
