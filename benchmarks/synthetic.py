"""A synthetic but realistic HEZA dataset of any size, valid against generator/models.py.

Each zone has a ~300-word profile summary in both languages, a location, an area, a key-facts table
with quantity, date and text facts, named investors, notes, and the events that name it; a zone in
ten also has a zone-scoped figure. Sources grow with the zones (one source per four zones, each cited
somewhere, as the loader requires). The same (zones, events, seed) always gives the same files.
"""

from __future__ import annotations

import random
from pathlib import Path

import yaml

from generator import site

# Sentences a zone profile is made of; {name}, {n}, {m}, {y} are filled in per zone. Each pair is the
# same sentence in both languages, so the two profiles say the same thing.
_PROFILE = [
    (
        "{name} nằm trên trục giao thông kết nối cảng cửa ngõ quốc tế Lạch Huyện với đường cao tốc Hà Nội – Hải Phòng, "
        "thuận lợi cho việc vận chuyển hàng hóa xuất nhập khẩu bằng đường bộ, đường thủy và đường sắt.",
        "{name} sits on the transport corridor that links the Lach Huyen international gateway port with the "
        "Hanoi – Hai Phong expressway, so goods for export and import move easily by road, waterway and rail.",
    ),
    (
        "Đến cuối năm {y}, khu đã thu hút {n} dự án đầu tư, trong đó có nhiều dự án của các tập đoàn đa quốc gia "
        "trong lĩnh vực điện tử, cơ khí chính xác và công nghiệp hỗ trợ.",
        "By the end of {y} the zone had attracted {n} investment projects, many of them from multinational groups "
        "in electronics, precision engineering and supporting industries.",
    ),
    (
        "Tỷ lệ lấp đầy đạt khoảng {m}%, hạ tầng kỹ thuật gồm hệ thống cấp điện, cấp nước, xử lý nước thải tập trung "
        "và viễn thông đã được đầu tư đồng bộ theo quy hoạch được phê duyệt.",
        "Occupancy stands at about {m}%, and the technical infrastructure — power, water supply, central wastewater "
        "treatment and telecommunications — has been built as a whole according to the approved plan.",
    ),
    (
        "Ban Quản lý Khu kinh tế Hải Phòng thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành "
        "chính cho nhà đầu tư, rút ngắn thời gian cấp Giấy chứng nhận đăng ký đầu tư.",
        "The Hai Phong Economic Zone Authority runs a one-stop, inter-agency desk for investors' administrative "
        "procedures, which shortens the time it takes to issue an investment registration certificate.",
    ),
    (
        "Khu ưu tiên thu hút các dự án công nghệ cao, thân thiện với môi trường, sử dụng ít lao động phổ thông và có "
        "suất đầu tư lớn trên mỗi héc-ta đất công nghiệp.",
        "The zone gives priority to high-tech, environmentally friendly projects that use little unskilled labour "
        "and invest heavily per hectare of industrial land.",
    ),
    (
        "Hiện có khoảng {n} nghìn lao động đang làm việc tại các doanh nghiệp trong khu, phần lớn là người dân địa "
        "phương được đào tạo nghề tại các trường trung cấp và cao đẳng trên địa bàn thành phố.",
        "About {n} thousand people now work for the companies in the zone, most of them local residents trained at "
        "the city's vocational schools and colleges.",
    ),
    (
        "Chủ đầu tư hạ tầng đang triển khai giai đoạn mở rộng với diện tích khoảng {m} ha, dự kiến hoàn thành giải "
        "phóng mặt bằng và bàn giao đất cho nhà đầu tư thứ cấp trong năm {y}.",
        "The infrastructure developer is carrying out an extension of about {m} ha, and expects to finish site "
        "clearance and hand land over to secondary investors in {y}.",
    ),
    (
        "Các doanh nghiệp trong khu đóng góp đáng kể vào kim ngạch xuất khẩu và nộp ngân sách của thành phố, đồng thời "
        "thúc đẩy chuyển giao công nghệ cho các nhà cung cấp trong nước.",
        "Companies in the zone contribute a large share of the city's exports and budget revenue, and they pass "
        "technology on to domestic suppliers.",
    ),
    (
        "Khu được quy hoạch gắn với khu đô thị, nhà ở xã hội và các công trình dịch vụ cho người lao động, bảo đảm "
        "điều kiện sống ổn định và lâu dài.",
        "The zone is planned together with an urban area, social housing and services for workers, so that they can "
        "live there in stable conditions for the long term.",
    ),
    (
        "Theo báo cáo của Ban Quản lý, tổng vốn đầu tư đăng ký tại khu đến năm {y} vượt {n} triệu USD, tăng mạnh so "
        "với cùng kỳ nhờ các dự án mở rộng quy mô sản xuất.",
        "According to the authority's report, registered investment in the zone exceeded US${n} million by {y}, a "
        "sharp rise on the year before driven by projects expanding production.",
    ),
    (
        "Công tác bảo vệ môi trường được giám sát thường xuyên; nước thải của các doanh nghiệp được thu gom và xử lý "
        "đạt quy chuẩn trước khi xả ra môi trường.",
        "Environmental protection is monitored regularly: companies' wastewater is collected and treated to the "
        "national standard before it is discharged.",
    ),
    (
        "Trong giai đoạn tới, khu tập trung phát triển theo mô hình khu công nghiệp sinh thái, ứng dụng chuyển đổi số "
        "trong quản lý và cung cấp dịch vụ cho doanh nghiệp.",
        "In the coming period the zone will develop as an eco-industrial park and use digital tools to manage it and "
        "to serve the companies in it.",
    ),
]

