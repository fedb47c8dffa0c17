// Scale-out and failures with several processes: the standalone stack (broker, store, projector 1, gateway 1) plus a
// second gateway and a second projector, each its own JVM joined to the stack's broker and store.
//  1. A chat whose partners are on different gateways works both ways: messages, typing, delivery and read receipts,
//     presence.
//  2. kill -9 of projector 2 under a steady send load: projector 1 takes its partitions over; every acked message is
//     stored exactly once, in send order, and the load finishes.
//  3. A third projector freezes itself (SIGSTOP) with a batch of chat actions polled, for longer than its session:
//     the stack's projector takes over; once the load has settled it runs again and writes that batch late, which
//     must not take any chat's head back (OwnerEpoch refuses it) nor lose or duplicate a message.
//  4. kill -9 of gateway 2: its users go offline (as seen through gateway 1) within 30 s; they reconnect to gateway 1
//     and carry on.
// Knobs: SCALEOUT_PAIRS (8), SCALEOUT_LOAD_MS (15000: load after the projector's kill), CRASH_FIGURES_FILE, CRASH_KEEP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import { Stack, JoinedProcess } from './stack.mjs';
import { ChatPair, checkChats, settled, sleep, report, newId, emitAck, http, httpUntil, connected, waitUntil, allPages, paced } from './workload.mjs';

const PAIRS = Number(process.env.SCALEOUT_PAIRS ?? 8);
const LOAD_AFTER_KILL_MS = Number(process.env.SCALEOUT_LOAD_MS ?? 15_000);
const OFFLINE_WITHIN_MS = 30_000;

let stack;
let gateway2;
let projector2;
let failed = false;

before(async () => {
  stack = await Stack.create('scaleout');
  await stack.start();
  gateway2 = await JoinedProcess.gateway(stack, 'scaleout-gateway-2');
  projector2 = await JoinedProcess.projector(stack, 'scaleout-projector-2');
  await Promise.all([gateway2.start(JoinedProcess.gatewayReady), projector2.start(JoinedProcess.projectorReady)]);
});

after(async () => {
  if (failed) {
    stack.dumpLogs(40);
    for (const joined of [gateway2, projector2]) {
      if (joined) console.log(`---- ${joined.name} (last 40 lines) ----\n${joined.logTail(40)}`);
    }
  }
  await gateway2?.kill();
  await projector2?.kill();
  await stack?.dispose({ keep: failed });
});

/** A socket on `gateway` (the stack or a joined gateway) that does not reconnect by itself. */
function socketOn(gateway, userId, role) {
  const socket = io(gateway.socketUrl, { auth: { token: stack.token(userId, role) }, forceNew: true, reconnection: false, transports: ['websocket'] });
  socket.userId = userId;
  return socket;
}

/** The next `event` on `socket` that satisfies `match`, or a rejection after `timeoutMs`. */
function next(socket, event, match = () => true, timeoutMs = 10_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { socket.off(event, on); reject(new Error(`no ${event} on ${socket.userId} within ${timeoutMs} ms`)); }, timeoutMs);
    const on = (payload) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, on);
      resolve(payload);
    };
    socket.on(event, on);
  });
}

async function isOnline(gateway, userId) {
  const response = await http(gateway, 'GET', `/api/users/${userId}/presence`, stack.token(newId(), 'client'));
  return response.status === 200 && response.body.isOnline === true;
}

async function openChatBetween(gateway, clientId, providerId) {
  const opened = await httpUntil(gateway, 'POST', '/api/chats', stack.token(clientId, 'client'), { participantId: providerId });
  return opened.body._id;
}

async function guarded(body) {
  try {
    await body();
  } catch (err) {
    failed = true;
    throw err;
  }
}

