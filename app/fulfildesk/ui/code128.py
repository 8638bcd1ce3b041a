"""Code 128 (code set B) bar widths for a reference, so packing slips carry a linear barcode
that every warehouse scanner reads. Pure Python: the slip drawer turns the widths into bars."""

from __future__ import annotations

# Bar/space widths of symbols 0..106 (ISO/IEC 15417, table 1); 106 is the stop pattern.
_PATTERNS = (
    "212222 222122 222221 121223 121322 131222 122213 122312 132212 221213 "
    "221312 231212 112232 122132 122231 113222 123122 123221 223211 221132 "
    "221231 213212 223112 312131 311222 321122 321221 312212 322112 322211 "
    "212123 212321 232121 111323 131123 131321 112313 132113 132311 211313 "
    "231113 231311 112133 112331 132131 113123 113321 133121 313121 211331 "
    "231131 213113 213311 213131 311123 311321 331121 312113 312311 332111 "
    "314111 221411 431111 111224 111422 121124 121421 141122 141221 112214 "
    "112412 122114 122411 142112 142211 241211 221114 413111 241112 134111 "
    "111242 121142 121241 114212 124112 124211 411212 421112 421211 212141 "
    "214121 412121 111143 111341 131141 114113 114311 411113 411311 113141 "
    "114131 311141 411131 211412 211214 211232 2331112"
).split()
START_B = 104
STOP = 106
QUIET = 10  # modules of white on each side


def symbols(text: str) -> list[int]:
    """Start B, the characters, the checksum and the stop, as symbol values."""
    if not text or any(not 32 <= ord(ch) <= 126 for ch in text):
        raise ValueError("Code 128 B encodes printable ASCII only")
    values = [ord(ch) - 32 for ch in text]
    checksum = (START_B + sum(i * v for i, v in enumerate(values, start=1))) % 103
    return [START_B, *values, checksum, STOP]


def modules(text: str) -> list[bool]:
    """The barcode as modules (True = bar), quiet zones included."""
    out = [False] * QUIET
    for symbol in symbols(text):
        bar = True
        for width in _PATTERNS[symbol]:
            out += [bar] * int(width)
            bar = not bar
    return out + [False] * QUIET
