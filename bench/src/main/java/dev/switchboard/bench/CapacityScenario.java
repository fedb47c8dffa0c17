package dev.switchboard.bench;

import dev.switchboard.events.Ids;
import dev.switchboard.gateway.auth.Role;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Opens many websocket connections to one gateway process and holds them; reports that process's heap (live,
 * after a full GC), RSS and CPU while idle and while presence churns (connections closing and reopening).
 */
final class CapacityScenario {
    private CapacityScenario() {
    }

    static Map<String, Object> run(Load load, Server gateway, int connections, int churnPerSecond, int churnSeconds) throws Exception {
        long pid = gateway.pid();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("connectionsAsked", connections);
        result.put("baselineHeapMiB", ProcessStats.heapMiB(pid, true));
        result.put("baselineRssMiB", ProcessStats.rssMiB(pid));
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            tokens.add(load.token(Ids.newId(), Role.CLIENT));
        }
        long started = System.nanoTime();
        List<SioClient> clients = new ArrayList<>(Load.connectAll(gateway.url(), tokens, 200));
        result.put("connected", clients.size());
        result.put("connectSeconds", Math.round((System.nanoTime() - started) / 1e7) / 100.0);
        Thread.sleep(5_000); // let the presence actions settle
        result.put("idleCpuPercent", Math.round(ProcessStats.cpuPercentOver(pid, 10_000) * 10) / 10.0);
        result.put("heapMiB", ProcessStats.heapMiB(pid, true));
        result.put("rssMiB", ProcessStats.rssMiB(pid));
        result.put("heapKiBPerConnection", Math.round(((long) result.get("heapMiB") - (long) result.get("baselineHeapMiB")) * 1024.0 / clients.size() * 10) / 10.0);

        double cpuBefore = ProcessStats.cpuSeconds(pid);
        long churnStart = System.nanoTime();
        int churned = 0;
        for (int second = 0; second < churnSeconds; second++) {
            long tick = System.nanoTime();
            List<String> fresh = new ArrayList<>();
            for (int i = 0; i < churnPerSecond; i++) {
                int victim = ThreadLocalRandom.current().nextInt(clients.size());
                clients.get(victim).close();
                clients.remove(victim);
                fresh.add(load.token(Ids.newId(), Role.CLIENT));
            }
            clients.addAll(Load.connectAll(gateway.url(), fresh, 100));
            churned += churnPerSecond;
            long rest = 1_000_000_000L - (System.nanoTime() - tick);
            if (rest > 0) {
                Thread.sleep(rest / 1_000_000);
            }
        }
        double churnSecondsElapsed = (System.nanoTime() - churnStart) / 1e9;
        result.put("churnedConnections", churned);
        result.put("churnCpuPercent", Math.round((ProcessStats.cpuSeconds(pid) - cpuBefore) * 1000 / churnSecondsElapsed) / 10.0);
        result.put("heapAfterChurnMiB", ProcessStats.heapMiB(pid, true));
        System.out.println("capacity " + result);
        clients.forEach(SioClient::abort);
        return result;
    }
}
