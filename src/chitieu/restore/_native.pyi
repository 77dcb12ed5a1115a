# The C accelerator of the restorer (_native.c); the Python versions are
# decode._decode_python and channel.KeyTrie._walk.
from typing_extensions import Buffer

from chitieu.restore.decode import Candidate

def decode(
    items: list[list[Candidate]],
    bigram_contexts: Buffer,
    bigram_offsets: Buffer,
    bigram_words: Buffer,
    bigram_scores: Buffer,
    trigram_contexts: Buffer,
    trigram_offsets: Buffer,
    trigram_words: Buffer,
    trigram_scores: Buffer,
    unigram: Buffer,
    table: Buffer,
    start: int,
    margin: float,
    beam: int,
    backoff: float,
    /,
) -> list[int]: ...
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
