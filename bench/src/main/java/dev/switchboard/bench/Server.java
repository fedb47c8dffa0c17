package dev.switchboard.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A server process the benchmark starts, measures and stops: the Switchboard stack, an extra gateway, or the Node peer. */
final class Server implements AutoCloseable {
    final String name;
    final Process process;
    final int socketPort;
    final Path log;

    private Server(String name, Process process, int socketPort, Path log) {
        this.name = name;
        this.process = process;
        this.socketPort = socketPort;
        this.log = log;
    }

    /**
     * {@code bash standalone/aot-start.sh}, the AOT start as operators run it (so the benchmark measures the script's
     * own JVM flags and checks, not a copy of them), when bench/run.sh found a JDK 25 and trained the script's cache for
     * this build: BENCH_AOT_START names the script. Arguments after it go to the jar, as with {@code java -jar}.
     */
    static Optional<List<String>> aotStartCommand() {
        String script = System.getenv("BENCH_AOT_START");
        if (script == null || !Files.exists(Path.of(script))) {
            return Optional.empty();
        }
        return Optional.of(List.of("bash", script));
    }

    static Server start(String name, List<String> command, Map<String, String> env, int socketPort, Path workDir) throws Exception {
        Path log = workDir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Server server = new Server(name, builder.start(), socketPort, log);
        long deadline = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < deadline) {
            if (!server.process.isAlive()) {
                throw new IllegalStateException(name + " exited: " + Files.readString(log));
            }
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), socketPort)) {
                return server;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        server.close();
        throw new IllegalStateException(name + " did not listen on " + socketPort + " within 90 s");
    }

    String url() {
        return "http://127.0.0.1:" + socketPort;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
