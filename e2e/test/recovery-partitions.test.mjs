// Connection state recovery on topics with more partitions than the default six (KAFKA_PARTITIONS=12, as a cluster
// that runs more projectors has): a stack of its own, with the official client, and chats spread over every partition.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { Stack } from '../crash/stack.mjs';
import { token, userId, emitWithAck, eventually, connectAs, fetchJson } from './helpers.mjs';
import { closeRecoverable, recoverableSocket, drop } from './recovery-helpers.mjs';

/** Enough chats that some land beyond the sixth partition of twelve (all sixteen in the first six: one run in 65,536). */
const CHATS = 16;
let stack;
after(async () => {
  closeRecoverable();
  await stack?.dispose();
});

async function createChat(clientId, providerId) {
  return eventually(async () => {
    const response = await fetchJson('/api/chats', token({ sub: clientId, role: 'client' }), {
      method: 'POST', body: JSON.stringify({ participantId: providerId }),
    }, stack.httpUrl);
    return response.status < 300 && response.body._id;
  });
}

test('with twelve partitions a recovered session gets what it missed in every one of them, once and in order', { timeout: 240_000 }, async () => {
  stack = await Stack.create('partitions');
  stack.secret = process.env.JWT_SECRET; // the helpers' tokens
  await stack.start({ KAFKA_PARTITIONS: '12' });
  assert.match(fs.readFileSync(stack.run.logFile, 'utf8'), /room topics: .*switchboard\.chat\.updates 12/);

  const provider = await recoverableSocket(userId(), 'provider', { url: stack.socketUrl });
  // one chat per pair of users: a client each
  const chats = [];
  for (let i = 0; i < CHATS; i++) {
    const client = await connectAs('client', userId(), { url: stack.socketUrl });
    const chatId = await createChat(client.userId, provider.userId);
    assert.equal((await emitWithAck(provider, 'join-chat', chatId)).ok, true);
    chats.push({ chatId, client });
  }
  const before = await emitWithAck(chats[0].client, 'send-message', { chatId: chats[0].chatId, content: 'before the drop' });
  await eventually(() => provider.received.some((r) => r.event === 'new-message' && r.payload._id === before.message._id));

  const away = drop(provider, 2_000);
  await away.gone;
  const since = provider.received.length;
  const missed = [];
  for (const round of [1, 2]) {
    for (const { chatId, client } of chats) {
      const ack = await emitWithAck(client, 'send-message', { chatId, content: `missed ${round}` });
      assert.equal(ack.ok, true);
      missed.push(ack.message._id);
    }
  }
  const back = await away.back;
  assert.equal(back.connected, true, back.error?.message);
  assert.equal(provider.recovered, true);

  const live = await emitWithAck(chats.at(-1).client, 'send-message', { chatId: chats.at(-1).chatId, content: 'live after the recovery' });
  await eventually(() => provider.received.some((r) => r.event === 'new-message' && r.payload._id === live.message._id), 15_000);
  await new Promise((r) => setTimeout(r, 500)); // anything sent twice shows up
  const got = provider.received.slice(since).filter((r) => r.event === 'new-message').map((r) => r.payload);
  assert.deepEqual(got.map((m) => m._id).sort(), [...missed, live.message._id].sort(), 'every missed message once, then the live one');
  assert.equal(got.at(-1)._id, live.message._id, 'the replay before the live packet');
  for (const { chatId } of chats) {
    assert.deepEqual(got.filter((m) => m.chat === chatId && m._id !== live.message._id).map((m) => m.content), ['missed 1', 'missed 2'],
      `chat ${chatId} in order`);
  }
});

test('an offset made for six partitions gets a new session there, with nothing replayed', { timeout: 60_000 }, async () => {
  assert.ok(stack?.alive, 'the stack of the test above');
  const provider = await recoverableSocket(userId(), 'provider', { url: stack.socketUrl });
  const client = await connectAs('client', userId(), { url: stack.socketUrl });
  const chatId = await createChat(client.userId, provider.userId);
  assert.equal((await emitWithAck(provider, 'join-chat', chatId)).ok, true);
  const sidBefore = provider.id;
  const away = drop(provider, 1_000);
  await away.gone;
  provider._lastOffset = Array(30).fill('0').join('.'); // a cut of the default layout: 5 room topics of 6 partitions
  const since = provider.received.length;
  assert.equal((await emitWithAck(client, 'send-message', { chatId, content: 'sent while away' })).ok, true);
  assert.equal((await away.back).connected, true);
  assert.equal(provider.recovered, false);
  assert.notEqual(provider.id, sidBefore);
  await new Promise((r) => setTimeout(r, 500));
  assert.deepEqual(provider.received.slice(since).filter((r) => r.event === 'new-message'), [], 'nothing replayed');
});
