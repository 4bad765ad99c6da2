"""MS Project .mpp files through MPXJ: each .mpp of ``shared/corpus-mspdi`` converts to MSPDI
with the same tasks, names, dates, durations and constraints as the MSPDI that MPXJ 16.10.0
wrote for it (``mpxj-converted/``), and every failure is a ``PlanError`` with a stable code.

These tests need the ``[mpp]`` extra and a Java runtime (``make test`` installs both).
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jpype  # type: ignore[import-untyped]
import pytest

from projectboard.engine.errors import PlanError
from projectboard.interop import mpp
from projectboard.interop.mpp import mpp_available, mpp_to_mspdi

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus-mspdi"
MPP = [
    "DurationTest8.mpp",
    "DurationTest9.mpp",
    "generated/task-baselines/sf259.mpp",
    "legacy/bug1.mpp",
    "legacy/bug2.mpp",
    "mpp14baseline.mpp",
    "mpp14recurring.mpp",
    "mpp14task.mpp",
    "slack9.mpp",
    "taskFlags-mpp14Project2013.mpp",
    "timephased-cost-rollup.mpp",
]
NS = "{http://schemas.microsoft.com/project}"
FIELDS = ("Name", "Start", "Finish", "Duration", "ConstraintType")


def tasks(xml: bytes) -> dict[str, dict[str, str | None]]:
    """Each task's compared fields, by UID."""
    root = ET.fromstring(xml)
    assert root.tag == f"{NS}Project"
    return {
        task.findtext(f"{NS}UID", ""): {name: task.findtext(f"{NS}{name}") for name in FIELDS}
        for task in root.iterfind(f"{NS}Tasks/{NS}Task")
    }


def test_the_corpus_lists_every_mpp_file() -> None:
    on_disk = sorted(p.relative_to(CORPUS / "mpp").as_posix() for p in CORPUS.glob("mpp/**/*.mpp"))
    assert on_disk == MPP


@pytest.mark.parametrize("name", MPP)
def test_mpp_converts_to_the_mspdi_mpxj_wrote(name: str) -> None:
    produced = tasks(mpp_to_mspdi(CORPUS / "mpp" / name))
    expected = tasks((CORPUS / "mpxj-converted" / f"{name}.xml").read_bytes())
    assert len(expected) >= 2  # the project summary (UID 0) and at least one task
    assert produced == expected


def test_mpp_available() -> None:
    assert mpp_available()


def test_a_text_file_is_not_a_project(tmp_path: Path) -> None:
    path = tmp_path / "notes.mpp"
    path.write_text("not a project\n")
    with pytest.raises(PlanError) as caught:
        mpp_to_mspdi(path)
    assert caught.value.code == "E_FILE"
    assert str(caught.value) == f"{path}: MPXJ cannot read it: not a project file [E_FILE]"


def test_a_damaged_mpp_gives_mpxjs_reason(tmp_path: Path) -> None:
    data = bytearray((CORPUS / "mpp" / "legacy" / "bug2.mpp").read_bytes())
    data[49664:53760] = bytes((b * 7 + 13) % 256 for b in data[49664:53760])
    path = tmp_path / "damaged.mpp"
    path.write_bytes(bytes(data))
    with pytest.raises(PlanError) as caught:
        mpp_to_mspdi(path)
    assert caught.value.code == "E_FILE"
    assert str(caught.value).startswith(f"{path}: MPXJ cannot read it: Error reading file: ")


@pytest.mark.parametrize("make", ["missing", "directory"])
def test_a_file_that_cannot_be_opened(tmp_path: Path, make: str) -> None:
    path = tmp_path / "plan.mpp"
    if make == "directory":
        path.mkdir()  # MPXJ would scan a directory for project files: never hand it one
    with pytest.raises(PlanError) as caught:
        mpp_to_mspdi(str(path))
    assert caught.value.code == "E_FILE"
    assert str(caught.value).startswith(f"{path}: cannot read: ")


def assert_unavailable(error: PlanError, why: str) -> None:
    assert error.code == "E_MPP_UNAVAILABLE"
    assert error.message.startswith(f"cannot read .mpp files: {why}")
    assert error.message.endswith(
        "; run pip install 'projectboard[mpp]' and install a Java runtime (11 or newer), "
        "e.g. apt-get install default-jre-headless"
    )


@pytest.mark.parametrize("package", ["jpype", "mpxj"])
def test_missing_python_packages(monkeypatch: pytest.MonkeyPatch, package: str) -> None:
    monkeypatch.setitem(sys.modules, package, None)  # makes `import <package>` fail
    assert not mpp_available()
    with pytest.raises(PlanError) as caught:
        mpp_to_mspdi(CORPUS / "mpp" / "slack9.mpp")
    assert_unavailable(caught.value, f"a Python package is missing (import of {package} halted")


def test_no_java_runtime(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_jvm() -> str:
        raise jpype.JVMNotFoundException("No JVM shared library file (libjvm.so) found.")

    monkeypatch.setattr(jpype, "isJVMStarted", lambda: False)
    monkeypatch.setattr(jpype, "getDefaultJVMPath", no_jvm)
    assert not mpp_available()
    with pytest.raises(PlanError) as caught:
        mpp_to_mspdi(CORPUS / "mpp" / "slack9.mpp")
    assert_unavailable(caught.value, "no usable Java runtime found (No JVM shared library file")


def test_a_running_jvm_without_mpxj(monkeypatch: pytest.MonkeyPatch) -> None:
    mpp_to_mspdi(CORPUS / "mpp" / "slack9.mpp")  # the JVM is running from here on
    monkeypatch.setattr(mpp, "_PACKAGES", ("com.example.nompxj",))
    assert not mpp_available()
    with pytest.raises(PlanError) as caught:
        mpp_to_mspdi(CORPUS / "mpp" / "slack9.mpp")
    assert_unavailable(caught.value, "MPXJ is not on the class path")
