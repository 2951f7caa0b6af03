"""Line breaks in Thai table cells: between words, never inside one.

Thai writes no space between words, so Rich (which breaks lines at spaces only) folds a long Thai
label at whatever character meets the column's edge: "เวลาตอบกลับค | รั้งแรกเฉลี่ย" splits the word
ครั้ง. :class:`ThaiText` is a Rich Text that may also break between the words of :data:`WORDS`, the
vocabulary of smkpi's own Thai catalogue (KPI labels, families, statuses), found by longest match.
Text it does not know is kept whole where it can be (Rich folds it only when a single unknown run is
wider than the column), and no line ever starts with a following vowel or a tone mark.
"""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.containers import Lines
from rich.measure import Measurement
from rich.text import Text

# The words of i18n/th.json's labels (tests/test_widths.py checks every label breaks only between them).
WORDS = frozenset("""
โพสต์ ของ แบรนด์ ยอด ถูกใจ ความ คิดเห็น การ แชร์ ต่อ อัตรา มี ส่วนร่วม ตาม เข้าถึง แสดงผล รวม แต่ละ รับชม
ความถี่ แปลง โฆษณา กล่าวถึง ที่ ระบุ ความรู้สึก สัดส่วน เชิง บวก ลบ เป็นกลาง อินฟลูเอนเซอร์ จาก ดู ประเภท
เนื้อหา ดีที่สุด ค่า ต้นทุน คลิก ครั้ง ผ่าน ได้มา ซึ่ง ลูกค้า ผลตอบแทน เซสชัน ตีกลับ ระยะเวลา เฉลี่ย จำนวน
หน้า สอบถาม เวลา ตอบกลับ แรก แก้ปัญหา ได้ ใน ติดต่อ ความพึงพอใจ ที่พอใจ คะแนน ดำเนินการ คำขอ นอก ทำการ
ส่งต่อ เรื่อง เข้าชม ฐานความรู้ บทความ ผู้ติดตาม ล่าสุด ทุก แพลตฟอร์ม เติบโต วิเคราะห์ ร่วมมือ กับ
ประสิทธิภาพ สื่อสาร กระบวนการ จัดการ ความรู้ ข้อมูล เชิงลึก และ ไม่ เตือน เป้าหมาย ไม่มี
""".split())
_LONGEST = max(map(len, WORDS))
_THAI = re.compile("[\u0e01-\u0e5b]")
# Never the first character of a line: following vowels, tone and other marks, the repetition mark.
_NO_START = frozenset("\u0e30\u0e31\u0e32\u0e33\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e45\u0e46"
                      "\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")


# Never the last character of a line: the leading vowels (เ แ โ ใ ไ), written before their consonant.
_NO_END = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")


def has_thai(text: str) -> bool:
    return bool(_THAI.search(text))


def breaks(text: str) -> list[int]:
    """Offsets where a line may break: after a space, and between two known Thai words."""
    out: list[int] = []
    i, n, known_end = 0, len(text), -1
    while i < n:
        if text[i].isspace():
            i += 1
            if i < n:
                out.append(i)
            continue
        word = next((k for k in range(min(_LONGEST, n - i), 0, -1) if text[i:i + k] in WORDS), 0)
        if word:
            if i == known_end and text[i] not in _NO_START:  # a known word right after another
                out.append(i)
            i += word
            known_end = i
        else:
            i += 1
    return sorted(set(out))


def _offsets(text: str, width: int, fold: bool) -> list[int]:
    """Where to cut ``text`` into lines of at most ``width`` cells, at :func:`breaks` (a run wider
    than the line is folded by cells when ``fold``, as Rich does with a long word)."""
    cuts: list[int] = []
    pieces = [0, *breaks(text), len(text)]
    start = 0
    for a, b in zip(pieces, pieces[1:]):
        if a > start and cell_len(text[start:b].rstrip()) > width:
            cuts.append(a)
            start = a
        while fold and cell_len(text[start:b].rstrip()) > width:  # one piece wider than the line
            end = start
            while end < b and cell_len(text[start:end + 1]) <= width:
                end += 1
            while end > start + 1 and (text[end] in _NO_START or text[end - 1] in _NO_END):
                end -= 1  # keep a mark with its letter, a leading vowel with the letter after it
            if end <= start:
                break
            cuts.append(end)
            start = end
    return cuts


class ThaiText(Text):
    """A Rich Text whose lines break between Thai words too (see the module docstring)."""

    def __rich_measure__(self, console, options) -> Measurement:
        text = self.plain
        lines = text.splitlines() or [""]
        widest = max(cell_len(line) for line in lines)
        pieces = [0, *breaks(text), len(text)]
        shortest = max((cell_len(text[a:b].strip()) for a, b in zip(pieces, pieces[1:])), default=widest)
        return Measurement(shortest, widest)

    def wrap(self, console, width: int, *, justify=None, overflow=None, tab_size: int = 8, no_wrap=None) -> Lines:
        if no_wrap or self.no_wrap or "\n" in self.plain or "\t" in self.plain:
            return super().wrap(console, width, justify=justify, overflow=overflow, tab_size=tab_size, no_wrap=no_wrap)
        wrap_overflow = overflow or self.overflow or "fold"
        lines = Text.divide(self, _offsets(self.plain, width, wrap_overflow == "fold"))
        for line in lines:
            line.rstrip_end(width)
        wrap_justify = justify or self.justify or "default"
        lines.justify(console, width, justify=wrap_justify, overflow=wrap_overflow)
        for line in lines:
            line.truncate(width, overflow=wrap_overflow)
        return lines


def thai_text(t: Text | str) -> Text | str:
    """``t`` as a :class:`ThaiText` when it holds Thai, else as it is."""
    plain = t.plain if isinstance(t, Text) else t
    if not has_thai(plain):
        return t
    if isinstance(t, str):
        return ThaiText(t)
    out = ThaiText(t.plain, style=t.style, justify=t.justify, overflow=t.overflow, no_wrap=t.no_wrap, end=t.end)
    out.spans = list(t.spans)
    return out
