# The C version of chitieu.catalogue.scoring.best_python (_scoring.c).
from collections.abc import Collection

def best(
    bringing: tuple[tuple[Collection[int], float], ...],
    scoring: tuple[tuple[Collection[int], float], ...],
    inverse: tuple[float, ...],
    k: int,
    /,
) -> list[tuple[float, int, float]]: ...
