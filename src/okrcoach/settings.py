"""LLM settings: one typed object, built once from flags, environment and config files.

Precedence, highest first: command-line overrides, `OKRCOACH_*` variables, the standard
`OPENAI_*` / `AZURE_OPENAI_*` variables, the project config (`[tool.okrcoach.llm]` in
pyproject.toml or `[llm]` in okrcoach.toml, found and read by `okrcoach.config`, the same
discovery as `okrcoach lint`), the user config (`config.toml` in the platform config dir, e.g.
~/.config/okrcoach/), then defaults.

API keys come only from the environment (a config file may name the variable to read with
`api-key-env`, never hold a key), are kept in a `SecretStr`, and are never written or printed
in full. The OpenAI key is not sent to another endpoint unless the user asked for that.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Mapping, Optional
from urllib.parse import urlparse

if TYPE_CHECKING:
    from okrcoach.i18n import Msg

from okrcoach.config import LLM_KEYS, Config, ConfigError, discover_config, load_config, user_config_path
from okrcoach.i18n import SaidError, msg

ModeName = Literal["auto", "tools", "tools_strict", "json", "json_schema", "md_json"]
MODES: tuple[str, ...] = ("auto", "tools", "tools_strict", "json", "json_schema", "md_json")
Backend = Literal["openai", "azure", "ollama", "lmstudio", "llamacpp", "vllm", "openrouter", "other"]
DEFAULT_OPENAI_MODEL = "gpt-4.1-mini"
LOCAL_PLACEHOLDER_KEY = "okrcoach-local"
DEFAULT_MAX_TOKENS = 1500
_CONFIG_KEYS = LLM_KEYS


class SettingsError(SaidError):
    """The LLM settings are invalid or incomplete; the message says how to fix them."""


REPAIR_LEVELS = ("error", "warning", "info")


class InvalidSetting(ValueError):
    """A value `LLMSettings` refuses; `key` is the setting as a config file spells it."""

    def __init__(self, key: str, problem: str) -> None:
        super().__init__(f"`{key}` {problem}")
        self.key = key


class SecretStr:
    """A secret (an API key) that never shows itself: `str`, `repr` and formatting give stars;
    `get_secret_value` gives the key to whoever sends it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def get_secret_value(self) -> str:
        return self._value

    def __str__(self) -> str:
        return "**********" if self._value else ""

    def __repr__(self) -> str:
        return f"SecretStr({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SecretStr) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


