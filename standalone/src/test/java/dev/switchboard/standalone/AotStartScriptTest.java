package dev.switchboard.standalone;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code standalone/aot-start.sh} refuses, with what to do instead, a JDK older than 25. */
class AotStartScriptTest {
    @Test
    void aJdkOlderThan25IsRefusedWithTheWayToStartInstead() throws Exception {
        assumeTrue(Runtime.version().feature() < 25, "this JVM is 25 or newer: the script would train and start");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder("bash", "aot-start.sh").redirectErrorStream(true);
        builder.environment().put("JAVA25", java);
        Process script = builder.start();
        assertTrue(script.waitFor(60, TimeUnit.SECONDS), "the script did not answer within a minute");
        String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, script.exitValue(), output);
        assertTrue(output.contains("needs a JDK 25 or newer") && output.contains("java -jar"), output);
    }
}
