#!/usr/bin/env bash
# find_jdk25: prints the home of a JDK 25 or newer, for scripts to use as JAVA_HOME.
# The default `java` on these machines is 17, so every script picks its JDK itself.
# Source this file; it defines functions only and changes no shell options.

# Prints the feature version (17, 21, 25, ...) of the JDK at $1, or nothing.
jdk_feature_version() {
  local home=$1 line
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
  # `java -version` prints e.g.: openjdk version "25.0.1" 2025-10-21 (or "1.8.0_x" for 8).
  line=$("$home/bin/java" -version 2>&1 | head -n 1) || return 0
  line=${line#*\"}
  line=${line%%[.\"-]*}
  [[ $line =~ ^[0-9]+$ ]] && echo "$line"
}

# Prints a JDK 25+ home: $JAVA_HOME if it is one, else the newest /usr/lib/jvm/*25* found.
# Returns 1, with what to install on stderr, when there is none.
find_jdk25() {
  local candidate version
  if [ -n "${JAVA_HOME:-}" ]; then
    version=$(jdk_feature_version "$JAVA_HOME")
    if [ -n "$version" ] && [ "$version" -ge 25 ]; then
      echo "$JAVA_HOME"
      return 0
    fi
  fi
  # Reverse sort so that, of several, the newest build is taken.
  for candidate in $(ls -d /usr/lib/jvm/*25* 2>/dev/null | sort -r); do
    version=$(jdk_feature_version "$candidate")
    if [ -n "$version" ] && [ "$version" -ge 25 ]; then
      echo "$candidate"
      return 0
    fi
  done
  {
    echo "pools4j needs a JDK 25 (full JDK, with javac), and found none:"
    echo "  JAVA_HOME=${JAVA_HOME:-<unset>} is not a JDK 25+, and /usr/lib/jvm has no *25* JDK."
    echo "Install one, e.g. Eclipse Temurin 25 (https://adoptium.net), then either put it under"
    echo "/usr/lib/jvm or run with JAVA_HOME=/path/to/jdk-25."
  } >&2
  return 1
}