@dataclass(frozen=True)
class LLMSettings:
    """How okrcoach talks to an OpenAI-compatible endpoint.

    A plain frozen record checked as it is made (`__post_init__`): the terminal UI builds one
    before its first screen, and a validation library would cost that screen its import.
    """

    model: Optional[str] = None
    """Model name (for Azure: the deployment name). Default for api.openai.com: gpt-4.1-mini."""
    base_url: Optional[str] = None
    """Endpoint, e.g. http://localhost:11434/v1 for Ollama; None means api.openai.com."""
    api_key: Optional[SecretStr] = None
    """The key sent as a Bearer token; local servers get a placeholder when none is set."""
    api_key_source: Optional[str] = None
    """Where the key came from (an environment variable name), for `doctor`."""
    api_version: Optional[str] = None
    """Azure OpenAI API version (`OPENAI_API_VERSION`)."""
    mode: ModeName = "auto"
    """Structured-output mode; `auto` picks tools for OpenAI/Azure/OpenRouter/vLLM and json_schema for local servers."""
    timeout: float = 120.0
    """Seconds one request may take from sending to its last token, streamed or not. When it runs
    out the request is closed (so the server can stop generating) and never retried."""
    retries: int = 2
    """Retries, with backoff, of a request the endpoint refused for load (429, 502-504) or whose
    connection failed before an answer; never after a timeout or a rejected request."""
    repair_rounds: int = 2
    """How many times the rubric's findings go back to the model before the best draft is kept."""
    repair_level: Literal["error", "warning", "info"] = "warning"
    """Lowest finding level sent back to the model for repair."""
    temperature: Optional[float] = None
    """Sampling temperature; None leaves the server default."""
    max_tokens: Optional[int] = DEFAULT_MAX_TOKENS
    """Cap on tokens per reply (default 1,500: a whole draft fits, a rambling model stops early).
    `max-tokens = 0` in a config file, or `--max-tokens 0`, leaves it to the server."""
    sources: dict[str, str] = field(default_factory=dict)
    """Where each value came from (flag, environment variable or config file), for `doctor`."""

    def __post_init__(self) -> None:
        """Refuse a value no request could be made with (`InvalidSetting`, naming the setting)."""
        for name in ("model", "base_url", "api_key_source", "api_version"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                raise InvalidSetting(name.replace("_", "-"), f"must be text, not {value!r}")
        if self.api_key is not None and not isinstance(self.api_key, SecretStr):
            raise InvalidSetting("api-key", "must be kept as a SecretStr")
        if self.mode not in MODES:
            raise InvalidSetting("mode", f"must be one of {', '.join(MODES)}, not {self.mode!r}")
        if self.repair_level not in REPAIR_LEVELS:
            raise InvalidSetting("repair-level", f"must be one of {', '.join(REPAIR_LEVELS)}, not {self.repair_level!r}")
        if isinstance(self.timeout, bool) or not isinstance(self.timeout, (int, float)) or not math.isfinite(self.timeout) or self.timeout <= 0:
            raise InvalidSetting("timeout", f"must be a finite number of seconds above 0, not {self.timeout!r}")
        for name, low, high in (("retries", 0, 10), ("repair_rounds", 0, 5)):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise InvalidSetting(name.replace("_", "-"), f"must be a whole number from {low} to {high}, not {value!r}")
        if self.max_tokens is not None and (isinstance(self.max_tokens, bool) or not isinstance(self.max_tokens, int) or self.max_tokens < 1):
            raise InvalidSetting("max-tokens", f"must be a whole number above 0 (0 leaves the cap to the server), not {self.max_tokens!r}")
        if self.temperature is not None and (isinstance(self.temperature, bool) or not isinstance(self.temperature, (int, float)) or not math.isfinite(self.temperature)):
            raise InvalidSetting("temperature", f"must be a number, not {self.temperature!r}")

    @property
    def backend(self) -> Backend:
        return detect_backend(self.base_url)

    @property
    def effective_model(self) -> Optional[str]:
        if self.model:
            return self.model
        return DEFAULT_OPENAI_MODEL if self.backend == "openai" else None

    @property
    def effective_mode(self) -> str:
        if self.mode != "auto":
            return self.mode
        return "tools" if self.backend in ("openai", "azure", "openrouter", "vllm") else "json_schema"

    @property
    def is_local(self) -> bool:
        host = (urlparse(self.base_url).hostname or "") if self.base_url else ""
        return host in ("localhost", "127.0.0.1", "::1", "0.0.0.0") or host.endswith(".local")

    def masked_key(self) -> str:
        if self.api_key is None:
            return "(none)"
        secret = self.api_key.get_secret_value()
        if secret == LOCAL_PLACEHOLDER_KEY:
            return "(placeholder for a local server)"
        return f"{secret[:3]}…{secret[-4:]}" if len(secret) > 10 else "****"

    def problems(self, language: str = "en") -> list[str]:
        """What stops this configuration from working, each with how to fix it, in `language`."""
        return [problem.render(language) for problem in self.problem_texts()]

    def problem_texts(self) -> list["Msg"]:
        """`problems` in any language (the catalogue's `report.llm-no-model`, `report.llm-no-key`)."""
        from okrcoach.i18n import msg

        found = []
        if self.effective_model is None:
            found.append(msg("report.llm-no-model-set"))
        if self.api_key is None and not self.is_local:
            found.append(msg("report.llm-no-key", backend="openai" if self.backend == "openai" else "other", url=str(self.base_url)))
        return found


def detect_backend(base_url: Optional[str]) -> Backend:
    """Which kind of server an endpoint URL points at (for the default mode and advice)."""
    if not base_url:
        return "openai"
    parsed = urlparse(base_url)
    host = (parsed.hostname or "").lower()
    if host.endswith("api.openai.com"):
        return "openai"
    if host.endswith(".openai.azure.com") or host.endswith(".cognitiveservices.azure.com"):
        return "azure"
    if "openrouter.ai" in host:
        return "openrouter"
    if parsed.port == 11434 or "ollama" in host:
        return "ollama"
    if parsed.port == 1234 or "lmstudio" in host:
        return "lmstudio"
    if parsed.port == 8080 or "llama" in host:
        return "llamacpp"
    if parsed.port == 8000 or "vllm" in host:
        return "vllm"
    return "other"


@dataclass
class _Layer:
    name: str
    values: dict[str, object] = field(default_factory=dict)


def _file_layer(config: Optional[Config]) -> Optional[_Layer]:
    """The `[llm]` section of a config (read and validated by `okrcoach.config`), each value with
    the file that set it (the file itself or one it extends)."""
    if config is None or not config.llm:
        return None
    layer = _Layer(str(config.source))
    for key, value in config.llm.items():
        layer.values[key] = value
        layer.values[f"{key}@"] = config.llm_sources.get(key, str(config.source))
    return layer


def _project_layer(start: Path) -> Optional[_Layer]:
    """The LLM section of the nearest project config: the same discovery `okrcoach lint` uses."""
    try:
        return _file_layer(discover_config(start))
    except ConfigError as exc:
        raise SettingsError(exc.message) from exc


def _user_layer(path: Path) -> Optional[_Layer]:
    if not os.path.lexists(path):
        return None
    try:
        return _file_layer(load_config(path))
    except ConfigError as exc:
        raise SettingsError(exc.message) from exc


def load_settings(
    overrides: Optional[Mapping[str, object]] = None,
    environ: Optional[Mapping[str, str]] = None,
    cwd: Optional[Path] = None,
    user_config: Optional[Path] = None,
) -> LLMSettings:
    """Build the settings from flags (`overrides`), environment and config files."""
    env = dict(os.environ if environ is None else environ)
    layers: list[_Layer] = []
    cli = _Layer("command line", {k.replace("_", "-"): v for k, v in (overrides or {}).items() if v is not None})
    layers.append(cli)
    okr_env = _Layer("environment")
    for variable, key in (
        ("OKRCOACH_MODEL", "model"),
        ("OKRCOACH_BASE_URL", "base-url"),
        ("OKRCOACH_MODE", "mode"),
        ("OKRCOACH_TIMEOUT", "timeout"),
        ("OKRCOACH_RETRIES", "retries"),
        ("OKRCOACH_REPAIR_ROUNDS", "repair-rounds"),
        ("OKRCOACH_MAX_TOKENS", "max-tokens"),
        ("OKRCOACH_TEMPERATURE", "temperature"),
    ):
        if env.get(variable):
            okr_env.values[key] = env[variable]
            okr_env.values[f"{key}@"] = variable
    layers.append(okr_env)
    std_env = _Layer("environment")
    for variable, key in (("OPENAI_MODEL", "model"), ("OPENAI_BASE_URL", "base-url"), ("OPENAI_API_BASE", "base-url"), ("AZURE_OPENAI_ENDPOINT", "base-url"), ("OPENAI_API_VERSION", "api-version")):
        if env.get(variable) and key not in std_env.values:
            std_env.values[key] = env[variable]
            std_env.values[f"{key}@"] = variable
    layers.append(std_env)
    project = _project_layer(cwd or Path.cwd())
    if project:
        layers.append(project)
    user_path = user_config if user_config is not None else user_config_path()
    user = _user_layer(user_path) if user_path.is_file() else None
    if user:
        layers.append(user)

    values: dict[str, object] = {}
    sources: dict[str, str] = {}
    for key in _CONFIG_KEYS:
        for layer in layers:
            if key in layer.values:
                values[key] = layer.values[key]
                sources[key] = str(layer.values.get(f"{key}@", layer.name))
                break

    base_url = str(values["base-url"]).rstrip("/") if values.get("base-url") else None
    backend = detect_backend(base_url)
    key, key_source = _choose_key(env, values, sources, backend)
    mode = str(values.get("mode", "auto")).lower().replace("-", "_")
    if mode not in MODES:
        raise SettingsError(msg("cli.settings.unknown-mode", mode=str(values.get("mode")), source=str(sources.get("mode")), modes=", ".join(MODES)))
    try:
        return LLMSettings(
            model=str(values["model"]) if values.get("model") else None,
            base_url=base_url,
            api_key=SecretStr(key) if key else (SecretStr(LOCAL_PLACEHOLDER_KEY) if base_url and _is_local_url(base_url) else None),
            api_key_source=key_source,
            api_version=str(values["api-version"]) if values.get("api-version") else None,
            mode=mode,  # type: ignore[arg-type]
            timeout=_timeout(values.get("timeout", 120.0), sources.get("timeout")),
            retries=int(values.get("retries", 2)),  # type: ignore[arg-type]
            repair_rounds=int(values.get("repair-rounds", 2)),  # type: ignore[arg-type]
            repair_level=str(values.get("repair-level", "warning")),  # type: ignore[arg-type]
            temperature=float(values["temperature"]) if values.get("temperature") is not None else None,  # type: ignore[arg-type]
            max_tokens=_max_tokens(values.get("max-tokens")),
            sources=sources,
        )
    except InvalidSetting as exc:
        source = sources.get(exc.key)
        raise SettingsError(msg("cli.settings.invalid", error=f"{exc} (from {source})" if source else str(exc))) from exc
    except (ValueError, TypeError) as exc:
        raise SettingsError(msg("cli.settings.invalid", error=str(exc))) from exc


def _timeout(value: object, source: Optional[str]) -> float:
    """The request deadline in seconds: a finite number above 0, since 0, a negative number or
    infinity would mean no deadline at all; anything else is a settings error naming its source."""
    try:
        seconds = float(value) if not isinstance(value, bool) else math.nan  # type: ignore[arg-type]
    except (TypeError, ValueError):
        seconds = math.nan
    if not math.isfinite(seconds) or seconds <= 0:
        raise SettingsError(msg("cli.settings.no-deadline", value=str(value), source=str(source)))
    return seconds


def _max_tokens(value: object) -> Optional[int]:
    """The configured cap: the default when unset, None (the server's own) for 0."""
    if value is None:
        return DEFAULT_MAX_TOKENS
    number = int(value)  # type: ignore[call-overload]
    return None if number == 0 else number


def _is_local_url(url: str) -> bool:
    host = urlparse(url).hostname or ""
    return host in ("localhost", "127.0.0.1", "::1", "0.0.0.0") or host.endswith(".local")


def _choose_key(env: Mapping[str, str], values: Mapping[str, object], sources: dict[str, str], backend: str) -> tuple[Optional[str], Optional[str]]:
    """The key to send, honouring where it may go.

    `OKRCOACH_API_KEY` or a configured `api-key-env` is sent wherever the user points okrcoach.
    `OPENAI_API_KEY` is sent only to OpenAI itself (and `AZURE_OPENAI_API_KEY` only to Azure),
    so a local or third-party server never receives it by accident.
    """
    named = values.get("api-key-env")
    if named:
        variable = str(named)
        if env.get(variable):
            return env[variable], variable
        raise SettingsError(msg("cli.settings.key-variable-unset", source=str(sources.get("api-key-env")), variable=str(variable)))
    if env.get("OKRCOACH_API_KEY"):
        return env["OKRCOACH_API_KEY"], "OKRCOACH_API_KEY"
    if backend == "azure" and env.get("AZURE_OPENAI_API_KEY"):
        return env["AZURE_OPENAI_API_KEY"], "AZURE_OPENAI_API_KEY"
    if backend == "openrouter" and env.get("OPENROUTER_API_KEY"):
        return env["OPENROUTER_API_KEY"], "OPENROUTER_API_KEY"
    if backend == "openai" and env.get("OPENAI_API_KEY"):
        return env["OPENAI_API_KEY"], "OPENAI_API_KEY"
    return None, None
