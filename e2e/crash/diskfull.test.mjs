// A full disk stops writes, not the stack: the standalone stack's DATA_DIR on a small tmpfs, chat pairs sending
// (each message resent with its clientMessageId until acked) until the disk is down to the log's reserve
// (LOG_DISK_RESERVE_MB). Then clients' actions must be refused UNAVAILABLE while the stack stays up, answers reads, stays
// ready and says so in its health (component logDisk), and come back refusing from a kill -9 and a restart on the still
// full disk; once the tmpfs is grown, writes must be taken again without a restart, and every acked message be in the
// history exactly once. Without the reserve the embedded broker halts the JVM when its
// log directory fails to write, and the stack is gone until someone frees space and starts it again.
//
// Needs root (it mounts a tmpfs); skipped, saying so, where mounting is not allowed.
// Knobs: DISKFULL_PAIRS (8), DISKFULL_ROOM_MB (28: the tmpfs's free space when the load starts), DISKFULL_RESERVE_MB (16).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Stack } from './stack.mjs';
import { ChatPair, checkChats, http, report, settled, sleep, waitUntil } from './workload.mjs';

const PAIRS = Number(process.env.DISKFULL_PAIRS ?? 8);
const ROOM_MB = Number(process.env.DISKFULL_ROOM_MB ?? 28);
const RESERVE_MB = Number(process.env.DISKFULL_RESERVE_MB ?? 16);
const PADDING = ` ${'x'.repeat(2000)}`;

/** Mounts a tmpfs of `sizeKb` at `dir`; returns an error message when mounting is not allowed here. */
function mountTmpfs(dir, sizeKb) {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', dir], { stdio: 'pipe' });
    return null;
  } catch (err) {
    return String(err.stderr || err.message).trim();
  }
}

const resize = (dir, sizeKb) => execFileSync('mount', ['-o', `remount,size=${sizeKb}k`, dir], { stdio: 'pipe' });

/** [used, available] KiB of the file system at `dir`. */
function usage(dir) {
  const stats = fs.statfsSync(dir);
  const kb = (blocks) => Math.floor((blocks * stats.bsize) / 1024);
  return [kb(stats.blocks - stats.bfree), kb(stats.bavail)];
}

/** GET `path` of the gateway's REST port: { status, body }, or { error } when it does not answer. */
async function get(stack, path) {
  try {
    const response = await fetch(`${stack.httpUrl}${path}`, { signal: AbortSignal.timeout(5000) });
    return { status: response.status, body: await response.json() };
  } catch (err) {
    return { error: err.message };
  }
}

const unmount = (dir) => {
  try { execFileSync('umount', ['-l', dir], { stdio: 'pipe' }); } catch { /* not mounted */ }
};

