"""The wheel's build hook: Llais's top-level folders go into the package, the Welsh catalogue compiled.

A checkout keeps templates/, translations/ and migrations/ beside survey/ (survey/paths.py finds
them there); an installed Llais finds them inside the package, as survey/templates and so on. Only
the compiled catalogue (.mo) is shipped, not its .po, so that nothing is compiled at run time.
An editable install (`pip install -e .`) uses the checkout's folders and needs none of this.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from hatchling.builders.hooks.plugin.interface import BuildHookInterface

FOLDERS = ("templates", "migrations")  # shipped as they are
CATALOGUES = "translations"            # shipped compiled


def _files(folder: Path) -> list[Path]:
    """Every file under folder, without Python's caches."""
    return sorted(path for path in folder.rglob("*")
                  if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc")


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        included = build_data["force_include"]
        for name in FOLDERS:
            for path in _files(root / name):
                included[str(path)] = f"survey/{path.relative_to(root).as_posix()}"
        self._compiled = Path(tempfile.mkdtemp(prefix="llais-catalogues-"))
        for po in sorted((root / CATALOGUES).glob("*/LC_MESSAGES/*.po")):
            relative = po.with_suffix(".mo").relative_to(root)
            mo = self._compiled / relative
            mo.parent.mkdir(parents=True, exist_ok=True)
            with po.open("rb") as source, mo.open("wb") as target:
                write_mo(target, read_po(source))
            included[str(mo)] = f"survey/{relative.as_posix()}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        compiled = getattr(self, "_compiled", None)
        if compiled is not None:
            shutil.rmtree(compiled, ignore_errors=True)
