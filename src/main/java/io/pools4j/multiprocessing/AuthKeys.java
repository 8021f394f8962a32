package io.pools4j.multiprocessing;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * This JVM's authentication key: 32 random bytes in the main process, the parent's in a
 * {@link Process}'s child (it arrives with the process over the authenticated socket, never on a
 * command line or in an environment), or whatever {@link CurrentProcess#setAuthkey} set.
 *
 * <p><b>CPython:</b> {@code multiprocessing.process._current_process._config['authkey']},
 * {@code os.urandom(32)} in the main process, sent to a spawned child in its preparation data.
 *
 * <p>Thread-safe: {@link #key} is guarded by the class.
 */
final class AuthKeys {

    /** Python's {@code os.urandom(32)}: a key as long as an HMAC-SHA256 key needs. */
    private static final int LENGTH = 32;

    /** Null until first asked for or inherited. */
    private static byte[] key;

    private AuthKeys() {}

    /** A copy of this JVM's key, made on first use in the main process. */
    static synchronized byte[] current() {
        if (key == null) {
            key = new byte[LENGTH];
            new SecureRandom().nextBytes(key);
        }
        return key.clone();
    }

    /** Replaces this JVM's key (a copy of {@code newKey}); processes created afterwards inherit it. */
    static synchronized void set(byte[] newKey) {
        key = Objects.requireNonNull(newKey, "authkey").clone();
    }
}
