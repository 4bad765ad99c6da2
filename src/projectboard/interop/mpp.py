"""Read MS Project ``.mpp`` files through MPXJ (Java, by way of JPype) as MSPDI XML bytes.

MPXJ reads the binary file and writes MSPDI in memory; ``projectboard.interop.mspdi`` parses
that. MPXJ does not reschedule on the way: the dates are the ones MS Project stored. Needs the
``[mpp]`` extra (``mpxj``, ``JPype1``) and a Java runtime, 11 or newer. The JVM is started
once per process, on first use, and reused (a JVM cannot be restarted in one process).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from projectboard.engine.errors import E_FILE, Location, PlanError

E_MPP_UNAVAILABLE = "E_MPP_UNAVAILABLE"
INSTALL_HINT = (
    "run pip install 'projectboard[mpp]' and install a Java runtime (11 or newer), "
    "e.g. apt-get install default-jre-headless"
)
# MPXJ's Java package: org.mpxj since MPXJ 14, net.sf.mpxj before.
_PACKAGES = ("org.mpxj", "net.sf.mpxj")
_JVM_OPTIONS = (
    "-Djava.awt.headless=true",
    # POI logs through the Log4j API; with no Log4j provider it prints a nag to stderr.
    "-Dlog4j2.loggerContextFactory=org.apache.logging.log4j.simple.SimpleLoggerContextFactory",
)
_start_lock = threading.Lock()


def _unavailable(why: str) -> PlanError:
    return PlanError(E_MPP_UNAVAILABLE, f"cannot read .mpp files: {why}; {INSTALL_HINT}")


def _jpype() -> Any:
    """The ``jpype`` module, with MPXJ's jars on its class path (``import mpxj`` adds them)."""
    try:
        import jpype  # type: ignore[import-untyped]
        import mpxj  # type: ignore[import-untyped]  # noqa: F401
    except ImportError as exc:
        raise _unavailable(f"a Python package is missing ({exc})") from None
    return jpype


def _jvm_path(jpype: Any) -> str:
    try:
        return str(jpype.getDefaultJVMPath())
    except (jpype.JVMNotFoundException, jpype.JVMNotSupportedException) as exc:
        raise _unavailable(f"no usable Java runtime found ({exc})") from None


def _mpxj_classes(jpype: Any) -> tuple[Any, Any]:
    """MPXJ's ``UniversalProjectReader`` and ``MSPDIWriter`` classes; the JVM must be running."""
    for package in _PACKAGES:
        try:
            reader = jpype.JClass(f"{package}.reader.UniversalProjectReader")
            writer = jpype.JClass(f"{package}.mspdi.MSPDIWriter")
        except TypeError:  # JPype's "class ... is not found"
            continue
        return reader, writer
    raise _unavailable("MPXJ is not on the class path of the JVM already running in this process")


def _started() -> tuple[Any, Any, Any]:
    """``jpype`` and MPXJ's reader and writer classes, starting the JVM if needed."""
    jpype = _jpype()
    with _start_lock:
        if not jpype.isJVMStarted():
            path = _jvm_path(jpype)
            try:
                jpype.startJVM(path, *_JVM_OPTIONS, convertStrings=False)
            except (OSError, RuntimeError) as exc:
                raise _unavailable(f"the Java runtime {path} did not start ({exc})") from None
    return (jpype, *_mpxj_classes(jpype))


def mpp_available() -> bool:
    """Whether ``mpp_to_mspdi`` can work here: the packages and a Java runtime are installed.

    Cheap: it does not start the JVM.
    """
    try:
        jpype = _jpype()
        if jpype.isJVMStarted():
            _mpxj_classes(jpype)
        else:
            _jvm_path(jpype)
    except PlanError:
        return False
    return True


def _reason(exc: Any) -> str:
    """A Java exception's message, followed by those of its causes that it does not repeat."""
    reason = ""
    throwable = exc
    for _ in range(4):
        if throwable is None:
            break
        message = throwable.getMessage()
        text = str(message) if message is not None else str(throwable.getClass().getName())
        if text not in reason:
            reason = f"{reason}: {text}" if reason else text
        throwable = throwable.getCause()
    return reason


def mpp_to_mspdi(path: str | Path) -> bytes:
    """The project in ``path`` (``.mpp``, or any format MPXJ reads) as MSPDI XML bytes.

    Raises ``PlanError``: ``E_MPP_UNAVAILABLE`` when MPXJ or Java is missing, ``E_FILE`` when
    the file cannot be opened or MPXJ cannot read it.
    """
    where = Location(str(path))
    try:
        with Path(path).open("rb"):
            pass
    except OSError as exc:
        raise PlanError(E_FILE, f"cannot read: {exc.strerror}", location=where) from None
    jpype, reader, writer = _started()
    try:
        project = reader().read(str(path))
        if project is None:
            raise PlanError(E_FILE, "MPXJ cannot read it: not a project file", location=where)
        out = jpype.JClass("java.io.ByteArrayOutputStream")()
        writer().write(project, out)
    except jpype.JException as exc:
        raise PlanError(E_FILE, f"MPXJ cannot read it: {_reason(exc)}", location=where) from None
    return bytes(out.toByteArray())
