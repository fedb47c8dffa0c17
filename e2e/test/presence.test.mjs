import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { connectAs, token, userId, closeAll, waitFor, arrives, emitWithAck, fetchJson, eventually, ISO_MILLIS } from './helpers.mjs';

after(closeAll);

const reader = token({ sub: userId(), role: 'client' });
const presence = async (id) => (await fetchJson(`/api/users/${id}/presence`, reader)).body;

/** A device whose process a test can kill -9: resolves once it is connected. */
function deviceProcess(bearer, transports) {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./device-process.mjs', import.meta.url)), bearer, transports],
    { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (data) => { if (String(data).includes('READY')) resolve(child); });
    child.once('exit', (code) => reject(new Error(`device process exited with ${code}`)));
  });
}

// (a long-polling device killed between two polls shows offline at the ping timeout, 45 s: docs/PROTOCOL.md section 6)
for (const transports of ['websocket']) {
  test(`a ${transports} device whose process is killed shows offline within seconds, and what is sent to it then is not delivered`, async () => {
    const provider = await connectAs('provider');
    const clientId = userId();
    const bearer = token({ sub: clientId, role: 'client' });
    const device = await deviceProcess(bearer, transports);
    const opened = await eventually(async () => {
      const response = await fetchJson('/api/chats', bearer, { method: 'POST', body: JSON.stringify({ participantId: provider.userId }) });
      return response.status < 300 && response;
    });
    await eventually(async () => (await presence(clientId)).isOnline);
    const offline = waitFor(provider, 'user-status-changed', 10_000, (body) => body.userId === clientId && !body.isOnline);
    const killedAt = Date.now();
    device.kill('SIGKILL');
    await offline;
    assert.ok(Date.now() - killedAt < 10_000);
    const sent = await emitWithAck(provider, 'send-message', { chatId: opened.body._id, content: 'to a dead phone' });
    assert.equal(sent.message.delivered, false);
  });
}

test('a connected user is online, and offline with lastActive once the connection closes', async () => {
  const socket = await connectAs('client');
  const id = socket.userId;
  const online = await eventually(async () => { const p = await presence(id); return p.isOnline && p; });
  assert.deepEqual(Object.keys(online).sort(), ['isOnline', 'lastActive', 'userId']);
  assert.equal(online.userId, id);
  assert.equal(online.isOnline, true);
  assert.match(online.lastActive, ISO_MILLIS);

  socket.close();
  const offline = await eventually(async () => { const p = await presence(id); return !p.isOnline && p; });
  assert.match(offline.lastActive, ISO_MILLIS);
  assert.ok(offline.lastActive >= online.lastActive);
});

test('two connections of one user keep them online until both close', async () => {
  const phone = await connectAs('provider');
  const laptop = await connectAs('provider', phone.userId);
  const id = phone.userId;
  await eventually(async () => (await presence(id)).isOnline);

  phone.close();
  assert.equal(await arrives(laptop, 'user-status-changed', 1500, (s) => s.isOnline === false), false);
  assert.equal((await presence(id)).isOnline, true);

  laptop.close();
  const offline = await eventually(async () => { const p = await presence(id); return !p.isOnline && p; });
  assert.equal(offline.userId, id);
  assert.match(offline.lastActive, ISO_MILLIS);
});

test('appearing offline and back is pushed to the user\'s other devices', async () => {
  const phone = await connectAs('client');
  const id = phone.userId;
  const laptop = await connectAs('client', id);
  await eventually(async () => (await presence(id)).isOnline);

  const offlinePush = waitFor(laptop, 'user-status-changed', 5000, (s) => s.isOnline === false);
  const ack = await emitWithAck(phone, 'set-online-status', { userId: id, isOnline: false });
  assert.equal(ack.ok, true);
  const offline = await offlinePush;
  assert.deepEqual(Object.keys(offline).sort(), ['isOnline', 'lastActive', 'userId']);
  assert.equal(offline.userId, id);
  assert.match(offline.lastActive, ISO_MILLIS);
  assert.equal((await presence(id)).isOnline, false);

  const onlinePush = waitFor(laptop, 'user-status-changed', 5000, (s) => s.isOnline === true);
  const backAck = await emitWithAck(phone, 'set-online-status', { userId: id, isOnline: true });
  assert.equal(backAck.ok, true);
  const online = await onlinePush;
  assert.equal(online.userId, id);
  assert.equal(online.lastActive, offline.lastActive, 'going back online keeps lastActive');
});

