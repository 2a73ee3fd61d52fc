"""End-to-end tests of `newswatch analyze`: output contract, bad input, exit codes, storage."""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLE, assert_contract

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def make_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("story.txt", "Not a plain text article.")
    return path


def test_example_json_meets_the_issue(run: Any) -> None:
    result = run("analyze", str(EXAMPLE), "--format", "json", "--no-db")
    assert result.code == 0, result.err
    article = result.json()
    assert_contract(article)
    text = article["text"]
    assert article["title"] == (
        "UK and US accuse Russia of 'interfering in other parts of the globe'"
    )
    assert article["standfirst"].startswith("Donald Trump’s Defence Secretary says Russia")
    body = next(s for s in article["sections"] if s["kind"] == "body")
    assert text[body["start"] :].startswith("Donald Trump’s Defence Secretary has accused")
    analysis = next(s for s in article["sections"] if s["kind"] == "analysis")
    assert analysis["author"] == "Kim Sengupta"
    assert text[analysis["start"] :].startswith("The question was about Russia")
    assert text.endswith("if the net continues to close in around Mr Trump.")
    for junk in ("Your support", "donation", "paywalls", "commenting forum", "Comments"):
        assert junk not in text
    assert article["authors"] == ["Kim Sengupta"]
    assert article["published"] == "2017-03-31"
    assert article["source"]["publisher"] == "The Independent"
    reasons = {r["reason"] for r in article["removed"]}
    assert {"donation appeal", "comment forum", "section heading"} <= reasons


def test_sections_tile_the_text(run: Any) -> None:
    article = run("analyze", str(EXAMPLE), "--format", "json", "--no-db").json()
    sections = article["sections"]
    assert [s["kind"] for s in sections] == ["title", "standfirst", "body", "analysis"]
    assert sections[0]["start"] == 0 and sections[-1]["end"] == len(article["text"])
    for before, after in pairwise(sections):
        assert article["text"][before["end"] : after["start"]] == "\n\n"


def test_jsonl_one_line_per_article(run: Any, tmp_path: Path) -> None:
    second = tmp_path / "copy.txt"
    second.write_text(EXAMPLE.read_text("utf-8").replace("Kremlin", "Moscow"), "utf-8")
    result = run("analyze", str(EXAMPLE), str(second), "--no-db")
    articles = result.lines()
    assert result.code == 0 and len(articles) == 2
    for article in articles:
        assert_contract(article)
    assert articles[0]["id"] != articles[1]["id"]
    assert "2 articles" in result.err.splitlines()[-1]


def test_json_of_a_directory_is_an_array(run: Any, tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_bytes(EXAMPLE.read_bytes())
    result = run("analyze", str(folder), "--format", "json", "--no-db")
    assert result.code == 0
    assert isinstance(result.json(), list) and len(result.json()) == 1


def test_table_is_readable(run: Any) -> None:
    result = run("analyze", str(EXAMPLE), "--format", "table", "--no-db")
    assert result.code == 0
    assert "UK and US accuse Russia" in result.out and "Kim Sengupta" in result.out
    assert "donation appeal" in result.out


def test_stdin(run: Any) -> None:
    result = run("analyze", "-", "--format", "json", "--no-db", stdin=EXAMPLE.read_bytes())
    assert result.code == 0
    assert result.json()["source"]["path"] is None


def test_cp1252_and_utf16_inputs_are_read(run: Any, tmp_path: Path) -> None:
    text = EXAMPLE.read_text("utf-8")
    (tmp_path / "cp1252.txt").write_bytes(text.encode("cp1252"))
    (tmp_path / "utf16.txt").write_bytes(text.encode("utf-16"))
    result = run("analyze", str(tmp_path / "cp1252.txt"), str(tmp_path / "utf16.txt"), "--no-db")
    articles = result.lines()
    assert result.code == 0 and len(articles) == 2
    assert articles[0]["text"] == articles[1]["text"]
    assert "mucking around in other people’s elections" in articles[0]["text"]


def bad_inputs(folder: Path) -> dict[str, str]:
    """Write one file per kind of bad input; return name -> expected skip reason."""
    folder.mkdir(exist_ok=True)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(PNG)
    make_zip(folder / "archive.txt")
    with (folder / "huge.txt").open("wb") as f:
        f.truncate(50_000_000)
    (folder / "boilerplate.txt").write_text("Comments\nShare this article\n", "utf-8")
    return {
        "empty.txt": "empty",
        "image.txt": "binary file",
        "archive.txt": "binary file",
        "huge.txt": "too large",
        "boilerplate.txt": "no article text",
    }


def skip_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("newswatch: skipped")]


