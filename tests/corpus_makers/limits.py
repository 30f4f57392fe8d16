"""Makers for the limits corpus (cases-limits.yaml): inputs too big, too deep or too odd
to keep as files – pipes, devices and folders where files are expected, JSON and YAML
nested 50,000 deep, a gzip bomb, workbook bombs and a file over the size limit."""

from __future__ import annotations

import gzip
import json
import os
import zipfile
from pathlib import Path

DATA = Path(__file__).parent.parent / "data"
DEEP = 50_000
BORIS = {"project_format_version": "7.0", "observations": {}, "behaviors_conf": {}}


def fifos(folder: Path) -> None:
    """A named pipe (nobody writes to it: reading would wait for ever) under each name a
    text or bytes reader takes."""
    for name in ("pipe.csv", "pipe.jsonl", "pipe.yaml", "pipe.boris", "pipe.vtt", "pipe.xlsx"):
        os.mkfifo(folder / name)
    os.mkfifo(folder / "pipe.record.json")


def folders(folder: Path) -> None:
    """Folders named like files."""
    for name in ("folder.csv", "folder.yaml", "folder.vtt"):
        (folder / name).mkdir()


def devices(folder: Path) -> None:
    """Links to /dev/zero (endless zero bytes) named like files."""
    for name in ("zero.csv", "zero.yaml", "zero.boris", "zero.xlsx"):
        (folder / name).symlink_to("/dev/zero")


def deep_json(folder: Path) -> None:
    """JSON nested 50,000 deep in a coding line, a BORIS project and a practice record."""
    deep = "[" * DEEP + "]" * DEEP
    good = (DATA / "good.jsonl").read_text(encoding="utf-8").splitlines()[0]
    (folder / "deep.jsonl").write_text(good[:-1] + ', "note": ' + deep + "}\n", encoding="utf-8")
    boris = json.dumps(BORIS)[:-1] + ', "x": ' + deep + "}"
    (folder / "deep.boris").write_text(boris, encoding="utf-8")
    (folder / "deep.record.json").write_text('{"format": 1, "x": ' + deep + "}", encoding="utf-8")
    objects = '{"a": ' * DEEP + "1" + "}" * DEEP
    (folder / "objects.jsonl").write_text(objects + "\n", encoding="utf-8")


def deep_yaml(folder: Path) -> None:
    """YAML nested 50,000 deep: a scheme in flow style, a storyboard and a code mapping."""
    deep = "[" * DEEP + "]" * DEEP
    (folder / "deep.yaml").write_text(f"version: '1.0'\ncategories: {deep}\n", encoding="utf-8")
    (folder / "deep-storyboard.yaml").write_text(
        f"storyboard: 1\nbeats: {deep}\n", encoding="utf-8"
    )
    (folder / "deep-codes.yaml").write_text(f"Waiting: {deep}\n", encoding="utf-8")
    mappings = "{a: " * DEEP + "1" + "}" * DEEP
    (folder / "mappings.yaml").write_text(f"categories: {mappings}\n", encoding="utf-8")
    vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nWaiting\n"
    (folder / "clip.vtt").write_text(vtt, encoding="utf-8")


def gzip_bomb(folder: Path) -> None:
    """A .boris.gz of about 200 KB that would decompress to 200 MB (of spaces in valid JSON)."""
    inner = json.dumps(BORIS)[:-1].encode() + b" " * (200 << 20) + b"}"
    (folder / "bomb.boris.gz").write_bytes(gzip.compress(inner, compresslevel=9, mtime=0))


def _workbook(sheet_xml: bytes) -> dict[str, bytes]:
    """The parts of a minimal workbook with one sheet, "Coding"."""
    return {
        "[Content_Types].xml": (
            b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
            b'.org/package/2006/content-types"><Default Extension="rels" ContentType="applicati'
            b'on/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" Conte'
            b'ntType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="app'
            b'lication/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Overr'
            b'ide PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlfor'
            b'mats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openx'
            b'mlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://s'
            b'chemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Targ'
            b'et="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlfor'
            b'mats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/off'
            b'iceDocument/2006/relationships"><sheets><sheet name="Coding" sheetId="1" r:id="r'
            b'Id1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openx'
            b'mlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://s'
            b'chemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="w'
            b'orksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": sheet_xml,
    }


def _write_workbook(path: Path, parts: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


_SHEET_START = (
    b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats'
    b'.org/spreadsheetml/2006/main"><sheetData>'
)
_SHEET_END = b"</sheetData></worksheet>"


def xlsx_bomb(folder: Path) -> None:
    """A workbook of about 1 MB whose sheet unzips to 150 MB: 7.5 million number cells."""
    row = b"<row>" + b"<c><v>1</v></c>" * 20 + b"</row>"
    sheet = _SHEET_START + row * (150_000_000 // len(row)) + _SHEET_END
    _write_workbook(folder / "bomb.xlsx", _workbook(sheet))


def xlsx_far_cell(folder: Path) -> None:
    """A tiny workbook with one cell at the very last row and column (XFD1048576): read row
    by row, the sheet spans 17 billion cells."""
    sheet = (
        _SHEET_START
        + b'<row r="1"><c r="A1" t="inlineStr"><is><t>clip</t></is></c></row>'
        + b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
        + _SHEET_END
    )
    _write_workbook(folder / "far.xlsx", _workbook(sheet))


def big_file(folder: Path) -> None:
    """A coding of 101 MB (sparse: it takes no disk space), over the size limit."""
    with open(folder / "big.csv", "wb") as handle:
        handle.write(b"id,clip,coder,code,onset\n")
        handle.truncate(101 << 20)
