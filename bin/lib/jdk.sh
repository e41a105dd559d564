# Sourced by Tandem's scripts. Sets TANDEM_JAVA_HOME to a JDK whose major version is >= 21:
# $JAVA_HOME when it qualifies, else the newest qualifying JDK under /usr/lib/jvm.
# Fails with a message naming every place it looked.

tandem_jdk_major() { # $1 = a JDK home; prints its major version, or nothing
  local release="$1/release" v
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  if [ -r "$release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")
  else
    v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')
  fi
  echo "$v"
}

tandem_find_jdk() {
  local min=21 looked="" best="" best_major=0 home major
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(tandem_jdk_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge "$min" ]; then TANDEM_JAVA_HOME="$JAVA_HOME"; return 0; fi
    looked="JAVA_HOME=$JAVA_HOME (version ${major:-unknown}); "
  fi
  for home in /usr/lib/jvm/*; do
    [ -d "$home" ] && [ ! -L "$home" ] || continue
    major=$(tandem_jdk_major "$home")
    [ -n "$major" ] || continue
    if [ "$major" -ge "$min" ] && [ "$major" -gt "$best_major" ]; then best="$home"; best_major=$major; fi
  done
  if [ -n "$best" ]; then TANDEM_JAVA_HOME="$best"; return 0; fi
  echo "tandem: no JDK $min or newer found. Looked at: ${looked}every JDK under /usr/lib/jvm ($(ls /usr/lib/jvm 2>/dev/null | tr '\n' ' ')). Install one (e.g. apt-get install openjdk-21-jdk-headless) or set JAVA_HOME to it." >&2
  return 1
}
