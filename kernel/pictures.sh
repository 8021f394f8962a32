#!/usr/bin/env bash
# Makes the README's picture from a real run (docs/timeline.png):
#
#   bash kernel/pictures.sh
#
# Builds the library and its tests, then runs io.pools4j.notebook.ReadmePictures (src/test/java),
# which runs notebook 03's lesson on a process pool and draws it with the notebook kit.
set -euo pipefail
# shellcheck source=kernel/lib/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/setup.sh"

p4j_use_jdk25
p4j_build_library
p4j_mvn -q test-compile
"$JAVA_HOME/bin/java" -Djava.awt.headless=true \
  --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED --enable-native-access=ALL-UNNAMED \
  -cp "$P4J_REPO/target/classes:$P4J_REPO/target/test-classes:$P4J_REPO/target/lib/*" \
  io.pools4j.notebook.ReadmePictures "$P4J_REPO/docs"
