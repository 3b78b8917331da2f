"""Random files and random names around one good document (issue 14): whatever hypothesis makes,
a build ends without a traceback, the good document is built, every other file (but hidden ones)
is either read or skipped with a reason, and messages stay one line each."""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from contextlib import redirect_stderr
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.build import build_outputs
from kg.formats import SUFFIXES

GOOD = "成都星河电子有限公司位于青羊区，东坡街道党工委开展“先锋攻坚”行动。"

#: bytes a Linux file name may hold (no slash, no NUL), up to 40 of them, not "." or ".."
names = st.binary(min_size=1, max_size=40).map(lambda b: b.replace(b"/", b"_").replace(b"\x00", b"_"))
suffixes = st.sampled_from([s.encode() for s in SUFFIXES] + [b"", b".TXT", b".exe"])


def _zip_of(members: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in dict(members).items():  # one member per name
            z.writestr(name, data)
    return buf.getvalue()


contents = st.one_of(
    st.binary(max_size=3000),
    st.text(max_size=400).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.sampled_from(["gb18030", "big5", "utf-16-le", "utf-16", "utf-8-sig"]).map(
        lambda enc: (GOOD * 3).encode(enc, "replace")
    ),
    st.lists(
        st.tuples(st.sampled_from(["word/document.xml", "[Content_Types].xml", "x"]), st.binary(max_size=200)),
        max_size=3,
    ).map(_zip_of),
    st.binary(max_size=300).map(lambda tail: b"%PDF-1.7\n" + tail),
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=st.lists(st.tuples(names, suffixes, contents), min_size=1, max_size=6))
def test_random_files_never_cost_the_good_document(files):
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(os.fsencode(tmp), b"src")
        os.mkdir(src)
        with open(os.path.join(src, b"good.txt"), "wb") as f:
            f.write(GOOD.encode("utf-8"))
        made = 1
        for name, suffix, data in files:
            path = os.path.join(src, name + suffix)
            if name + suffix in (b".", b"..", b"good.txt") or os.path.exists(path):
                continue
            with open(path, "wb") as f:
                f.write(data)
            made += not name.startswith(b".")  # hidden files are left out on purpose
        err = io.StringIO()
        with redirect_stderr(err):
            report = build_outputs(
                [Path(os.fsdecode(src))], Path(tmp) / "out", recogniser="rules", progress=False, html=False
            )
        assert "Traceback" not in err.getvalue()
        read = {r["file"] for r in report["read"]} if "read" in report else set()
        assert any(name.endswith("good.txt") for name in read), report
        assert report["documents"] + len(report["skipped"]) == made  # every file: read, or skipped with a reason
        assert all(s["reason"] and "\n" not in s["reason"] and "\n" not in s["file"] for s in report["skipped"])
        assert all("\n" not in w for w in report["warnings"])
        assert (Path(tmp) / "out" / "graph.ttl").is_file()
