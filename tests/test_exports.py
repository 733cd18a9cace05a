"""The package's public surface: what `generator.__all__` promises can be imported."""

from types import ModuleType

import generator


def test_all_names_exist() -> None:
    """Every name in generator.__all__ is an attribute of the package."""
    assert [name for name in generator.__all__ if not hasattr(generator, name)] == []


def test_all_is_sorted_and_unique() -> None:
    """generator.__all__ lists each name once, in sorted order, so additions are easy to review."""
    assert generator.__all__ == sorted(set(generator.__all__))


def test_public_names_are_exported() -> None:
    """Every public name of the package (those imported on first use too) is listed in __all__, bar modules."""
    public = {name for name in dir(generator) if not name.startswith("_")}
    submodules = {name for name in public if isinstance(getattr(generator, name), ModuleType)}
    assert public - submodules == set(generator.__all__)