test('a chat whose partners are on different gateways works both ways', { timeout: 120_000 }, () => guarded(async () => {
  const clientId = newId();
  const providerId = newId();
  const client = socketOn(stack, clientId, 'client');
  let provider = null;
  try {
    await connected(client, 15_000);
    // the provider has never connected: the identity service vouches for their role, so the chat can be opened
    const registered = await http(stack, 'POST', '/api/users', stack.token('identity-service', 'service'), { userId: providerId, role: 'provider' });
    assert.equal(registered.status, 202, JSON.stringify(registered.body));
    const chatId = await openChatBetween(stack, clientId, providerId);
    assert.equal((await emitAck(client, 'join-chat', chatId)).ok, true);

    // sent while the provider is not connected anywhere: delivered when they join the chat on the other gateway
    const early = await emitAck(client, 'send-message', { chatId, content: 'before you came', messageType: 'text' });
    assert.equal(early.ok, true, JSON.stringify(early));
    assert.equal(early.message.delivered, false);
    provider = socketOn(gateway2, providerId, 'provider');
    await connected(provider, 15_000);
    const delivered = next(client, 'messages-delivered', (m) => m.chatId === chatId);
    assert.equal((await emitAck(provider, 'join-chat', chatId)).ok, true);
    assert.deepEqual((await delivered).messageIds, [early.message._id]);

    const toProvider = next(provider, 'new-message', (m) => m.content === 'from gateway 1');
    assert.equal((await emitAck(client, 'send-message', { chatId, content: 'from gateway 1', messageType: 'text' })).ok, true);
    await toProvider;
    const toClient = next(client, 'new-message', (m) => m.content === 'from gateway 2');
    assert.equal((await emitAck(provider, 'send-message', { chatId, content: 'from gateway 2', messageType: 'text' })).ok, true);
    await toClient;

    const typing = next(provider, 'user-typing', (t) => t.userId === clientId && t.isTyping === true);
    client.emit('typing-start', { chatId });
    await typing;
    const read = next(client, 'messages-read', (r) => r.userId === providerId && r.chatId === chatId);
    assert.equal((await emitAck(provider, 'mark-messages-read', { chatId })).ok, true);
    await read;

    // presence across gateways: the provider (gateway 2) sees the client (gateway 1) go offline; gateway 2 says so too
    const offline = next(provider, 'user-status-changed', (s) => s.userId === clientId && s.isOnline === false);
    client.close();
    await offline;
    assert.equal(await isOnline(gateway2, clientId), false);
    assert.equal(await isOnline(stack, providerId), true);
  } finally {
    client.close();
    provider?.close();
  }
}));

test('kill -9 of one projector under load: the other takes over, every acked message is stored once, in order', { timeout: 300_000 }, () => guarded(async () => {
  assert.match(projector2.log(), /partitions assigned: \[.+\]/, 'projector 2 had partitions to lose');
  const pairs = Array.from({ length: PAIRS }, (_, i) => new ChatPair(i % 2 === 0 ? stack : gateway2, `so${i}`));
  try {
    for (const pair of pairs) {
      await pair.connect();
      await pair.openChat();
    }
    const loads = pairs.map((pair) => pair.start(100));
    await sleep(3000);
    const killedAt = Date.now();
    await projector2.kill();
    await sleep(LOAD_AFTER_KILL_MS);
    await Promise.all(pairs.map((pair) => pair.stop()));
    await Promise.all(loads);

    const { figures, problems } = await settled(() => checkChats(stack, pairs), 60_000);
    // take-over: from the kill until every pair had an ack again (pairs whose chat sat on projector 2 wait for it)
    const firstAckAfterKill = pairs.map((pair) => {
      const after = pair.messages.find((m) => m.acked && m.ackedAt > killedAt);
      return after ? after.ackedAt - killedAt : Infinity;
    });
    const takeOverMs = Math.max(...firstAckAfterKill);
    // pairs whose chat sat on projector 2's partitions wait for its session to time out (10 s); the others do not
    const waited = firstAckAfterKill.filter((ms) => ms > 5000).length;
    report(`scale-out projector kill -9: ${pairs.length} pairs, ${figures.stored} acked and stored, lost ${figures.lost}, `
      + `duplicated ${figures.duplicated}, chats out of order ${figures.outOfOrderChats}; every pair acked again within ${takeOverMs} ms of the kill (${waited} of them waited for the take-over)`);
    assert.deepEqual(problems, []);
    assert.equal(figures.lost, 0);
    assert.equal(figures.duplicated, 0);
    assert.equal(figures.outOfOrderChats, 0);
    assert.ok(Number.isFinite(takeOverMs), 'some pair never got an ack after the kill');
    assert.ok(pairs.every((pair) => pair.messages.every((m) => m.acked)), 'some message was never acked');
  } finally {
    pairs.forEach((pair) => pair.close());
  }
}));

