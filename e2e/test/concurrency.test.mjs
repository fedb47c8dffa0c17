import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { connectAs, closeAll, waitFor, emitWithAck } from './helpers.mjs';

after(closeAll);

const CLIENTS = 50;

test(`${CLIENTS} clients connecting at once on default transports can all emit and receive within 5 s`, async (t) => {
  const started = Date.now();
  const sockets = await Promise.all(Array.from({ length: CLIENTS }, async () => {
    const socket = await connectAs('client');
    const pushed = waitFor(socket, 'online-status', 5000, (s) => s.userId === socket.userId);
    const ack = await emitWithAck(socket, 'get-online-status', socket.userId);
    assert.equal(ack.ok, true);
    await pushed;
    return socket;
  }));
  const elapsed = Date.now() - started;
  t.diagnostic(`${CLIENTS} clients connected, emitted and received in ${elapsed} ms`);
  console.log(`${CLIENTS} clients connected, emitted and received in ${elapsed} ms`);
  assert.ok(elapsed < 5000, `took ${elapsed} ms`);

  // the upgrade race: every client must finish upgrading to websocket and keep working
  await new Promise((r) => setTimeout(r, 2000));
  const upgraded = sockets.filter((s) => s.io.engine.transport.name === 'websocket').length;
  assert.equal(upgraded, CLIENTS, `${upgraded} of ${CLIENTS} upgraded to websocket`);
  const again = Date.now();
  await Promise.all(sockets.map(async (socket) => {
    const pushed = waitFor(socket, 'online-status', 5000, (s) => s.userId === socket.userId);
    const ack = await emitWithAck(socket, 'get-online-status', socket.userId);
    assert.equal(ack.ok, true);
    assert.equal(ack.isOnline, true);
    assert.equal((await pushed).isOnline, true);
  }));
  t.diagnostic(`second round over websocket in ${Date.now() - again} ms`);
});
