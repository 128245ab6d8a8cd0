"""The knowledge base kept on disk: the same facts as a fresh load, and never stale."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from toxfill.knowledge import KnowledgeBase, load_knowledge
from toxfill.knowledge.cache import CODE, cache_places, cached, digest


@pytest.fixture(autouse=True)
def user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets its own user cache directory, never the real one."""
    place = tmp_path / "user-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(place))
    return place / "toxfill"


def counting_loader() -> tuple[list[Path], Callable[[Path], KnowledgeBase]]:
    built: list[Path] = []

    def build(data_dir: Path) -> KnowledgeBase:
        built.append(data_dir)
        return load_knowledge(data_dir)

    return built, build


def test_a_second_load_comes_from_the_cache_with_the_same_facts(kb_copy: Path) -> None:
    built, build = counting_loader()

    first = cached(kb_copy, build)
    second = cached(kb_copy, build)

    assert built == [kb_copy]
    assert second == first
    assert second.options == load_knowledge(kb_copy).options


def test_a_changed_data_file_is_never_served_stale(kb_copy: Path) -> None:
    built, build = counting_loader()
    cached(kb_copy, build)
    meta = kb_copy / "meta.yaml"
    old_version = load_knowledge(kb_copy).version
    meta.write_text(meta.read_text().replace(old_version, "2099.1.1"))

    again = cached(kb_copy, build)

    assert len(built) == 2
    assert again.version == "2099.1.1"


def test_the_digest_covers_every_data_file(kb_copy: Path) -> None:
    before = digest(kb_copy)
    (kb_copy / "triage.yaml").write_text((kb_copy / "triage.yaml").read_text() + "\n# note\n")

    assert digest(kb_copy) != before


def test_a_corrupt_cache_file_is_ignored_and_rebuilt(kb_copy: Path) -> None:
    built, build = counting_loader()
    cached(kb_copy, build)
    [written] = (kb_copy.parent / "__kbcache__").glob("kb-*.pickle")
    written.write_bytes(b"not a pickle")

    again = cached(kb_copy, build)

    assert len(built) == 2
    assert again.version == load_knowledge(kb_copy).version
    assert written.read_bytes() != b"not a pickle"


def test_an_unwritable_package_falls_back_to_the_user_cache(
    kb_copy: Path, user_cache: Path
) -> None:
    beside = cache_places(kb_copy)[0]
    beside.write_text("a file where the cache folder would go")
    built, build = counting_loader()

    cached(kb_copy, build)
    cached(kb_copy, build)

    assert len(built) == 1
    assert list(user_cache.glob("kb-*.pickle"))


def test_the_digest_covers_every_module_of_the_knowledge_package() -> None:
    # A shape moved to a module of its own (triage_models, body_map) changes the key too.
    package = Path(cached.__code__.co_filename).parent
    modules = {path.name for path in package.glob("*.py")}

    assert {path.name for path in CODE} == modules
    assert {"models.py", "triage_models.py", "body_map.py", "model_base.py"} <= modules
