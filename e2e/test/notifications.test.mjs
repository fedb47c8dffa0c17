import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { connectAs, token, userId, closeAll, waitFor, arrives, emitWithAck, fetchJson, ISO_MILLIS } from './helpers.mjs';

after(closeAll);

const service = token({ sub: 'billing-service', role: 'service' });
const jar = fileURLToPath(new URL('../../standalone/target/switchboard-standalone.jar', import.meta.url));

const create = (user, title, extra = {}) => fetchJson('/api/notifications', service, {
  method: 'POST',
  body: JSON.stringify({ userId: user, type: 'payment', title, message: `about ${title}`, data: { amount: 20 }, ...extra }),
});

async function joined(role = 'client', sub = userId()) {
  const socket = await connectAs(role, sub);
  const ack = await emitWithAck(socket, 'join-notifications', socket.userId);
  assert.equal(ack.ok, true);
  return socket;
}

test('a notification created through REST is pushed live in the contract shape', async () => {
  const socket = await joined();
  const pushed = waitFor(socket, 'new-notification');
  const response = await create(socket.userId, 'Paid');
  const notification = await pushed;
  assert.equal(response.status, 201);
  assert.deepEqual(Object.keys(notification).sort(), ['_id', 'createdAt', 'data', 'delivered', 'isRead', 'message', 'title', 'type', 'user']);
  assert.equal(notification._id, response.body._id);
  assert.equal(notification.user, socket.userId);
  assert.equal(notification.type, 'payment');
  assert.equal(notification.title, 'Paid');
  assert.equal(notification.message, 'about Paid');
  assert.deepEqual(notification.data, { amount: 20 });
  assert.equal(notification.isRead, false);
  assert.match(notification.createdAt, ISO_MILLIS);
});

// How fast is measured by bench/run.sh (docs/BENCHMARKS.md); these check the path works and report what they saw.
test('REST-created notifications reach a connected JS client within a second (median of 10, warm)', async (t) => {
  const socket = await joined();
  const latencies = [];
  for (let i = 0; i < 13; i++) {
    const pushed = waitFor(socket, 'new-notification', 5000, (n) => n.title === `n${i}`);
    const sent = performance.now();
    await create(socket.userId, `n${i}`);
    await pushed;
    if (i >= 3) latencies.push(performance.now() - sent); // the first three warm the path up
  }
  latencies.sort((a, b) => a - b);
  const median = latencies[Math.floor(latencies.length / 2)];
  const report = `REST -> new-notification on the JS client: median ${median.toFixed(1)} ms, max ${latencies.at(-1).toFixed(1)} ms (n=10)`;
  t.diagnostic(report);
  console.log(`notification latency ${report}`);
  assert.ok(median < 1000, report);
});

test('a notification published with the Java client library reaches a connected JS client within a second', async (t) => {
  const socket = await joined();
  const pushed = waitFor(socket, 'new-notification', 30_000);
  const { stdout } = await promisify(execFile)('java', ['-jar', jar, 'notify', '--user', socket.userId, '--type', 'chat',
    '--title', 'New message', '--message', 'Hi', '--service', 'e2e'], { env: process.env });
  const [id, publishedAt] = stdout.trim().split(/\s+/);
  const notification = await pushed;
  const latency = Date.now() - Number(publishedAt);
  t.diagnostic(`library publish → new-notification on the JS client: ${latency} ms`);
  console.log(`notification latency Java library -> JS client: ${latency} ms`);
  assert.equal(notification._id, id);
  assert.ok(latency < 1000, `${latency} ms`);
});