_PLACES = [
    ("An Dương", "An Duong"), ("Thủy Nguyên", "Thuy Nguyen"), ("Tiên Lãng", "Tien Lang"), ("Kiến Thụy", "Kien Thuy"),
    ("Vĩnh Bảo", "Vinh Bao"), ("An Lão", "An Lao"), ("Đồ Sơn", "Do Son"), ("Cát Hải", "Cat Hai"),
    ("Hải An", "Hai An"), ("Dương Kinh", "Duong Kinh"), ("Nam Đình Vũ", "Nam Dinh Vu"), ("Tràng Duệ", "Trang Due"),
]
_KINDS = ["industrial_park", "industrial_park", "industrial_park", "non_tariff_zone", "free_trade_zone", "port"]
_KIND_NAMES = {
    "economic_zone": ("Khu kinh tế", "Economic Zone"),
    "industrial_park": ("Khu công nghiệp", "Industrial Park"),
    "non_tariff_zone": ("Khu phi thuế quan", "Non-tariff Zone"),
    "free_trade_zone": ("Khu thương mại tự do", "Free Trade Zone"),
    "port": ("Cảng", "Port"),
}
_STATUSES = ["operating", "partly_operating", "under_construction", "established", "approved_in_principle", "planned"]
_ORIGINS = [
    ("Hàn Quốc", "South Korea"), ("Nhật Bản", "Japan"), ("Trung Quốc", "China"), ("Singapore", "Singapore"),
    ("Hoa Kỳ", "United States"), ("Việt Nam", "Viet Nam"), ("Đài Loan (Trung Quốc)", "Taiwan (China)"),
]
_SECTORS = [
    ("điện tử", "electronics"), ("cơ khí chính xác", "precision engineering"), ("logistics", "logistics"),
    ("dệt may", "textiles"), ("linh kiện ô tô", "car parts"), ("năng lượng tái tạo", "renewable energy"),
]
_TAGS = [
    ("conference", "Hội nghị", "Conference"), ("investment", "Đầu tư", "Investment"),
    ("licence", "Cấp phép", "Licensing"), ("groundbreaking", "Khởi công", "Groundbreaking"),
    ("inauguration", "Khánh thành", "Inauguration"), ("planning", "Quy hoạch", "Planning"),
    ("infrastructure", "Hạ tầng", "Infrastructure"), ("labour", "Lao động", "Labour"),
    ("environment", "Môi trường", "Environment"), ("award", "Khen thưởng", "Award"),
    ("party", "Công tác Đảng", "Party affairs"), ("digital", "Chuyển đổi số", "Digital transformation"),
]


