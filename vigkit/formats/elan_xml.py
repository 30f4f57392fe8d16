"""ELAN's XML layer: elements that remember their lines, a file decoded as it declares and
parsed safely (no DOCTYPE, so no entities), and a document written back as indented XML."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.parsers import expat

from ..core.errors import Problem
from ..core.textfile import read_file_bytes
from .common import FormatError

_DECLARED_ENCODING = re.compile(
    rb"""^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']"""
)
NOT_XML_CHAR = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass
class Node:
    """One XML element: its tag, attributes, children, own text, the line it starts on and
    the line where its own text (other than white space) first appears."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node] = field(default_factory=list)
    text: str = ""
    line: int = 0
    text_line: int = 0

    def all(self, tag: str) -> list[Node]:
        """The children with this tag, in document order."""
        return [child for child in self.children if child.tag == tag]

    def first(self, tag: str) -> Node | None:
        """The first child with this tag, if any."""
        return next((child for child in self.children if child.tag == tag), None)


class _DoctypeFound(Exception):
    """Raised inside the parser: ELAN files have no DOCTYPE, and entities are unsafe."""


def read_document(source: Path) -> Node:
    """The root element of an ELAN file, or a :class:`FormatError` saying why it is not one."""
    text = _decoded(read_file_bytes(source, FormatError), source)
    root = _parse_xml(text, source)
    if root.tag != "ANNOTATION_DOCUMENT":
        what = (
            "an ELAN controlled vocabulary (.ecv), not an annotation file"
            if root.tag == "CV_RESOURCE"
            else f"not an ELAN file: its root element is <{root.tag}>, not <ANNOTATION_DOCUMENT>"
        )
        raise FormatError(
            source,
            [Problem(f"it is {what}", root.line)],
            hint="Give the .eaf file that ELAN saves (File > Save).",
        )
    return root


def _decoded(data: bytes, source: Path) -> str:
    """The file as text in the encoding it declares (UTF-8 when it declares none)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding, declared = "utf-16", True
    else:
        match = _DECLARED_ENCODING.match(data)
        encoding, declared = (match[1].decode("ascii"), True) if match else ("UTF-8", False)
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        problem = Problem(f"it declares the encoding '{encoding}', which is unknown", 1)
        raise FormatError(source, [problem]) from None
    try:
        text = data.decode("utf-8-sig" if codec == "utf-8" else codec)
    except UnicodeDecodeError as failure:
        line = data[: failure.start].count(b"\n") + 1
        said = f"it says it is {encoding} text" if declared else "it must be UTF-8 text"
        problem = Problem(f"{said} but is not (byte {failure.start} cannot be read)", line)
        raise FormatError(
            source,
            [problem],
            hint="Was it changed in another program? Open it in ELAN and save it again, "
            "or save it as UTF-8 in a text editor.",
        ) from None
    if not text.strip():
        raise FormatError(source, [Problem("the file is empty")])
    return text


def _parse_xml(text: str, source: Path) -> Node:
    """Parse XML text into nodes that remember their lines; malformed XML names its line."""
    parser = expat.ParserCreate(encoding="UTF-8")  # already decoded: overrides the declaration
    parser.buffer_text = False  # each chunk then comes with its own line (text_line)
    document = Node("#document")
    stack = [document]
    texts: list[list[str]] = [[]]

    def start(tag: str, attrs: dict[str, str]) -> None:
        node = Node(tag, attrs, line=parser.CurrentLineNumber)
        stack[-1].children.append(node)
        stack.append(node)
        texts.append([])

    def end(_tag: str) -> None:
        stack.pop().text = "".join(texts.pop())

    def characters(chunk: str) -> None:
        if chunk.strip() and not any(part.strip() for part in texts[-1]):
            leading = chunk[: len(chunk) - len(chunk.lstrip())]
            stack[-1].text_line = parser.CurrentLineNumber + leading.count("\n")
        texts[-1].append(chunk)

    def doctype(*_args: Any) -> None:
        raise _DoctypeFound

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    parser.StartDoctypeDeclHandler = doctype
    try:
        parser.Parse(text.encode("utf-8"), True)
    except expat.ExpatError as error:
        message = expat.errors.messages.get(error.code, str(error))
        raise FormatError(
            source,
            [
                Problem(
                    f"it is not well-formed XML: {message} (column {error.offset + 1})",
                    error.lineno,
                )
            ],
            hint="The file is damaged or is not an ELAN file. If ELAN still opens it, save it "
            "again from ELAN.",
        ) from None
    except _DoctypeFound:
        problem = Problem(
            "it has a DOCTYPE declaration, which ELAN files never have (refused for safety)",
            parser.CurrentLineNumber,
        )
        raise FormatError(source, [problem]) from None
    return document.children[0]


def serialised(root: Node) -> str:
    """The document as indented XML text; values are kept exactly (a carriage return in a
    note is written as a character reference, as XML parsers would otherwise drop it)."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>']
    _write_node(root, 0, lines)
    return "\n".join(lines) + "\n"


def _write_node(node: Node, depth: int, lines: list[str]) -> None:
    pad = "    " * depth
    attrs = "".join(
        f' {name}="{_escaped(value, attribute=True)}"' for name, value in node.attrs.items()
    )
    if node.children:
        lines.append(f"{pad}<{node.tag}{attrs}>")
        for child in node.children:
            _write_node(child, depth + 1, lines)
        lines.append(f"{pad}</{node.tag}>")
    elif node.text:
        lines.append(f"{pad}<{node.tag}{attrs}>{_escaped(node.text)}</{node.tag}>")
    else:
        lines.append(f"{pad}<{node.tag}{attrs}/>")


_TEXT_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
_ATTRIBUTE_ESCAPES = {**_TEXT_ESCAPES, '"': "&quot;", "\t": "&#9;", "\n": "&#10;"}


def _escaped(text: str, *, attribute: bool = False) -> str:
    table = _ATTRIBUTE_ESCAPES if attribute else _TEXT_ESCAPES
    return "".join(table.get(char, char) for char in text)
