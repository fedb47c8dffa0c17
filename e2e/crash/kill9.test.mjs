// "Acked means kept" through kill -9: 20 client/provider pairs send chat messages (each resent with its
// clientMessageId until acked), their providers post to support tickets and a service posts notifications (each
// resent with its idempotencyKey until 2xx), while the whole stack is SIGKILLed at random moments and started again
// on the same data. After the last restart, every acked write must be in the read models exactly once, chat messages
// in send order.
//
// Knobs (environment): SWITCHBOARD_JAR, CRASH_ROUNDS (5), CRASH_PAIRS (20), CRASH_SEED (random; printed),
// CRASH_MIN_LOAD_MS / CRASH_MAX_LOAD_MS (2000 / 6000: load before each kill), CRASH_FIGURES_FILE (append the figure
// lines there too), CRASH_KEEP=1 (keep the data and the run logs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Stack, JAR } from './stack.mjs';
import { ChatPair, SupportThread, NotificationFeed, checkChats, checkSupport, checkNotifications, settled, random, sleep, report, waitUntil } from './workload.mjs';

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 5);
const PAIRS = Number(process.env.CRASH_PAIRS ?? 20);
const SEED = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
const MIN_LOAD_MS = Number(process.env.CRASH_MIN_LOAD_MS ?? 2000);
const MAX_LOAD_MS = Number(process.env.CRASH_MAX_LOAD_MS ?? 6000);
// pacing: at most ~20 x 10 chat msg/s + 20 x 2.5 support msg/s + 2 x 20 notifications/s, a few hundred writes/s
const CHAT_PACE_MS = 100;
const SUPPORT_PACE_MS = 400;
const NOTIFICATION_PACE_MS = 50;
const RESUME_TIMEOUT_MS = 120_000;

