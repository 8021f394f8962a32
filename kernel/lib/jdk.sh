# Sourced by pools4j scripts: find_jdk25 prints the home of a JDK 25 or newer.
# Order: $JAVA_HOME if it is 25+, then /usr/lib/jvm/*25* (Temurin, Debian). The default `java`
# on these machines is 17, so nothing may rely on PATH.

# jdk_feature_version <java-home>: prints the feature version (17, 25, ...) or nothing.
jdk_feature_version() {
    local release="$1/release"
    [ -x "$1/bin/java" ] || return 1
    if [ -f "$release" ]; then
        sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release"
    else
        "$1/bin/java" -XshowSettings:properties -version 2>&1 \
            | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
    fi
}

# find_jdk25: prints a JDK 25+ home on stdout and returns 0, or prints what to install on
# stderr and returns 1.
find_jdk25() {
    local candidate version
    for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*25*; do
        [ -n "$candidate" ] && [ -d "$candidate" ] || continue
        version="$(jdk_feature_version "$candidate")"
        if [ -n "$version" ] && [ "$version" -ge 25 ] && [ -x "$candidate/bin/jshell" ]; then
            echo "$candidate"
            return 0
        fi
    done
    cat >&2 <<'MSG'
pools4j needs a JDK 25 or newer (with jshell), and found none:
  JAVA_HOME is not a JDK 25+ and /usr/lib/jvm has no *25* directory.
Install one, e.g. on Debian/Ubuntu with the Adoptium repository:
  apt-get install temurin-25-jdk
or download it from https://adoptium.net and set JAVA_HOME to its directory.
MSG
    return 1
}
