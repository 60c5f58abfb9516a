"""Shipped models resolve from $ENV, a wheel's bundled copy, or the source checkout; wheels carry them."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from news_sentiment import config
from news_sentiment.narrative_config import default_narratives_path
from news_sentiment.nlp.kb import default_kb_dir
from news_sentiment.nlp.sentiment import default_model_dir

ROOT = Path(__file__).resolve().parents[1]


def test_source_checkout_models_are_found(monkeypatch):
    for env in ("SENTIMENT_KB", "SENTIMENT_MODEL_DIR", "SENTIMENT_NARRATIVES"):
        monkeypatch.delenv(env, raising=False)
    assert default_kb_dir() == ROOT / "models" / "kb"
    assert default_model_dir() == ROOT / "models" / "sentiment"
    assert default_narratives_path() == ROOT / "models" / "narratives.yaml"


def test_environment_overrides(monkeypatch, tmp_path):
    monkeypatch.setenv("SENTIMENT_MODEL_DIR", str(tmp_path))
    assert default_model_dir() == tmp_path


def test_bundled_copy_wins_over_checkout(monkeypatch, tmp_path):
    package = tmp_path / "site" / "news_sentiment"
    (package / "models" / "kb").mkdir(parents=True)
    monkeypatch.setattr(config, "__file__", str(package / "config.py"))
    monkeypatch.delenv("SENTIMENT_KB", raising=False)
    assert config.models_path("kb", "SENTIMENT_KB") == package / "models" / "kb"
    assert config.models_path("nothing-here", "SENTIMENT_KB") == Path("models") / "nothing-here"


@pytest.mark.slow
def test_wheel_bundles_the_models(tmp_path):
    if importlib.util.find_spec("setuptools") is None:
        pytest.skip("setuptools is not installed here (needed to build without network)")
    source = tmp_path / "src-copy"  # setuptools writes build/ beside the sources: keep the checkout clean
    source.mkdir()
    for name in ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for name in ("src", "models"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(tmp_path)], check=True, capture_output=True)
    (wheel,) = tmp_path.glob("news_sentiment-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for rel in ("sentiment/model.onnx", "sentiment/tokenizer.json", "sentiment/config.json",
                "kb/companies.yaml", "narratives.yaml", "README.md"):
        assert f"news_sentiment/models/{rel}" in names
