package dev.switchboard.gateway.socket;

import java.util.List;

/** A feature's socket event rows. */
public interface SocketEvents {
    List<SocketEvent<?>> events();
}
