"""Render an exported HTML map to a PNG with headless Chromium.

    python tools/screenshot.py exports/graph.html docs/map.png
    python tools/screenshot.py exports/graph.html docs/document-view.png '#doc=NAME.txt'

The page is loaded from a ``file://`` URL with networking features off and a throw-away
profile; ``--virtual-time-budget`` lets the layout settle before the picture is taken.
Exit status: 0 on success, 1 if Chromium is missing or fails, 2 on bad arguments.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
WINDOW = "1400,900"
# Chromium without the network features that a closed network refuses (the tests use these too)
FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
VIRTUAL_TIME_MS = 8000
TIMEOUT_S = 120


def find_chromium() -> str | None:
    """``$CHROMIUM`` if set, else the first Chromium-like browser found."""
    env = os.environ.get("CHROMIUM")
    if env:
        return env if (os.path.isfile(env) and os.access(env, os.X_OK)) or shutil.which(env) else None
    for cand in CANDIDATES:
        if os.path.isabs(cand):
            if os.path.isfile(cand) and os.access(cand, os.X_OK):
                return cand
        elif found := shutil.which(cand):
            return found
    return None


def command(chromium: str, html: Path, png: Path, profile: str, fragment: str = "") -> list[str]:
    return [
        chromium,
        "--headless",
        *FLAGS,
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        f"--window-size={WINDOW}",
        f"--virtual-time-budget={VIRTUAL_TIME_MS}",
        f"--screenshot={png}",
        html.resolve().as_uri() + fragment,
    ]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) not in (2, 3) or args[0] in ("-h", "--help"):
        print("usage: python tools/screenshot.py PAGE.html OUT.png [#FRAGMENT]", file=sys.stderr)
        return 2
    html, png = Path(args[0]), Path(args[1]).resolve()
    fragment = args[2] if len(args) == 3 else ""
    if fragment and not fragment.startswith("#"):
        print("screenshot: the third argument is a fragment such as #doc=NAME", file=sys.stderr)
        return 2
    if not html.is_file():
        print(f"screenshot: {html}: no such file", file=sys.stderr)
        return 1
    chromium = find_chromium()
    if chromium is None:
        print(
            "screenshot: Chromium not found (looked for /usr/bin/chromium, chromium, "
            "chromium-browser, google-chrome; or set $CHROMIUM). "
            "Install it, e.g. `apt-get install -y chromium`.",
            file=sys.stderr,
        )
        return 1
    png.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="liantu-chromium-") as profile:
        tmp_png = Path(profile) / "shot.png"
        try:
            proc = subprocess.run(
                command(chromium, html, tmp_png, os.path.join(profile, "profile"), fragment),
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                check=False,
                timeout=TIMEOUT_S,
            )
        except subprocess.TimeoutExpired:
            print(f"screenshot: {chromium} did not finish within {TIMEOUT_S}s", file=sys.stderr)
            return 1
        except OSError as exc:
            print(f"screenshot: cannot run {chromium}: {exc}", file=sys.stderr)
            return 1
        if proc.returncode != 0 or not tmp_png.is_file() or tmp_png.stat().st_size == 0:
            tail = "\n".join((proc.stderr or "").strip().splitlines()[-10:])
            print(f"screenshot: {chromium} failed (exit {proc.returncode}); no image written\n{tail}", file=sys.stderr)
            return 1
        shutil.move(str(tmp_png), png)
    print(png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
