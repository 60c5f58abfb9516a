"""Bundle the shipped models (``models/``: KB, narratives.yaml, sentiment model) into wheels.

They live at the top of the repository (where people look for them and where the training
command writes); a wheel carries a copy as ``news_sentiment/models/`` so a plain
``pip install`` works without the source tree. Editable installs read ``models/`` in place.
Everything else is configured in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithModels(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        source = Path(__file__).resolve().parent / "models"
        target = Path(self.build_lib) / "news_sentiment" / "models"
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildPyWithModels})
