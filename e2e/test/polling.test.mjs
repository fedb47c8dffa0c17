import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect, token, userId, closeAll } from './helpers.mjs';

after(closeAll);

// netty-socketio answers a poll with at most 50 packets; it used to drop the one after them (every 51st)
test('a polling-only client that emits 300 acked events at once gets every ack and every pushed event', async () => {
  const sub = userId();
  const socket = await connect({ transports: ['polling'], auth: { token: token({ sub, role: 'client' }) } });
  let pushed = 0;
  socket.on('online-status', () => { pushed++; });
  const acks = await Promise.all(Array.from({ length: 300 }, () => socket.timeout(20_000).emitWithAck('get-online-status', sub)));
  assert.equal(acks.filter((ack) => ack.ok === true).length, 300);
  const deadline = Date.now() + 10_000;
  while (pushed < 300 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.equal(pushed, 300, 'every online-status push arrived');
  assert.equal(socket.io.engine.transport.name, 'polling');
});