def test_mixed_directory_skips_bad_files_and_keeps_good(run: Any, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    expected = bad_inputs(folder)
    (folder / "good.txt").write_bytes(EXAMPLE.read_bytes())
    (folder / "latin1.txt").write_bytes(EXAMPLE.read_text("utf-8").encode("cp1252"))
    result = run("analyze", str(folder), str(tmp_path / "missing.txt"), "--no-db")
    assert result.code == 0
    assert len(result.lines()) == 2
    lines = skip_lines(result.err)
    assert len(lines) == len(expected) + 1
    for name, reason in expected.items():
        assert any(f"{name}: {reason}" in line for line in lines), (name, lines)
    assert any("missing.txt: missing path" in line for line in lines)
    assert "Traceback" not in result.err
    summary = result.err.strip().splitlines()[-1]
    assert "2 articles" in summary and "6 skipped" in summary and "binary file: 2" in summary


@pytest.mark.parametrize("name", ["empty.txt", "image.txt", "archive.txt", "huge.txt"])
def test_each_bad_file_alone_exits_2(run: Any, tmp_path: Path, name: str) -> None:
    bad_inputs(tmp_path / "bad")
    result = run("analyze", str(tmp_path / "bad" / name), "--no-db")
    assert result.code == 2
    assert result.out == ""
    assert len(skip_lines(result.err)) == 1 and "Traceback" not in result.err


def test_missing_path_exits_2(run: Any, tmp_path: Path) -> None:
    result = run("analyze", str(tmp_path / "nope.txt"), "--no-db")
    assert result.code == 2
    assert skip_lines(result.err) == [f"newswatch: skipped {tmp_path / 'nope.txt'}: missing path"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["analyze", "x.txt", "--date", "31/03/2017"], "E007"),
        (["analyze", "x.txt", "--format", "xml"], "Invalid value"),
        (["analyze"], "Missing argument"),
        (["analyze", "x.txt", "--model", "no_such_model"], "E008"),
        (["frobnicate"], "No such command"),
    ],
)
def test_usage_errors_exit_1_with_one_line(run: Any, args: list[str], message: str) -> None:
    result = run(*args)
    assert result.code == 1
    assert message in result.err and "Traceback" not in result.err