test('a projector frozen past its session runs again: the batch it writes late does not take chats back', { timeout: 300_000 }, () => guarded(async () => {
  // it stops itself (SIGSTOP: every thread, heartbeats too) once its 80th batch of chat actions is polled (the chats are
  // opened and a few seconds of the load sent by then)
  const frozen = await JoinedProcess.projector(stack, 'scaleout-projector-frozen', {
    PROJECTOR_FAULT: 'freeze-at-start', PROJECTOR_FAULT_TOPIC: 'switchboard.chat.actions', PROJECTOR_FAULT_AFTER_BATCHES: '80',
  });
  const pairs = Array.from({ length: PAIRS }, (_, i) => new ChatPair(i % 2 === 0 ? stack : gateway2, `fz${i}`));
  let stopping = false;
  try {
    await frozen.start(JoinedProcess.projectorReady);
    for (const pair of pairs) {
      await pair.connect();
      await pair.openChat();
    }
    // sends without a clientMessageId (it is optional): the late batch decides them as new, where a resend's id would
    // find the message its successor stored
    const acked = pairs.map(() => []);
    const loads = pairs.map((pair, i) => sendPlainly(pair, () => stopping, acked[i]));
    await waitUntil(() => /freezing \(SIGSTOP\)/.test(frozen.log()), 60_000, 'the projector never froze');
    // past its 10 s session: the stack's projector takes its partitions over, applies its batch again and what follows
    await sleep(15_000);
    stopping = true;
    await Promise.all(loads);
    const expected = await settled(async () => ({ figures: await lastMessages(pairs), problems: [] }), 60_000);

    const assignedBefore = frozen.log().match(/partitions assigned: \[.+\]/g).length;
    frozen.resume();
    // it applies the batch it had polled, then finds it has left its group and joins again
    await waitUntil(() => frozen.log().match(/partitions assigned: \[.+\]/g).length > assignedBefore, 60_000, 'the resumed projector never joined again');
    await sleep(2000);
    const after = await lastMessages(pairs);
    const takenBack = pairs.flatMap((pair, i) => (after[i] === expected.figures[i] ? [] : [`chat ${pair.label}: head ${after[i]}, was ${expected.figures[i]}`]));
    const problems = [];
    for (const [i, pair] of pairs.entries()) {
      const ids = (await allPages(stack, `/api/chats/${pair.chatId}/messages`, stack.token(pair.clientId, 'client'), 'messages')).map((m) => m._id);
      if (new Set(ids).size !== ids.length) problems.push(`chat ${pair.label}: a message stored twice`);
      const missing = acked[i].filter((id) => !ids.includes(id));
      if (missing.length > 0) problems.push(`chat ${pair.label}: ${missing.length} acked messages missing`);
      if (ids.at(-1) !== after[i]?.split(' ')[0]) problems.push(`chat ${pair.label}: head ${after[i]}, last in the history ${ids.at(-1)}`);
    }
    const refused = /another projector has taken over/.test(frozen.log());
    report(`scale-out frozen projector: ${pairs.length} chats, ${acked.flat().length} messages acked; after it ran again `
      + `${takenBack.length} chats taken back, its late writes ${refused ? 'refused' : 'not refused'}`);
    assert.deepEqual(takenBack, []);
    assert.deepEqual(problems, []);
  } finally {
    stopping = true;
    pairs.forEach((pair) => pair.close());
    if (frozen.alive) frozen.resume();
    await frozen.kill();
  }
}));