test('notifications created while offline are pushed oldest first on join-notifications and become delivered', async () => {
  const user = userId();
  const first = (await create(user, 'first')).body._id;
  const second = (await create(user, 'second')).body._id;
  const socket = await connectAs('client', user);
  const received = [];
  socket.on('new-notification', (n) => received.push(n));
  const ack = await emitWithAck(socket, 'join-notifications', user);
  assert.equal(ack.ok, true);
  await waitFor(socket, 'new-notification', 5000, () => received.length >= 2).catch(() => {});
  assert.deepEqual(received.map((n) => n._id), [first, second]);
  const stored = (await fetchJson('/api/notifications', token({ sub: user }))).body.notifications;
  assert.ok(stored.every((n) => n.delivered === true));
});

test('two devices both get notification-read, and unread counts follow read and read-all', async () => {
  const phone = await joined();
  const user = phone.userId;
  const laptop = await joined('client', user);
  const ids = [];
  for (const title of ['one', 'two', 'three']) {
    const pushed = waitFor(laptop, 'new-notification', 5000, (n) => n.title === title);
    ids.push((await create(user, title)).body._id);
    await pushed;
  }
  const countEvent = waitFor(phone, 'unread-count');
  assert.equal((await emitWithAck(phone, 'get-unread-count', user)).count, 3);
  assert.deepEqual(await countEvent, { count: 3 });

  const onLaptop = waitFor(laptop, 'notification-read');
  const onPhone = waitFor(phone, 'notification-read');
  assert.equal((await emitWithAck(phone, 'mark-notification-read', { notificationId: ids[0] })).ok, true);
  assert.deepEqual(await onLaptop, { notificationId: ids[0] });
  assert.deepEqual(await onPhone, { notificationId: ids[0] });
  assert.equal((await emitWithAck(laptop, 'get-unread-count', user)).count, 2);

  const allOnPhone = waitFor(phone, 'all-notifications-read');
  const all = await emitWithAck(laptop, 'mark-all-notifications-read', user);
  assert.equal(all.count, 2);
  assert.deepEqual(await allOnPhone, { userId: user, count: 2 });
  assert.equal((await emitWithAck(phone, 'get-unread-count', user)).count, 0);
});

test('another user\'s id or notification is refused on every notification event', async () => {
  const owner = userId();
  const theirs = (await create(owner, 'private')).body._id;
  const intruder = await connectAs('client');
  for (const [event, payload] of [['join-notifications', owner], ['mark-all-notifications-read', owner], ['get-unread-count', owner],
    ['mark-notification-read', { notificationId: theirs }]]) {
    const ack = await emitWithAck(intruder, event, payload);
    assert.equal(ack.ok, false, event);
    assert.equal(ack.error.code, 'FORBIDDEN', event);
  }
  const error = waitFor(intruder, 'socket-error');
  intruder.emit('join-notifications', owner);
  assert.equal((await error).code, 'FORBIDDEN');
  assert.equal(await arrives(intruder, 'new-notification', 300), false);
});

test('only a service token may create notifications; invalid ones are 400', async () => {
  const user = userId();
  const asUser = await fetchJson('/api/notifications', token({ sub: user }), { method: 'POST', body: JSON.stringify({ userId: user, type: 't', title: 't', message: 'm' }) });
  assert.equal(asUser.status, 403);
  assert.equal(asUser.body.error.code, 'FORBIDDEN');
  const invalid = await fetchJson('/api/notifications', service, { method: 'POST', body: JSON.stringify({ userId: user, type: 't' }) });
  assert.equal(invalid.status, 400);
  assert.equal(invalid.body.error.code, 'BAD_REQUEST');
  const notJson = await fetchJson('/api/notifications', service, { method: 'POST', body: '{oops' });
  assert.equal(notJson.status, 400);
});

test('the same idempotency key twice creates one notification', async () => {
  const user = userId();
  const a = await create(user, 'once', { idempotencyKey: 'k-1' });
  const b = await create(user, 'once', { idempotencyKey: 'k-1' });
  assert.equal(a.status, 201);
  assert.equal(b.status, 200);
  assert.equal(b.body._id, a.body._id);
  assert.equal((await fetchJson('/api/notifications', token({ sub: user }))).body.notifications.length, 1);
});
