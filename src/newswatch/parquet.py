"""Parquet shards that workers write themselves (`newswatch analyze CORPUS --out DIR --format
parquet`), for corpora too large for one SQLite file.

Each task of articles becomes two files, named by a hash of the task's input keys so that a
task run again (its worker died) overwrites its own shards instead of adding rows:

- `DIR/articles/part-HASH.parquet`: one row per article, `key` (the input's content hash,
  which a resumed run skips) then every field of the newswatch/1 contract, nested records as
  lists of structs. The Arrow schema is derived here from the `newswatch.schema` dataclasses,
  so it follows the contract; `read_articles` gives the records back.
- `DIR/events/part-HASH.parquet`: the event table of `newswatch export --format parquet`
  (`newswatch.export.EVENT_SCHEMA`), one row per event.

A shard is written to a temporary name and renamed, so a reader never sees half of one.
"""

from __future__ import annotations

import hashlib
import os
import types
from collections.abc import Iterator, Sequence
from dataclasses import fields, is_dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union, get_args, get_origin, get_type_hints

from newswatch.errors import E, NewswatchError
from newswatch.schema import Article, Outcome

if TYPE_CHECKING:
    import pyarrow as pa

    from newswatch.export import Cameo

KEY = "key"
ARTICLES, EVENTS = "articles", "events"


def _arrow() -> Any:
    try:
        import pyarrow as pa
        import pyarrow.parquet  # loads the parquet module onto `pa`
    except ImportError as exc:
        raise NewswatchError(
            E.E042, what="Parquet output", extra="parquet", module=exc.name
        ) from exc
    return pa


def arrow_type(hint: Any) -> pa.DataType:
    """The Arrow type of a schema field's annotation: records become structs, lists lists."""
    pa = _arrow()
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):  # X | None: Arrow columns are nullable anyway
        (inner,) = [a for a in get_args(hint) if a is not type(None)]
        return arrow_type(inner)
    if origin is list:
        return pa.list_(arrow_type(get_args(hint)[0]))
    if origin is tuple:  # a span: (start, end)
        return pa.list_(pa.int64())
    if isinstance(hint, type) and is_dataclass(hint):
        hints = get_type_hints(hint)
        return pa.struct([(f.name, arrow_type(hints[f.name])) for f in fields(hint)])
    scalars = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_()}
    return scalars[hint]


@cache
def article_schema() -> pa.Schema:
    """The Arrow schema of the articles shards: `key`, then the contract's fields in order."""
    pa = _arrow()
    hints = get_type_hints(Article)
    order = list(Article().as_dict())
    columns = [(name, arrow_type(hints[name])) for name in order]
    return pa.schema([(KEY, pa.string()), *columns])


def shard_name(keys: Sequence[str]) -> str:
    """The file name of a task's shards: the same task always gets the same name."""
    return f"part-{hashlib.sha256(''.join(keys).encode()).hexdigest()[:20]}.parquet"


def write_shard(out: str, found: Sequence[Outcome]) -> None:
    """Write the articles of a task's outcomes (those not skipped) and their events."""
    articles = [(o.key, o.article) for o in found if o.article is not None]
    if not articles:
        return
    pa = _arrow()
    rows = [{KEY: key, **article.as_dict()} for key, article in articles]
    name = shard_name([key for key, _ in articles])
    _write(Path(out) / ARTICLES / name, pa.Table.from_pylist(rows, schema=article_schema()))
    from newswatch.export import event_table

    events = event_table((a for _, a in articles), _cameo())
    _write(Path(out) / EVENTS / name, events)


@cache
def _cameo() -> Cameo:
    from newswatch.export import Cameo

    return Cameo.load()


def _write(path: Path, table: pa.Table) -> None:
    """Write one file under a temporary name, then rename it into place."""
    pq = _arrow().parquet
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(table, temporary)
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise NewswatchError(E.E043, path=path.parent.parent, reason=exc) from exc


def shards(out: str | Path) -> list[Path]:
    """The articles shards in an output folder, in name order (temporary files left out)."""
    return sorted((Path(out) / ARTICLES).glob("part-*.parquet"))


class KeySet:
    """Input keys held compactly, for a resume over many shards: each key of 32 hex digits
    as its 16 bytes in one sorted array. A Python set of the key strings takes about 110
    bytes a key, 1.1 GB for ten million inputs; this takes 16 (160 MB). Keys of another form
    (none that newswatch writes) are kept as they are."""

    def __init__(self, digests: bytes, others: frozenset[str]) -> None:
        import numpy as np

        self._digests = np.unique(np.frombuffer(digests, dtype=_DIGEST))
        self._others = others

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        digest = _digest(key)
        if digest is None:
            return key in self._others
        at = int(self._digests.searchsorted(digest))
        return at < len(self._digests) and self._digests[at] == digest

    def __len__(self) -> int:
        return len(self._digests) + len(self._others)

    @property
    def nbytes(self) -> int:
        """The bytes the hex keys take."""
        return int(self._digests.nbytes)


_DIGEST = "S16"
_HEX_LENGTH = 32


def _digest(key: str) -> bytes | None:
    """The 16 bytes a key of 32 hex digits stands for, else None."""
    if len(key) != _HEX_LENGTH:
        return None
    try:
        return bytes.fromhex(key)
    except ValueError:
        return None


def stored_keys(out: str | Path) -> KeySet:
    """The input keys the shards of an output folder already hold (what a resume skips)."""
    pq = _arrow().parquet
    digests, others = bytearray(), set()
    for path in shards(out):
        try:
            column = pq.read_table(path, columns=[KEY]).column(KEY).to_pylist()
        except (OSError, ValueError) as exc:  # pyarrow's errors derive from these
            raise NewswatchError(E.E043, path=out, reason=f"{path.name}: {exc}") from exc
        for key in column:
            digest = _digest(key)
            if digest is None:
                others.add(key)
            else:
                digests += digest
    return KeySet(bytes(digests), frozenset(others))


def read_articles(out: str | Path) -> Iterator[Article]:
    """Every article in the shards of an output folder, shard by shard."""
    pq = _arrow().parquet
    for path in shards(out):
        for row in pq.read_table(path).to_pylist():
            yield Article.from_dict(row)
