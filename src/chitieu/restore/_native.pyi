# The C accelerator of the restorer (_native.c, _decode.c, _lines.c, _ranked.c: ranked and readings); the Python versions are
# decode._decode_python and channel.KeyTrie._walk.
from collections.abc import Callable

from typing_extensions import Buffer

from chitieu.restore.decode import Candidate

def decode(
    items: list[list[Candidate]],
    /,
    *tables_then_start_margin_beam_backoff: Buffer | int | float,
) -> list[int]: ...
def index(contexts: Buffer, shift: int, size: int, /) -> bytes: ...
def walk(
    child_start: Buffer,
    child_count: Buffer,
    edge_letter: Buffer,
    edge_node: Buffer,
    node_key: Buffer,
    keys: tuple[str, ...],
    max_depth: int,
    subs: Buffer,
    pairs: Buffer | None,
    ins: Buffer,
    dels: Buffer,
    bound: float,
    /,
) -> dict[str, float]: ...
def line_items(
    line: str,
    mode: int,
    cache: dict[tuple[str, int], list[Candidate]],
    candidates: Callable[[str, int, bool], list[Candidate]],
    punct: list[Candidate],
    number: list[Candidate],
    items: list[list[Candidate]],
    plain: tuple[dict[str, list[int]], dict[str, str], Buffer, list[str], type[Candidate], int, float, float]
    | tuple[
        dict[str, list[int]],
        dict[str, str],
        Buffer,
        list[str],
        type[Candidate],
        int,
        float,
        float,
        Buffer | None,
    ]
    | None = None,
    marker: Callable[[str, int, int, str, int], tuple[list[Candidate], bool] | None] | None = None,
    /,
) -> list[tuple[int, int, str, int]] | None: ...
def assemble(
    line: str,
    slots: list[tuple[int, int, str, int]],
    items: list[list[Candidate]],
    choice: list[int],
    case: Callable[[str, str], str],
    /,
) -> str: ...
def line_counts(
    line: str,
    classes: tuple[dict[str, int], dict[str, int]],
    learn: Callable[[dict[str, int], str, bool], int],
    table: Buffer | None = None,
    /,
) -> tuple[int, int, int] | None: ...
def ranked(
    groups: list[tuple[float, list[int]]],
    unigram: Buffer,
    exact: int,
    direct: list[int] | None,
    readings: int,
    margin: float,
    hint: float,
    vocab: list[str],
    candidate: type[Candidate],
    /,
) -> list[Candidate]: ...
def readings(
    table: Buffer,
    text: str,
    kind: int,
    vocab: list[str],
    candidate: type[Candidate],
    /,
) -> list[Candidate] | None: ...
