"""Shared fixtures: no network, no developer environment, and the scripted model server.

- Every test runs with the network blocked: connecting a socket anywhere but loopback
  (or a Unix socket) raises, and so does resolving a non-local host name. Tests marked
  ``live`` are exempt.
- Provider environment variables are cleared, so a developer's key or base URL cannot
  leak into a test.
- ``fake_llm`` yields a running ``tests.fakeserver.FakeLLM``; ``openai_provider`` builds
  OpenAIProviders pointed at it and closes them afterwards.
"""

from __future__ import annotations

import copy
import ipaddress
import json
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fakeserver import FakeLLM
from typer.testing import CliRunner

from summarizer.cleaning import CleanedArticle, clean_article, read_article
from summarizer.cli import app
from summarizer.config import PROVIDER_ENV


class NetworkBlocked(RuntimeError):
    """A test tried to reach beyond this machine."""


def _is_local(host: object) -> bool:
    if not isinstance(host, str):
        return False
    if host in ("localhost", "localhost.localdomain", ""):
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def _check(address: object) -> None:
    if isinstance(address, (str, bytes)):  # AF_UNIX path
        return
    host = address[0] if isinstance(address, tuple) and address else address
    if not _is_local(host):
        raise NetworkBlocked(f"tests may not reach {address!r}: the network is blocked")


@pytest.fixture(autouse=True)
def _block_network(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if request.node.get_closest_marker("live"):
        return
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def connect(self: socket.socket, address: Any) -> None:
        _check(address)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        _check(address)
        return real_connect_ex(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None:
            name = host.decode() if isinstance(host, bytes) else str(host)
            _check((name, 0))
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.fixture(autouse=True)
def _clean_env(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if request.node.get_closest_marker("live"):
        return
    for name in PROVIDER_ENV:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def record_schema() -> dict[str, Any]:
    """The SummaryRecord JSON Schema as a user gets it: ``summarizer schema --record``."""
    result = CliRunner().invoke(app, ["schema", "--record"])
    assert result.exit_code == 0
    schema: dict[str, Any] = json.loads(result.stdout)
    return schema


@pytest.fixture
def fake_llm() -> Iterator[FakeLLM]:
    """A running scripted OpenAI-compatible server; ``.base_url`` ends in /v1."""
    with FakeLLM() as llm:
        yield llm


@pytest.fixture
def openai_provider(fake_llm: FakeLLM) -> Iterator[Callable[..., Any]]:
    """Build OpenAIProviders aimed at ``fake_llm`` (settings overridable); closed afterwards."""
    from summarizer.config import Settings
    from summarizer.providers.openai import OpenAIProvider

    made: list[OpenAIProvider] = []

    def make(**overrides: Any) -> OpenAIProvider:
        options: dict[str, Any] = {
            "provider": "openai",
            "base_url": fake_llm.base_url,
            "model": "fake-model",
            "timeout": 5.0,
        }
        options.update(overrides)
        provider = OpenAIProvider(Settings(**options))
        made.append(provider)
        return provider

    yield make
    for provider in made:
        provider.close()


SEED = Path(__file__).resolve().parent.parent / "seeds" / "esta-coalition-rocket-attack.txt"


@pytest.fixture
def seed_article() -> CleanedArticle:
    """The seed article, cleaned by the real cleaner."""
    return clean_article(read_article(SEED))


@pytest.fixture
def seed_answer() -> dict[str, Any]:
    """A valid, fully grounded model answer for the seed article (a fresh copy per test)."""
    return copy.deepcopy(SEED_ANSWER)


SEED_ANSWER: dict[str, Any] = {
    "title": "Coalition confirms rocket attack on U.S. troops in Syria, no casualties reported",
    "summary": (
        "The U.S.-led Coalition confirmed a rocket attack on American troops in Syria, "
        "reporting no injuries. Iraqi militia groups said four members of the Kataib Sayyed "
        "al-Shuhada faction were killed in U.S. strikes on the Syria-Iraq border."
    ),
    "events": [
        {
            "kind": "shelling_artillery_missile_attack",
            "description": "U.S. forces in Syria were attacked by multiple rockets.",
            "date": "2021-06-28",
            "when": "Monday at 07:44 p.m. local time",
            "location": "Syria",
            "targets": ["U.S. forces"],
            "evidence": (
                "the U.S. forces were attacked by multiple rockets in Syria at 07:44 p.m. "
                "local time"
            ),
        },
        {
            "kind": "air_or_drone_strike",
            "description": "U.S. strikes hit Iran-aligned militia on the Syria-Iraq border.",
            "actors": ["U.S."],
            "evidence": "weekend U.S. air strikes against Iran-aligned militia in Syria and Iraq",
        },
    ],
    "casualties": [
        {
            "group": "U.S. troops",
            "killed": {"value": 0, "precision": "exact"},
            "injured": {"value": 0, "precision": "exact"},
            "event": 0,
            "reported_by": "Coalition",
            "evidence": "There are no injuries and damage is being assessed",
        },
        {
            "group": "members of the Kataib Sayyed al-Shuhada faction",
            "killed": {"value": 4, "precision": "exact"},
            "event": 1,
            "reported_by": "Iraqi militia groups aligned with Iran",
            "evidence": (
                "named four members of the Kataib Sayyed al-Shuhada faction they said were "
                "killed in the attack on the Syria-Iraq border"
            ),
        },
    ],
    "attributions": [
        {
            "speaker": "Col. Wayne Marotto",
            "affiliation": "Coalition Spokesman",
            "claim": "U.S. forces were attacked by multiple rockets in Syria.",
            "channel": "tweet",
            "evidence": (
                "Coalition Spokesman Col. Wayne Marotto said in a tweet that the U.S. forces "
                "were attacked by multiple rockets"
            ),
        },
        {
            "speaker": "Col. Wayne Marotto",
            "affiliation": "Coalition Spokesman",
            "claim": "There were no injuries and damage was being assessed.",
            "quote": "There are no injuries and damage is being assessed,",
            "channel": "tweet",
            "evidence": "\u201cThere are no injuries and damage is being assessed,\u201d he added.",
        },
    ],
}
