"""`awardbot programmes new-round`, `check --round` and `open-round`, run as an office runs
them, on a database of their own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from eligibility.rounds import build
from tests.round_notices import henan_flexible_2025, settle


def awardbot(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "AWARDBOT_DATA_DIR": str(data_dir)}
    env.pop("AWARDBOT_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], capture_output=True,
                          text=True, timeout=120, check=False, env=env)


def test_a_new_round_is_drafted_listed_settled_checked_and_opened(tmp_path: Path) -> None:
    data = tmp_path / "var"
    notice = tmp_path / "notice.txt"
    notice.write_text(henan_flexible_2025(), encoding="utf-8")
    out = tmp_path / "round.yaml"
    done = awardbot(data, "programmes", "new-round", "henan-flexible-star", "--notice",
                    str(notice), "--out", str(out))
    assert done.returncode == 1, done.stderr
    assert "✗ [名额] quotas[1]：每个县(市、区)级人力资源社会保障部门选送对象数量不超过2人 → " \
           "每个县(市、区)级人力资源社会保障部门选送对象数量不超过3人" in done.stdout
    assert "✗ [材料] documents[4].source：新通知中已没有" in done.stdout
    assert "处待处理" in done.stdout
    draft = build.parse_round(out.read_text(encoding="utf-8"))
    refused = awardbot(data, "programmes", "check", "--round", str(out))
    assert refused.returncode == 1 and f"✗ {out}" in refused.stdout
    shut = awardbot(data, "programmes", "open-round", str(out), "--office", "河南省",
                    "--by", "谢攀")
    assert shut.returncode == 2 and "处不同没有处理，不能开放" in shut.stderr
    out.write_text(build.dump(settle(draft)), encoding="utf-8")
    checked = awardbot(data, "programmes", "check", "--round", str(out))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"✓ {out}: henan-flexible-star 2025" in checked.stdout
    assert "0 处待处理" in checked.stdout
    opened = awardbot(data, "programmes", "open-round", str(out), "--office", "河南省",
                      "--by", "谢攀")
    assert opened.returncode == 0, opened.stderr
    assert "henan-flexible-star 2025 已开放" in opened.stdout
    again = awardbot(data, "programmes", "new-round", "henan-flexible-star", "--notice",
                     str(notice), "--out", str(tmp_path / "next.yaml"))
    assert "接续 2025" in again.stdout


def test_a_notice_that_is_not_text_is_a_clear_message(tmp_path: Path) -> None:
    notice = tmp_path / "notice.doc"
    notice.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\xff\xfe")
    done = awardbot(tmp_path / "var", "programmes", "new-round", "henan-flexible-star",
                    "--notice", str(notice))
    assert done.returncode == 2
    assert "not UTF-8 text" in done.stderr and "Traceback" not in done.stderr
