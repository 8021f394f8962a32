package io.pools4j.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What keeps other local users and processes away from a worker (docs/security.md): the
 * challenge refuses a connection without the key and the worker goes on; the session directory
 * is the user's alone; the key is never on a command line or in an environment, checked as
 * {@code ps} and {@code /proc} show them for every child JVM, forkserver standbys included, and
 * neither is a Process's authkey.
 *
 * <p><b>Python:</b> {@code multiprocessing}'s authkey (sent to a spawned child through its pipe,
 * never its argv) and the 0700 {@code pymp-*} directory.
 */
@Tag("process")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SecurityTest {

    @AfterAll
    static void noChildLeft() {
        Children.assertNoneLeft();
    }

    @Test
    void aProcessWithoutTheKeyIsRefusedAndTheWorkerStaysUsable() throws Exception {
        try (WorkerGroup group = WorkerGroup.open(WorkerOptions.defaults())) {
            WorkerHandle worker = group.launch();
            for (String how : List.of("garbage", "wrong-key")) {
                Process intruder = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
                        System.getProperty("java.class.path"), Intruder.class.getName(), group.socketPath().toString(), how)
                        .redirectErrorStream(true).start();
                assertTrue(intruder.waitFor(30, TimeUnit.SECONDS), "the intruder (" + how + ") ended");
                assertEquals(0, intruder.exitValue(), "the parent closed the connection on an intruder sending " + how
                        + "; its output: " + new String(intruder.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            Outcome after = new Outcome();
            worker.submit(1, () -> "still mine", after);
            assertEquals("still mine", after.get());
            Outcome second = new Outcome();
            group.launch().submit(2, () -> "a new worker connects too", second);
            assertEquals("a new worker connects too", second.get());
        }
    }

    @Test
    void theSessionDirectoryIsTheUsersAloneAndHoldsTheSocket() throws Exception {
        try (WorkerGroup group = WorkerGroup.open(WorkerOptions.defaults())) {
            Path socket = group.socketPath();
            Path dir = socket.getParent();
            assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(dir),
                    "mode of " + dir);
            assertEquals(Files.getOwner(dir), Files.getOwner(socket));
            assertTrue(Files.exists(socket), "the socket is inside the private directory: " + socket);
            // As another user sees it: not even the socket's existence can be learnt, so nobody else can connect.
            Process other = new ProcessBuilder("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                    "stat", socket.toString()).redirectErrorStream(true).start();
            assertTrue(other.waitFor(30, TimeUnit.SECONDS), "setpriv ended");
            String said = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(1, other.exitValue(), "another user reached the socket: " + said);
            assertTrue(said.contains("Permission denied"), said);
        }
    }

    @Test
    void noKeyIsOnAnyChildsCommandLineOrInItsEnvironment() throws Exception {
        try (WorkerGroup group = WorkerGroup.open(WorkerOptions.defaults())) {
            group.launch();
            Forkserver.reserve(1);
            WorkerHandle taken = Forkserver.take().get(60, TimeUnit.SECONDS); // a JVM the forkserver hands out
            awaitStandby(); // and the idle one that replaces it
            List<byte[]> keys = WorkerGroup.openKeys();
            assertTrue(keys.size() >= 2, "the pool's key and the forkserver's: " + keys.size());
            List<ProcessHandle> children = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
            assertTrue(children.size() >= 3, "a worker, a taken standby and an idle one: " + children.size());
            int read = 0;
            for (ProcessHandle child : children) {
                for (String file : List.of("cmdline", "environ")) {
                    byte[] bytes;
                    try {
                        bytes = Files.readAllBytes(Path.of("/proc", Long.toString(child.pid()), file));
                    } catch (java.io.IOException gone) {
                        continue; // ended meanwhile
                    }
                    read++;
                    for (byte[] key : keys) {
                        String form = foundIn(bytes, key);
                        assertEquals(null, form, "the key (as " + form + ") is in /proc/" + child.pid() + "/" + file);
                    }
                }
            }
            assertTrue(read >= 6, "read the command line and environment of every child: " + read);
            taken.shutdown(Duration.ofSeconds(2));
        } finally {
            Forkserver.stop();
        }
    }

    @Test
    void aProcesssAuthkeyIsNotOnItsChildsCommandLineOrInItsEnvironment() throws Exception {
        byte[] key = Auth.newKey();
        io.pools4j.multiprocessing.Event release = new io.pools4j.multiprocessing.Event();
        io.pools4j.multiprocessing.Process p = new io.pools4j.multiprocessing.Process(
                (io.pools4j.multiprocessing.Event e) -> e.await(), release).setAuthkey(key);
        p.start();
        try {
            for (String file : List.of("cmdline", "environ")) {
                byte[] bytes = Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), file));
                String form = foundIn(bytes, key);
                assertEquals(null, form, "the authkey (as " + form + ") is in /proc/" + p.pid() + "/" + file);
            }
        } finally {
            release.set();
            p.join();
        }
        assertEquals(0, p.exitcode());
    }

    @Test
    void theKeySearchFindsAKeyInEveryFormItLooksFor() {
        byte[] key = Auth.newKey();
        for (String form : forms(key)) {
            byte[] cmdline = ("java\0-Dx=" + form + "\0Main\0").getBytes(StandardCharsets.US_ASCII);
            assertFalse(foundIn(cmdline, key) == null, "not found as " + form);
        }
        assertEquals(null, foundIn("java\0-cp\0a.jar\0Main\0".getBytes(StandardCharsets.US_ASCII), key));
    }

    /** The forms a key could take on a command line or in an environment: raw, hex, base64. */
    private static List<String> forms(byte[] key) {
        List<String> forms = new ArrayList<>();
        forms.add(HexFormat.of().formatHex(key));
        forms.add(HexFormat.of().withUpperCase().formatHex(key));
        forms.add(Base64.getEncoder().encodeToString(key));
        forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(key));
        return forms;
    }

    /** Which form of {@code key} {@code bytes} hold, or null. */
    private static String foundIn(byte[] bytes, byte[] key) {
        if (indexOf(bytes, key) >= 0) {
            return "raw bytes";
        }
        for (String form : forms(key)) {
            if (indexOf(bytes, form.getBytes(StandardCharsets.US_ASCII)) >= 0) {
                return form;
            }
        }
        return null;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void awaitStandby() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (Forkserver.standbyPids().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20); // polling: the forkserver has no event for "a standby is up"
        }
        assertFalse(Forkserver.standbyPids().isEmpty(), "an idle standby came up within 30 s");
    }
}
