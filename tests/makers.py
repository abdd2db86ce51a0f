"""Write one text as the files users have: GB18030 text, traditional characters, HTML, .docx, PDF.

The fixtures are made inside the tests from the seed text (see data/README.md); nothing is checked in.
"""

from __future__ import annotations

import html
import zipfile
from pathlib import Path

# TrueType CJK fonts of Debian packages (fonts-wqy-microhei, fonts-wqy-zenhei, fonts-arphic-uming),
# which fpdf2 embeds with a Unicode map that pypdf reads back.
CJK_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)


def cjk_font() -> str | None:
    return next((f for f in CJK_FONTS if Path(f).is_file()), None)


def write_gb18030(text: str, path: Path) -> Path:
    path.write_bytes(text.encode("gb18030"))
    return path


def write_traditional(text: str, path: Path) -> Path:
    import opencc

    path.write_text(opencc.OpenCC("s2t").convert(text), encoding="utf-8")
    return path


def write_big5(text: str, path: Path) -> Path:
    """Traditional characters (Taiwan standard) saved as Big5, as Windows in Taiwan saves text."""
    import opencc

    path.write_bytes(opencc.OpenCC("s2tw").convert(text).encode("cp950"))
    return path


def write_html(text: str, path: Path) -> Path:
    """A page as a CMS serves it: GBK, navigation, scripts, styles, a footer around the article."""
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n") if line.strip())
    page = (
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk">'
        "<title>无锡市教育局</title><style>p { margin: 0 }</style>"
        "<script>var site = '南京大学 东南大学';</script></head><body>"
        '<div class="nav"><a href="/">首页</a> <a href="/x">苏州大学</a></div>'
        "<nav><ul><li>新闻中心</li><li>中国矿业大学</li></ul></nav>"
        f"<div class='article'>{body}</div>"
        "<footer>版权所有 扬州大学 苏ICP备00000000号</footer></body></html>"
    )
    path.write_bytes(page.encode("gb18030"))
    return path


def write_docx(text: str, path: Path) -> Path:
    """A .docx with python-docx when it is installed, else the same WordprocessingML by hand."""
    try:
        import docx
    except ImportError:
        return _raw_docx(text, path)
    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    document.save(str(path))
    return path


def _raw_docx(text: str, path: Path) -> Path:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    paras = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{html.escape(line)}</w:t></w:r></w:p>'
        for line in text.split("\n")
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", f'<w:document xmlns:w="{w}"><w:body>{paras}</w:body></w:document>')
    return path


def write_pdf(text: str, path: Path, font: str) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("cjk", fname=font)
    pdf.set_font("cjk", size=10)
    for line in text.split("\n"):
        pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under a folder with its bytes and modification time: compare before and after."""
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }
