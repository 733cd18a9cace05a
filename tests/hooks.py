"""Load the site's MkDocs hooks (overrides/hooks/NAME.py) for tests, as MkDocs does: by path, not as a package."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

HOOKS = Path(__file__).resolve().parent.parent / "overrides" / "hooks"


def load_hook(name: str) -> ModuleType:
    """The hook module overrides/hooks/`name`.py, freshly executed."""
    spec = importlib.util.spec_from_file_location(f"{name}_hook", HOOKS / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