test(`acked means kept through kill -9 (${ROUNDS} rounds, ${PAIRS} pairs)`, { timeout: 15 * 60_000 }, async () => {
  const rand = random(SEED);
  const stack = await Stack.create('crash-kill9');
  const pairs = [];
  const threads = [];
  let feed = null;
  let failed = true;
  const t0 = Date.now();
  try {
    console.log(`kill -9 test: seed ${SEED}, jar ${JAR}, dir ${stack.dir}`);
    await stack.start();
    console.log(`stack ready after ${stack.run.readyAt - stack.run.launchedAt} ms`);

    // set-up before any crash: sockets (half websocket only, half polling with upgrade), chats, tickets
    for (let i = 0; i < PAIRS; i++) pairs.push(new ChatPair(stack, `k${SEED.toString(36)}-p${i}`, { transports: i % 2 ? ['websocket'] : undefined }));
    await Promise.all(pairs.map((p) => p.connect()));
    await Promise.all(pairs.map((p) => p.openChat()));
    threads.push(...pairs.map((p) => new SupportThread(stack, p)));
    await Promise.all(threads.map((t) => t.open()));
    feed = new NotificationFeed(stack, `k${SEED.toString(36)}`, pairs.map((p) => p.clientId), 2);

    const acked = () => pairs.reduce((n, p) => n + p.messages.filter((m) => m.acked).length, 0);
    pairs.forEach((p) => p.start(CHAT_PACE_MS));
    threads.forEach((t) => t.start(SUPPORT_PACE_MS));
    feed.start(NOTIFICATION_PACE_MS);

    // A round: load for a random 2-6 s, kill -9, start again on the same data. The load counts from the moment
    // writes are acked again after a restart (the projector may first wait for its old consumer-group member to
    // expire), so that every kill hits a stack that is acking writes.
    const resumed = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const loadMs = Math.round(MIN_LOAD_MS + rand() * (MAX_LOAD_MS - MIN_LOAD_MS));
      const before = acked();
      await sleep(loadMs);
      const killedAt = Date.now();
      await stack.kill();
      const during = acked() - before;
      await stack.start();
      const readyAt = Date.now();
      const atReady = acked();
      await waitUntil(() => acked() > atReady, RESUME_TIMEOUT_MS, `no chat message acked within ${RESUME_TIMEOUT_MS} ms of restart ${round}`);
      resumed.push(Date.now() - readyAt);
      console.log(`round ${round}: killed after ${loadMs} ms of acked load (${during} chat messages acked in it); `
        + `ready again after ${readyAt - killedAt} ms, acking again ${Date.now() - readyAt} ms later`);
    }
    // some load on the last run, then every writer finishes its current write (resending until acked)
    await sleep(4000);
    await Promise.all([...pairs.map((p) => p.stop()), ...threads.map((t) => t.stop()), feed.stop()]);

    // one more message per chat, acked only once the projector has applied everything before it in that chat,
    // then read until two reads agree
    await Promise.all(pairs.map((p) => p.send(' (last)')));
    const chats = await settled(() => checkChats(stack, pairs));
    const support = await settled(() => checkSupport(stack, threads));
    const notifications = await settled(() => checkNotifications(stack, feed));

    const c = chats.figures;
    const s = support.figures;
    const n = notifications.figures;
    report(`crash test: rounds=${ROUNDS} sent=${c.sent} acked=${c.acked} stored=${c.stored} lost=${c.lost} duplicated=${c.duplicated} `
      + `out-of-order-chats=${c.outOfOrderChats} (chat messages; attempts=${c.attempts} resent=${c.resent} unacked=${c.unacked} `
      + `refused=${c.refused} codes=${c.codes} extra-copies=${c.extraCopies} changed-id=${c.changedId} unknown=${c.unknown} pushed-twice=${c.pushedTwice})`);
    report(`crash test support: rounds=${ROUNDS} sent=${s.sent} acked=${s.acked} stored=${s.stored} lost=${s.lost} duplicated=${s.duplicated} `
      + `out-of-order-tickets=${s.outOfOrderTickets} (support messages; attempts=${s.attempts} resent=${s.resent} unacked=${s.unacked} `
      + `refused=${s.refused} codes=${s.codes} extra-copies=${s.extraCopies} changed-id=${s.changedId} unknown=${s.unknown}; `
      + 'resends carry the same clientMessageId, so any second copy counts as duplicated)');
    report(`crash test notifications: rounds=${ROUNDS} sent=${n.sent} acked=${n.acked} stored=${n.stored} lost=${n.lost} duplicated=${n.duplicated} `
      + `(attempts=${n.attempts} resent=${n.resent} unacked=${n.unacked} refused=${n.refused} codes=${n.codes} answered-200=${n.answered200} `
      + `changed-id=${n.changedId} unknown=${n.unknown})`);
    report(`crash test: ${stack.runs.length} runs; restarts ready after ${stack.runs.slice(1).map((r) => r.readyAt - r.launchedAt).join('/')} ms, `
      + `then acking again after ${resumed.join('/')} ms; whole test ${Math.round((Date.now() - t0) / 1000)} s; seed ${SEED}`);
    for (const problem of [...chats.problems, ...support.problems, ...notifications.problems].slice(0, 40)) console.log(`  ${problem}`);

    // every expectation at once, so that a failure names all that went wrong
    const expected = [
      [c.lost, 'acked chat messages lost'],
      [c.duplicated, 'acked chat messages stored more than once'],
      [c.outOfOrderChats, 'chats whose history is not in send order'],
      [c.unacked, 'chat messages never acked despite resending'],
      [c.unknown, 'chat messages nobody sent'],
      [s.lost, 'acked support messages lost'],
      [s.duplicated, 'acked support messages stored more than once (resends included)'],
      [s.outOfOrderTickets, 'tickets whose history is not in send order'],
      [s.unacked, 'support messages never acked despite resending'],
      [n.lost, 'acked notifications lost'],
      [n.duplicated, 'notifications stored more than once'],
      [n.unacked, 'notifications never acked despite resending'],
    ];
    const violations = expected.filter(([count]) => count !== 0).map(([count, what]) => `${what}: ${count}`);
    assert.deepEqual(violations, [], `acked is not kept through kill -9: ${violations.join('; ')}`);
    failed = false;
  } finally {
    for (const writer of [...pairs, ...threads, feed]) if (writer) writer.stopping = true;
    pairs.forEach((p) => p.close());
    if (failed) stack.dumpLogs(40);
    await stack.dispose({ keep: failed });
  }
});
