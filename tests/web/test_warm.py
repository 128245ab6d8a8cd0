"""A new worker warms itself on the public pages before its first visitor."""

from __future__ import annotations

import pytest

from toxfill.web import gunicorn_conf, warm


@pytest.mark.django_db
def test_warming_renders_every_public_page() -> None:
    assert warm.warm() == dict.fromkeys(warm.PAGES, 200)


def test_gunicorn_warms_each_worker_after_it_loads_the_app(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []
    monkeypatch.setattr(warm, "warm", lambda: calls.append("warmed") or {})

    gunicorn_conf.post_worker_init(worker=object())

    assert calls == ["warmed"]
