"""Word .docx: the text of the paragraphs (body and tables, in order), read from word/document.xml."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

from graph.core.errors import InputError
from graph.ingest.limits import check, limit, too_big

# WordprocessingML in its transitional (usual) and strict namespaces
NAMESPACES = (
    "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}",
    "{http://purl.oclc.org/ooxml/wordprocessingml/main}",
)
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
PART = "word/document.xml"


def _fail(source: str, why: str) -> InputError:
    return InputError(f"{source}: not a readable .docx ({why}); open and re-save it in a word processor")


def read(data: bytes, source: str) -> str:
    """One line per paragraph; tabs and manual line breaks kept."""
    if not data.strip():
        raise InputError(f"{source}: the file is empty; give a document with content")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            info = zf.getinfo(PART)
            # the size the part inflates to, from the archive's directory, checked before inflating (a zip
            # bomb); a directory that lies about it fails the CRC check instead of inflating further
            check(source, "file", info.file_size, f"its text part ({PART}, inflated)")
            xml = zf.read(info)
    except zipfile.BadZipFile:
        raise _fail(source, "not a zip archive") from None
    except KeyError:
        raise _fail(source, f"no {PART} in the archive") from None
    except (OSError, RuntimeError, ValueError, EOFError) as exc:
        raise _fail(source, str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None
    if b"<!DOCTYPE" in xml[:4096] or b"<!ENTITY" in xml:
        # Word never writes a document type: entity definitions are a way to blow the text up
        raise _fail(source, f"{PART} declares a document type or entities, which Word never writes")
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        raise _fail(source, f"broken XML in {PART}: {exc}") from None
    del xml
    paragraphs: list[str] = []
    _walk(root, paragraphs, limit("depth"), source)
    return "\n".join(p for p in paragraphs if p.strip())


def _walk(root: ElementTree.Element, out: list[str], max_depth: int, source: str) -> None:
    """The paragraphs under `root`, in document order, without recursion (a deep file cannot exhaust
    the stack); a paragraph inside a paragraph (a text box) comes before the one that holds it."""
    # a stack of (element, index of the next child, the text buffer it writes to, whether it is a paragraph)
    buf: list[str] = []
    stack: list[tuple[ElementTree.Element, int, list[str], bool]] = [(root, 0, buf, False)]
    while stack:
        el, k, into, para = stack[-1]
        children = el[:1] if el.tag == MC + "AlternateContent" else el  # the same content twice: the first
        if k >= len(children):
            stack.pop()
            if para:
                out.append("".join(into))
            continue
        stack[-1] = (el, k + 1, into, para)
        child = children[k]
        ns, _, local = child.tag.rpartition("}") if isinstance(child.tag, str) else ("", "", "")
        word = ns + "}" in NAMESPACES
        if word and local == "t":
            into.append(child.text or "")
        elif word and local == "tab":
            into.append("\t")
        elif word and local in ("br", "cr"):
            into.append("\n")
        else:
            if len(stack) >= max_depth:
                raise too_big(source, "depth", len(stack) + 1, "the nesting of its XML elements")
            p = word and local == "p"
            stack.append((child, 0, [] if p else into, p))