def test_bad_config_fails_at_once(run: Any, tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("[store]\ndatabase = 'x.db'\n", "utf-8")
    result = run("analyze", str(EXAMPLE), "--config", str(config))
    assert result.code == 1
    assert result.err.strip().splitlines() == [
        f"newswatch: error: E005 Unknown option 'store.database' in {config}."
        " Known options: db, out, resume."
    ]


def db_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        tables = ["articles", "sections", "removed", "actors", "quotes", "events"]
        return {t: conn.execute(f"select count(*) from {t}").fetchone()[0] for t in tables}


def test_db_twice_keeps_row_counts(run: Any, tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    bad_inputs(folder)
    (folder / "good.txt").write_bytes(EXAMPLE.read_bytes())
    (folder / "other.txt").write_text(EXAMPLE.read_text("utf-8").replace("Kremlin", "Moscow"))
    db = tmp_path / "news.db"
    assert run("analyze", str(folder), "--db", str(db)).code == 0
    first = db_counts(db)
    assert run("analyze", str(folder), "--db", str(db)).code == 0
    assert db_counts(db) == first
    assert first["articles"] == 2 and first["removed"] == 18


def test_default_db_is_in_working_directory(run: Any, tmp_path: Path) -> None:
    assert run("analyze", str(EXAMPLE), "--format", "table").code == 0
    assert db_counts(tmp_path / "newswatch.db")["articles"] == 1


def test_stored_article_round_trips(run: Any, tmp_path: Path) -> None:
    from newswatch.schema import Article
    from newswatch.store import Store

    result = run("analyze", str(EXAMPLE), "--format", "json", "--db", str(tmp_path / "s.db"))
    printed = result.json()
    with Store(tmp_path / "s.db") as store:
        stored = store.load(printed["id"])
    assert stored is not None and stored == Article.from_dict(printed)


def test_help_of_every_command_has_an_example(run: Any) -> None:
    from newswatch.cli import cli

    for name in cli.commands:
        result = run(name, "--help")
        assert result.code == 0 and "Example:" in result.out, name


def test_module_reads_stdin_buffer_not_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """Undecodable bytes on stdin are a skip, not a crash of the text layer."""
    from newswatch import ingest
    from newswatch.errors import Skip
    from newswatch.options import Options

    with pytest.raises(Skip, match="binary file"):
        ingest.read("-", Options.load().ingest, stdin=io.BytesIO(PNG))


def test_directory_without_text_files_exits_2(run: Any, tmp_path: Path) -> None:
    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "a.png").write_bytes(PNG)
    result = run("analyze", str(folder), "--no-db")
    assert result.code == 2
    message = result.err.strip()
    assert message.startswith("newswatch: nothing to analyse: no .txt, .html")
    assert message.endswith(f" files in {folder}") and "\n" not in message


def test_paths_with_brackets_are_printed_literally(run: Any, tmp_path: Path) -> None:
    missing = tmp_path / "report[red].txt"
    result = run("analyze", str(missing), "--no-db")
    assert f"newswatch: skipped {missing}: missing path" in result.err


def html_page(body: list[str], *, lang: str = "en") -> str:
    """A news page with JSON-LD metadata, navigation, and a comment box around the article."""
    paragraphs = "".join(f"<p>{p}</p>" for p in body)
    ld = json.dumps({
        "@context": "https://schema.org", "@type": "NewsArticle",
        "headline": "UK and US accuse Russia of interfering",
        "datePublished": "2017-03-31T09:12:00+01:00",
        "author": [{"@type": "Person", "name": "Kim Sengupta"}],
        "publisher": {"@type": "Organization", "name": "The Independent"},
    })  # fmt: skip
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        "<title>UK and US accuse Russia of interfering | The Independent</title>"
        f'<script type="application/ld+json">{ld}</script></head><body>'
        "<nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/sport'>Sport</a></nav>"
        f"<article><h1>UK and US accuse Russia of interfering</h1>{paragraphs}</article>"
        "<aside>Sign up to our free morning newsletter</aside></body></html>"
    )


def example_paragraphs() -> list[str]:
    lines = EXAMPLE.read_text("utf-8").splitlines()
    return [line for line in lines if len(line) > 150 and "Independent" not in line][:8]


