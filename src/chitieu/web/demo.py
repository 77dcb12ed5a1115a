"""Demo data: the fictional province “Tỉnh An Lạc”, its plan, indicators, figures and users.

Five real provinces of the 2025 map (:data:`PROVINCES`, under the names and GSO codes of
:mod:`chitieu.geo.units`, so that the map's shapes find them and ``chitieu units seed``
adopts them) have the same indicators, their own term plan and made-up figures for
2020-2023 at their own pace, so that the comparison across units, the map and the
trajectories have something to show; every province has targets of the term's last
year (2025). The plans of An Lạc and of :data:`PUBLISHED` are public (the portal
``/cong-khai``). :func:`load_demo` is idempotent (run it again: nothing
changes). Figures are made up (deterministic); counts are whole numbers; the example report ``examples/bao-cao-tinh-an-lac-2023.txt`` (results
2023, targets 2024) is imported through :func:`chitieu.store.importer.import_file`, and
the sample provincial briefing ``../shared/seed/…`` as “Tỉnh Trà Vinh” when it is there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from chitieu.domain import Indicator, Period, Unit
from chitieu.store import browse, repo
from chitieu.store import users as accounts
from chitieu.store.engine import session_scope
from chitieu.store.tables import ObservationRow, TargetRow, UnitRow

__all__ = [
    "COUNT_UNITS",
    "DEMO_USERS",
    "PLAN_TITLE",
    "PROVINCE",
    "PROVINCES",
    "PUBLISHED",
    "TERM_YEAR",
    "DemoReport",
    "load_demo",
]

PROVINCE = "Tỉnh An Lạc"
PLAN_TITLE = "Nghị quyết Đại hội đại biểu Đảng bộ tỉnh An Lạc lần thứ XVI, nhiệm kỳ 2020 - 2025"
REPORT_PLAN = "Nghị quyết năm 2024 của Tỉnh ủy An Lạc"
_DISTRICTS = {
    "Thành phố An Lạc": ("Phường 1", "Phường 2", "Xã An Bình"),
    "Huyện Tân Hòa": ("Thị trấn Tân Hòa", "Xã Tân Phú", "Xã Tân Lợi"),
    "Huyện Phú Mỹ": ("Thị trấn Phú Mỹ", "Xã Mỹ Long"),
    "Huyện Long Điền": ("Thị trấn Long Điền", "Xã Long Hưng"),
}
TERM_YEAR = 2025  # the last year of the term plans: every province has targets for it
# The real provinces (2025 names and GSO codes): name -> (code, scale of amounts and counts,
# shift of shares in points of a 50 % share (in proportion for others), pace: how fast they
# move against the plan's path, 1 = as planned). The figures are made up.
PROVINCES: dict[str, tuple[str, float, float, float]] = {
    "Tỉnh Cao Bằng": ("04", 0.35, -4.0, -0.4),
    "Tỉnh Quảng Ninh": ("22", 1.5, 1.5, 1.4),
    "Tỉnh Thanh Hóa": ("38", 1.6, -2.0, 1.0),
    "Tỉnh Nghệ An": ("40", 1.4, -1.0, 0.6),
    "Thành phố Huế": ("46", 0.7, 0.5, 0.8),
}
PUBLISHED = "Tỉnh Thanh Hóa"  # a real province whose term plan is public too
# username: (role, password, full name, assigned units)
DEMO_USERS: dict[str, tuple[str, str, str, tuple[str, ...]]] = {
    "quantri": ("quan_tri", "anlac-quantri", "Nguyễn Văn Quản", ()),
    "capnhat": ("cap_nhat", "anlac-capnhat", "Trần Thị Cập", (PROVINCE,)),
    "capnhat.tanhoa": ("cap_nhat", "tanhoa-capnhat", "Lê Văn Hòa", ("Huyện Tân Hòa",)),
    "pheduyet": ("phe_duyet", "anlac-pheduyet", "Phạm Thị Duyệt", (PROVINCE,)),
    "xem": ("xem", "anlac-xem-only", "Võ Văn Xem", ()),
}

E, S, M, Q, P = DOMAINS = (
    "kinh tế",
    "xã hội",
    "môi trường",
    "quốc phòng - an ninh",
    "xây dựng hệ thống chính trị",
)


# Units that count things (“539 doanh nghiệp”, never “539,93”): figures in them are whole.
COUNT_UNITS = frozenset({"xã", "doanh nghiệp", "lao động", "vụ", "công dân", "đảng viên"})


@dataclass(frozen=True)
class _Ind:
    name: str
    unit: str
    domain: str
    base: float  # value in 2020
    growth: float  # per year (relative, or points for %)
    direction: str = "up"
    aggregation: str = "sum"
    aliases: tuple[str, ...] = ()
    in_report: bool = True  # the example report gives the 2023 result
    target_2023: bool = True


_CATALOGUE: tuple[_Ind, ...] = (
    _Ind("Tốc độ tăng trưởng kinh tế (GRDP)", "%", E, 6.1, 0.4, aggregation="mean",
         aliases=("Tốc độ tăng trưởng kinh tế (GRDP", "Tốc độ tăng trưởng GRDP"), target_2023=False),
    _Ind("GRDP bình quân đầu người", "triệu đồng/người/năm", E, 52.0, 0.07, aggregation="mean"),
    _Ind("Tổng giá trị sản xuất ngành nông nghiệp", "tỷ đồng", E, 21500, 0.035,
         aliases=("Giá trị sản xuất ngành nông nghiệp",)),
    _Ind("Giá trị sản xuất công nghiệp", "tỷ đồng", E, 30200, 0.10),
    _Ind("Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng", "tỷ đồng", E, 38500, 0.10),
    _Ind("Kim ngạch xuất khẩu", "triệu USD", E, 1080, 0.07),
    _Ind("Tổng thu ngân sách nhà nước trên địa bàn", "tỷ đồng", E, 8900, 0.08),
    _Ind("Tổng vốn đầu tư phát triển toàn xã hội", "tỷ đồng", E, 23100, 0.08),
    _Ind("Số xã đạt chuẩn nông thôn mới", "xã", E, 60, 6, aggregation="latest", aliases=("Số xã",)),
    _Ind("Tổng sản lượng thủy sản", "tấn", E, 165000, 0.04),
    _Ind("Số doanh nghiệp phát triển mới", "doanh nghiệp", E, 480, 0.04),
    _Ind("Thu nhập bình quân của người dân nông thôn", "triệu đồng/người/năm", E, 44, 0.08, aggregation="mean",
         in_report=False),
    _Ind("Tỷ lệ lao động qua đào tạo", "%", S, 62.0, 2.0, aggregation="mean"),
    _Ind("Số lao động giải quyết việc làm", "lao động", S, 20000, 0.02),
    _Ind("Tỷ lệ hộ nghèo", "%", S, 3.4, -0.5, direction="down", aggregation="mean", target_2023=False),
    _Ind("Tỷ lệ dân số tham gia bảo hiểm y tế", "%", S, 90.2, 1.1, aggregation="mean", target_2023=False),
    _Ind("Bác sĩ/vạn dân", "bác sĩ/vạn dân", S, 8.6, 0.4, aggregation="mean", aliases=("Số bác sĩ trên một vạn dân",)),
    _Ind("Tỷ lệ học sinh tốt nghiệp trung học phổ thông", "%", S, 97.1, 0.5, aggregation="mean"),
    _Ind("Tỷ lệ trường đạt chuẩn quốc gia", "%", S, 64.0, 2.4, aggregation="mean",
         aliases=("Tỷ lệ trường", "Số trường tổng số")),
    _Ind("Tỷ lệ suy dinh dưỡng thể thấp còi ở trẻ em", "%", S, 16.0, -0.6, direction="down", aggregation="mean"),
    _Ind("Tỷ lệ hộ gia đình đạt chuẩn văn hóa", "%", S, 91.0, 0.9, aggregation="mean",
         aliases=("Số hộ công nhận gia đình văn",)),
    _Ind("Tỷ lệ che phủ rừng", "%", M, 17.6, 0.25, aggregation="mean"),
    _Ind("Tỷ lệ chất thải rắn sinh hoạt đô thị được thu gom, xử lý", "%", M, 93.0, 1.2, aggregation="mean",
         aliases=("Xử lý",)),
    _Ind("Tỷ lệ dân số nông thôn sử dụng nước sạch theo quy chuẩn", "%", M, 55.0, 2.8, aggregation="mean",
         aliases=("Nước sạch theo quy chuẩn",)),
    _Ind("Diện tích rừng tập trung trồng mới", "ha", M, 1000, 0.05),
    _Ind("Số vụ phạm pháp hình sự", "vụ", Q, 470, -0.04, direction="down", aliases=("Phạm pháp hình sự xảy ra",)),
    _Ind("Tỷ lệ điều tra, làm rõ án hình sự", "%", Q, 88.0, 1.0, aggregation="mean", aliases=("Số vụ làm rõ",)),
    _Ind("Số vụ tai nạn giao thông", "vụ", Q, 120, -0.06, direction="down", aliases=("Số vụ giao thông xảy ra",)),
    _Ind("Số công dân nhập ngũ", "công dân", Q, 1350, 0.01, aliases=("Số công dân nhập ngũ giao",)),
    _Ind("Số đảng viên kết nạp mới", "đảng viên", P, 1450, 0.03,
         aliases=("Số đảng viên kết nạp", "Số đảng viên mới kết nạp ít nhất")),
    _Ind("Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ", "%", P, 86.0, 1.5, aggregation="mean",
         aliases=("Xếp loại",), in_report=False),
    _Ind("Tỷ lệ đoàn viên, hội viên trong độ tuổi được tập hợp", "%", P, 81.0, 1.0, aggregation="mean",
         aliases=("Hội viên vào các đoàn thể chính trị xã hội",)),
)  # fmt: skip


@dataclass
class DemoReport:
    created: bool = False
    units: int = 0
    indicators: int = 0
    targets: int = 0
    observations: int = 0
    users: list[str] = field(default_factory=list)
    imported: list[str] = field(default_factory=list)


def _value(
    ind: _Ind, year: int, wobble: float, *, scale: float = 1.0, shift: float = 0.0, pace: float = 1.0
) -> float:
    n = year - 2020
    growth = ind.growth * pace
    if ind.unit == "%":
        v = ind.base * (1 + shift / 50) + growth * n + wobble  # shift: points on a share of 50 %
        return round(min(max(v, 0.0), 100.0), 2)
    v = ind.base * scale
    v = v * (1 + growth) ** n if abs(ind.growth) < 1 else v + growth * scale * n
    v *= 1 + wobble / 100
    if ind.unit in COUNT_UNITS or v >= 1000:
        return float(round(v))
    return round(v, 2)


def _wobble(i: int, year: int) -> float:
    return ((i * 37 + year * 11) % 9 - 4) / 4  # deterministic, -1 .. +1


def _target_value(ind: _Ind, year: int, *, scale: float = 1.0, shift: float = 0.0) -> tuple[str, float]:
    planned = _value(ind, year, 0.0, scale=scale, shift=shift)
    if ind.direction == "down":
        return "<=", planned
    return ">=", planned


def load_demo(engine: Engine, *, reports: bool = True, root: Path | None = None) -> DemoReport:
    """Create (or complete) the demo province; ``reports=False`` leaves out the imported reports."""
    out = DemoReport()
    with session_scope(engine, actor="demo") as session:
        province = repo.find_unit(session, PROVINCE)
        out.created = province is None
        if province is None:
            province = repo.add_unit(session, PROVINCE, level="tỉnh", code="AL")
        for district, communes in _DISTRICTS.items():
            d = repo.find_unit(session, district) or repo.add_unit(
                session, district, level="huyện", parent=province
            )
            for c in communes:
                if repo.find_unit(session, c) is None:
                    repo.add_unit(session, c, level="xã", parent=d)
        out.units = len(browse.units(session))
        plan = repo.get_or_create_plan(session, PLAN_TITLE, unit=province, first_year=2021, last_year=2025,
                                       issuer="Đảng bộ tỉnh An Lạc", number="01-NQ/ĐH")  # fmt: skip
        if out.created:
            browse.set_plan_public(session, plan.id, True)
        existing = {repo.key(i.name): i for i in repo.indicators(session)}
        tanhoa = repo.find_unit(session, "Huyện Tân Hòa")
        assert tanhoa is not None
        for n, spec in enumerate(_CATALOGUE):
            ind = existing.get(repo.key(spec.name)) or repo.add_indicator(
                session, spec.name, unit=spec.unit, domain=spec.domain, direction=spec.direction,
                aggregation=spec.aggregation, aliases=spec.aliases, code=f"AL{n + 1:02d}",
            )  # fmt: skip
            out.indicators += 1
            for year in (2021, 2022, 2023, TERM_YEAR):
                if year == 2023 and not spec.target_2023:
                    continue
                op, value = _target_value(spec, year)
                _, changed = repo.put_target(
                    session, indicator_id=ind.id, unit_id=province.id, period=Period(year), op=op, value=value,  # type: ignore[arg-type]
                    plan_id=plan.id, basis="Nghị quyết", unit_of_measure=spec.unit, entered_by="demo",
                )  # fmt: skip
                out.targets += int(changed)
            for year in (2020, 2021, 2022, 2023):
                if year == 2023 and spec.in_report:
                    continue  # the example report brings it
                _, changed = repo.put_observation(
                    session, indicator_id=ind.id, unit_id=province.id, period=Period(year),
                    value=_value(spec, year, _wobble(n, year)), state="approved", entered_by="demo",
                )  # fmt: skip
                out.observations += int(changed)
            if spec.unit != "%" and spec.aggregation == "sum" and n % 3 == 0:
                for year in (2022, 2023):  # a district with its own targets and figures
                    op, value = _target_value(spec, year)
                    repo.put_target(session, indicator_id=ind.id, unit_id=tanhoa.id, period=Period(year), op=op,  # type: ignore[arg-type]
                                    value=round(value / 5), plan_id=plan.id, unit_of_measure=spec.unit, entered_by="demo")  # fmt: skip
                    if year == 2022:
                        repo.put_observation(session, indicator_id=ind.id, unit_id=tanhoa.id, period=Period(year),
                                             value=round(_value(spec, year, _wobble(n, year)) / 5), state="approved",
                                             entered_by="demo")  # fmt: skip
        _other_provinces(session, existing, out)
        out.units = len(browse.units(session))
        for username, (role, password, full_name, unit_names) in DEMO_USERS.items():
            if accounts.find_user(session, username) is None:
                ids = [u.id for name in unit_names if (u := repo.find_unit(session, name)) is not None]
                accounts.create_user(session, username, password, role, full_name=full_name, unit_ids=ids)
                out.users.append(username)
    if reports:
        out.imported = _import_reports(engine, root or _repo_root())
    return out


def _other_provinces(session: Session, existing: dict[str, Indicator], out: DemoReport) -> None:
    """The provinces of :data:`PROVINCES`: a term plan, targets of 2023 and 2025, figures of 2020-2023."""
    catalogue = {repo.key(i.name): i for i in repo.indicators(session)} | existing
    for p, (name, (code, scale, shift, pace)) in enumerate(PROVINCES.items(), 1):
        unit = _province(session, name, code)
        of_demo = select(ObservationRow.id).where(
            ObservationRow.unit_id == unit.id, ObservationRow.entered_by == "demo"
        )
        if session.scalars(of_demo.limit(1)).first() is not None:
            continue  # made by an earlier run: nothing changes
        body = name[0].lower() + name[1:]
        plan = repo.get_or_create_plan(
            session, f"Nghị quyết Đại hội đại biểu Đảng bộ {body} nhiệm kỳ 2020 - 2025", unit=unit,
            first_year=2021, last_year=TERM_YEAR, issuer=f"Đảng bộ {body}",
        )  # fmt: skip
        if name == PUBLISHED:
            browse.set_plan_public(session, plan.id, True)
        rows: list[TargetRow | ObservationRow] = []
        for n, spec in enumerate(_CATALOGUE):
            ind = catalogue[repo.key(spec.name)]
            keys = {"indicator_id": ind.id, "unit_id": unit.id, "period_kind": "year", "number": 1,
                    "measure": "value", "source": "user:demo", "entered_by": "demo"}  # fmt: skip
            for year in (2023, TERM_YEAR):
                op, value = _target_value(spec, year, scale=scale, shift=shift)
                rows.append(TargetRow(**keys, year=year, op=op, value=value, plan_id=plan.id, basis="Nghị quyết",
                                      unit_of_measure=spec.unit))  # fmt: skip
            for year in (2020, 2021, 2022, 2023):
                value = _value(spec, year, _wobble(n + 7 * p, year), scale=scale, shift=shift, pace=pace)
                rows.append(ObservationRow(**keys, year=year, value=value, state="approved"))
        session.add_all(rows)  # one flush for the province (new rows only: no look-ups needed)
        session.flush()
        out.targets += sum(isinstance(r, TargetRow) for r in rows)
        out.observations += sum(isinstance(r, ObservationRow) for r in rows)


def _province(session: Session, name: str, code: str) -> Unit:
    """The province of GSO ``code``: the seeded one (``chitieu units seed``), else one of its name, else new."""
    row = session.scalars(select(UnitRow).where(UnitRow.code == code)).first()
    if row is not None:
        return repo.to_unit(row)
    found = repo.find_unit(session, name)
    if found is not None and found.code in (None, code):
        return found
    return repo.add_unit(session, name, level="tỉnh", code=code)


def _repo_root() -> Path:
    here = Path.cwd()
    if (here / "examples").is_dir():
        return here
    return Path(__file__).resolve().parents[3]


def _import_reports(engine: Engine, root: Path) -> list[str]:
    from chitieu.store.importer import import_file

    done: list[str] = []
    example = root / "examples" / "bao-cao-tinh-an-lac-2023.txt"
    if example.is_file():
        r = import_file(engine, example, unit_name=PROVINCE, plan_title=REPORT_PLAN, actor="demo")
        done.append(f"{example.name}: {r.facts} dữ kiện" + (" (đã có)" if r.already_imported else ""))
    seed = root.parent / "shared" / "seed" / "000_d11ddce65c755f57.txt"
    if seed.is_file():
        r = import_file(
            engine, seed, unit_name="Tỉnh Trà Vinh", plan_title="Nghị quyết tỉnh Trà Vinh", actor="demo"
        )
        done.append(
            f"{seed.name} (Tỉnh Trà Vinh): {r.facts} dữ kiện" + (" (đã có)" if r.already_imported else "")
        )
    return done
