"""The pipeline of named stages over documents and streams of blocks."""

from __future__ import annotations

from pathlib import Path

import pytest

from chitieu.ingest import extract_path, extract_text, iter_blocks
from chitieu.ingest.pipeline import Pipeline, stage
from chitieu.ingest.stages import default_pipeline, normalise, normalise_text
from chitieu.model import Context, Document, Line


def _doc(*texts: str) -> Document:
    return Document("t", tuple(Line(i, t, t) for i, t in enumerate(texts, 1)))


def test_pipeline_runs_stages_in_order_and_can_swap_one() -> None:
    seen: list[str] = []

    @stage("a")
    def a(doc: Document) -> Document:
        seen.append("a")
        return doc

    @stage("b")
    def b(doc: Document) -> Document:
        seen.append("b")
        return doc.replace(meta={"b": True})

    pipe = Pipeline([a, b])
    assert pipe.names == ("a", "b")
    assert pipe.run(_doc("x")).meta == {"b": True}
    assert seen == ["a", "b"]
    assert pipe.without("a").names == ("b",)
    assert pipe.replace("b", stage("b")(lambda d: d)).run(_doc("x")).meta == {}


def test_pipeline_refuses_duplicate_stage_names() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        Pipeline([normalise, normalise])


def test_pipeline_stream_carries_the_context_between_blocks() -> None:
    pipe = default_pipeline("never")
    first = _doc("B. CÁC CHỈ TIÊU CHỦ YẾU NĂM 2024")
    second = Document("t", (Line(2, "- Tỷ lệ hộ nghèo dưới 2%.", "- Tỷ lệ hộ nghèo dưới 2%."),))
    out = list(pipe.stream([first, second]))
    assert out[1].contexts[0] == Context("B", 2024, True, "year")
    (fact,) = out[1].facts
    assert (fact.role, fact.op, fact.value, fact.period) == ("target", "<", 2, 2024)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Tỉnh uỷ hoà", "Tỉnh ủy hòa"),
        ("ﬁ\u00a0x\tz", "fi x z"),
        ("a\u2013b", "a-b"),
        ("Tho\u0300a", "Thòa"),
    ],
)
def test_normalise_text_canonical_forms(raw: str, expected: str) -> None:
    assert normalise_text(raw) == expected


def test_normalise_keeps_raw_and_numbers() -> None:
    doc = normalise(_doc("Tỉnh uỷ: 1.234,5 tỷ đồng"))
    (line,) = doc.lines
    assert line.raw == "Tỉnh uỷ: 1.234,5 tỷ đồng"
    assert line.text == "Tỉnh ủy: 1.234,5 tỷ đồng"


def test_extract_text_and_extract_path_agree(tmp_path: Path) -> None:
    text = "A. KẾT QUẢ NĂM 2023\n- Tổng vốn đầu tư đạt 5.000 tỷ đồng, tăng 8% so cùng kỳ."
    p = tmp_path / "r.txt"
    p.write_text(text, encoding="utf-8")
    assert extract_text(text, source=str(p), restore="never") == extract_path(p, restore="never")


def test_iter_blocks_streams_a_large_file_in_blocks(tmp_path: Path) -> None:
    p = tmp_path / "big.txt"
    para = "- Giá trị sản xuất đạt 1.000 tỷ đồng, tăng 5% so cùng kỳ.\n"
    p.write_text("A. KẾT QUẢ NĂM 2023\n" + para * 5000, encoding="utf-8")
    blocks = 0
    facts = 0
    for block in iter_blocks(p, restore="never"):
        blocks += 1
        facts += len(block.facts)
        assert len(block.lines) <= 4000
    assert blocks > 1
    assert facts == 10_000


def test_restore_stage_does_not_take_a_word_printed_in_digits_for_a_figure() -> None:
    text = (
        "Chu d6ng phong chéng thién tai, khic phuc sat 16 bo sdng, bo bién.\n"
        "Nam 2023 trao 142 sudt hoc bong, ho trg 16 hé ngheo.\n"
    )
    facts = extract_text(text, source="bao-cao.txt", restore="always")
    assert sorted(f.value for f in facts if f.value is not None) == [16, 142]
    assert all(f.line == 2 for f in facts)


def test_default_pipeline_links_facts_after_extract_unless_turned_off() -> None:
    assert default_pipeline().names[-2:] == ("extract", "link")
    assert "link" not in default_pipeline(link=False).names


@pytest.mark.parametrize(("setting", "linked"), [("true", True), ("false", False)])
def test_extract_text_links_facts_by_the_settings_switch(
    setting: str, linked: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chitieu.settings import get_settings

    monkeypatch.setenv("CHITIEU_LINK", setting)
    get_settings.cache_clear()
    try:
        facts = extract_text("Tỷ lệ che phủ rừng năm 2023 đạt 47,5%.", restore="never")
    finally:
        get_settings.cache_clear()
    assert facts
    codes = {f.indicator_code for f in facts}
    assert codes == ({"CT-MT-001"} if linked else {None})
    assert all((f.link_confidence is not None) is linked for f in facts)
    assert facts[0].to_record()["indicator_code"] == ("CT-MT-001" if linked else None)
