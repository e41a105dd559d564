# Sourced by Tandem's launch scripts after jdk.sh and maven.sh.
# tandem_build_jar NAME ROOT JAR MODULE: builds JAR (Maven module MODULE and what it needs, no tests) when it
# is missing or older than any source or pom under ROOT; prints why it builds, and fails naming NAME.
tandem_build_jar() {
  local name=$1 root=$2 jar=$3 module=$4
  if [ -f "$jar" ] && [ -z "$(find "$root" \( -name target -o -name .git -o -name .ci \) -prune -o -type f \
      \( -name '*.java' -o -name pom.xml -o -path '*/src/main/resources/*' \) -newer "$jar" -print -quit)" ]; then
    return 0
  fi
  echo "$name: building $jar with $TANDEM_JAVA_HOME (first run, or sources changed)..." >&2
  if ! (cd "$root" && tandem_mvn -B -q -Dmaven.test.skip=true package -pl "$module" -am) >&2; then
    echo "$name: the build failed (output above)" >&2
    return 1
  fi
}
