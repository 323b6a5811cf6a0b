"""Guess the language of a text among the supported packs, from its letters and common words."""
from __future__ import annotations

import re

_CYR = re.compile(r"[\u0400-\u04FF]")
_UK_ONLY = re.compile(r"[іїєґІЇЄҐ]")
_RU_ONLY = re.compile(r"[ыэъёЫЭЪЁ]")
_VI_MARKS = re.compile(
    r"[ăâđêôơưĂÂĐÊÔƠƯàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]",
    re.IGNORECASE,
)
_LATIN = re.compile(r"[A-Za-z]")


def detect_language(text: str) -> str:
    """Return 'ru', 'uk', 'vi' or 'en'. Cyrillic decides between ru/uk by letters only one uses."""
    sample = text[:20000]
    cyr = len(_CYR.findall(sample))
    latin = len(_LATIN.findall(sample))
    vi = len(_VI_MARKS.findall(sample))
    if cyr > latin:
        uk = len(_UK_ONLY.findall(sample))
        ru = len(_RU_ONLY.findall(sample))
        return "uk" if uk > ru else "ru"
    if vi > max(5, (latin + vi) * 0.03):
        return "vi"
    return "en"
