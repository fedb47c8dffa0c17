// Connection state recovery across gateway processes: a client that comes back to another gateway is recovered the
// same way; a gap within RECOVERY_WINDOW is recovered, one beyond it gets a new session (the second gateway's window is
// made short through the setting).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import { SOCKET_URL, connectAs, token, userId, emitWithAck, eventually } from './helpers.mjs';
import {
  SECOND_WINDOW_MS, closeRecoverable, track, post, startSecondGateway, recoverableSocket, drop, chatWithRecoverableProvider, meanwhile,
  assertRecovered,
} from './recovery-helpers.mjs';

let second;
after(async () => {
  closeRecoverable();
  if (second) await second.stop();
});

test('a session recovered on another gateway process gets the same packets', { timeout: 180_000 }, async () => {
  second = second ?? await startSecondGateway();
  const { provider, client, chatId } = await chatWithRecoverableProvider();
  const sidBefore = provider.id;
  const away = drop(provider, 3_000, { url: second.url });
  await away.gone;
  const since = provider.received.length;
  const expected = await meanwhile({ provider, client, chatId });
  const back = await away.back;
  assert.equal(back.connected, true, back.error?.message);
  assert.equal(provider.recovered, true);
  assert.equal(provider.id, sidBefore);
  await assertRecovered(provider, client, chatId, since, expected);
  // and it counts as connected again
  const status = await emitWithAck(client, 'get-online-status', provider.userId);
  assert.equal(status.isOnline, true);
});


test('a gap of seconds is recovered within RECOVERY_WINDOW; beyond it the client gets a clean new session', { timeout: 180_000 }, async () => {
  second = second ?? await startSecondGateway();
  const within = await chatWithRecoverableProvider({ url: second.url });
  let away = drop(within.provider, SECOND_WINDOW_MS / 2);
  await away.gone;
  let since = within.provider.received.length;
  const expected = await meanwhile(within);
  assert.equal((await away.back).connected, true);
  assert.equal(within.provider.recovered, true, `recovered after ${SECOND_WINDOW_MS / 2} ms away`);
  await assertRecovered(within.provider, within.client, within.chatId, since, expected);

  const beyond = await chatWithRecoverableProvider({ url: second.url });
  const sidBefore = beyond.provider.id;
  away = drop(beyond.provider, SECOND_WINDOW_MS + 2_000);
  await away.gone;
  since = beyond.provider.received.length;
  await emitWithAck(beyond.client, 'send-message', { chatId: beyond.chatId, content: 'missed for good' });
  assert.equal((await away.back).connected, true);
  assert.equal(beyond.provider.recovered, false);
  assert.notEqual(beyond.provider.id, sidBefore, 'a new session');
  await emitWithAck(beyond.client, 'send-message', { chatId: beyond.chatId, content: 'not in the room any more' });
  await new Promise((r) => setTimeout(r, 1_000));
  assert.deepEqual(beyond.provider.received.slice(since).filter((r) => r.event === 'new-message'), [], 'nothing replayed, no rooms restored');
});

