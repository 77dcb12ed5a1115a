"""The sentences officials write about a result, from an :class:`~chitieu.domain.Assessment`.

Examples of what comes out::

    Tổng giá trị sản xuất ngành nông nghiệp đạt 28.157 tỷ đồng, vượt 0,4% kế hoạch, tăng 2,9% so cùng kỳ.
    Thu nội địa đạt 5.133 tỷ đồng, đạt 102,66% Nghị quyết.
    Tốc độ tăng trưởng GRDP ước đạt 14,85%, vượt chỉ tiêu (Nghị quyết tăng 11 - 12%).
    Tỷ trọng công nghiệp, xây dựng và dịch vụ trong GRDP đạt 68%, chưa đạt chỉ tiêu (Nghị quyết trên 70%).
    Tỷ lệ hộ nghèo giảm 2,62%.

A target with a single value met from below (``=``, ``>=`` when higher is better) is
phrased by its attainment: ``vượt 0,4% kế hoạch`` against a plan (kế hoạch, the
default basis), ``đạt 102,66% Nghị quyết`` against any other basis; any other target
is named in brackets after the verdict. Numbers are written the
Vietnamese way, rounded to two decimals.
"""

from __future__ import annotations

from chitieu.assess.core import sense_of
from chitieu.assess.trajectory import Trajectory
from chitieu.domain import Assessment, Indicator, Target
from chitieu.text.normalize import fold
from chitieu.text.numbers import format_number

__all__ = ["fmt", "rate_text", "sentence", "target_text", "trajectory_sentence"]

_VERDICT = {
    "vượt": "vượt chỉ tiêu",
    "đạt": "đạt chỉ tiêu",
    "gần đạt": "gần đạt chỉ tiêu",
    "không đạt": "chưa đạt chỉ tiêu",
    "chưa có số liệu": "chưa có số liệu",
}


def fmt(x: float, decimals: int = 2) -> str:
    """A number the Vietnamese way, rounded to ``decimals`` (``28157`` -> ``28.157``, ``0.4`` -> ``0,4``)."""
    r = round(x, decimals)
    if r == 0:
        r = 0.0
    return format_number(float(r))


def _with_unit(x: float, unit: str) -> str:
    text = fmt(x)
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def _is_growth(indicator: Indicator, target: Target) -> bool:
    if target.measure == "change":
        return True
    name = fold(indicator.name)
    return "tang truong" in name or name.startswith("toc do tang")


def target_text(target: Target, indicator: Indicator) -> str:
    """The target as officials write it: ``Nghị quyết tăng 11 - 12%``, ``kế hoạch trên 70%``."""
    unit = target.unit_of_measure or indicator.unit
    if target.op == "between" and target.low is not None and target.high is not None:
        amount = f"{fmt(target.low)} - {_with_unit(target.high, unit)}"
    elif target.value is not None:
        amount = _with_unit(target.value, unit)
        amount = {
            ">": f"trên {amount}",
            ">=": f"từ {amount} trở lên",
            "<": f"dưới {amount}",
            "<=": f"không quá {amount}",
        }.get(target.op, amount)
    else:
        amount = "?"
    verb = "tăng " if _is_growth(indicator, target) else ""
    return f"{target.basis or 'kế hoạch'} {verb}{amount}"


def _actual_text(a: Assessment) -> str:
    assert a.actual is not None
    verb = "ước đạt" if a.estimate else "đạt"
    if a.target.measure == "change":
        verb = ("ước " if a.estimate else "") + ("tăng" if a.actual >= 0 else "giảm")
        return f"{verb} {_with_unit(abs(a.actual), a.unit_of_measure)}"
    return f"{verb} {_with_unit(a.actual, a.unit_of_measure)}"


def _change_text(a: Assessment) -> str | None:
    if a.change is None:
        return None
    if round(a.change, 2) == 0:
        return "bằng cùng kỳ"
    word = "tăng" if a.change > 0 else "giảm"
    size = fmt(abs(a.change))
    return f"{word} {size} điểm phần trăm so cùng kỳ" if a.change_is_points else f"{word} {size}% so cùng kỳ"


def sentence(a: Assessment, indicator: Indicator) -> str:
    """One sentence for one assessment, starting with the indicator's name."""
    target = a.target
    basis = target.basis or "kế hoạch"
    if a.actual is None:
        return f"{indicator.name}: chưa có số liệu ({target_text(target, indicator)})."
    parts = [f"{indicator.name} {_actual_text(a)}"]
    single = (
        target.op in ("=", ">=")
        and sense_of(target.op, indicator.direction) == "up"
        and target.measure == "value"
    )
    if single and a.attainment is not None:
        if a.status == "vượt" and basis == "kế hoạch":
            parts.append(f"vượt {fmt(a.attainment - 100)}% {basis}")
        elif a.status == "vượt":
            parts.append(f"đạt {fmt(a.attainment)}% {basis}")
        elif a.status == "đạt":
            parts.append(f"đạt 100% {basis}")
        else:
            parts.append(f"đạt {fmt(a.attainment)}% {basis}")
            if a.status == "không đạt":
                parts.append("chưa đạt chỉ tiêu")
    else:
        parts.append(f"{_VERDICT[a.status]} ({target_text(target, indicator)})")
    change = _change_text(a)
    if change:
        parts.append(change)
    return ", ".join(parts) + "."


def rate_text(rate: float, trajectory: Trajectory, unit: str = "") -> str:
    """A signed rate in words: ``tăng 10%/năm``, ``giảm 2 vụ/năm``."""
    word = "tăng" if rate > 0 else "giảm" if rate < 0 else "không đổi"
    if rate == 0 or round(rate, 2) == 0:
        return "không đổi"
    if trajectory.method == "cagr":
        return f"{word} {fmt(abs(rate))}%/năm"
    return f"{word} {_with_unit(abs(rate), unit)}/năm"


_COURSE = {
    "đúng hướng": "đúng hướng đạt chỉ tiêu",
    "đã đạt": "đã đạt chỉ tiêu",
    "chệch hướng": "chệch hướng so với chỉ tiêu",
}


def trajectory_sentence(t: Trajectory, target: Target, indicator: Indicator) -> str | None:
    """``Với tốc độ hiện nay (tăng 10%/năm), đến năm 2025 ước đạt 161,05 tỷ đồng, đúng hướng đạt chỉ tiêu.``

    ``None`` where there is nothing to project: fewer than two years, or no year left
    before the target's.
    """
    if t.actual_rate is None or t.projected_value is None or not t.years or t.years[-1] >= t.target_year:
        return None
    # the projection is of the level, in the indicator's unit (a growth target is in %)
    unit = indicator.unit if target.measure == "change" else target.unit_of_measure or indicator.unit
    head = (
        f"Với tốc độ hiện nay ({rate_text(t.actual_rate, t, unit)}), đến năm {t.target_year} "
        f"ước đạt {_with_unit(t.projected_value, unit)}"
    )
    if t.status == "cần nỗ lực" and t.required_rate is not None:
        course = (
            f"cần {rate_text(t.required_rate, t, unit)} để đạt chỉ tiêu ({target_text(target, indicator)})"
        )
    else:
        course = f"{_COURSE.get(t.status, t.status)} ({target_text(target, indicator)})"
    return f"{head}, {course}."
