"""Chinese and Arabic numerals to Decimal: 两千 -> 2000, 二十五 -> 25, 2.1万 -> 21000, 百 -> 100."""

from __future__ import annotations

from decimal import Decimal

DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
SMALL = {"十": 10, "百": 100, "千": 1000}
LARGE = {"万": 10_000, "亿": 100_000_000}
CN_CHARS = "".join(DIGITS) + "".join(SMALL) + "".join(LARGE)


def cn_to_int(s: str) -> int:
    """Parse a Chinese numeral such as 三千五百, 十二, 两万."""
    if not s or any(ch not in CN_CHARS for ch in s):
        raise ValueError(f"not a Chinese numeral: {s!r}")
    total, section, digit = 0, 0, None
    for ch in s:
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in SMALL:
            section += (1 if digit is None else digit) * SMALL[ch]
            digit = None
        else:  # 万 / 亿
            section += digit or 0
            total = (total + (section or 1)) * LARGE[ch]
            section, digit = 0, None
    return total + section + (digit or 0)


def to_decimal(number: str, multiplier: str = "") -> Decimal:
    """A numeral (Arabic or Chinese) and an optional 万/亿 multiplier as a Decimal."""
    value = Decimal(number) if number[0].isdigit() else Decimal(cn_to_int(number))
    if multiplier:
        value *= LARGE[multiplier]
    return value.normalize() if value != value.to_integral() else Decimal(int(value))
