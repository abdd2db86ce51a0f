"""Word .docx: the text of the paragraphs (body and tables, in order), read from word/document.xml."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

from graph.core.errors import InputError

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
            xml = zf.read(PART)
    except zipfile.BadZipFile:
        raise _fail(source, "not a zip archive") from None
    except KeyError:
        raise _fail(source, f"no {PART} in the archive") from None
    except (OSError, RuntimeError, ValueError, EOFError) as exc:
        raise _fail(source, str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        raise _fail(source, f"broken XML in {PART}: {exc}") from None
    paragraphs: list[str] = []
    _walk(root, [], paragraphs)
    return "\n".join(p for p in paragraphs if p.strip())


def _walk(el: ElementTree.Element, buf: list[str], out: list[str]) -> None:
    for child in el:
        ns, _, local = child.tag.rpartition("}")
        word = ns + "}" in NAMESPACES
        if word and local == "p":
            sub: list[str] = []
            _walk(child, sub, out)
            out.append("".join(sub))
        elif word and local == "t":
            buf.append(child.text or "")
        elif word and local == "tab":
            buf.append("\t")
        elif word and local in ("br", "cr"):
            buf.append("\n")
        elif child.tag == MC + "AlternateContent":
            # the same content twice (modern and fallback): read the first
            for alt in child[:1]:
                _walk(alt, buf, out)
        else:
            _walk(child, buf, out)