/** Sends from the pair's client about every 100 ms until `stopped`, one attempt each, pushing the acked messages' ids. */
function sendPlainly(pair, stopped, acked) {
  let n = 0;
  return paced(stopped, 100, async () => {
    const ack = await emitAck(pair.client, 'send-message', { chatId: pair.chatId, content: `${pair.label} plain ${n++}`, messageType: 'text' }).catch(() => null);
    if (ack?.ok) acked.push(ack.message._id);
  });
}

/** Each pair's chat's head as its client's chat list shows it: the last message's id and content. */
async function lastMessages(pairs) {
  return Promise.all(pairs.map(async (pair) => {
    const response = await http(stack, 'GET', '/api/chats', stack.token(pair.clientId, 'client'));
    assert.equal(response.status, 200, JSON.stringify(response.body));
    const last = response.body.find((chat) => chat._id === pair.chatId)?.lastMessage;
    return last ? `${last._id} ${last.content}` : null;
  }));
}

test('kill -9 of a gateway: its users go offline within 30 s and carry on through the other gateway', { timeout: 180_000 }, () => guarded(async () => {
  const watcherId = newId();
  const users = [newId(), newId(), newId()];
  const watcher = socketOn(stack, watcherId, 'provider');
  const onGateway2 = users.map((id) => socketOn(gateway2, id, 'client'));
  const again = [];
  try {
    await Promise.all([watcher, ...onGateway2].map((s) => connected(s, 15_000)));
    const chats = [];
    for (const id of users) chats.push(await openChatBetween(stack, id, watcherId));
    await Promise.all(users.map(async (id) => {
      const deadline = Date.now() + 15_000;
      while (!(await isOnline(stack, id))) {
        if (Date.now() > deadline) throw new Error(`${id} never online`);
        await sleep(200);
      }
    }));

    const wentOffline = users.map((id) => next(watcher, 'user-status-changed', (s) => s.userId === id && s.isOnline === false, OFFLINE_WITHIN_MS + 5000));
    const killedAt = Date.now();
    await gateway2.kill();
    const offlineAt = await Promise.all(wentOffline.map((p) => p.then(() => Date.now())));
    const offlineAfterMs = Math.max(...offlineAt) - killedAt;
    for (const id of users) assert.equal(await isOnline(stack, id), false, `${id} still online after its gateway died`);
    assert.ok(offlineAfterMs <= OFFLINE_WITHIN_MS, `offline only after ${offlineAfterMs} ms`);

    // their clients reconnect to the other gateway (a load balancer's job) and carry on
    const reconnectedAt = Date.now();
    for (const id of users) again.push(socketOn(stack, id, 'client'));
    await Promise.all(again.map((s) => connected(s, 15_000)));
    const received = chats.map((chatId, i) => next(watcher, 'new-message', (m) => m.chat === chatId && m.content === `back ${i}`));
    await Promise.all(chats.map((chatId) => emitAck(watcher, 'join-chat', chatId)));
    for (let i = 0; i < users.length; i++) {
      const ack = await emitAck(again[i], 'send-message', { chatId: chats[i], content: `back ${i}`, messageType: 'text' });
      assert.equal(ack.ok, true, JSON.stringify(ack));
    }
    await Promise.all(received);
    for (const id of users) assert.equal(await isOnline(stack, id), true);
    report(`scale-out gateway kill -9: ${users.length} users offline (seen through gateway 1) ${offlineAfterMs} ms after the kill; `
      + `reconnected to gateway 1 and chatting again after ${Date.now() - reconnectedAt} ms`);
  } finally {
    watcher.close();
    [...onGateway2, ...again].forEach((s) => s.close());
  }
}));
