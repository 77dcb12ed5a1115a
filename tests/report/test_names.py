"""The briefing's indicator names: none of the broken names issue #14 found in the sample's briefing.

The names are grepped in the generated text, where a sentence states a figure of an indicator
("<tên chỉ tiêu> đạt 91 đồng chí"): a broken name there is a fragment ("Đối"), a verb with its
subject ("Phó Bí thư Tỉnh ủy tiếp"), an OCR word ("Số sáng đạo đức"), a bracket left open, or a
unit for a name ("%").
"""

from __future__ import annotations

import html
import re

import pytest

from chitieu.report import build_report, render_bytes

from .conftest import Imported

# the names the issue found in the sample's briefing, each as the whole name of a figure
BROKEN = [
    "Đối",
    "Triển khai thực",
    "Số sáng đạo đức",
    "Phó Bí thư Tỉnh ủy tiếp",
    "Số cuộc Phó Bí thư Tỉnh ủy tiếp",
    "Tốc độ tăng trưởng kinh tế (GRDP",
    "% nông nghiệp thủy sản",
    "Công nghiệp xây dựng",
    "Chứng",
    "%",
    "Tỷ lệ hồ",
    "Số xã",
]
_VERB = r"(?:ước\s+)?(?:đạt|là|tăng|giảm|vượt|bằng|chiếm)"
_NUMBER = r"[\d.,]+"


def _text(imported: Imported) -> str:
    report = build_report(imported.engine, plan=imported.plan, year=imported.year)
    page = render_bytes(report, "html").decode("utf-8")
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "\n", page)).split())


@pytest.fixture(scope="module")
def text(imported: Imported) -> str:
    return _text(imported)


@pytest.mark.parametrize("name", BROKEN)
def test_names_the_briefing_has_no_broken_name(text: str, name: str) -> None:
    # a figure's sentence opens with its name: after a bullet, a number, a full stop or a colon
    pattern = rf"(?:^|[-–•.;:]\s|\d\.\s){re.escape(name)}\s+{_VERB}\s+{_NUMBER}"
    found = re.search(pattern, text)
    assert found is None, f"{name!r} names a figure: …{text[max(0, found.start() - 60) : found.end() + 40]}…"


def test_names_the_briefing_closes_its_brackets(text: str) -> None:
    for sentence in re.split(r"(?<=[.;])\s", text):
        assert sentence.count("(") == sentence.count(")"), sentence


def test_names_the_briefing_states_figures(text: str) -> None:
    # the grep above would pass on an empty briefing
    assert len(re.findall(rf"{_VERB}\s+{_NUMBER}", text)) >= 50
