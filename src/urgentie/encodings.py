"""Files that mix two encodings: UTF-8 lines next to Windows-1252 lines (two exports pasted
together). Decoded as a whole, either the UTF-8 lines turn into ``CafÃ©`` or the file is refused;
per line, both are read right, and the lines that differ can be named in the report."""

from __future__ import annotations


def foreign_lines(data: bytes) -> list[int]:
    """Line numbers (from 1) that are not UTF-8, when other lines are UTF-8 with non-ASCII
    characters; empty when the file is one encoding (all UTF-8, or no UTF-8 evidence at all)."""
    utf8_non_ascii = 0
    foreign: list[int] = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            foreign.append(number)
        else:
            utf8_non_ascii += not line.isascii()
    return foreign if utf8_non_ascii and foreign else []


def decode_per_line(data: bytes) -> str:
    """Each line as UTF-8 when it is, else as Windows-1252."""
    parts = []
    for line in data.split(b"\n"):
        try:
            parts.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            parts.append(line.decode("cp1252", errors="replace"))
    return "\n".join(parts)
