"""LibreOffice for the tests, kept off the network: a private profile that never looks for
updates or sends usage data, a proxy that leads nowhere, and — where the system allows it — a
network namespace of its own (`unshare -rn`), in which there is no network at all."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from pathlib import Path

from conftest import require_tool, soffice

# LibreOffice's own settings for a profile that stays offline: no update check, no usage
# data, no tips; the proxy for every protocol points at a closed local port.
OFFLINE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Jobs/Jobs/org.openoffice.Office.Jobs:Job['UpdateCheck']/Arguments">
 <prop oor:name="AutoCheckEnabled" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="CollectUsageInformation" oor:op="fuse">
 <value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="ShowTipOfTheDay" oor:op="fuse">
 <value>false</value></prop></item>
<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="ooInetProxyType" oor:op="fuse">
 <value>1</value></prop></item>
<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="ooInetHTTPProxyName" oor:op="fuse">
 <value>127.0.0.1</value></prop></item>
<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="ooInetHTTPProxyPort" oor:op="fuse">
 <value>9</value></prop></item>
<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="ooInetHTTPSProxyName" oor:op="fuse">
 <value>127.0.0.1</value></prop></item>
<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="ooInetHTTPSProxyPort" oor:op="fuse">
 <value>9</value></prop></item>
<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="ooInetNoProxy" oor:op="fuse">
 <value></value></prop></item>
</oor:items>
"""
DEAD_PROXY = "http://127.0.0.1:9"
# Calc's CSV export of every sheet (the last field, -1) to `name-Sheet.csv`: comma, double
# quote, UTF-8 (76), from row 1; numbers as stored, not as formatted.
CSV_ALL_SHEETS = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


@functools.cache
def isolation() -> tuple[str, ...]:
    """The command prefix that runs a program without a network, or () where not allowed."""
    exe = shutil.which("unshare")
    if exe is None:
        return ()
    try:
        ok = subprocess.run([exe, "-rn", "true"], capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return ()
    return (exe, "-rn") if ok else ()


def offline_profile(folder: Path) -> Path:
    user = folder / "lo-offline-profile" / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(OFFLINE_SETTINGS, encoding="utf-8")
    return user.parent


def convert(files: list[Path], outdir: Path, target: str, *, timeout: int = 900) -> None:
    """`soffice --convert-to target` in one run, offline; skipped where LibreOffice is missing
    (and failing on CI, which installs it)."""
    exe = require_tool("LibreOffice (soffice)", soffice())
    profile = offline_profile(outdir)
    env = {**os.environ, "http_proxy": DEAD_PROXY, "https_proxy": DEAD_PROXY, "HTTP_PROXY": DEAD_PROXY,
           "HTTPS_PROXY": DEAD_PROXY, "no_proxy": "", "NO_PROXY": ""}
    subprocess.run([*isolation(), exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                    "--nolockcheck", "--convert-to", target, "--outdir", str(outdir), *map(str, files)],
                   check=True, capture_output=True, timeout=timeout, env=env, stdin=subprocess.DEVNULL)
