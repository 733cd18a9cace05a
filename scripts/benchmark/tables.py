"""How the benchmark shows its figures: a value in its unit, and rows of cells as plain-text columns."""

from __future__ import annotations

from collections.abc import Sequence


def show(value: float, unit: str) -> str:
    """A figure in its unit: bytes in KiB or MiB, a count as it is, milliseconds to 0.1 ms under 100."""
    if unit == "B":
        return f"{value / 1024:,.0f} KiB" if value < 1024 * 1024 else f"{value / 1024 / 1024:,.2f} MiB"
    if unit == "requests":
        return f"{value:,.0f}"
    return f"{value:,.0f} ms" if value >= 100 else f"{value:,.1f} ms"


def aligned(rows: Sequence[tuple[str, ...]]) -> str:
    """Rows of cells as plain-text columns, the first row a header underlined with dashes."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)
