"""What the comparison scripts share about running JMH: the repository root, the java binary, and reading why a
run failed from its log."""
import os
import re
import shutil
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def java_binary():
    home = os.environ.get("JAVA_HOME")
    if home and os.path.exists(os.path.join(home, "bin", "java")):
        return os.path.join(home, "bin", "java")
    return shutil.which("java") or sys.exit("no java: set JAVA_HOME to a JDK 25")


def first_error(log_text):
    """The benchmark that failed and its exception line, from a JMH log (JMH exits non-zero on it with -foe); else
    the log's last line that is not a JVM warning (JMH's or java's own error)."""
    benchmark = None
    lines = log_text.splitlines()
    for line in lines:
        if line.startswith("# Benchmark: "):
            benchmark = line[len("# Benchmark: "):].strip()
        elif re.match(r"\s*[\w.$]+(Exception|Error)(: |$)", line):
            return f"{benchmark or 'a benchmark'} failed with {line.strip()}"
    other = [line.strip() for line in lines if line.strip() and not line.startswith("WARNING")]
    return other[-1] if other else "the log is empty"
