# The C version of chitieu.catalogue.scoring.best_python (_scoring.c).
def best(
    bringing: tuple[tuple[bytes, float], ...],
    scoring: tuple[tuple[bytes, float], ...],
    inverse: tuple[float, ...],
    k: int,
    total: float,
    /,
) -> tuple[int | float, ...]: ...
