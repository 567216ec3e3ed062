"""LLM settings: precedence, per-backend modes, and keys that never go where they should not."""

from __future__ import annotations

import dataclasses

import pytest

from okrcoach.settings import LOCAL_PLACEHOLDER_KEY, SettingsError, detect_backend, load_settings


def settings(env=None, overrides=None, tmp_path=None, user=None):
    return load_settings(overrides or {}, environ=env or {}, cwd=tmp_path, user_config=user)


def test_defaults_point_at_openai_and_need_a_key(tmp_path):
    s = settings(tmp_path=tmp_path, user=tmp_path / "none.toml")
    assert s.backend == "openai" and s.effective_model == "gpt-4.1-mini" and s.effective_mode == "tools"
    assert any("OPENAI_API_KEY" in p for p in s.problems())
    assert any("11434" in p for p in s.problems()), "the hint must show how to use a local Ollama"


def test_precedence_flags_then_okrcoach_then_openai_env_then_project_then_user(tmp_path):
    user = tmp_path / "user.toml"
    user.write_text('[llm]\nmodel = "from-user"\ntimeout = 7\nmode = "md_json"\n')
    (tmp_path / "okrcoach.toml").write_text('[llm]\nmodel = "from-project"\nmode = "json"\n')
    s = settings({"OPENAI_MODEL": "from-openai-env"}, tmp_path=tmp_path, user=user)
    assert (s.model, s.sources["model"]) == ("from-openai-env", "OPENAI_MODEL")
    assert s.mode == "json" and s.sources["mode"].endswith("okrcoach.toml")
    assert s.timeout == 7 and s.sources["timeout"].endswith("user.toml")
    s = settings({"OPENAI_MODEL": "a", "OKRCOACH_MODEL": "b"}, tmp_path=tmp_path, user=user)
    assert s.model == "b"
    s = settings({"OKRCOACH_MODEL": "b"}, overrides={"model": "c"}, tmp_path=tmp_path, user=user)
    assert (s.model, s.sources["model"]) == ("c", "command line")


def test_pyproject_llm_table(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.okrcoach.llm]\nbase-url = "http://localhost:11434/v1"\nmodel = "llama3.1"\n')
    s = settings(tmp_path=tmp_path, user=tmp_path / "none.toml")
    assert s.backend == "ollama" and s.effective_mode == "json_schema" and not s.problems()


@pytest.mark.parametrize(
    ("url", "backend", "mode"),
    [
        (None, "openai", "tools"),
        ("https://api.openai.com/v1", "openai", "tools"),
        ("https://myco.openai.azure.com", "azure", "tools"),
        ("http://localhost:11434/v1", "ollama", "json_schema"),
        ("http://127.0.0.1:1234/v1", "lmstudio", "json_schema"),
        ("http://127.0.0.1:8080/v1", "llamacpp", "json_schema"),
        ("http://gpu-box:8000/v1", "vllm", "tools"),
        ("https://openrouter.ai/api/v1", "openrouter", "tools"),
    ],
)
def test_auto_mode_per_backend(tmp_path, url, backend, mode):
    s = settings({"OKRCOACH_BASE_URL": url} if url else {}, tmp_path=tmp_path, user=tmp_path / "none.toml")
    assert detect_backend(url) == backend
    assert s.effective_mode == mode


def test_openai_key_is_not_sent_to_another_endpoint(tmp_path):
    s = settings({"OPENAI_API_KEY": "sk-secret-openai-key", "OKRCOACH_BASE_URL": "http://localhost:11434/v1", "OKRCOACH_MODEL": "llama3.1"}, tmp_path=tmp_path, user=tmp_path / "none.toml")
    assert s.api_key is not None and s.api_key.get_secret_value() == LOCAL_PLACEHOLDER_KEY
    s = settings({"OPENAI_API_KEY": "sk-secret-openai-key", "OKRCOACH_BASE_URL": "https://llm.example.com/v1", "OKRCOACH_MODEL": "m"}, tmp_path=tmp_path, user=tmp_path / "none.toml")
    assert s.api_key is None and s.problems()


