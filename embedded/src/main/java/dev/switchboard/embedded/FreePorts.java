package dev.switchboard.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for tests and for callers that let the system choose, handed out before whatever will listen on
 * them binds. A port the kernel picks for a bind to port 0 comes from its ephemeral range, which it also uses for the
 * local end of outgoing connections: a stack that connects to its own broker and store while it starts could take
 * such a port before its socket server binds it ("Address already in use", seen once in the CI). So the ports are
 * taken below that range, where the kernel never puts an outgoing connection, and none is handed out twice by this
 * process. Where the range cannot be read (not Linux), the kernel picks.
 */
public final class FreePorts {
    /** Below this, ports are more often claimed by well-known services. */
    static final int LOWEST = 10_000;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int ATTEMPTS = 200;
    private static final Set<Integer> HANDED_OUT = new HashSet<>();
    /** Where the ports below the ephemeral range end, read once; 0 when there are too few to pick from. */
    static final int BELOW_EPHEMERAL = belowEphemeral();

    private FreePorts() {
    }

    public static int find() {
        if (BELOW_EPHEMERAL > 0) {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                int port = ThreadLocalRandom.current().nextInt(LOWEST, BELOW_EPHEMERAL);
                if (claim(port) && canBind(port)) {
                    return port;
                }
            }
        }
        return pickedByTheKernel();
    }

    private static int belowEphemeral() {
        int start = ephemeralRangeStart();
        return start - LOWEST >= 1_000 ? start : 0;
    }

    /** The first port of the kernel's ephemeral range, or {@link #LOWEST} when it cannot be read. */
    static int ephemeralRangeStart() {
        // a line at a time: Files.readString trusts the size /proc reports, and reads a single byte here
        try (BufferedReader reader = Files.newBufferedReader(EPHEMERAL_RANGE)) {
            String[] range = reader.readLine().trim().split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException unreadable) {
            return LOWEST;
        }
    }

    private static synchronized boolean claim(int port) {
        return HANDED_OUT.add(port);
    }

    private static boolean canBind(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }

    private static int pickedByTheKernel() {
        for (int attempt = 0; ; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
                int port = socket.getLocalPort();
                if (claim(port) || attempt >= ATTEMPTS) { // the kernel may pick a port it picked before
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