test('get-online-status answers the asker with online-status and the ack', async () => {
  const watched = await connectAs('provider');
  const asker = await connectAs('client');
  await eventually(async () => (await presence(watched.userId)).isOnline);

  const pushed = waitFor(asker, 'online-status');
  const ack = await emitWithAck(asker, 'get-online-status', watched.userId);
  assert.equal(ack.ok, true);
  assert.equal(ack.isOnline, true);
  const status = await pushed;
  assert.deepEqual(status, { userId: watched.userId, isOnline: true, lastActive: status.lastActive });
  assert.match(status.lastActive, ISO_MILLIS);
  assert.equal(await arrives(watched, 'online-status', 500), false, 'only the asker is answered');
});

test('get-online-status of a never-seen user says offline with no lastActive', async () => {
  const asker = await connectAs('client');
  const ack = await emitWithAck(asker, 'get-online-status', userId());
  assert.equal(ack.ok, true);
  assert.equal(ack.isOnline, false);
  assert.equal(ack.lastActive, null);
});

test('user-join with the own id is acknowledged', async () => {
  const socket = await connectAs('client');
  const ack = await emitWithAck(socket, 'user-join', socket.userId);
  assert.equal(ack.ok, true);
});

test('user-join with someone else\'s id is FORBIDDEN by ack, and by socket-error without ack', async () => {
  const socket = await connectAs('client');
  const ack = await emitWithAck(socket, 'user-join', userId());
  assert.equal(ack.ok, false);
  assert.equal(ack.error.code, 'FORBIDDEN');
  assert.ok(ack.error.message.length > 0);

  const error = waitFor(socket, 'socket-error');
  socket.emit('user-join', userId());
  assert.deepEqual(await error, { event: 'user-join', code: 'FORBIDDEN', message: ack.error.message });
});

test('set-online-status for someone else is FORBIDDEN and changes nothing', async () => {
  const victim = await connectAs('client');
  const attacker = await connectAs('client');
  await eventually(async () => (await presence(victim.userId)).isOnline);
  const ack = await emitWithAck(attacker, 'set-online-status', { userId: victim.userId, isOnline: false });
  assert.equal(ack.error.code, 'FORBIDDEN');
  assert.equal((await presence(victim.userId)).isOnline, true);
});

test('malformed presence payloads are BAD_REQUEST', async () => {
  const socket = await connectAs('client');
  for (const payload of [{ userId: socket.userId, isOnline: 'yes' }, 'offline', { isOnline: true }]) {
    const ack = await emitWithAck(socket, 'set-online-status', payload);
    assert.equal(ack.ok, false);
    assert.equal(ack.error.code, 'BAD_REQUEST', JSON.stringify(payload));
  }
  const noId = await emitWithAck(socket, 'get-online-status', {});
  assert.equal(noId.error.code, 'BAD_REQUEST');
});

test('presence REST refuses a caller without token with a JSON 401', async () => {
  const response = await fetchJson(`/api/users/${userId()}/presence`, null);
  assert.equal(response.status, 401);
  assert.deepEqual(Object.keys(response.body), ['error']);
  assert.equal(response.body.error.code, 'UNAUTHORIZED');
  assert.equal(typeof response.body.error.message, 'string');
  assert.ok(response.body.error.message.length > 0);
});
