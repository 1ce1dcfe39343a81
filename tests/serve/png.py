"""Just enough PNG reading to tell a screenshot from a blank page (no imaging library)."""

from __future__ import annotations

import struct
import zlib
from collections import Counter

SIGNATURE = b"\x89PNG\r\n\x1a\n"


def pixels(png: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the pixels (RGB bytes, row by row) of an 8-bit RGB or RGBA PNG."""
    assert png.startswith(SIGNATURE), "not a PNG"
    at, data = len(SIGNATURE), b""
    width = height = channels = 0
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind, body = png[at + 4 : at + 8], png[at + 8 : at + 8 + length]
        at += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8, f"PNG depth {depth}"
            assert colour in (2, 6), f"PNG colour type {colour}"
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            data += body
    raw = zlib.decompress(data)
    stride = width * channels
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        filter_type, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up, corner = previous[x], previous[x - channels] if x >= channels else 0
            if filter_type == 1:
                line[x] = (line[x] + left) & 0xFF
            elif filter_type == 2:
                line[x] = (line[x] + up) & 0xFF
            elif filter_type == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif filter_type == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                best = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[x] = (line[x] + best) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, [r[i : i + 3] for r in rows for i in range(0, stride, channels)]


def colour_spread(png: bytes) -> tuple[int, bytes, float]:
    """How many colours the picture has, its most common one (RGB) and that one's share."""
    _, _, px = pixels(png)
    counts = Counter(px)
    commonest, count = counts.most_common(1)[0]
    return len(counts), commonest, count / len(px)
