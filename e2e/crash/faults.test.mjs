// Fault injection in the projector: with PROJECTOR_FAULT=after-write|after-publish|after-positions and
// PROJECTOR_FAULT_AFTER_BATCHES=N the stack halts itself (like kill -9) at that point of its N-th non-empty batch:
// just after the batch's store writes, just after its updates were published, just after its read-model positions
// were saved. For each point: set up fresh chat pairs on a clean run, stop it, start with the fault, drive chat sends
// (each resent with its clientMessageId until acked) until the process halts by itself, start again without the
// fault, finish, then check over REST that every acked message is stored exactly once and in order, and that no
// receiver in the chat room (the provider's socket kept across the restart, and a second one connected after it) got
// the same new-message twice while the interrupted batch was re-run.
//
// Knobs (environment): SWITCHBOARD_JAR, CRASH_FAULTS (comma-separated points), CRASH_FAULT_BATCHES (30),
// CRASH_FAULT_PAIRS (6), CRASH_HALT_TIMEOUT_MS (30000), CRASH_FIGURES_FILE, CRASH_KEEP=1.
// For working on this test only: CRASH_FAULT_SIMULATE_MS=<ms> makes the test SIGKILL the fault run itself that long
// after it is ready, instead of waiting for the projector to halt; it exercises the test against a jar without fault
// injection and proves nothing about the fault points (the figure lines then say "simulated").
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Stack, JAR } from './stack.mjs';
import { ChatPair, checkChats, settled, sleep, report, openSocket, connected, emitAck, waitUntil } from './workload.mjs';

const POINTS = (process.env.CRASH_FAULTS ?? 'after-write,after-publish,after-positions').split(',').map((p) => p.trim()).filter(Boolean);
const BATCHES = Number(process.env.CRASH_FAULT_BATCHES ?? 30);
const PAIRS = Number(process.env.CRASH_FAULT_PAIRS ?? 6);
const HALT_TIMEOUT_MS = Number(process.env.CRASH_HALT_TIMEOUT_MS ?? 30_000);
const CHAT_PACE_MS = 50;
const RESUME_TIMEOUT_MS = 120_000;
const SIMULATE_MS = process.env.CRASH_FAULT_SIMULATE_MS ? Number(process.env.CRASH_FAULT_SIMULATE_MS) : null;

let stack;
let anyFailed = false;

after(async () => {
  if (stack) await stack.dispose({ keep: anyFailed });
});

/** The stack running without any fault env (started, or restarted cleanly if it runs with one). */
async function cleanStack() {
  if (!stack) {
    stack = await Stack.create('crash-faults');
    console.log(`fault test: jar ${JAR}, dir ${stack.dir}`);
  }
  if (stack.alive && Object.keys(stack.run.extraEnv).length > 0) await stack.stop();
  if (!stack.alive) await stack.start();
}

/** A second socket of the provider (another device), in the chat room, counting new-message by _id. */
async function lateReceiver(pair) {
  const socket = openSocket(stack, pair.providerId, 'provider');
  socket.pushes = new Map();
  socket.on('new-message', (message) => {
    if (message?.chat === pair.chatId) socket.pushes.set(message._id, (socket.pushes.get(message._id) ?? 0) + 1);
  });
  const join = async () => {
    for (let i = 0; i < 20 && socket.connected; i++) {
      try { if ((await emitAck(socket, 'join-chat', pair.chatId, 5000))?.ok) return; } catch { /* retried */ }
      await sleep(250);
    }
  };
  socket.on('connect', join);
  await connected(socket, 60_000);
  await join();
  return socket;
}

const twice = (pushes) => [...pushes.entries()].filter(([, n]) => n > 1);

