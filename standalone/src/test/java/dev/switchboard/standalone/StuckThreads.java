package dev.switchboard.standalone;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the stacks running in this test JVM are doing when a test waited too long for them: each busy event-loop thread
 * (netty's, the Socket.IO server's, socket.io-client's) and each thread blocked on a lock, with the frames that say
 * where. Printed under {@code DIAGNOSIS}, which CI repeats under a failed test ({@code .ci/failures}).
 */
final class StuckThreads {
    private static final int FRAMES = 8;

    private StuckThreads() {
    }

    /** Prints them all and returns a line naming each with its top frame. */
    static String print(String why) {
        List<ThreadInfo> stuck = Arrays.stream(ManagementFactory.getThreadMXBean().dumpAllThreads(true, true))
                .filter(StuckThreads::isStuck)
                .toList();
        List<String> lines = new ArrayList<>();
        lines.add(why + ": " + stuck.size() + " busy or blocked threads");
        for (ThreadInfo thread : stuck) {
            lines.add("\"" + thread.getThreadName() + "\" " + thread.getThreadState()
                    + (thread.getLockName() == null ? "" : " on " + thread.getLockName() + " held by " + thread.getLockOwnerName()));
            Arrays.stream(thread.getStackTrace()).limit(FRAMES).forEach(frame -> lines.add("    at " + frame));
        }
        lines.forEach(line -> System.out.println("DIAGNOSIS " + line));
        return stuck.stream()
                .map(thread -> thread.getThreadName() + " " + thread.getThreadState()
                        + (thread.getStackTrace().length > 0 ? " at " + thread.getStackTrace()[0] : ""))
                .collect(Collectors.joining("; ", "busy or blocked: [", "]"));
    }

    private static boolean isStuck(ThreadInfo thread) {
        // netty's and the Socket.IO server's event loops, and socket.io-client's one thread for every client's callbacks
        boolean eventLoop = thread.getThreadName().contains("EventLoop") || thread.getThreadName().equals("EventThread");
        return thread.getThreadState() == Thread.State.BLOCKED || eventLoop && !isIdle(thread);
    }

    /** Waiting for work: in its selector, or for its pool's next task. */
    private static boolean isIdle(ThreadInfo thread) {
        for (StackTraceElement frame : thread.getStackTrace()) {
            String method = frame.getClassName() + "." + frame.getMethodName();
            if (method.endsWith("ThreadPoolExecutor.getTask") || method.contains("epollWait") || method.contains("SelectorImpl.select")) {
                return true;
            }
        }
        return false;
    }
}