def test_the_user_can_choose_to_send_a_key_anywhere(tmp_path):
    s = settings({"OKRCOACH_API_KEY": "sk-mine-123456", "OKRCOACH_BASE_URL": "https://llm.example.com/v1", "OKRCOACH_MODEL": "m"}, tmp_path=tmp_path, user=tmp_path / "none.toml")
    assert s.api_key.get_secret_value() == "sk-mine-123456" and s.api_key_source == "OKRCOACH_API_KEY"
    (tmp_path / "okrcoach.toml").write_text('[llm]\napi-key-env = "OPENAI_API_KEY"\nbase-url = "https://llm.example.com/v1"\nmodel = "m"\n')
    s = settings({"OPENAI_API_KEY": "sk-openai-abcdef"}, tmp_path=tmp_path, user=tmp_path / "none.toml")
    assert s.api_key.get_secret_value() == "sk-openai-abcdef"


def test_key_is_masked_everywhere(tmp_path):
    s = settings({"OPENAI_API_KEY": "sk-proj-verysecretkey1234"}, tmp_path=tmp_path, user=tmp_path / "none.toml")
    assert "verysecret" not in s.masked_key() and s.masked_key().endswith("1234")
    assert "verysecret" not in repr(s) and "verysecret" not in str(s) and "verysecret" not in str(dataclasses.asdict(s))


def test_keys_are_refused_in_config_files(tmp_path):
    (tmp_path / "okrcoach.toml").write_text('[llm]\napi-key = "sk-oops"\n')
    with pytest.raises(SettingsError, match="api-key-env"):
        settings(tmp_path=tmp_path, user=tmp_path / "none.toml")


@pytest.mark.parametrize(("config", "message"), [('[llm]\nmodl = "x"\n', "did you mean `model`"), ('[llm]\nmode = "fast"\n', "unknown mode")])
def test_bad_llm_config(tmp_path, config, message):
    (tmp_path / "okrcoach.toml").write_text(config)
    with pytest.raises(SettingsError, match=message):
        settings(tmp_path=tmp_path, user=tmp_path / "none.toml")


@pytest.mark.parametrize("value", ["0", "-1", "inf", "-inf", "nan", "1e400", "abc", " "])
def test_a_timeout_that_is_no_deadline_is_a_settings_error_naming_the_variable(tmp_path, value):
    with pytest.raises(SettingsError) as error:
        settings({"OKRCOACH_TIMEOUT": value}, tmp_path=tmp_path, user=tmp_path / "none.toml")
    message = str(error.value)
    assert "OKRCOACH_TIMEOUT" in message and "above 0" in message
    assert "pydantic" not in message and "validation error" not in message and "Input should" not in message


@pytest.mark.parametrize("toml_value", ["0", "-5", "inf", "nan", '"abc"', "true"])
def test_a_timeout_that_is_no_deadline_in_pyproject_is_a_settings_error_naming_the_file(tmp_path, toml_value):
    (tmp_path / "pyproject.toml").write_text(f"[tool.okrcoach.llm]\ntimeout = {toml_value}\n")
    with pytest.raises(SettingsError) as error:
        settings(tmp_path=tmp_path, user=tmp_path / "none.toml")
    message = str(error.value)
    assert str(tmp_path / "pyproject.toml") in message and "above 0" in message
    assert "validation error" not in message and "Input should" not in message


def test_a_valid_timeout_from_the_environment_is_used(tmp_path):
    s = settings({"OKRCOACH_TIMEOUT": "45.5"}, tmp_path=tmp_path, user=tmp_path / "none.toml")
    assert s.timeout == 45.5 and s.sources["timeout"] == "OKRCOACH_TIMEOUT"


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("retries = 11", "retries"),
        ("retries = -1", "retries"),
        ("repair-rounds = 6", "repair-rounds"),
        ('repair-level = "loud"', "repair-level"),
        ("max-tokens = -3", "max-tokens"),
        ("temperature = nan", "temperature"),
    ],
)
def test_a_setting_out_of_range_is_a_settings_error_naming_it_and_its_file(tmp_path, line, key):
    (tmp_path / "okrcoach.toml").write_text(f'[llm]\nmodel = "smollm2"\n{line}\n')
    with pytest.raises(SettingsError) as error:
        settings(tmp_path=tmp_path, user=tmp_path / "none.toml")
    message = str(error.value)
    assert f"`{key}`" in message and str(tmp_path / "okrcoach.toml") in message


def test_settings_in_range_are_kept(tmp_path):
    (tmp_path / "okrcoach.toml").write_text('[llm]\nmodel = "smollm2"\nretries = 10\nrepair-rounds = 0\nrepair-level = "info"\nmax-tokens = 0\ntemperature = 0.2\n')
    s = settings(tmp_path=tmp_path, user=tmp_path / "none.toml")
    assert (s.retries, s.repair_rounds, s.repair_level, s.max_tokens, s.temperature) == (10, 0, "info", None, 0.2)