for (const point of POINTS) {
  test(`projector halting ${point} of its batch ${BATCHES} loses and repeats nothing`, { timeout: 10 * 60_000 }, async () => {
    const pairs = [];
    const late = [];
    let failed = true;
    const t0 = Date.now();
    let firstRun = 1;
    try {
      await cleanStack();
      firstRun = stack.run.n;
      const label = `f${Date.now().toString(36)}-${point}`;
      for (let i = 0; i < PAIRS; i++) pairs.push(new ChatPair(stack, `${label}-p${i}`, { transports: i % 2 ? ['websocket'] : undefined }));
      await Promise.all(pairs.map((p) => p.connect()));
      await Promise.all(pairs.map((p) => p.openChat()));
      for (const pair of pairs) await pair.send(' (before the fault run)');

      // the fault run: a clean stop, then a start with the fault armed, and load until the process halts itself
      await stack.stop();
      const faultEnv = { PROJECTOR_FAULT: point, PROJECTOR_FAULT_AFTER_BATCHES: String(BATCHES) };
      await stack.start(faultEnv);
      const faultRun = stack.run;
      pairs.forEach((p) => p.start(CHAT_PACE_MS));
      if (SIMULATE_MS !== null) setTimeout(() => { if (stack.run === faultRun) stack.kill(); }, SIMULATE_MS);
      const exit = await stack.waitForExit(HALT_TIMEOUT_MS);
      if (!exit) {
        const sent = pairs.reduce((n, p) => n + p.messages.filter((m) => m.acked && m.ackedAt > faultRun.readyAt).length, 0);
        throw new Error(`stack did not halt at fault point ${point}: still running ${HALT_TIMEOUT_MS} ms after it was ready with `
          + `PROJECTOR_FAULT=${point} PROJECTOR_FAULT_AFTER_BATCHES=${BATCHES}, having acked ${sent} chat messages `
          + '(is the fault injection implemented in this jar?)');
      }
      const ackedBeforeHalt = pairs.reduce((n, p) => n + p.messages.filter((m) => m.acked && m.ackedAt > faultRun.readyAt && m.ackedAt <= exit.at).length, 0);
      const faultLines = stack.logTail(faultRun, 400).split('\n').filter((l) => !l.startsWith('#') && /PROJECTOR_FAULT|fault point|fault injection|halting/i.test(l)).slice(-3);
      if (SIMULATE_MS === null && !faultLines.some((l) => /halting/i.test(l))) {
        console.log(`  warning: the fault run exited (code ${exit.code}) but its log does not say it was halting at ${point}`);
      }

      // the re-run: start without the fault; receivers count new-message by _id while the batch is applied again
      await stack.start();
      const readyAt = Date.now();
      late.push(...await Promise.all(pairs.map(lateReceiver)));
      const acked = () => pairs.reduce((n, p) => n + p.messages.filter((m) => m.acked).length, 0);
      const atReady = acked();
      await waitUntil(() => acked() > atReady, RESUME_TIMEOUT_MS, `no chat message acked within ${RESUME_TIMEOUT_MS} ms of the restart after ${point}`);
      const resumedMs = Date.now() - readyAt;
      await sleep(3000);
      await Promise.all(pairs.map((p) => p.stop()));
      await Promise.all(pairs.map((p) => p.send(' (last)')));
      await sleep(500); // the last new-message pushes
      const { figures: f, problems } = await settled(() => checkChats(stack, pairs));
      const lateTwice = late.flatMap((socket) => twice(socket.pushes));
      const roomTwice = pairs.flatMap((p) => twice(p.pushes));

      const how = SIMULATE_MS === null
        ? `halted at batch ${BATCHES} (exit code ${exit.code}, signal ${exit.signal})`
        : `SIMULATED: killed by the test (signal ${exit.signal})`;
      report(`crash test fault=${point}: ${how} ${exit.at - faultRun.readyAt} ms after ready, ${ackedBeforeHalt} chat messages acked in the `
        + `fault run; sent=${f.sent} acked=${f.acked} stored=${f.stored} lost=${f.lost} duplicated=${f.duplicated} out-of-order-chats=${f.outOfOrderChats} `
        + `new-message-twice=${roomTwice.length} (receivers kept across the restart) late-receiver-new-message-twice=${lateTwice.length} `
        + `(attempts=${f.attempts} resent=${f.resent} unacked=${f.unacked} refused=${f.refused} codes=${f.codes} changed-id=${f.changedId} unknown=${f.unknown}; `
        + `restart ready after ${stack.run.readyAt - stack.run.launchedAt} ms, acking again ${resumedMs} ms later; ${Math.round((Date.now() - t0) / 1000)} s)`);
      for (const line of faultLines) console.log(`  fault run log: ${line}`);
      for (const problem of problems.slice(0, 20)) console.log(`  ${problem}`);
      for (const [id, n] of [...roomTwice, ...lateTwice].slice(0, 10)) console.log(`  new-message ${id} received ${n} times`);

      assert.ok(ackedBeforeHalt > 0 || f.resent > 0, `no chat message was acked or resent around the halt at ${point}: the fault hit no chat load`);
      const expected = [
        [f.lost, 'acked chat messages lost'],
        [f.duplicated, 'acked chat messages stored more than once'],
        [f.outOfOrderChats, 'chats out of send order'],
        [f.unacked, 'chat messages never acked despite resending'],
        [f.unknown, 'chat messages nobody sent'],
        [roomTwice.length, 'new-message pushed twice with the same _id to a receiver in the chat room'],
        [lateTwice.length, 'new-message pushed twice with the same _id to a receiver connected after the restart'],
      ];
      const violations = expected.filter(([count]) => count !== 0).map(([count, what]) => `${what}: ${count}`);
      assert.deepEqual(violations, [], `fault point ${point}: ${violations.join('; ')}`);
      failed = false;
    } finally {
      for (const pair of pairs) pair.stopping = true;
      pairs.forEach((p) => p.close());
      late.forEach((s) => s.close());
      if (failed) {
        anyFailed = true;
        stack?.dumpLogs(40, firstRun);
        // the next point needs a clean run: cleanStack() stops one with a fault armed and keeps a clean one
        if (stack?.alive && Object.keys(stack.run.extraEnv).length > 0) await stack.stop();
      }
    }
  });
}
