package dev.switchboard.gateway.kafka;

/** A feature's table of update → room push rows. */
public interface UpdatePushes {
    void register(UpdateRoutes routes);
}
