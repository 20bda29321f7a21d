"""Make the portal's Hangul typeface from Debian's fonts-nanum (NanumGothic, SIL OFL 1.1).

Run by hand when the typeface is to change; the build never runs it. The subset keeps the 2,350 Hangul
syllables of KS X 1001 (every syllable of ordinary modern Korean text), the compatibility jamo, the
CJK symbols Korean text uses and Latin-1; Vietnamese letters come from DejaVu Sans, which the PDFs list
first. NanumGothic's licence reserves the name "Nanum", so the subset, a modified version, is renamed.

    python fonts/subset.py /usr/share/fonts/truetype/nanum
"""

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

FAMILY = "HEZA Hangul Gothic"
HERE = Path(__file__).resolve().parent


def ks_x_1001_syllables() -> list[int]:
    """The precomposed syllables EUC-KR encodes in two bytes (KS X 1001's 2,350)."""
    return [cp for cp in range(0xAC00, 0xD7A4) if len(chr(cp).encode("euc_kr", errors="ignore")) == 2]


def codepoints() -> list[int]:
    # Latin letters, digits and punctuation too: a Korean chart in a PDF is set in this face alone.
    latin = list(range(0x20, 0x7F)) + list(range(0xA0, 0x100)) + list(range(0x2010, 0x2027))
    extra = latin + list(range(0x3131, 0x318F)) + list(range(0x3000, 0x3019)) + [0x2027, 0x203B, 0x2236]
    return sorted(set(ks_x_1001_syllables() + extra))


def make(source: Path, style: str) -> Path:
    font = TTFont(source)
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.layout_features = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints())
    subsetter.subset(font)
    names = font["name"]
    full = f"{FAMILY} {style}" if style != "Regular" else FAMILY
    for record in list(names.names):
        if record.nameID in (1, 16):
            record.string = FAMILY
        elif record.nameID in (2, 17):
            record.string = style
        elif record.nameID == 3:
            record.string = f"{FAMILY.replace(' ', '')}-{style}; subset of NanumGothic"
        elif record.nameID == 4:
            record.string = full
        elif record.nameID == 6:
            record.string = f"{FAMILY.replace(' ', '')}-{style}"
    if style == "Bold":
        # NanumGothic Bold declares weight 600; 700 is what "bold" asks for (CSS, matplotlib), so a request for
        # bold text finds this face without a fallback warning.
        font["OS/2"].usWeightClass = 700
    target = HERE / f"{FAMILY.replace(' ', '')}-{style}.ttf"
    font.save(target)
    return target


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/nanum")
    for style, name in (("Regular", "NanumGothic.ttf"), ("Bold", "NanumGothicBold.ttf")):
        print(make(folder / name, style))
