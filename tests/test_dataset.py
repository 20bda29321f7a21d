"""The shipped dataset (data/): complete, cited, bilingual, and faithful to its sources.

Figures are looked up by value, unit and source (not by id), so a renamed id does not hide a lost fact.
"""

import re
from decimal import Decimal

import pytest
from conftest import ROOT
from pydantic import BaseModel

from generator.loading import load_dataset
from generator.models import TIMELINE_FIRST_YEAR, TIMELINE_LAST_YEAR, Text

SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def data():
    return load_dataset(ROOT / "data")


def _walk(value, path="data"):
    if isinstance(value, BaseModel):
        yield path, value
        for name in type(value).model_fields:
            yield from _walk(getattr(value, name), f"{path}.{name}")
    elif isinstance(value, (list, tuple)):
        for i, child in enumerate(value):
            yield from _walk(child, f"{path}[{i}]")


def _all_models(data):
    for name in ("authority", "sources", "tags", "groups", "figures", "events", "zones"):
        yield from _walk(getattr(data, name), name)


def test_every_figure_and_event_cites_an_existing_source(data):
    ids = {s.id for s in data.sources}
    assert all(f.source in ids for f in data.figures)
    assert all(e.sources and set(e.sources) <= ids for e in data.events)


def test_every_source_is_used(data):
    cited = set()
    for _, model in _all_models(data):
        for name in ("source", "sources", "pillars_sources"):
            value = getattr(model, name, None)
            if isinstance(value, str):
                cited.add(value)
            elif isinstance(value, list):
                cited.update(v for v in value if isinstance(v, str))
    assert {s.id for s in data.sources} - cited == set()


