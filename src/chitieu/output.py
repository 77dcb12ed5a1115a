"""Writing facts out: JSON Lines (the contract), CSV, and a readable Vietnamese table."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO

from rich.console import Console
from rich.table import Table

from chitieu.model import Fact
from chitieu.text.numbers import format_number

__all__ = ["CSV_FIELDS", "ROLE_LABELS", "format_value", "write_csv", "write_jsonl", "write_table"]

CSV_FIELDS = (
    *Fact.CONTRACT_FIELDS, "source", "text", "indicator_code", "link_confidence", "period_kind", "period_number",
)  # fmt: skip

ROLE_LABELS = {
    "actual": "thực hiện",
    "target": "chỉ tiêu",
    "attainment": "tỷ lệ đạt",
    "excess": "vượt",
    "change": "tăng/giảm",
}
_OP_LABELS = {"=": "", ">": "trên ", ">=": "", "<": "dưới ", "<=": "không quá "}


def write_jsonl(facts: Iterable[Fact], out: IO[str]) -> int:
    """One JSON object a line; returns the number written."""
    n = 0
    for f in facts:
        out.write(json.dumps(f.to_record(), ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(facts: Iterable[Fact], out: IO[str]) -> int:
    """CSV with a header row, the contract's fields plus source and text."""
    w = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    n = 0
    for f in facts:
        rec = f.to_record()
        rec["estimate"] = "true" if f.estimate else "false"
        w.writerow({k: "" if rec.get(k) is None else rec[k] for k in CSV_FIELDS})
        n += 1
    return n


def format_value(f: Fact) -> str:
    """The figure as Vietnamese write it: "28.157", "11 - 12", "trên 70", "346/372"."""
    if f.op == "between":
        text = f"{format_number(f.low or 0)} - {format_number(f.high or 0)}"
    else:
        text = _OP_LABELS.get(f.op, "") + format_number(f.value or 0) + (" trở lên" if f.op == ">=" else "")
    if f.of is not None:
        text += "/" + format_number(f.of)
    return text


def write_table(facts: Iterable[Fact], console: Console, *, title: str | None = None) -> int:
    """A table for a person at a terminal, in Vietnamese."""
    table = Table(title=title, show_lines=False, header_style="bold")
    for name, kw in (
        ("Dòng", {"justify": "right"}),
        ("Mục", {}),
        ("Chỉ tiêu", {"overflow": "fold", "ratio": 3}),
        ("Loại", {}),
        ("Giá trị", {"justify": "right"}),
        ("Đơn vị", {"overflow": "fold"}),
        ("So với", {}),
        ("Năm", {}),
        ("Ước", {}),
    ):
        table.add_column(name, **kw)
    n = 0
    for f in facts:
        table.add_row(
            str(f.line),
            f.section,
            f.indicator,
            ROLE_LABELS[f.role],
            format_value(f),
            f.unit,
            f.basis or "",
            "" if f.period is None else str(f.period),
            "ước" if f.estimate else "",
        )
        n += 1
    console.print(table)
    return n
