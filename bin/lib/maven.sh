# Sourced by Tandem's scripts after jdk.sh: runs Maven on the chosen JDK.
# Maven 3.8's bundled Guava touches sun.misc.Unsafe, which JDK 24+ warns about on every run.
tandem_mvn() {
  local opts="${MAVEN_OPTS:-}"
  if [ "$(tandem_jdk_major "$TANDEM_JAVA_HOME")" -ge 24 ]; then
    opts="$opts --sun-misc-unsafe-memory-access=allow"
  fi
  JAVA_HOME="$TANDEM_JAVA_HOME" MAVEN_OPTS="$opts" mvn -Dstyle.color=never "$@"
}