def _text(vi: str, en: str) -> dict:
    """A text in every configured language. The synthetic data has no Korean (or other) sentences of its own:
    another language gets the English sentence after its own name ("한국어: ..."), so its pages, sheets and
    fonts are exercised at the English text's length."""
    others = {lang.code: f"{lang.name}: {en}" for lang in site.LANGUAGE_LIST if lang.code not in ("vi", "en")}
    return {"vi": vi, "en": en, **others}


def _date(rng: random.Random, first: int = 2023, last: int = 2026) -> str:
    year = rng.randint(first, last)
    shape = rng.random()
    if shape < 0.6:
        return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if shape < 0.85:
        return f"{year}-{rng.randint(1, 12):02d}"
    if shape < 0.95:
        return f"{year}-Q{rng.randint(1, 4)}"
    return str(year)


def _profile(rng: random.Random, name_vi: str, name_en: str, words: int = 300) -> dict:
    """About `words` words per language, the same sentences in both."""
    vi, en = [], []
    order = list(range(len(_PROFILE)))
    rng.shuffle(order)
    i = 0
    while len(" ".join(vi).split()) < words:
        s_vi, s_en = _PROFILE[order[i % len(order)]]
        fill = {"n": rng.randint(5, 900), "m": rng.randint(20, 98), "y": rng.randint(2023, 2026)}
        vi.append(s_vi.format(name=name_vi if i == 0 else "Khu", **fill))
        en.append(s_en.format(name=name_en if i == 0 else "The zone", **fill))
        i += 1
    return _text(" ".join(vi), " ".join(en))


