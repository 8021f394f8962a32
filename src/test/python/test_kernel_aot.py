"""The kernel JVM's AOT cache (kernel/lib/kernel_aot.sh): used when it is there, ignored without a word
when it is corrupt or missing, keyed by the jars, and built in the background for the next start.

Run: JUPYTER_PATH=kernel/jupyter /usr/bin/python3 -m unittest test_kernel_aot -v  (in src/test/python,
after mvn package -DskipTests and bash kernel/install.sh kernel/jupyter, which builds the cache).
"""
import os
import pathlib
import subprocess
import tempfile
import time
import unittest

from kernelharness import REPO, Kernel

AOT_SH = REPO / "kernel" / "lib" / "kernel_aot.sh"
# A real training run on the shared 2-core machine under load: ~30 s, seen up to ~40.
BUILD_TIMEOUT = 300


def aot_sh(script, *args, env=None, timeout=60):
    """Runs `script` (bash) with kernel_aot.sh sourced and $1.. = args; returns its stdout."""
    return subprocess.run(["bash", "-c", 'source "%s"; %s' % (AOT_SH, script), "_", *map(str, args)],
                          env=dict(os.environ, **(env or {})), capture_output=True, text=True,
                          timeout=timeout, check=True).stdout.strip()


def jdk25():
    return aot_sh('source "$(dirname "$1")/jdk.sh"; find_jdk25', AOT_SH)


def kernel_process(kernel):
    """The kernel JVM's pid and command line, as the kernel itself reports its pid."""
    pid = int(kernel.execute("ProcessHandle.current().pid()").text)
    return pid, pathlib.Path("/proc/%d/cmdline" % pid).read_text().split("\0")


def mapped_files(pid):
    return {line.split()[-1] for line in pathlib.Path("/proc/%d/maps" % pid).read_text().splitlines()
            if len(line.split()) >= 6}


def assert_quiet(test, kernel):
    """Nothing about the cache reached the kernel's stdout or stderr (the notebook server's log); after close."""
    log = kernel.kernel_log().lower()
    for word in ("aot", "cds", "shared spaces", "archive"):
        test.assertNotIn(word, log, "the kernel's output mentions the cache:\n" + kernel.kernel_log())


class KernelAotCacheTest(unittest.TestCase):

    def test_the_kernel_maps_its_aot_cache_when_it_is_there(self):
        jdk = jdk25()
        cache = pathlib.Path(aot_sh('p4j_kernel_aot_file "$1" "$2"', jdk, REPO))
        if not cache.is_file():  # install.sh builds it; built here when it was skipped
            aot_sh('p4j_kernel_aot_build "$1" "$2"', jdk, REPO, timeout=BUILD_TIMEOUT)
        self.assertTrue(cache.is_file(), "no cache after a build; see %s" % cache.with_name("kernel-aot.log"))
        with Kernel(env={"POOLS4J_KERNEL_AOT": "use"}) as kernel:  # whatever the caller's environment says
            pid, cmdline = kernel_process(kernel)
            self.assertIn("-XX:AOTCache=%s" % cache, cmdline)
            self.assertIn(str(cache), mapped_files(pid), "the JVM did not map the cache: it was refused")
            self.assertEqual("2", kernel.execute("1+1").text)
        assert_quiet(self, kernel)

    def test_a_corrupt_cache_is_ignored_and_the_kernel_starts_without_a_word(self):
        with tempfile.TemporaryDirectory(prefix="pools4j-aot-") as tmp:
            env = {"POOLS4J_KERNEL_AOT_DIR": tmp, "POOLS4J_KERNEL_AOT": "use"}
            cache = pathlib.Path(aot_sh('p4j_kernel_aot_file "$1" "$2"', jdk25(), REPO, env=env))
            cache.write_bytes(os.urandom(64 * 1024))
            with Kernel(env=env) as kernel:
                pid, cmdline = kernel_process(kernel)
                self.assertIn("-XX:AOTCache=%s" % cache, cmdline)
                self.assertEqual("2", kernel.execute("1+1").text)
            assert_quiet(self, kernel)

    def test_a_missing_cache_is_skipped_and_the_kernel_starts_without_a_word(self):
        with tempfile.TemporaryDirectory(prefix="pools4j-aot-") as tmp:
            # "use": no background build, which a real JDK would run for half a minute after the test.
            env = {"POOLS4J_KERNEL_AOT_DIR": tmp, "POOLS4J_KERNEL_AOT": "use"}
            with Kernel(env=env) as kernel:
                pid, cmdline = kernel_process(kernel)
                self.assertFalse([a for a in cmdline if a.startswith("-XX:AOTCache")], cmdline)
                self.assertEqual("2", kernel.execute("1+1").text)
            assert_quiet(self, kernel)
            self.assertEqual([], os.listdir(tmp))


class KernelAotScriptTest(unittest.TestCase):
    """The launcher's side, on a stand-in JDK whose `java` writes the file a training run would."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="pools4j-aot-")
        root = pathlib.Path(self.tmp.name)
        self.jdk = root / "jdk"
        (self.jdk / "bin").mkdir(parents=True)
        java = self.jdk / "bin" / "java"
        java.write_text('#!/bin/bash\nfor a; do case $a in -XX:AOTCacheOutput=*) echo trained > "${a#*=}";; esac; done\n')
        java.chmod(0o755)
        (self.jdk / "release").write_text('JAVA_VERSION="25.0.3"\n')
        self.repo = root / "repo"
        (self.repo / "target" / "lib").mkdir(parents=True)
        (self.repo / "kernel").mkdir()
        (self.repo / "target" / "pools4j.jar").write_bytes(b"jar")
        self.env = {"POOLS4J_KERNEL_AOT_DIR": str(root / "cache"), "POOLS4J_KERNEL_AOT": "auto"}

    def tearDown(self):
        self.tmp.cleanup()

    def flags(self):
        return aot_sh('p4j_kernel_aot_flags "$1" "$2"; echo "${P4J_KERNEL_AOT_FLAGS[@]}"',
                      self.jdk, self.repo, env=self.env)

    def cache_file(self):
        return pathlib.Path(aot_sh('p4j_kernel_aot_file "$1" "$2"', self.jdk, self.repo, env=self.env))

    def test_a_missing_cache_is_built_in_the_background_and_used_by_the_next_start(self):
        self.assertEqual("", self.flags())
        cache = self.cache_file()
        deadline = time.monotonic() + 30
        while not cache.is_file() and time.monotonic() < deadline:
            time.sleep(0.05)  # a detached process writes the file: nothing to wait on but the file
        self.assertEqual("trained\n", cache.read_text())
        self.assertEqual("-XX:AOTCache=%s -Xlog:aot*=off -Xlog:cds*=off" % cache, self.flags())

    def test_a_rebuilt_jar_or_another_jdk_has_a_cache_of_its_own(self):
        first = self.cache_file()
        jar = self.repo / "target" / "pools4j.jar"
        os.utime(jar, (time.time() + 5, time.time() + 5))
        rebuilt = self.cache_file()
        (self.jdk / "release").write_text('JAVA_VERSION="25.0.4"\n')
        other_jdk = self.cache_file()
        self.assertEqual(3, len({first, rebuilt, other_jdk}), [first, rebuilt, other_jdk])

    def test_off_uses_no_cache_and_builds_none(self):
        self.env["POOLS4J_KERNEL_AOT"] = "off"
        self.assertEqual("", self.flags())
        # A build would have made the directory before the function returned.
        self.assertFalse(self.cache_file().parent.exists())


if __name__ == "__main__":
    unittest.main()
