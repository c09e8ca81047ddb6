"""No late failures: what an export would refuse, `check` refuses first, naming the file and
line; and a bank of hostile but valid text exports to every format, each output readable."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from lxml import etree
from lxml import html as lxml_html

from tests.conftest import ROOT
from tests.test_gift import parse_gift

# Everything XML, HTML, GIFT, Jinja and a terminal treat specially, written as plain text.
HOSTILE = (
    "All of & < > \" ' ]]> -- --> <!-- x --> <![CDATA[ y ]]> <?pi?> &amp; &#0; "
    "<script>alert('x')</script> {{ jinja }} {% raw %} {}~=#: \\ \\n $1 %2 @3 "
    "\U0001f600 \U0001f469\u200d\U0001f469\u200d\U0001f467 \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627\u200f "
    "no\u00a0break, \u2028line\u2029para\x85next\ttab "
)
LONG_WORD = "Donaudampfschifffahrtsgesellschaftskapitän" * 40
ARTICLE = (
    "---\n"
    f"title: {yaml.safe_dump(HOSTILE, allow_unicode=True, width=10**6).strip()}\n"
    "outlet: '<b>The -- Gazette</b> & ]]>'\n"
    'author: "\u05e9\u05dc\u05d5\u05dd {=~#:}"\n'
    "---\n"
    "The report said the <script>alert('x')</script> tag & ]]> -- was text.\n"
    "A page\x0cbreak, a vertical\x0btab and \x1cfile \x1dgroup \x1erecord separators stay as collected.\n"
    f"Its longest word was {LONG_WORD} in the end.\n"
    "It said {braces} ~tilde =equals #hash: and a colon were all fine.\n"
)
QUOTE = {"source": "hostile", "quote": "the <script>alert('x')</script> tag & ]]> -- was text"}


def hostile_questions() -> list[dict[str, Any]]:
    """One question of each type, every field hostile, with ids an XML comment could not hold."""
    common = {"evidence": [QUOTE], "explanation": HOSTILE + LONG_WORD}
    return [
        {
            "id": "mc--1-",
            "type": "multiple_choice",
            "prompt": HOSTILE,
            "choices": [
                {"text": "= ~ # { } : -- ]]>", "correct": True, "feedback": HOSTILE},
                {"text": "<script>alert(1)</script>", "feedback": "-->"},
                {"text": LONG_WORD},
            ],
            **common,
        },
        {
            "id": "ma--2",
            "type": "multiple_answer",
            "prompt": "Pick {all} = ~ #",
            "choices": [
                {"text": "a & b", "correct": True},
                {"text": "\u05e9\u05dc\u05d5\u05dd", "correct": True},
                {"text": "]]>"},
            ],
            **common,
        },
        {"id": "tf--3", "type": "true_false", "prompt": HOSTILE, "answer": True, **common},
        {
            "id": "sa--4",
            "type": "short_answer",
            "prompt": HOSTILE,
            "answers": ["a*b = c", "~{}#:", "\u0645\u0631\u062d\u0628\u0627"],
            **common,
        },
        {
            "id": "num--5",
            "type": "numeric",
            "prompt": HOSTILE,
            "answer": -2.5,
            "tolerance": 0.5,
            "unit": "<°C> & ]]>",
            **common,
        },
        {
            "id": "match--6",
            "type": "matching",
            "prompt": HOSTILE,
            "pairs": [
                {"left": "one -> 1 ]]>", "right": "uno: {1} --"},
                {"left": "two = 2", "right": "dos ~ #2"},
                {"left": "<three> & 3", "right": "tres \\ 3 \U0001f600"},
            ],
            **common,
        },
        {"id": "essay--7", "type": "essay", "prompt": HOSTILE, "rubric": HOSTILE + LONG_WORD, **common},
    ]


def write_hostile_bank(folder: Path) -> Path:
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "an article & ‘quotes’ #1 %20.txt").write_text(
        ARTICLE.replace("title:", "id: hostile\ntitle:", 1), encoding="utf-8"
    )
    bank = {
        "title": HOSTILE,
        "description": HOSTILE,
        "instructions": HOSTILE,
        "questions": hostile_questions(),
    }
    (folder / "bank.yaml").write_text(yaml.safe_dump(bank, allow_unicode=True, sort_keys=False), "utf-8")
    return folder


def quizkit(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quizkit", *args],
        capture_output=True,
        text=True,
        errors="replace",  # a file name that is not UTF-8 is printed as its bytes
        cwd=cwd,
        env={**os.environ, "XDG_CACHE_HOME": str(cwd / "cache"), "PYTHONPATH": str(ROOT)},
        timeout=300,
    )


def test_hostile_text_exports_to_every_format_and_every_output_reads(tmp_path: Path) -> None:
    write_hostile_bank(tmp_path / "hostile")
    checked = quizkit(["check", "hostile"], tmp_path)
    assert checked.returncode == 0, checked.stdout
    assert " 0 errors" in checked.stdout.splitlines()[-1]

    done = quizkit(["export", "hostile", "--format", "all", "-o", "out"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "internal error" not in done.stdout + done.stderr
    outputs = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert outputs == [
        "hostile-forms.gs",
        "hostile-kahoot.xlsx",
        "hostile-key.html",
        "hostile-key.pdf",
        "hostile-moodle.xml",
        "hostile-qti12.zip",
        "hostile-qti21.zip",
        "hostile-qti30.zip",
        "hostile-quizizz.xlsx",
        "hostile-sources.html",
        "hostile-sources.pdf",
        "hostile.gift",
        "hostile.html",
        "hostile.imscc",
        "hostile.pdf",
    ]

    xml_files: dict[str, bytes] = {
        "hostile-moodle.xml": (tmp_path / "out" / "hostile-moodle.xml").read_bytes()
    }
    html_files: dict[str, bytes] = {}
    for path in (tmp_path / "out").iterdir():
        if path.suffix == ".html":
            html_files[path.name] = path.read_bytes()
        if path.suffix in (".zip", ".imscc"):
            with zipfile.ZipFile(path) as package:
                for name in package.namelist():
                    target = xml_files if name.endswith(".xml") else html_files
                    target[f"{path.name}:{name}"] = package.read(name)
    assert len(xml_files) > 10
    for name, data in xml_files.items():
        etree.parse(
            io.BytesIO(data), etree.XMLParser(resolve_entities=False, no_network=True)
        )  # raises if not XML
        assert b"<script>" not in data, name  # bank text stays text: escaped, or inside CDATA as &lt;

    for name, data in html_files.items():
        page = lxml_html.fromstring(data)
        assert not [s for s in page.iter("script") if "alert" in (s.text or "")], name
    student = lxml_html.fromstring(html_files["hostile.html"]).text_content()
    assert "<script>alert('x')</script>" in student  # shown as text
    assert LONG_WORD in student

    for pdf in ("hostile.pdf", "hostile-key.pdf", "hostile-sources.pdf"):
        assert (tmp_path / "out" / pdf).read_bytes().startswith(b"%PDF-")

    moodle = etree.fromstring(xml_files["hostile-moodle.xml"])
    names = [q.findtext("name/text") for q in moodle.iter("question") if q.get("type") != "category"]
    assert names == [q["id"] for q in hostile_questions()]


def test_hostile_text_reads_back_as_gift(tmp_path: Path) -> None:
    write_hostile_bank(tmp_path / "hostile")
    done = quizkit(["export", "hostile", "--format", "gift", "-o", "out"], tmp_path)
    assert done.returncode == 0, done.stderr
    parsed = parse_gift(tmp_path / "out" / "hostile.gift")
    questions = [q for q in parsed if q.get("type") != "Category"]
    assert [q["title"] for q in questions] == [q["id"] for q in hostile_questions()]
    assert [q["type"] for q in questions] == ["MC", "MC", "TF", "Short", "Numerical", "Matching", "Essay"]


# --- what check refuses -------------------------------------------------------------------------

SMALL_BANK = """\
title: Small
questions:
  - id: q1
    type: short_answer
    prompt: {prompt}
    answers: [{answers}]
    evidence:
      - source: a
        quote: the mayor pledged ten million dollars
    explanation: It says so.
