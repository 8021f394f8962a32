package io.pools4j.worker;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.security.MessageDigest;
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

    private static final SecureRandom RANDOM = new SecureRandom();

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
        if (!MessageDigest.isEqual(mac, expected)) {
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
        byte[] childChallenge = randomBytes(CHALLENGE_BYTES);
        ByteBuffer answer = ByteBuffer.allocate(MAC_BYTES + Long.BYTES + CHALLENGE_BYTES);
        answer.put(hmac(key, "child", challenge.array(), longBytes(workerId)));
        answer.putLong(workerId).put(childChallenge);
        write(ch, answer.array());
        byte[] parentMac = read(ch, MAC_BYTES).array();
        if (!MessageDigest.isEqual(parentMac, hmac(key, "parent", childChallenge, new byte[0]))) {
            throw new SecurityException("the process at the socket failed the authentication "
                    + "challenge: it is not the parent that started this worker");
        }
    }

    /**
     * HMAC-SHA256 (RFC 2104) on MessageDigest: the JCE's Mac would load the SunJCE provider in
     * every worker, which measured ~30 ms of a ~100 ms start; the digest is already in the SUN
     * provider that the JVM loads anyway.
     */
    private static byte[] hmac(byte[] key, String role, byte[] challenge, byte[] extra) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
        byte[] block = new byte[64]; // SHA-256 block size; our keys (32 bytes) fit without hashing
        System.arraycopy(key, 0, block, 0, key.length);
        byte[] ipad = new byte[64];
        byte[] opad = new byte[64];
        for (int i = 0; i < 64; i++) {
            ipad[i] = (byte) (block[i] ^ 0x36);
            opad[i] = (byte) (block[i] ^ 0x5c);
        }
        sha.update(ipad);
        sha.update(role.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        sha.update(challenge);
        byte[] inner = sha.digest(extra);
        sha.update(opad);
        return sha.digest(inner);
    }

    private static byte[] longBytes(long v) {
        return ByteBuffer.allocate(Long.BYTES).putLong(v).array();
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
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
