"""The provider contract and registry: built-ins and plugins register the same way."""

from __future__ import annotations

import json
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import summarizer
from summarizer.cli import app
from summarizer.config import Settings
from summarizer.errors import ConfigError
from summarizer.providers import (
    Provider,
    make_provider,
    provider_class,
    provider_names,
    rescan,
    resolve_name,
)

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "esta-coalition-rocket-attack.txt"

PLUGIN = '''
from summarizer.providers import Extraction, Provider
from summarizer.records import Usage
from summarizer.schema import ArticleSummary


class EchoProvider(Provider):
    """Summarizes an article as its first line."""

    name = "echo"
    cacheable = False

    def __init__(self, settings):
        self.model = settings.model or "echo-1"
        self.prompt_version = "echo-v1"

    @classmethod
    def from_settings(cls, settings):
        return cls(settings)

    @property
    def params(self):
        return {"lines": 1}

    def extract(self, article, *, reference_date):
        first = article.text.split("\\n", 1)[0]
        summary = ArticleSummary(summary=first, events=[], casualties=[], attributions=[])
        return Extraction(summary=summary, usage=Usage(calls=1), warnings=["echoed"])
'''


def _install(site: Path, name: str, module: str, source: str, target: str) -> None:
    """A distribution on ``site`` whose entry point names ``target``, as pip would leave it."""
    (site / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    info = site / f"{name}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(f"[summarizer.providers]\n{target}\n")


@pytest.fixture
def plugin_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.syspath_prepend(str(tmp_path))
    rescan()
    yield tmp_path
    rescan()
    for module in ("echo_plugin", "broken_plugin"):
        sys.modules.pop(module, None)


def test_the_built_in_providers_are_registered_through_entry_points() -> None:
    assert {"openai", "rules"} <= set(provider_names())
    assert provider_class("rules").name == "rules"
    assert provider_class("openai").name == "openai"


def test_resolution_prefers_the_explicit_choice_then_a_configured_model() -> None:
    assert resolve_name(Settings()) == "rules"
    assert resolve_name(Settings(base_url="http://127.0.0.1:1/v1")) == "openai"
    assert resolve_name(Settings(api_key="k")) == "openai"
    assert resolve_name(Settings(provider="rules", api_key="k")) == "rules"


def test_an_unknown_provider_is_a_config_error_naming_the_choices() -> None:
    with pytest.raises(ConfigError, match=r"unknown provider 'nope'.*openai.*rules"):
        make_provider(Settings(provider="nope"))


def test_a_plugin_provider_is_found_and_runs_end_to_end(plugin_site: Path) -> None:
    _install(plugin_site, "echo-plugin", "echo_plugin", PLUGIN, "echo = echo_plugin:EchoProvider")
    assert "echo" in provider_names()
    args = ["summarize", str(SEED), "--provider", "echo", "--json", "--date", "2021-06-28"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["provenance"]["provider"] == "echo"
    assert record["provenance"]["model"] == "echo-1"
    assert record["provenance"]["params"] == {"lines": 1}
    assert record["result"]["summary"].startswith("Coalition confirms rocket attack")
    assert record["warnings"] == ["echoed"]


def test_a_plugin_cannot_take_a_built_in_name(plugin_site: Path) -> None:
    _install(plugin_site, "evil-plugin", "echo_plugin", PLUGIN, "rules = echo_plugin:EchoProvider")
    assert provider_class("rules").__module__ == "summarizer.providers.rules"


def test_a_broken_plugin_is_a_config_error_not_a_traceback(plugin_site: Path) -> None:
    _install(
        plugin_site, "broken", "broken_plugin", "raise ImportError('no')\n", "bad = broken_plugin:X"
    )
    result = CliRunner().invoke(app, ["summarize", str(SEED), "--provider", "bad"])
    assert result.exit_code == 3
    assert "provider 'bad'" in result.stderr and "failed to load" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_entry_point_that_is_not_a_provider_is_refused(plugin_site: Path) -> None:
    _install(plugin_site, "odd", "echo_plugin", PLUGIN, "odd = echo_plugin:Extraction")
    with pytest.raises(ConfigError, match="not a summarizer Provider"):
        provider_class("odd")


def test_the_contract_is_complete_for_callers() -> None:
    provider = make_provider(Settings(provider="rules"))
    assert isinstance(provider, Provider)
    for member in ("name", "model", "prompt_version", "params", "cacheable"):
        getattr(provider, member)
    provider.close()


def test_every_public_name_resolves() -> None:
    for name in summarizer.__all__:
        assert getattr(summarizer, name) is not None, name
    with pytest.raises(AttributeError):
        summarizer.no_such_name  # noqa: B018