"""
SOURCE = "---\ntitle: {title}\n---\nThe council said the mayor pledged ten million dollars to the park.\n"
NO_FORMAT = "that no quiz format can carry; delete it"


def bad_bank(
    folder: Path, prompt: str = "Who pledged?", answers: str = "the mayor", title: str = "A"
) -> Path:
    (folder / "sources").mkdir(parents=True)
    (folder / "bank.yaml").write_bytes(SMALL_BANK.format(prompt=prompt, answers=answers).encode("utf-8"))
    (folder / "sources" / "a.txt").write_bytes(SOURCE.format(title=title).encode("utf-8"))
    return folder


CASES = {
    "escaped-bell-in-prompt": (
        {"prompt": '"Who \\a pledged?"'},
        f"bad/bank.yaml:5:13: error[bad-character]: 'prompt' contains a control character (U+0007) {NO_FORMAT}",
    ),
    "escaped-noncharacter-in-an-answer": (
        {"answers": 'the mayor, "mayor\\uFFFE"'},
        f"bad/bank.yaml:6:26: error[bad-character]: item 2 of 'answers' contains a noncharacter (U+FFFE) {NO_FORMAT}",
    ),
    "escaped-form-feed-in-a-key": (
        {"prompt": '{"a\\fb": 1}'},
        f"bad/bank.yaml:5:14: error[bad-character]: a key contains a control character (U+000C) {NO_FORMAT}",
    ),
    "bell-as-it-is-in-bank-yaml": (
        {"prompt": "Who\x07 pledged?"},
        f"bad/bank.yaml:5:16: error[bad-character]: this line contains a control character (U+0007) {NO_FORMAT}",
    ),
    "escaped-escape-in-a-source-title": (
        {"title": '"An \\e title"'},
        f"bad/sources/a.txt:2:8: error[bad-character]: 'title' contains a control character (U+001B) {NO_FORMAT}",
    ),
    "backspace-as-it-is-in-a-source-title": (
        {"title": "An\x08 title"},
        f"bad/sources/a.txt:2:10: error[bad-character]: this line contains a control character (U+0008) {NO_FORMAT}",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_check_refuses_what_an_export_would_naming_file_and_line(case: str, tmp_path: Path) -> None:
    fields, message = CASES[case]
    bad_bank(tmp_path / "bad", **fields)
    checked = quizkit(["check", "bad"], tmp_path)
    assert checked.returncode == 1
    assert message in checked.stdout.splitlines()
    exported = quizkit(["export", "bad", "--format", "qti12", "--format", "moodle", "-o", "out"], tmp_path)
    assert exported.returncode == 1
    assert message in exported.stderr.splitlines()
    assert exported.stderr.splitlines()[-1].endswith("; nothing was done")
    assert "internal error" not in exported.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(sys.platform != "linux", reason="file names of any bytes are a POSIX matter")
@pytest.mark.parametrize(
    ("name", "problem"),
    [
        (b"b\x07.txt", "the file name contains a control character (U+0007); rename the file"),
        (b"b\xff.txt", "the file name contains a byte that is not UTF-8 (0xFF); rename the file"),
    ],
    ids=["control-character", "not-utf8"],
)
def test_a_source_file_name_no_package_can_hold_is_refused(name: bytes, problem: str, tmp_path: Path) -> None:
    bad_bank(tmp_path / "bad")
    path = os.path.join(os.fsencode(tmp_path / "bad" / "sources"), name)
    with open(path, "wb") as file:
        file.write(b"Another article.\n")
    checked = quizkit(["check", "bad"], tmp_path)
    assert checked.returncode == 1
    assert f"error[bad-character]: {problem}" in checked.stdout
    exported = quizkit(["export", "bad", "--format", "all", "-o", "out"], tmp_path)
    assert exported.returncode == 1
    assert "internal error" not in exported.stderr
    assert "nothing was done" in exported.stderr
