package dev.switchboard.gateway;

import java.util.concurrent.ThreadFactory;

/** The threads of the gateway's own executors: named, for thread dumps and logs, and daemons, so none holds up a JVM's exit. */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /** Every thread it makes is called {@code name}. */
    public static ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