def dataset(zones: int, events: int | None = None, seed: int = 6) -> dict[str, dict]:
    """{file name: YAML document} of a dataset with `zones` zones and `events` events (default: as many as zones)."""
    if zones < 1:
        raise ValueError("at least one zone")
    events = zones if events is None else events
    rng = random.Random(seed)
    n_sources = max(4, zones // 4)
    source_ids = [f"source-{i:05d}" for i in range(n_sources)]
    # Round-robin citations: zone i cites source i % n, so every source is cited (the loader insists).
    cite = lambda i: source_ids[i % n_sources]  # noqa: E731

    sources = []
    for i, sid in enumerate(source_ids):
        item = {
            "id": sid,
            "kind": "article" if i % 3 else "web",
            "title": _text(f"Bản tin số {i + 1} về các khu công nghiệp Hải Phòng", f"Bulletin no. {i + 1} on Hai Phong's industrial parks"),
            "publisher": _text("Cổng thông tin điện tử Hải Phòng", "Hai Phong e-portal"),
        }
        if i % 2:
            item["published"] = _date(rng)
        else:
            item["viewed"] = _date(rng)
        if i % 3:
            item["url"] = f"https://example.gov.vn/tin/{sid}"
        else:
            item["archive"] = f"{i:03d}_synthetic.txt"
        sources.append(item)

    tags = [{"id": tid, "name": _text(vi, en)} for tid, vi, en in _TAGS]

    authority = {
        "name": _text("Ban Quản lý Khu kinh tế Hải Phòng", "Hai Phong Economic Zone Authority"),
        "abbreviation": _text("BQL KKT Hải Phòng", "HEZA"),
        "summary": [
            {"text": _text("Ban Quản lý quản lý các khu kinh tế và khu công nghiệp của thành phố.", "HEZA manages the city's economic zones and industrial parks."), "sources": [cite(0)]},
            {"text": _text("Ban thực hiện cơ chế một cửa cho nhà đầu tư.", "HEZA runs a one-stop desk for investors."), "sources": [cite(1)]},
        ],
        "pillars": [
            {"id": "high-tech-industry", "name": _text("Công nghiệp công nghệ cao", "High-tech industry")},
            {"id": "seaport-logistics", "name": _text("Cảng biển – logistics", "Seaport and logistics")},
            {"id": "tourism-services", "name": _text("Du lịch – dịch vụ", "Tourism and services")},
        ],
        "pillars_sources": [cite(2)],
        "people": [
            {"name": "Nguyễn Văn A", "role": _text("Trưởng Ban", "Head of HEZA"), "body": "heza", "as_of": "2025-06-15", "source": cite(3)},
            {"name": "Trần Thị B", "role": _text("Phó Trưởng Ban", "Deputy Head of HEZA"), "body": "heza", "as_of": "2025-06-15", "source": cite(3)},
        ],
    }

    # One zone in ten is an economic zone that the next nine belong to.
    zone_ids = [f"zone-{i:05d}" for i in range(zones)]
    zone_list = []
    for i, zid in enumerate(zone_ids):
        parent = None if i % 10 == 0 else zone_ids[i - i % 10]
        kind = "economic_zone" if parent is None else _KINDS[i % len(_KINDS)]
        place_vi, place_en = _PLACES[i % len(_PLACES)]
        kind_vi, kind_en = _KIND_NAMES[kind]
        name_vi, name_en = f"{kind_vi} {place_vi} {i + 1}", f"{place_en} {i + 1} {kind_en}"
        sector_vi, sector_en = _SECTORS[i % len(_SECTORS)]
        origin = _ORIGINS[i % len(_ORIGINS)]
        zone = {
            "id": zid,
            "kind": kind,
            "name": _text(name_vi, name_en),
            "summary": _profile(rng, name_vi, name_en),
            "status": {"value": _STATUSES[i % len(_STATUSES)], "as_of": _date(rng), "source": cite(i)},
            "location": {"text": _text(f"Huyện {place_vi}, thành phố Hải Phòng", f"{place_en} district, Hai Phong"), "sources": [cite(i)]},
            "area": {"value": rng.randint(80, 20000), "qualifier": rng.choice([None, "about", "over"]), "source": cite(i + 1)},
            "facts": [
                {"label": _text("Vốn đầu tư đăng ký", "Registered investment"), "quantity": {"value": float(f"{rng.randint(10, 5000)}.{rng.randint(1, 9)}"), "unit": "usd_million", "qualifier": "over"}, "as_of": _date(rng), "source": cite(i)},
                {"label": _text("Tỷ lệ lấp đầy", "Occupancy"), "quantity": {"value": rng.randint(10, 100), "unit": "percent"}, "as_of": _date(rng), "source": cite(i + 1)},
                {"label": _text("Số lao động", "Workers"), "quantity": {"value": rng.randint(500, 90000), "unit": "count", "qualifier": "about"}, "source": cite(i + 2)},
                {"label": _text("Diện tích đã cho thuê", "Land leased"), "quantity": {"value": rng.randint(10, 900), "unit": "ha"}, "as_of": _date(rng), "source": cite(i)},
                {"label": _text("Ngày thành lập", "Established"), "date": _date(rng, 2023, 2025), "source": cite(i + 1)},
                {"label": _text("Ngành nghề chính", "Main industries"), "text": _text(f"{sector_vi.capitalize()}, công nghiệp hỗ trợ", f"{sector_en.capitalize()}, supporting industries"), "source": cite(i)},
                {"label": _text("Chủ đầu tư hạ tầng", "Infrastructure developer"), "text": _text(f"Công ty cổ phần phát triển hạ tầng {place_vi}", f"{place_en} Infrastructure Development JSC"), "source": cite(i + 2)},
            ],
            "investors": [
                {
                    "name": f"Investor {i + 1}-{j + 1} Co., Ltd.",
                    "origin": _text(*_ORIGINS[(i + j) % len(_ORIGINS)]),
                    "detail": _text(f"Nhà máy {sector_vi}, vốn {rng.randint(5, 900)} triệu USD", f"{sector_en.capitalize()} plant, US${rng.randint(5, 900)} million"),
                    "source": cite(i + j),
                }
                for j in range(3 + i % 3)
            ],
            "notes": [
                {"text": _text(f"Nhà đầu tư lớn nhất đến từ {origin[0]}.", f"The largest investor comes from {origin[1]}."), "sources": [cite(i + 3)]},
            ],
        }
        if parent:
            zone["parent"] = parent
        zone_list.append(zone)

    groups = [
        {"id": "term-2020-2025", "title": _text("Nhiệm kỳ 2020–2025", "The 2020–2025 term")},
        {"id": "year-2024", "title": _text("Năm 2024", "2024"), "intro": _text("Kết quả năm 2024.", "Results for 2024.")},
        {"id": "industrial-parks", "title": _text("Các khu công nghiệp", "Industrial parks")},
    ]
    figures = [
        {"id": "fdi-term", "group": "term-2020-2025", "label": _text("Vốn FDI", "FDI"), "value": 18.6, "unit": "usd_billion", "scope": "zones", "period": "2020-2025", "source": cite(0)},
        {"id": "ddi-term", "group": "term-2020-2025", "label": _text("Vốn DDI", "DDI"), "value": 481915, "unit": "vnd_billion", "status": "expected", "scope": "zones", "period": "2020-2025", "source": cite(1)},
        {"id": "fdi-2024", "group": "year-2024", "label": _text("Vốn FDI năm 2024", "FDI in 2024"), "value": 4.35, "unit": "usd_billion", "scope": "zones", "period": "2024", "source": cite(2), "chart": "fdi-annual"},
        {"id": "budget-2024", "group": "year-2024", "label": _text("Nộp ngân sách", "Budget revenue"), "value": 2591.74, "unit": "vnd_million", "scope": "authority", "period": "2024", "source": cite(3), "reliability": "ambiguous", "editorial_note": _text("Nguồn in đơn vị không rõ.", "The source prints an unclear unit.")},
    ]
    for i in range(0, zones, 10):
        figures.append({
            "id": f"ip-investment-{i:05d}", "group": "industrial-parks",
            "label": _text(f"Vốn đầu tư vào khu {i + 1}", f"Investment in zone {i + 1}"),
            "value": rng.randint(10, 3000), "unit": "usd_million", "scope": "zone", "zones": [zone_ids[i]],
            "as_of": _date(rng), "source": cite(i),
        })

    event_list = []
    for j in range(events):
        related = sorted({zone_ids[j % zones], zone_ids[(j * 7 + 3) % zones]}) if j % 5 else []
        date = _date(rng)
        status = "planned" if date >= "2026" else "occurred"
        item = {
            "id": f"event-{j:05d}",
            "date": date,
            "status": status,
            "title": _text(f"Sự kiện số {j + 1} tại các khu công nghiệp", f"Event no. {j + 1} in the industrial parks"),
            "summary": _text(
                "Ban Quản lý tổ chức hội nghị trao Giấy chứng nhận đăng ký đầu tư cho các dự án mới và điều chỉnh tăng vốn, "
                "đồng thời đối thoại với doanh nghiệp về thủ tục hành chính, lao động và hạ tầng.",
                "HEZA held a ceremony to hand investment registration certificates to new and expanding projects, and met "
                "companies to discuss administrative procedures, labour and infrastructure.",
            ),
            "tags": [_TAGS[j % len(_TAGS)][0], _TAGS[(j + 5) % len(_TAGS)][0]],
            "sources": [cite(j)],
        }
        if related:
            item["zones"] = related
        if status == "planned" and j % 2:
            item["date_qualifier"] = "by"
        event_list.append(item)

    return {
        "authority.yaml": {"authority": authority},
        "sources.yaml": {"sources": sources},
        "tags.yaml": {"tags": tags},
        "figures.yaml": {"groups": groups, "figures": figures},
        "events.yaml": {"events": event_list},
        "zones.yaml": {"zones": [{k: v for k, v in z.items() if v is not None} for z in zone_list]},
    }


def _clean(value):
    """Drop None values (an absent qualifier), recursively."""
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def only_languages(value, languages: tuple[str, ...]):
    """The data with each text (a mapping whose keys are the configured language codes) cut to `languages`."""
    if isinstance(value, dict):
        if set(value) == set(site.LANGUAGES):
            return {code: text for code, text in value.items() if code in languages}
        return {k: only_languages(v, languages) for k, v in value.items()}
    if isinstance(value, list):
        return [only_languages(v, languages) for v in value]
    return value


def write(target: Path, zones: int, events: int | None = None, seed: int = 6, languages: tuple[str, ...] | None = None) -> Path:
    """Write the dataset's six YAML files into target (created if needed), with texts in `languages` (default:
    every configured language)."""
    target.mkdir(parents=True, exist_ok=True)
    for name, document in dataset(zones, events, seed).items():
        if languages is not None:
            document = only_languages(document, languages)
        text = yaml.dump(_clean(document), Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), allow_unicode=True, sort_keys=False, width=120)
        (target / name).write_text(text, encoding="utf-8")
    return target
