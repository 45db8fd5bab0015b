# Sourced by .ci/run and ./lanes: points JAVA_HOME at a JDK 25, or fails with a clear message.
# Order: $JAVA_HOME if it is 25, the `java` on PATH if it is 25, then JDKs installed under /usr/lib/jvm.
lanes_java_major() { # prints the feature version of the java binary given, e.g. 25
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'
}
lanes_find_jdk25() {
  local candidate
  for candidate in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" /usr/lib/jvm/*25* /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    if [ "$(lanes_java_major "$candidate/bin/java")" = "25" ]; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  echo "lanes: no JDK 25 found. Install one (e.g. Temurin 25) and set JAVA_HOME to it." >&2
  return 1
}
