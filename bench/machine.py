"""What the figures were measured on: CPU, cores, memory, Python, OS, commit, date and load."""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


def load_average() -> list[float]:
    """The 1-, 5- and 15-minute load averages (the machine is shared: figures are noisy when high)."""
    return [round(x, 2) for x in os.getloadavg()]


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


# The CPU flags llama.cpp's kernels can use (x86); the others do not change a model figure.
SIMD_FLAGS = (
    "avx",
    "avx2",
    "fma",
    "f16c",
    "avx_vnni",
    "avx512f",
    "avx512bw",
    "avx512vbmi",
    "avx512_vnni",
    "avx512_bf16",
    "amx_tile",
    "amx_int8",
    "amx_bf16",
)


def simd_flags() -> list[str]:
    """The SIMD extensions the CPU reports (from /proc/cpuinfo), in `SIMD_FLAGS` order."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("flags"):
                found = set(line.split(":", 1)[1].split())
                return [f for f in SIMD_FLAGS if f in found]
    except OSError:
        pass
    return []


def llama_cpp_features() -> str:
    """What the installed llama.cpp build uses (its system info: `AVX2 = 1 | AVX512 = 1 …`)."""
    try:
        import llama_cpp
    except ImportError:
        return "llama-cpp-python not installed"
    info = llama_cpp.llama_print_system_info().decode(errors="replace")
    used = [k.strip() for k, _, v in (p.partition("=") for p in info.split("|")) if v.strip() == "1"]
    return " ".join(k.removeprefix("CPU : ") for k in used)


def cpu_label(machine: dict[str, Any]) -> str:
    """The CPU and its SIMD flags, written beside every model figure (they decide llama.cpp's speed)."""
    simd = ", ".join(machine.get("simd") or []) or "no SIMD flags found"
    cpu = f"{machine.get('cpu')}, {machine.get('cores')} cores"
    return f"{cpu} ({simd}; llama.cpp uses: {machine.get('llama_cpp')})"


def _mem_total_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    return float("nan")


def _git(*args: str) -> str:
    try:
        out = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return out.stdout.strip()


def _os_name() -> str:
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                return line.split("=", 1)[1].strip('"')
    except OSError:
        pass
    return platform.platform()


def describe() -> dict[str, Any]:
    """The machine description written at the top of the results."""
    dirty = bool(_git("status", "--porcelain", "--untracked-files=no"))
    return {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "commit": _git("rev-parse", "--short", "HEAD") + (" (+ uncommitted changes)" if dirty else ""),
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "simd": simd_flags(),
        "llama_cpp": llama_cpp_features(),
        "ram_gib": _mem_total_gib(),
        "python": platform.python_version(),
        "os": f"{_os_name()} ({platform.system()} {platform.release()})",
        "load_average": load_average(),
    }


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mib(pid: int) -> dict[str, float]:
    """Resident memory of a process in MiB (/proc): now, peak, and now split into private and file pages."""
    names = {
        "VmRSS": "rss_mib",
        "VmHWM": "peak_rss_mib",
        "RssAnon": "rss_anon_mib",
        "RssFile": "rss_file_mib",
    }
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in names:
            out[names[key]] = round(int(value.split()[0]) / 1024, 1)
    return out
