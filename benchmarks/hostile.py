"""Hostile inputs, as a user could give them: each built by `edukg build` in a fresh process, with its
exit code, seconds, what it printed on stderr (first line) and whether the output folder changed.

    python -m benchmarks.hostile              # every case, 90 s budget each
    python -m benchmarks.hostile --only docx  # the cases whose name contains "docx"

A case passes when it ends within the budget, with one line on stderr and no traceback, and either
builds or leaves the output folder exactly as it was (exit 1). Printed as a table; exit 1 if one fails.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path


def make_cases(R: Path) -> None:
    """The cases, one folder each under R (deterministic)."""
    rng = random.Random(1)
    good = "无锡市教育局2021年工作要点\n一、推进学前教育\n新建幼儿园12所，普惠性幼儿园覆盖率达90%以上。江南大学附属中学建成。\n"

    def case(name, files):
        d = R / name
        d.mkdir()
        for fn, data in files.items():
            p = d / fn
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(data if isinstance(data, bytes) else data.encode())
        return d

    case("empty_folder", {})
    case("empty_file", {"a.txt": b""})
    case("binary_txt", {"a.txt": bytes(rng.randrange(256) for _ in range(100000))})
    case("utf16_bom", {"a.txt": good.encode("utf-16")})
    case("gbk", {"a.txt": good.encode("gbk")})
    case("whitespace", {"a.txt": " \n\t\r\n" * 10000})
    case("nul_bytes", {"a.txt": good.replace("。", "\x00").encode()})
    case("line_5mb", {"a.txt": ("新建幼儿园12所，" * 200000)[:1_700_000]})  # 5 MB on one line
    case("big_60mb", {"a.txt": (good * 600000)})
    case("catalog_bad_yaml", {"a.txt": good, "catalog.yaml": "a.txt: [unclosed\n  - {"})
    case(
        "catalog_laughs",
        {
            "a.txt": good,
            "catalog.yaml": 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n',
        },
    )
    case("catalog_list", {"a.txt": good, "catalog.yaml": "- a\n- b\n"})
    case("catalog_deep", {"a.txt": good, "catalog.yaml": "a.txt: " + "[" * 100000 + "]" * 100000 + "\n"})
    case(
        "catalog_python_tag",
        {"a.txt": good, "catalog.yaml": 'a.txt: !!python/object/apply:os.system ["echo pwned"]\n'},
    )
    case("catalog_year_str", {"a.txt": good, "catalog.yaml": 'a.txt:\n  year: "二〇二一x"\n  title: 1\n'})
    case("catalog_huge_id", {"a.txt": good, "catalog.yaml": 'a.txt:\n  id: "' + "x" * 100000 + '"\n'})
    case("docx_notzip", {"a.docx": b"PK\x03\x04garbage"})

    def docx(xml):
        b = io.BytesIO()
        with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("[Content_Types].xml", "<Types/>")
            z.writestr("word/document.xml", xml)
        return b.getvalue()

    laugh = '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "lollollol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&g;</w:t></w:r></w:p></w:body></w:document>'
    case("docx_xml_laughs", {"a.docx": docx(laugh)})
    case(
        "docx_xxe",
        {
            "a.docx": docx(
                '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&e;</w:t></w:r></w:p></w:body></w:document>'
            )
        },
    )
    case(
        "docx_deep",
        {
            "a.docx": docx(
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
                + "<w:p>" * 200000
                + "</w:p>" * 200000
                + "</w:body></w:document>"
            )
        },
    )
    case("pdf_garbage", {"a.pdf": b"%PDF-1.4\n" + bytes(rng.randrange(256) for _ in range(50000))})
    case("pdf_truncated", {"a.pdf": b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"})
    case("html_deep", {"a.html": "<div>" * 500000 + good + "</div>" * 500000})
    case("html_script_only", {"a.html": "<html><script>" + "x" * 100000 + "</script></html>"})
    case("html_entities", {"a.html": "<p>" + "&#x4e00;" * 200000 + "</p>"})
    case("html_bad_charset", {"a.html": '<meta charset="x-nonexistent"><p>' + good + "</p>"})
    case("name_newline", {"a\nb.txt": good})
    case("control_chars", {"a.txt": good + "\u202e\u200b\x1b[31m" * 10000})
    case("repeat_school", {"a.txt": "无锡市" + "江南大学附属中学" * 120000})
    case("numbered_lines", {"a.txt": "一、工作\n" * 100000})
    case("dotted_numbers", {"a.txt": ".".join(str(i) for i in range(300000))})
    case("nested_brackets", {"a.txt": "（" * 100000 + good + "）" * 100000})
    case("percent_storm", {"a.txt": "覆盖率达" + "90%以上，" * 200000})
    # one sentence listing 15,000 figures, no comma: each figure read in its item, not the whole list
    case("figure_list", {"a.txt": "全市" + "、".join(f"新建学校{i}所" for i in range(1, 15001)) + "。\n"})
    # one run of 20,000 quotes side by side: where the run starts and ends found once, not per quote
    case("quote_run", {"a.txt": "推行" + "".join(f"“甲乙{i % 10}”" for i in range(20000)) + "改革。\n"})
    case(
        "md_table",
        {
            "a.md": "|"
            + "学校|" * 1000
            + "\n"
            + ("|" + "---|" * 1000 + "\n")
            + ("|" + "新建12所|" * 1000 + "\n") * 300
        },
    )
    case("many_files", {f"f{i:05}.txt": good for i in range(3000)})
    case("txt_dir", {"x.txt/a.txt": good})
    case("unicode_names", {"\u202eevil.txt": good, "ok.txt": good})
    case("surrogate_utf8", {"a.txt": b"\xed\xa0\x80" + good.encode() + b"\xff\xfe"})
    case("lone_cr", {"a.txt": good.replace("\n", "\r") * 2000})
    case("yaml_docs", {"a.txt": good, "catalog.yaml": "a.txt: {year: 2021}\n---\nb: 1\n"})
    case("catalog_binary", {"a.txt": good, "catalog.yaml": bytes(rng.randrange(256) for _ in range(3000))})
    d = case("symlink_loop", {"a.txt": good})
    os.symlink(".", d / "loop")
    os.symlink("nowhere", d / "dangling.txt")
    d = case("symlink_devzero", {"a.txt": good})
    os.symlink("/dev/zero", d / "z.txt")
    d = case("fifo", {"a.txt": good})
    os.mkfifo(d / "p.txt")


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default="", help="run the cases whose name contains this")
    ap.add_argument("--budget", type=float, default=90.0, help="seconds a case may take (default 90)")
    args = ap.parse_args(argv)
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "cases"
        root.mkdir()
        make_cases(root)
        print(f"{'case':22} {'exit':>4} {'s':>6}  {'out':9} stderr (first line)")
        for case in sorted(root.iterdir()):
            if args.only not in case.name:
                continue
            out = Path(tmp) / "out"
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir()
            (out / "marker").write_text("kept")
            before = _snapshot(out)
            t = time.perf_counter()
            try:
                p = subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "graph",
                        "build",
                        "--seeds",
                        str(case),
                        "--out",
                        str(out),
                        "--no-html",
                    ],
                    capture_output=True,
                    text=True,
                    timeout=args.budget,
                )
                code, err = p.returncode, p.stderr
            except subprocess.TimeoutExpired:
                code, err = -1, f"TIMEOUT after {args.budget:.0f} s"
            seconds = time.perf_counter() - t
            after = _snapshot(out)
            state = "same" if after == before else ("built" if "edukg.ttl" in after else "CHANGED")
            lines = err.splitlines()
            ok = (
                code in (0, 1)
                and "Traceback" not in err
                and len([x for x in lines if x.startswith("Error")]) <= 1
                and (state == "built" if code == 0 else state == "same")
            )
            failed += not ok
            first = lines[0][:110] if lines else ""
            print(
                f"{case.name:22} {code:>4} {seconds:6.1f}  {state:9} {'' if ok else 'FAIL '}{first}",
                flush=True,
            )
    print(f"{failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
