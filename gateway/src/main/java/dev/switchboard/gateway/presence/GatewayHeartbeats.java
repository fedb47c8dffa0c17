package dev.switchboard.gateway.presence;

import dev.switchboard.events.Actor;
import dev.switchboard.events.Envelope;
import dev.switchboard.events.gateway.GatewaySignal.GatewayHeartbeat;
import dev.switchboard.gateway.DaemonThreads;
import dev.switchboard.gateway.GatewaySettings;
import dev.switchboard.gateway.kafka.ActionRecorder;
import dev.switchboard.gateway.socket.SocketServer;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Tells the projector this gateway run is alive; when these stop, its connections are closed in the log. */
@Component
public class GatewayHeartbeats implements SmartLifecycle {
    private final GatewaySettings settings;
    private final ActionRecorder recorder;
    private final SocketServer socketServer;
    private final Instant startedAt = Instant.now();
    private ScheduledExecutorService timer;

    public GatewayHeartbeats(GatewaySettings settings, ActionRecorder recorder, SocketServer socketServer) {
        this.settings = settings;
        this.recorder = recorder;
        this.socketServer = socketServer;
    }

    @Override
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("gateway-heartbeat"));
        long period = settings.heartbeatInterval().toMillis();
        timer.scheduleAtFixedRate(this::beat, 0, period, TimeUnit.MILLISECONDS);
    }

    private void beat() {
        recorder.recordBookkeeping(Envelope.newAction(
                new GatewayHeartbeat(settings.gatewayId(), settings.gatewayRunId(), startedAt, socketServer.openConnections()),
                Actor.system(settings.gatewayId()), settings.gatewayId(), Instant.now()));
    }

    @Override
    public void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null && !timer.isShutdown();
    }
}