def test_html_page_gives_metadata_and_body(run: Any, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(html_page(example_paragraphs()), "utf-8")
    result = run("analyze", str(page), "--format", "json", "--no-db")
    assert result.code == 0, result.err
    article = result.json()
    assert_contract(article)
    assert article["title"] == "UK and US accuse Russia of interfering"
    assert article["authors"] == ["Kim Sengupta"]
    assert article["published"] == "2017-03-31"
    assert article["source"]["publisher"] == "The Independent"
    body = next(s for s in article["sections"] if s["kind"] == "body")
    # The fixture's first paragraph is the glued "...difference.Donald Trump's..." line.
    assert article["text"][body["start"] :].startswith("Donald Trump’s Defence Secretary has")
    for junk in ("Your support", "Sport", "newsletter"):
        assert junk not in article["text"]


def test_html_declaring_another_language_but_written_in_english_is_kept(
    run: Any, tmp_path: Path
) -> None:
    page = tmp_path / "page.html"
    page.write_text(html_page(example_paragraphs(), lang="de"), "utf-8")
    assert run("analyze", str(page), "--no-db").code == 0


def test_html_in_german_is_skipped_unless_lang_any(run: Any, tmp_path: Path) -> None:
    german = [
        f"Der Verteidigungsminister sagte am {day} in London, dass die Gespräche mit Russland "
        "auch weitergehen werden, aber nur wenn sich das Verhalten ändert."
        for day in ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag")
    ]
    page = tmp_path / "seite.html"
    page.write_text(html_page(german, lang="de"), "utf-8")
    result = run("analyze", str(page), "--no-db")
    assert result.code == 2
    assert skip_lines(result.err) == [
        f"newswatch: skipped {page}: not English (the text reads as de)"
    ]
    assert run("analyze", str(page), "--no-db", "--lang", "any").code == 0


def test_warc_and_jsonl_records_are_articles(run: Any, tmp_path: Path) -> None:
    from test_ingest_formats import write_warc

    write_warc(tmp_path / "crawl.warc.gz")
    (tmp_path / "dump.jsonl").write_text(
        json.dumps({"text": EXAMPLE.read_text("utf-8"), "url": "https://example.org/a"}) + "\n"
        + "{broken\n", "utf-8",
    )  # fmt: skip
    result = run("analyze", str(tmp_path), "--no-db", "--lang", "any")
    assert result.code == 0
    paths = [a["source"]["path"] for a in result.lines()]
    assert paths == [f"{tmp_path}/crawl.warc.gz#1", f"{tmp_path}/crawl.warc.gz#6",
                     f"{tmp_path}/dump.jsonl:1"]  # fmt: skip
    [line] = skip_lines(result.err)
    assert line.startswith(f"newswatch: skipped {tmp_path}/dump.jsonl:2: invalid JSON line (")
    summary = result.err.strip().splitlines()[-1]
    assert "3 articles" in summary and "WARC request record: 1" in summary


def bad_pages(folder: Path) -> dict[str, str | None]:
    """HTML inputs of issue 3's bad-input list; name -> skip reason, None when analysed."""
    body = "".join(f"<p>{p}</p>" for p in example_paragraphs())
    pages: dict[str, bytes] = {
        "truncated.html": html_page(example_paragraphs()).encode()[:3000],
        "no-body.html": b"<html><head><title>Nothing here</title></head></html>",
        "empty-body.html": b"<html><head><title>Empty</title></head><body></body></html>",
        "huge.html": b"<html><body>" + b"<p>Filler words for a huge page.</p>" * 600_000,
        "cp1252-declared.html": ('<html><head><meta charset="windows-1252"></head><body>'
                                 f"{body}</body></html>").encode("cp1252"),
        "cp1252-undeclared.html": f"<html><body>{body}</body></html>".encode("cp1252"),
    }  # fmt: skip
    for name, data in pages.items():
        (folder / name).write_bytes(data)
    return {
        "truncated.html": None,
        "no-body.html": "no article text",
        "empty-body.html": "no article text",
        "huge.html": "too large",
        "cp1252-declared.html": None,
        "cp1252-undeclared.html": None,
    }


def test_bad_html_pages_are_skipped_with_reasons(run: Any, tmp_path: Path) -> None:
    expected = bad_pages(tmp_path)
    result = run("analyze", str(tmp_path), "--no-db")
    assert result.code == 0 and "Traceback" not in result.err
    analysed = {Path(a["source"]["path"]).name: a for a in result.lines()}
    lines = skip_lines(result.err)
    for name, reason in expected.items():
        if reason is None:
            assert name in analysed, (name, lines)
        else:
            assert any(f"{name}: {reason}" in line for line in lines), (name, lines)
    for name in ("cp1252-declared.html", "cp1252-undeclared.html"):
        assert "people’s elections" in analysed[name]["text"]
