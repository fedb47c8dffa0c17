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
     * How {@code standalone/aot-start.sh} starts the jar (JDK 25, its cache, the JVM's warnings on stderr), when
     * bench/run.sh found a JDK 25 and trained the cache: BENCH_AOT_JAVA, BENCH_AOT_JAR and BENCH_AOT_CACHE.
     */
    static Optional<List<String>> aotStartCommand() {
        String java = System.getenv("BENCH_AOT_JAVA");
        String jar = System.getenv("BENCH_AOT_JAR");
        String cache = System.getenv("BENCH_AOT_CACHE");
        if (java == null || jar == null || cache == null || !Files.exists(Path.of(cache))) {
            return Optional.empty();
        }
        return Optional.of(List.of(java, "-Xlog:disable", "-Xlog:all=warning,aot*=error:stderr", "-XX:AOTCache=" + cache, "-jar", jar));
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
