"""The project installs with the pip users have, not only the newest: Debian 12's
`python3 -m venv` ships pip 23.0, which resolves extras by their exact spelling. Everything the
code imports must be asked for by name, or an install that looks fine fails at the first page."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from tests.helpers import REPO

OLDEST_PIP = "23.0.1"  # Debian 12's


def _name(raw: str) -> str:
    return re.sub(r"[-_.]+", "-", raw).lower()


def test_the_oldest_supported_pip_resolves_every_package_the_code_imports(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    pip = [python, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    subprocess.run([*pip, "install", f"pip=={OLDEST_PIP}"], check=True, timeout=300)
    report = tmp_path / "report.json"
    subprocess.run(
        [*pip, "install", "--dry-run", "--ignore-installed", "--report", str(report), f"{REPO}[scale]"],
        check=True,
        timeout=600,
    )
    names = {_name(item["metadata"]["name"]) for item in json.loads(report.read_text(encoding="utf-8"))["install"]}
    # lxml_html_clean: what lxml 6's extra `html-clean` holds, which pip 23.0 does not match to
    # `lxml[html_clean]`; the rest: the scale extra and the default voice
    assert {"lxml-html-clean", "trafilatura", "celery", "redis", "fsspec", "onnxruntime", "audionews"} <= names
