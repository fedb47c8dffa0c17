package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Memory and CPU of a process, from /proc, and (for JVMs) the heap from jstat. */
final class ProcessStats {
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessStats() {
    }

    static long rssMiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    /** CPU seconds (user + system) used so far. */
    static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    }

    /** Heap in use, in MiB; after a full GC when {@code live}, so it is what the connections really hold. */
    static long heapMiB(long pid, boolean live) throws Exception {
        if (live) {
            run("jcmd", Long.toString(pid), "GC.run");
        }
        String[] lines = run("jstat", "-gc", Long.toString(pid)).trim().split("\n");
        String[] names = lines[0].trim().split("\\s+");
        String[] values = lines[1].trim().split("\\s+");
        double usedKiB = 0;
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals("S0U") || names[i].equals("S1U") || names[i].equals("EU") || names[i].equals("OU")) {
                usedKiB += Double.parseDouble(values[i]);
            }
        }
        return Math.round(usedKiB / 1024);
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        process.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    /** CPU use of the process over {@code millis}, in percent of one core. */
    static double cpuPercentOver(long pid, long millis) throws Exception {
        double before = cpuSeconds(pid);
        Thread.sleep(millis);
        return (cpuSeconds(pid) - before) * 100_000.0 / millis;
    }
}
