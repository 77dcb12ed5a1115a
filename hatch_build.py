"""Build hook: compiles the restorer's C accelerator (``src/chitieu/restore/_native.c``,
``_decode.c``, ``_lines.c`` and ``_ranked.c``: one module) and the linker's
(``src/chitieu/catalogue/_scoring.c``).

Runs whenever hatchling builds a wheel, the editable one of ``pip install -e .``
included. Each module is compiled in place, next to its source, with the C compiler
Python was built with; if there is none, or it fails, the build goes on and the
restorer and the linker use their Python loops (same results, slower). For a regular
wheel the compiled files are added to the wheel and the wheel is tagged for this platform.

    python hatch_build.py      # compile it by hand
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

SOURCE = Path("src") / "chitieu" / "restore" / "_native.c"
# compiled into the same module (its functions listed in _native.c, declared in _native.h)
EXTRA_SOURCES = ("_decode.c", "_lines.c", "_ranked.c")
# the linker's candidate scoring (chitieu.catalogue.scoring), a module of its own
SCORING = Path("src") / "chitieu" / "catalogue" / "_scoring.c"
FLAGS = ["-O2", "-shared", "-fPIC", "-ffp-contract=off", "-fno-strict-aliasing", "-Wall"]


def build_native(root: Path) -> Path | None:
    """Compile the restorer's accelerator in place; its path, or None (with a message) if it cannot be."""
    source = root / SOURCE
    return _compile([source, *(source.with_name(name) for name in EXTRA_SOURCES)], "_native")


def build_scoring(root: Path) -> Path | None:
    """Compile the linker's accelerator in place; its path, or None (with a message) if it cannot be."""
    return _compile([root / SCORING], "_scoring")


def _compile(paths: list[Path], module: str) -> Path | None:
    suffix = sysconfig.get_config_var("EXT_SUFFIX") or ".so"
    target = paths[0].with_name(module + suffix)
    compiler = shlex.split(os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc")
    include = sysconfig.get_paths()["include"]
    partial = target.with_name(target.name + ".tmp")
    sources = [str(path) for path in paths]
    command = [*compiler, *FLAGS, f"-I{include}", *sources, "-o", str(partial)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    except (OSError, subprocess.SubprocessError) as err:
        print(f"chitieu: không biên dịch được bộ tăng tốc C ({err}); dùng bản Python.", file=sys.stderr)
        return None
    if done.returncode != 0:
        print(
            f"chitieu: không biên dịch được bộ tăng tốc C; dùng bản Python.\n{done.stderr.strip()}",
            file=sys.stderr,
        )
        partial.unlink(missing_ok=True)
        return None
    partial.replace(target)
    return target


try:
    from hatchling.builders.hooks.plugin.interface import BuildHookInterface
except ImportError:  # run by hand, outside a build
    BuildHookInterface = object  # type: ignore[assignment,misc]


class NativeBuildHook(BuildHookInterface):  # type: ignore[misc,valid-type]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        for build, package in ((build_native, "restore"), (build_scoring, "catalogue")):
            built = build(Path(self.root))
            if built is None:
                continue
            build_data["pure_python"] = False
            build_data["infer_tag"] = True
            if version != "editable":
                build_data["force_include"][str(built)] = f"chitieu/{package}/{built.name}"


if __name__ == "__main__":
    root = Path(__file__).resolve().parent
    paths = [build_native(root), build_scoring(root)]
    for path in paths:
        print(path or "không biên dịch được")
    sys.exit(0 if all(paths) else 1)
