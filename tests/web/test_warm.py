"""A new worker warms itself on the public pages before its first visitor."""

from __future__ import annotations

import pytest

from toxfill.web import gunicorn_conf, warm


@pytest.mark.django_db
def test_warming_renders_every_public_page() -> None:
    spanish = [f"{path} [es]" for path in warm.TRANSLATED["es"]]
    assert warm.warm() == dict.fromkeys([*warm.PAGES, *spanish], 200)


def test_gunicorn_warms_each_worker_after_it_loads_the_app(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []
    monkeypatch.setattr(warm, "warm", lambda: calls.append("warmed") or {})

    gunicorn_conf.post_worker_init(worker=object())

    assert calls == ["warmed"]


def test_a_comparison_is_computed_and_serialized_once_per_knowledge_base_version() -> None:
    from toxfill.web.guide import cache

    cache._comparison_json.cache_clear()
    first = cache.comparison_json(["botulinum-toxin", "ha-filler"])
    again = cache.comparison_json(["botulinum-toxin", "ha-filler"])

    assert again is first
    assert cache._comparison_json.cache_info().hits == 1
    assert b'"schema":"toxfill.comparison/1"' in first
