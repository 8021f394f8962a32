#!/usr/bin/env bash
# The kernel JVM's JDK 25 AOT cache (JEP 483/514/515): the JDK compiler's, JShell's, the library's
# and the charts' classes loaded and linked ahead of time, with their profiles, so that a kernel
# reaches its first result sooner. docs/worker-startup.md ("The kernel JVM") has the figures.
#
# Sourced by kernel/pools4j-kernel (use it, or build it in the background) and kernel/install.sh
# (build it now); it defines the functions below and changes no shell options.
#
#   p4j_kernel_jvm_flags            the kernel JVM's flags (before the cache's), into P4J_KERNEL_FLAGS
#   p4j_kernel_aot_file JDK REPO    prints the cache file for this JDK, these jars and flags
#   p4j_kernel_aot_build JDK REPO [WAIT]  builds it now (a training run of io.pools4j.kernel.KernelTraining),
#                                   after waiting up to WAIT s (300) for a build already under way
#   p4j_kernel_aot_flags JDK REPO   the flags that use it, into P4J_KERNEL_AOT_FLAGS; starts its build
#                                   in the background if it is missing (POOLS4J_KERNEL_AOT=auto)
#
# One cache per (java, JDK release, jars' path/size/time, flags, start-up script): a rebuilt
# target/pools4j.jar or another JDK has a new key, so its cache is built afresh, and the JVM's own
# check of the jars (mtime, size) stays a second line. Stale caches are pruned (the newest 3 kept).
# POOLS4J_KERNEL_AOT and POOLS4J_KERNEL_AOT_DIR are documented in io.pools4j.kernel.KernelSettings.

# Caches kept besides the newest, as the worker's (~45 MB each): switching back to a jar is free.
P4J_KERNEL_AOT_KEEP=3

p4j_kernel_jvm_flags() {
    local kernel_dir=$1
    # shellcheck disable=SC2206  # the user's options are words, as the launcher always split them
    P4J_KERNEL_FLAGS=(-Djava.awt.headless=true
        --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED --enable-native-access=ALL-UNNAMED
        -Dpools4j.startup="$kernel_dir/startup.jsh"
        ${POOLS4J_KERNEL_JAVA_OPTS:-})
}

p4j_kernel_class_path() {
    echo "$1/target/pools4j.jar:$1/target/lib/*"
}

p4j_kernel_aot_dir() {
    echo "${POOLS4J_KERNEL_AOT_DIR:-$HOME/.cache/pools4j}"
}

p4j_kernel_aot_file() {
    local jdk=$1 repo=$2 key
    p4j_kernel_jvm_flags "$repo/kernel"
    # Identity of everything the JVM checks, or that changes what the cache holds. stat is cheap
    # (~5 ms for the ~55 jars); hashing the jars' bytes would cost the start-up we are saving.
    key=$( {
        readlink -f "$jdk/bin/java"
        cat "$jdk/release" 2>/dev/null
        printf '%s\n' "${P4J_KERNEL_FLAGS[@]}"
        stat -L -c '%n %s %Y' "$repo/target/pools4j.jar" "$repo"/target/lib/*.jar "$repo/kernel/startup.jsh"
    } 2>/dev/null | sha256sum)
    echo "$(p4j_kernel_aot_dir)/kernel-${key:0:16}.aot"
}

# Builds the cache (a training run with -XX:AOTCacheOutput, then the JVM's assembly step) into a
# temporary file that is moved in place at the end, so that a kernel never sees half a cache. One
# build per cache directory at a time (flock); returns 0 if the cache exists afterwards. The
# training's output goes to <cache dir>/kernel-aot.log, nowhere else.
p4j_kernel_aot_build() {
    local jdk=$1 repo=$2 wait=${3:-300} file dir tmp rc=0
    file=$(p4j_kernel_aot_file "$jdk" "$repo")
    p4j_kernel_jvm_flags "$repo/kernel"
    dir=$(dirname "$file")
    mkdir -p "$dir" || return 1
    [ -f "$file" ] && return 0
    tmp="$file.$$.tmp"
    (
        # Another build of the same directory holds the lock: wait for it (it may be ours), or,
        # for a build in the background (wait 0), leave it to that one.
        if [ "$wait" = 0 ]; then flock -n 9 || exit 1; else flock -w "$wait" 9 || exit 1; fi
        [ -f "$file" ] && exit 0
        "$jdk/bin/java" "${P4J_KERNEL_FLAGS[@]}" -XX:AOTCacheOutput="$tmp" \
            -cp "$(p4j_kernel_class_path "$repo")" io.pools4j.kernel.KernelTraining "$repo/kernel/startup.jsh" \
            >"$dir/kernel-aot.log" 2>&1 </dev/null && [ -f "$tmp" ] && mv -f "$tmp" "$file"
    ) 9>"$dir/kernel-aot.lock" || rc=1
    rm -f "$tmp" "$tmp.config"
    p4j_kernel_aot_prune "$dir"
    [ -f "$file" ] && return 0
    return "$rc"
}

# Keeps the newest P4J_KERNEL_AOT_KEEP caches and drops temporary files of builds that were killed.
p4j_kernel_aot_prune() {
    local dir=$1
    # shellcheck disable=SC2012  # names are ours: kernel-<hex>.aot
    ls -t "$dir"/kernel-*.aot 2>/dev/null | tail -n +$((P4J_KERNEL_AOT_KEEP + 1)) | xargs -r rm -f
    find "$dir" -maxdepth 1 -name 'kernel-*.tmp*' -mmin +10 -delete 2>/dev/null || true
}

# Sets P4J_KERNEL_AOT_FLAGS to the JVM flags that use the cache if it is there. Missing, and POOLS4J_KERNEL_AOT=auto (the
# default): starts its build in the background (detached, niced, silent) for the next kernel and
# sets none. The JVM's own AOT messages are turned off: a cache that is corrupt or made for
# other jars is ignored (-XX:AOTMode=auto, the default with -XX:AOTCache) without a word on stderr.
p4j_kernel_aot_flags() {
    local jdk=$1 repo=$2 mode=${POOLS4J_KERNEL_AOT:-auto} file
    P4J_KERNEL_AOT_FLAGS=()
    case $mode in
        off) return 0 ;;
        auto|use) ;;
        *) echo "pools4j kernel: POOLS4J_KERNEL_AOT must be auto, use or off, got '$mode'; using auto" >&2
           mode=auto ;;
    esac
    file=$(p4j_kernel_aot_file "$jdk" "$repo")
    if [ -f "$file" ]; then
        P4J_KERNEL_AOT_FLAGS=(-XX:AOTCache="$file" -Xlog:aot*=off -Xlog:cds*=off)
    elif [ "$mode" = auto ] && mkdir -p "$(dirname "$file")" 2>/dev/null; then
        # setsid: not in the kernel's process group, so that Jupyter's kill of the kernel does not
        # end a build that is nearly done; the next start would begin it again.
        setsid nice -n 10 bash -c 'source "$1"; p4j_kernel_aot_build "$2" "$3" 0' _ \
            "${BASH_SOURCE[0]}" "$jdk" "$repo" </dev/null >/dev/null 2>&1 &
    fi
}
