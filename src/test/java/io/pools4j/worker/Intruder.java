package io.pools4j.worker;

import java.io.EOFException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * A process that connects to a worker group's socket without its key, for SecurityTest:
 * {@code Intruder <socket> garbage|wrong-key}. Exits 0 when the parent closed the connection on
 * it, 3 when the parent went on talking or accepted it, 4 on anything else, 5 after 20 s.
 *
 * <p><b>Python:</b> what {@code multiprocessing.connection.Listener(authkey=...)} refuses with
 * {@code AuthenticationError('digest received was wrong')}.
 */
final class Intruder {

    private Intruder() {}

    public static void main(String[] args) throws Exception {
        Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(20_000); // a bound of its own: SecurityTest waits for our exit
            } catch (InterruptedException e) {
                return;
            }
            Runtime.getRuntime().halt(5);
        });
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(Path.of(args[0])));
            switch (args[1]) {
                case "garbage" -> {
                    ByteBuffer challenge = ByteBuffer.allocate(Auth.CHALLENGE_BYTES);
                    while (challenge.hasRemaining() && ch.read(challenge) >= 0) {
                        // read the parent's challenge whole
                    }
                    ch.write(ByteBuffer.wrap(new byte[Auth.MAC_BYTES + Long.BYTES + Auth.CHALLENGE_BYTES]));
                    System.exit(ch.read(ByteBuffer.allocate(1)) < 0 ? 0 : 3);
                }
                case "wrong-key" -> {
                    try {
                        Auth.answerParent(ch, Auth.newKey(), 1);
                        System.exit(3);
                    } catch (EOFException e) {
                        System.exit(0);
                    }
                }
                default -> System.exit(4);
            }
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(4);
        }
    }
}
