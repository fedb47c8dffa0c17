package dev.switchboard.projector.logtools;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Progress of a long run on stderr: events done / total, events/s and the time left. On a terminal one line is
 * redrawn a few times a second; otherwise (a log file, CI) a plain line is printed every few seconds.
 */
public final class Progress implements AutoCloseable {
    private static final Duration TTY_EVERY = Duration.ofMillis(250);
    private static final Duration PLAIN_EVERY = Duration.ofSeconds(5);

    private final String what;
    private final long total;
    private final PrintWriter out;
    private final boolean tty;
    private final long startedNanos = System.nanoTime();
    private final AtomicLong done = new AtomicLong();
    private final ScheduledExecutorService ticker;

    public Progress(String what, long total, PrintWriter out, boolean tty) {
        this.what = what;
        this.total = total;
        this.out = out;
        this.tty = tty;
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, what + "-progress");
            thread.setDaemon(true);
            return thread;
        });
        long every = (tty ? TTY_EVERY : PLAIN_EVERY).toMillis();
        ticker.scheduleAtFixedRate(this::show, every, every, TimeUnit.MILLISECONDS);
    }

    /** On {@code err} (the process's stderr), redrawn in place when stderr is a terminal. */
    public static Progress on(PrintWriter err, String what, long total) {
        return new Progress(what, total, err, stderrIsTerminal());
    }

    /**
     * Whether stderr is a terminal. Java 17 has no direct test for it ({@code System.console()} asks about stdin and
     * stdout, so {@code rebuild 2>log} would fill the log with redraws, and {@code export >file} print plain lines on the
     * terminal): on Linux the file stderr is open on says it; elsewhere {@code System.console()} is the best guess.
     */
    static boolean stderrIsTerminal() {
        Path stderr = Path.of("/proc/self/fd/2");
        try {
            return isTerminalDevice(Files.readSymbolicLink(stderr).toString());
        } catch (IOException | UnsupportedOperationException noProc) {
            return System.console() != null;
        }
    }

    static boolean isTerminalDevice(String file) {
        return file.startsWith("/dev/pts/") || file.startsWith("/dev/tty") || file.equals("/dev/console");
    }

    public void advance(long events) {
        done.addAndGet(events);
    }

    public long done() {
        return done.get();
    }

    /** Events per second so far. */
    public double rate() {
        double seconds = Math.max(1e-9, (System.nanoTime() - startedNanos) / 1e9);
        return done.get() / seconds;
    }

    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    String line() {
        long now = done.get();
        double rate = rate();
        String eta = rate <= 0 || total <= now ? "0:00" : clock(Duration.ofSeconds((long) Math.ceil((total - now) / rate)));
        return String.format(Locale.ROOT, "%s: %,d / %,d events (%.1f%%), %,.0f events/s, ETA %s", what, now, total,
                total == 0 ? 100.0 : 100.0 * now / total, rate, eta);
    }

    private synchronized void show() {
        if (tty) {
            out.print("\r" + line() + "\u001b[K");
        } else {
            out.println(line());
        }
        out.flush();
    }

    private static String clock(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** Stops the display with a last line (ending the redrawn one on a terminal). */
    @Override
    public synchronized void close() {
        ticker.shutdownNow();
        out.print((tty ? "\r" : "") + line() + (tty ? "\u001b[K" : "") + System.lineSeparator());
        out.flush();
    }
}
