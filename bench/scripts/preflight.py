"""Checks, before any benchmark runs, that the Python interpreter a comparison needs exists and has its modules,
so a missing PyTorch or numpy is one line at the start rather than a traceback after minutes of JMH."""
import os
import shutil
import subprocess
import sys

INSTALL_HINT = "python3 -m venv v && v/bin/pip install torch numpy"
DEFAULT_VENV_PYTHON = "/work/venv/bin/python"

# Imports each module named in argv in the checked interpreter; prints "module: reason" for each that fails.
_IMPORT_PROBE = r"""
import importlib, sys
for name in sys.argv[1:]:
    try:
        importlib.import_module(name)
    except Exception as e:
        print(f"{name}: {type(e).__name__}: {e}")
"""


def default_python():
    """$PYTHON, else the project's venv where it exists, else python3."""
    if os.environ.get("PYTHON"):
        return os.environ["PYTHON"]
    return DEFAULT_VENV_PYTHON if os.access(DEFAULT_VENV_PYTHON, os.X_OK) else "python3"


def require_modules(python, modules, option="--python or PYTHON"):
    """Exits with one line naming what is missing unless `python` runs and imports every module in `modules`."""
    fix = f"make one with `{INSTALL_HINT}` and pass --python v/bin/python"
    resolved = shutil.which(python)
    if resolved is None:
        sys.exit(f"Python interpreter {python} not found or not executable ({option}): {fix}")
    try:
        done = subprocess.run([resolved, "-c", _IMPORT_PROBE, *modules], capture_output=True, text=True,
                              timeout=300)
    except (OSError, subprocess.TimeoutExpired) as e:
        sys.exit(f"Python interpreter {python} ({option}) could not be run: {e}; {fix}")
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        sys.exit(f"Python interpreter {python} ({option}) failed (exit {done.returncode}): {last}; {fix}")
    failed = done.stdout.strip().splitlines()
    if failed:
        sys.exit(f"{python} ({option}) cannot import {'; '.join(failed)}. Install into it with "
                 f"`{resolved} -m pip install {' '.join(modules)}`, or {fix}")
