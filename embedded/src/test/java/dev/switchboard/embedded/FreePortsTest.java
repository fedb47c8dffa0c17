package dev.switchboard.embedded;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FreePortsTest {

    @Test
    void theEphemeralRangeIsReadOnLinux() {
        if (Files.isReadable(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            assertTrue(FreePorts.ephemeralRangeStart() > FreePorts.LOWEST, "read " + FreePorts.ephemeralRangeStart());
        }
    }

    @Test
    void portsComeFromBelowTheEphemeralRangeSoNoOutgoingConnectionCanTakeThemFirst() {
        int ephemeralStart = FreePorts.ephemeralRangeStart();
        for (int i = 0; i < 50; i++) {
            int port = FreePorts.find();
            if (FreePorts.BELOW_EPHEMERAL > 0) {
                assertTrue(port >= FreePorts.LOWEST && port < ephemeralStart, port + " is not below the ephemeral range at " + ephemeralStart);
            }
        }
    }

    @Test
    void noPortIsHandedOutTwiceBeforeAnythingBindsIt() {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            int port = FreePorts.find();
            assertTrue(ports.add(port), port + " was handed out twice");
        }
    }

    @Test
    void aHandedOutPortCanBeBound() throws IOException {
        int port = FreePorts.find();
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertEquals(port, socket.getLocalPort());
        }
    }
}
