// Connection state recovery after a gateway dies: kill -9 of the gateway a client was on; it comes back on another.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import { SOCKET_URL, connectAs, token, userId, emitWithAck, eventually } from './helpers.mjs';
import {
  SECOND_WINDOW_MS, closeRecoverable, track, post, startSecondGateway, recoverableSocket, drop, chatWithRecoverableProvider, meanwhile,
  assertRecovered,
} from './recovery-helpers.mjs';

after(closeRecoverable);

test('a session whose gateway died (kill -9) is recovered on another gateway', { timeout: 180_000 }, async () => {
  const doomed = await startSecondGateway({ id: 'e2e-gateway-doomed', window: '24h' });
  try {
    const { provider, client, chatId } = await chatWithRecoverableProvider({ url: doomed.url });
    const sidBefore = provider.id;
    provider.io.reconnectionDelay(3_000);
    provider.io.reconnectionDelayMax(3_000);
    provider.io.uri = SOCKET_URL; // where its next attempt goes (a load balancer would pick a live gateway)
    const gone = new Promise((resolve) => provider.once('disconnect', resolve));
    const back = new Promise((resolve) => {
      provider.once('connect', () => resolve({ connected: true }));
      provider.once('connect_error', (error) => resolve({ connected: false, error }));
    });
    await doomed.kill();
    await gone;
    const since = provider.received.length;
    const expected = await meanwhile({ provider, client, chatId });
    const outcome = await back;
    assert.equal(outcome.connected, true, outcome.error?.message);
    assert.equal(provider.recovered, true);
    assert.equal(provider.id, sidBefore);
    await assertRecovered(provider, client, chatId, since, expected);
  } finally {
    await doomed.kill();
  }
});

