package io.pools4j.worker;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The mutual HMAC-SHA256 challenge that opens every worker connection, before a single byte is
 * deserialized: whoever can connect to the socket must also know the session key.
 *
 * <p><b>CPython:</b> {@code multiprocessing.connection.deliver_challenge} /
 * {@code answer_challenge} with {@code current_process().authkey}.
 *
 * <pre>
 *   parent                                  child
 *     |-- challenge A (32 random bytes) ------->|
 *     |<-- HMAC(key, "child" A id) (32) + id (8) + challenge B (32) --|
 *     |   (wrong MAC: parent logs and closes)   |
 *     |-- HMAC(key, "parent" B) (32) ---------->|
 *     |                                         |  (wrong MAC: child exits)
 * </pre>
 * The worker id is inside the MAC so that a connection cannot claim another worker's slot.
 */
final class Auth {

    static final int KEY_BYTES = 32;
    static final int CHALLENGE_BYTES = 32;
    static final int MAC_BYTES = 32;

    /** Lazily, in a holder: the child draws its nonce from /dev/urandom and never pays for SecureRandom. */
    private static final class Strong {
        static final SecureRandom RANDOM = new SecureRandom();
    }

    private Auth() {}

    static byte[] newKey() {
        return randomBytes(KEY_BYTES);
    }

    static String toHex(byte[] key) {
        return HexFormat.of().formatHex(key);
    }

    static byte[] fromHex(String hex) {
        return HexFormat.of().parseHex(hex.strip());
    }

    /**
     * Parent side. Returns the worker id the child proved it owns.
     *
     * @throws SecurityException when the child does not know the key
     */
    static long challengeChild(SocketChannel ch, byte[] key) throws IOException {
        byte[] challenge = randomBytes(CHALLENGE_BYTES);
        write(ch, challenge);
        ByteBuffer answer = read(ch, MAC_BYTES + Long.BYTES + CHALLENGE_BYTES);
        byte[] mac = new byte[MAC_BYTES];
        answer.get(mac);
        long workerId = answer.getLong();
        byte[] childChallenge = new byte[CHALLENGE_BYTES];
        answer.get(childChallenge);
        byte[] expected = hmac(key, "child", challenge, longBytes(workerId));
        if (!sameMac(mac, expected)) {
            throw new SecurityException("worker connection failed the authentication challenge "
                    + "(claimed worker id " + workerId + "); closed without reading anything else");
        }
        write(ch, hmac(key, "parent", childChallenge, new byte[0]));
        return workerId;
    }

    /**
     * Child side.
     *
     * @throws SecurityException when the parent does not know the key
     */
    static void answerParent(SocketChannel ch, byte[] key, long workerId) throws IOException {
        ByteBuffer challenge = read(ch, CHALLENGE_BYTES);
        byte[] childChallenge = nonce(CHALLENGE_BYTES);
        ByteBuffer answer = ByteBuffer.allocate(MAC_BYTES + Long.BYTES + CHALLENGE_BYTES);
        answer.put(hmac(key, "child", challenge.array(), longBytes(workerId)));
        answer.putLong(workerId).put(childChallenge);
        write(ch, answer.array());
        byte[] parentMac = read(ch, MAC_BYTES).array();
        if (!sameMac(parentMac, hmac(key, "parent", childChallenge, new byte[0]))) {
            throw new SecurityException("the process at the socket failed the authentication "
                    + "challenge: it is not the parent that started this worker");
        }
    }

    /**
     * HMAC-SHA256 (RFC 2104) on {@link Sha256}: the JCE's Mac would load the SunJCE provider in
     * every worker (~30 ms), and even MessageDigest initialises java.security (40–70 ms measured,
     * docs/worker-startup.md).
     */
    private static byte[] hmac(byte[] key, String role, byte[] challenge, byte[] extra) {
        byte[] ipad = new byte[64]; // SHA-256 block size; our keys (32 bytes) fit without hashing
        byte[] opad = new byte[64];
        for (int i = 0; i < 64; i++) {
            byte k = i < key.length ? key[i] : 0;
            ipad[i] = (byte) (k ^ 0x36);
            opad[i] = (byte) (k ^ 0x5c);
        }
        Sha256 inner = new Sha256();
        inner.update(ipad);
        inner.update(role.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        inner.update(challenge);
        inner.update(extra);
        Sha256 outer = new Sha256();
        outer.update(opad);
        outer.update(inner.digest());
        return outer.digest();
    }

    /**
     * Constant-time comparison, as MessageDigest.isEqual, without initialising MessageDigest (and
     * the security debug machinery its class brings) in the worker.
     */
    private static boolean sameMac(byte[] a, byte[] b) {
        if (a.length != b.length) {
            return false;
        }
        int diff = 0;
        for (int i = 0; i < a.length; i++) {
            diff |= a[i] ^ b[i];
        }
        return diff == 0;
    }

    private static byte[] longBytes(long v) {
        return ByteBuffer.allocate(Long.BYTES).putLong(v).array();
    }

    /** For the session key and the parent's challenges: the JDK's SecureRandom. */
    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        Strong.RANDOM.nextBytes(b);
        return b;
    }

    /**
     * For the child's challenge: /dev/urandom read directly, which is what SecureRandom's default
     * (NativePRNG) reads too, without the 40–90 ms of initialising java.security in a fresh JVM.
     * Where there is no /dev/urandom, SecureRandom.
     */
    private static byte[] nonce(int n) {
        try (java.io.FileInputStream in = new java.io.FileInputStream("/dev/urandom")) {
            byte[] b = in.readNBytes(n);
            if (b.length == n) {
                return b;
            }
        } catch (IOException e) {
            // not Linux/Unix: fall back below
        }
        return randomBytes(n);
    }

    private static void write(SocketChannel ch, byte[] bytes) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    private static ByteBuffer read(SocketChannel ch, int n) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(n);
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) {
                throw new EOFException("connection closed during the authentication challenge");
            }
        }
        return buf.flip();
    }
}