def test_every_text_has_both_languages(data):
    texts = [(path, m) for path, m in _all_models(data) if isinstance(m, Text)]
    assert len(texts) > 300
    for path, text in texts:
        assert text.vi.strip() and text.en.strip(), path
        # An English text identical to the Vietnamese one is a missed translation, except numbers and names
        # (a person's name keeps its Vietnamese letters in English).
        if text.vi == text.en and not re.fullmatch(r"authority\.people\[\d+\]\.name", path):
            assert not re.search(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", text.en.lower()), path


def test_every_timeline_date_lies_in_2023_to_2026(data):
    assert data.events
    for event in data.events:
        assert TIMELINE_FIRST_YEAR <= event.date.year <= TIMELINE_LAST_YEAR, event.id


def test_counts(data):
    assert len(data.sources) >= 5 + 5  # the five articles and the public pages cited
    assert len([s for s in data.sources if s.kind == "article"]) == 5
    assert len(data.figures) >= 60
    assert len(data.events) >= 20
    assert {z.kind for z in data.zones} >= {"economic_zone", "free_trade_zone", "non_tariff_zone", "port", "industrial_park_complex"}


def _source_of_archive(data, prefix):
    return next(s.id for s in data.sources if s.archive and s.archive.startswith(prefix))


@pytest.mark.parametrize(
    "archive, value, unit",
    [
        ("000", "18.6", "usd_billion"),      # FDI 2020-2025 term
        ("000", "186", "percent"),
        ("000", "206", "percent"),
        ("000", "481915", "vnd_billion"),    # DDI 2020-2025 term
        ("000", "449", "percent"),
        ("000", "68", "percent"),
        ("000", "2928.75", "ha"),            # 8 new industrial parks
        ("001", "3.5", "usd_billion"),       # FDI 2023
        ("001", "238.47", "percent"),        # DDI 2023, % of plan
        ("001", "23847", "vnd_billion"),
        ("001", "2591.74", "vnd_million"),   # the authority's budget contribution 2023
        ("001", "26.5", "usd_billion"),      # cumulative FDI
        ("001", "328", "vnd_trillion"),
        ("001", "14.2", "usd_billion"),
        ("001", "34", "percent"), ("001", "15", "percent"), ("001", "44", "percent"),
        ("002", "6418", "ha"), ("002", "973", "ha"), ("002", "1433", "ha"), ("002", "400", "ha"),
        ("003", "11.28", "percent"),         # H1 2025 growth
        ("003", "12.35", "percent"),         # 2025 GRDP target
        ("003", "37.7", "percent"),
        ("004", "4.35", "usd_billion"),      # FDI 2024
        ("004", "242", "percent"),
        ("004", "30.3", "usd_billion"),
        ("004", "2608.66", "vnd_million"),
        ("004", "33500", "usd_million"), ("004", "28500", "usd_million"), ("004", "22800", "usd_million"),
        ("004", "12350", "vnd_billion"),
    ],
)
def test_source_figures_are_kept_at_their_precision_and_unit(data, archive, value, unit):
    source = _source_of_archive(data, archive)
    quantities = [f for f in data.figures if f.source == source] + [
        fact.quantity for z in data.zones for fact in z.facts if fact.quantity and fact.source == source
    ]
    matches = [q for q in quantities if q.value == Decimal(value) and q.unit == unit]
    assert matches, f"no figure of {value} {unit} cited to source {archive}"
    # Written with the source's decimals: 18.6 stays 18.6 (not 18.60), 3.5 stays 3.5.
    assert any(str(q.value) == value for q in matches)


def test_garbled_and_ambiguous_figures_are_flagged(data):
    flagged = {(f.value, f.unit, f.reliability) for f in data.figures if f.reliability != "clean"}
    assert (Decimal("17"), "usd", "garbled") in flagged               # "17 USD/12,5 tỷ USD": kept as printed
    assert (Decimal("192"), "percent", "garbled") in flagged          # "tăng 192% lần"
    assert any(v == Decimal("140") and r in ("ambiguous", "garbled") for v, _, r in flagged)


def test_banner_date_is_not_a_publication_date(data):
    source = data.source(_source_of_archive(data, "004"))
    assert source.published is None
    assert str(source.viewed) == "2026-03-11"


def test_planned_milestones_are_planned(data):
    planned = [e for e in data.events if e.status == "planned"]
    assert any(e.date_qualifier == "by" and e.date.month == 7 for e in planned)  # the plan for Resolution No. 226, July 2025
    assert any(e.date.quarter == 3 and e.date.year == 2025 for e in planned)  # the FTZ scheme, Q3 2025


def _shingles(text, size=12):
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


QUOTED = re.compile(r"“([^”]+)”")
# Official names of events, documents and titles, which the portal gives exactly as the authorities do.
OFFICIAL_NAMES = [
    "Hội nghị Tổng kết năm 2023, triển khai nhiệm vụ năm 2024",
    "Nghị quyết số 06-NQ/TU ngày 7/4/2022 của Ban Thường vụ Thành ủy",
    "Nghị quyết số 03-NQ/TU của Ban Thường vụ Thành ủy",
    "Lễ kỷ niệm 30 năm thành lập Ban Quản lý Khu kinh tế Hải Phòng",
    "Đại hội đại biểu Đảng bộ Ban Quản lý Khu kinh tế Hải Phòng lần thứ nhất",
    "Cờ thi đua của Thủ tướng Chính phủ",
    "Kế hoạch phát triển kinh tế – xã hội 5 năm 2021–2025",
    "Quy hoạch vùng đồng bằng sông Hồng",
    "Quy hoạch thành phố Hải Phòng thời kỳ 2021–2030, tầm nhìn đến năm 2050",
    "Ủy viên Ban Thường vụ Thành ủy, Trưởng ban Ban Quản lý Khu kinh tế Hải Phòng",
    "Bí thư Thành ủy, Trưởng Đoàn đại biểu Quốc hội thành phố Hải Phòng",
    "Đề án thành lập Khu thương mại tự do thế hệ mới tại thành phố Hải Phòng",
    "Nghị quyết số 226/2025/QH15 về thí điểm một số cơ chế, chính sách đặc thù phát triển thành phố Hải Phòng",
    "Quy hoạch chung thành phố Hải Phòng và Quy hoạch thành phố Hải Phòng mới",
    "Hội nghị xúc tiến đầu tư trong khuôn khổ các hoạt động của Hội đồng Tư vấn Kinh doanh APEC (ABAC)",
]


@pytest.mark.skipif(not SEEDS.exists(), reason="the source articles (../shared/seeds) are not beside this clone")
def test_no_sentence_of_a_source_is_copied(data):
    """Own words only. What stands in typographic quotes (“…”) is a quotation: a leader's assessment or an
    official title, which must then be the source's words exactly."""
    seeds = [" ".join(seed.read_text(encoding="utf-8").split()) for seed in SEEDS.glob("*.txt")]
    seed_shingles = set()
    for seed in seeds:
        seed_shingles |= _shingles(seed)
    quotations = 0
    for path, model in _all_models(data):
        # A source's own title is a citation, and a person's role is an official title: both are given exactly.
        if not isinstance(model, Text) or re.fullmatch(r"sources\[\d+\]\.title|authority\.people\[\d+\]\.role", path):
            continue
        for quoted in QUOTED.findall(model.vi):
            if len(quoted.split()) >= 12:
                quotations += 1
                assert any(" ".join(quoted.split()) in seed for seed in seeds), f"{path}.vi misquotes its source: {quoted!r}"
        own = QUOTED.sub("“…”", model.vi)
        for name in OFFICIAL_NAMES:
            own = own.replace(name, "…")
        copied = _shingles(own) & seed_shingles
        assert not copied, f"{path}.vi repeats the source word for word: {sorted(copied)[0]!r}"
    assert quotations >= 2  # the assessment of 15 June 2025 and the title of Resolution No. 06-NQ/TU


def _texts(data, lang):
    for path, model in _all_models(data):
        if isinstance(model, Text) and not re.search(r"editorial_note", path):
            yield path, model.get(lang)


def test_the_leaders_assessment_is_quoted_and_attributed(data):
    summary = " ".join(item.text.vi for item in data.authority.summary)
    assert "“có vai trò là đầu tàu trong tham mưu, hoạch định chiến lược và triển khai nhiệm vụ phát triển công" in summary
    assert "động lực tăng trưởng quan trọng nhất của thành phố" in summary
    assert "đồng chí Lê Tiến Châu, Bí thư Thành ủy Hải Phòng" in summary and "15/6/2025" in summary
    assert "lớn nhất" not in summary


def test_official_wording(data):
    texts = dict(_texts(data, "vi"))
    every = "\n".join(texts.values())
    # Full titles, without abbreviations; names after titles.
    assert "Trưởng ban Ban Quản lý Khu kinh tế Hải Phòng" in every
    assert "Trưởng Đoàn đại biểu Quốc hội thành phố Hải Phòng" in every
    for wrong in ("Trưởng Ban Lê Trung Kiên", "ĐBQH", "BQL", "KCN", "KKT", "nhằm đón các nhà đầu tư", "Hoa Kỳ."):
        assert wrong not in every, wrong
    # "Đài Loan (Trung Quốc)" every time, in Vietnamese.
    for path, text in texts.items():
        for match in re.finditer(r"Đài Loan", text):
            assert text[match.end():].startswith(" (Trung Quốc)"), path
    assert "Hội nghị Tổng kết năm 2023, triển khai nhiệm vụ năm 2024" in every
    # One rule for "Đảng": capital for the Party and the names of its bodies, lower case in "đảng viên", "tổ chức đảng".
    assert not re.search(r"Đảng viên|tổ chức (cơ sở )?Đảng", every)
    # "13/13 targets met, some exceeded", scoped to the HEZA Party Committee.
    met = next(f for f in data.figures if f.id == "party-targets-met-2020-2025")
    assert met.scope == "party_committee" and "vượt mức" in met.label.vi and "exceeded" in met.label.en
    english = "\n".join(text for _, text in _texts(data, "en"))
    assert "Taiwan (China)" in english and not re.search(r"Taiwan(?! \(China\))", english)
    assert not re.search(r"\b(IPs?|EZs?)\b", english)


def test_context_the_reviews_asked_for(data):
    every = "\n".join(text for _, text in _texts(data, "vi"))
    for name in ("KICOX", "JETRO", "JCCI", "KOCHAM", "Nghị quyết số 202/2025/QH15", "cải cách hành chính", "chuyển đổi số",
                 "năng lực cạnh tranh cấp tỉnh", "bão Yagi", "Cung Văn hóa Lao động Hữu nghị Việt – Tiệp"):
        assert name in every, name
    yagi = next(e for e in data.events if "Yagi" in e.title.en)
    assert yagi.date.iso() == "2024-09-07"
    anniversary = next(e for e in data.events if e.id == "heza-30th-anniversary")
    assert anniversary.date.iso() == "2023-09-30"
    city_2025 = next(g for g in data.groups if g.id == "city-economy-2025")
    assert "hợp nhất" in city_2025.intro.vi and "city-party-conference-2025-07" in city_2025.sources


def test_korean_texts_name_the_authority_in_full(data):
    """No Korean text calls the authority by the bare abbreviation: its name (with the Vietnamese in brackets
    where a text introduces it) or 관리위원회 (translations/ko/GLOSSARY.md). The abbreviation field is exempt."""
    bare = [
        (path, text) for path, text in _texts(data, "ko")
        if path != "authority.abbreviation" and re.search(r"HEZA(?!\))", text)
    ]
    assert bare == []
