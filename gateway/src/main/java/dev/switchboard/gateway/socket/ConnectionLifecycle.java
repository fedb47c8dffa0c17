package dev.switchboard.gateway.socket;

/** Told when an authenticated connection opens and when it closes (exactly once each per connection). */
public interface ConnectionLifecycle {
    void opened(SocketSession session);

    void closed(SocketSession session);
}
