package dev.switchboard.gateway.socket;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOServer;
import dev.switchboard.gateway.FreePort;
import io.netty.util.HashedWheelTimer;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GuardedChannelInitializerTest {

    @Test
    void thePipelineTheLibraryBuiltIsReleasedWhenOursReplacesItSoNettyFindsNoLeak() throws Exception {
        Logger detector = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
        ListAppender<ILoggingEvent> reports = new ListAppender<>();
        reports.start();
        detector.addAppender(reports);
        try {
            startAndStopAServerWithOurPipeline();
            // the detector reports what the collector found unreleased when the next timer is made
            for (int round = 0; round < 10; round++) {
                System.gc();
                Thread.sleep(100);
                new HashedWheelTimer().stop();
            }
            List<String> leaks = reports.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(message -> message.contains("LEAK")).toList();
            assertEquals(List.of(), leaks);
        } finally {
            detector.detachAppender(reports);
        }
    }

    private static void startAndStopAServerWithOurPipeline() {
        Configuration configuration = new Configuration();
        configuration.setHostname("127.0.0.1");
        configuration.setPort(FreePort.find());
        SocketIOServer server = new SocketIOServer(configuration);
        GuardedChannelInitializer.install(server, new GuardedChannelInitializer(null, null, null, 1_000, 1_000, session -> false));
        server.start();
        server.stop();
    }
}