test('a full disk stops writes, not the stack', { timeout: 10 * 60_000 }, async (t) => {
  const mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-diskfull-'));
  const refusal = process.getuid?.() === 0 ? mountTmpfs(mountPoint, 512 * 1024) : 'not root';
  if (refusal) {
    fs.rmSync(mountPoint, { recursive: true, force: true });
    t.skip(`cannot mount a tmpfs here (${refusal}): the full-disk test needs root`);
    return;
  }
  // however this process ends (run.sh kills its group when the test runner is forced out), the tmpfs goes with it
  const unmountOnExit = () => unmount(mountPoint);
  process.once('exit', unmountOnExit);
  let stack = null;
  const pairs = [];
  let failed = true;
  try {
    stack = await Stack.create('crash-diskfull');
    stack.dataDir = path.join(mountPoint, 'data');
    await stack.start({ LOG_DISK_RESERVE_MB: String(RESERVE_MB) });
    for (let i = 0; i < PAIRS; i++) pairs.push(new ChatPair(stack, `df-p${i}`));
    await Promise.all(pairs.map((p) => p.connect()));
    await Promise.all(pairs.map((p) => p.openChat()));
    await sleep(2000);
    const [usedKb] = usage(mountPoint);
    resize(mountPoint, usedKb + ROOM_MB * 1024);
    const acked = () => pairs.reduce((n, p) => n + p.messages.filter((m) => m.acked).length, 0);
    const refusedUnavailable = () => pairs.reduce((n, p) => n + p.messages.reduce((k, m) => k + (m.codes.UNAVAILABLE ?? 0), 0), 0);
    const loadStarted = Date.now();
    pairs.forEach((p) => p.start(20, PADDING));

    // the disk fills up to the reserve: the gateway refuses, the stack stays up
    const down = await waitUntil(async () => {
      assert.ok(stack.alive, `the stack exited while its disk filled: ${JSON.stringify(stack.run.exit)}\n${stack.logTail(stack.run, 40)}`);
      const health = await get(stack, '/actuator/health');
      return health.body?.components?.logDisk?.status === 'DOWN' ? health.body.components.logDisk : null;
    }, 180_000, `the health never reported the log's disk down (free: ${usage(mountPoint)[1]} KB)`);
    const filledAfterMs = Date.now() - loadStarted;
    const ackedWhenFull = acked();
    await waitUntil(async () => refusedUnavailable() > 0, 10_000, 'no action was refused UNAVAILABLE');
    await sleep(5000);
    assert.ok(stack.alive, `the stack exited under its reserve: ${JSON.stringify(stack.run.exit)}\n${stack.logTail(stack.run, 40)}`);
    const [, freeKb] = usage(mountPoint);
    assert.ok(freeKb > 0, 'the disk filled up completely');
    const ackedUnderReserve = acked() - ackedWhenFull;
    assert.ok(ackedUnderReserve < 50, `${ackedUnderReserve} messages acked while the disk was under its reserve`);
    const history = await http(stack, 'GET', `/api/chats/${pairs[0].chatId}/messages`, stack.token(pairs[0].clientId, 'client'));
    assert.equal(history.status, 200, `reads refused while the disk was under its reserve: ${JSON.stringify(history)}`);
    const notification = await http(stack, 'POST', '/api/notifications', stack.token('diskfull-service', 'service'),
      { userId: pairs[0].clientId, type: 'diskfull', title: 'under the reserve', message: 'refused' });
    assert.equal(notification.status, 503, `a REST write under the reserve: ${JSON.stringify(notification)}`);
    assert.equal(notification.body?.error?.code, 'UNAVAILABLE', JSON.stringify(notification.body));
    const ready = await get(stack, '/health');
    assert.equal(ready.status, 200, `not ready under the reserve, so a load balancer would stop its reads too: ${JSON.stringify(ready)}`);

    // an operator restarts the stack the hard way, the disk still under its reserve: it comes back, ready, and refuses
    await stack.kill();
    await stack.start({ LOG_DISK_RESERVE_MB: String(RESERVE_MB) });
    const restartedAfterMs = stack.run.readyAt - stack.run.launchedAt;
    const refusedBeforeRestart = refusedUnavailable();
    await waitUntil(async () => refusedUnavailable() > refusedBeforeRestart, 30_000, 'no action refused after the restart under the reserve');
    assert.equal((await get(stack, '/actuator/health')).body?.components?.logDisk?.status, 'DOWN', 'logDisk after the restart');

    // space is freed: writes are taken again, no restart
    const ackedBeforeFreeing = acked();
    resize(mountPoint, 512 * 1024);
    const freedAt = Date.now();
    await waitUntil(async () => acked() > ackedBeforeFreeing + PAIRS, 15_000, 'writes were not taken again within 15 s of freeing space');
    const resumedAfterMs = Date.now() - freedAt;
    await waitUntil(async () => (await get(stack, '/actuator/health')).body?.components?.logDisk?.status === 'UP', 15_000,
      'the log\'s disk not UP within 15 s of freeing space');
    await sleep(2000);
    await Promise.all(pairs.map((p) => p.stop()));
    assert.ok(stack.alive, 'the stack exited');

    const { figures, problems } = await settled(() => checkChats(stack, pairs));
    report(`disk full: filled to the ${RESERVE_MB} MB reserve after ${filledAfterMs} ms of load; ${refusedUnavailable()} sends refused UNAVAILABLE, `
      + `a REST write refused 503, stack alive and ready, reads answered, logDisk ${down.status} (usable ${down.details?.usableBytes} B), `
      + `${freeKb} KB still free 5 s later; ${ackedUnderReserve} acked after logDisk went down; restarted (kill -9) under the reserve, `
      + `ready in ${restartedAfterMs} ms and refusing; `
      + `writes taken again ${resumedAfterMs} ms after space was freed; ${figures.acked} acked, ${figures.stored} stored, `
      + `${figures.lost} lost, ${figures.duplicated} duplicated, ${figures.unacked} unacked`);
    assert.deepEqual(problems, []);
    assert.equal(figures.lost, 0);
    assert.equal(figures.duplicated, 0);
    assert.equal(figures.unacked, 0, 'a message was never acked, space freed');
    failed = false;
  } finally {
    try {
      for (const p of pairs) p.stopping = true;
      if (stack) {
        if (failed) stack.dumpLogs(80);
        await stack.dispose({ keep: failed });
      }
      pairs.forEach((p) => p.close());
    } finally {
      unmount(mountPoint);
      process.off('exit', unmountOnExit);
      fs.rmSync(mountPoint, { recursive: true, force: true });
    }
  }
});
