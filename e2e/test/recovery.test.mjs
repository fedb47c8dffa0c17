// Socket.IO v4 connection state recovery on one gateway, with the official client: the transport drops
// (socket.io.engine.close()), things happen meanwhile, the client reconnects by itself and gets every room packet it
// missed, exactly once, in order, before live ones; and the attempts that must not recover.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import { SOCKET_URL, connectAs, token, userId, emitWithAck, eventually, fetchJson, waitFor, ISO_MILLIS } from './helpers.mjs';
import {
  SECOND_WINDOW_MS, closeRecoverable, track, post, startSecondGateway, recoverableSocket, drop, chatWithRecoverableProvider, meanwhile,
  assertRecovered, halfOpeningProxy,
} from './recovery-helpers.mjs';

after(closeRecoverable);

for (const [transports, tokenIn] of [[['websocket'], 'auth'], [['polling'], 'auth'], [['websocket'], 'query']]) {
  test(`a dropped ${transports[0]} transport (token in ${tokenIn}) comes back recovered: same sid, rooms, every missed room packet once and in order, then live ones`, async () => {
    const { provider, client, chatId } = await chatWithRecoverableProvider({ transports, tokenIn });
    const sidBefore = provider.id;
    const away = drop(provider, 3_000);
    await away.gone;
    const since = provider.received.length;
    const expected = await meanwhile({ provider, client, chatId });
    const back = await away.back;
    assert.equal(back.connected, true, back.error?.message);
    assert.equal(provider.recovered, true);
    assert.equal(provider.id, sidBefore, 'the same sid');
    await assertRecovered(provider, client, chatId, since, expected);
  });
}


for (const transports of [['websocket'], ['polling']]) {
  test(`messages a recovered ${transports[0]} session got in its replay are recorded delivered, and the sender is told`, async () => {
    const { provider, client, chatId } = await chatWithRecoverableProvider({ transports });
    const away = drop(provider, 3_000);
    await away.gone;
    // the client's disconnect comes before the server's: on polling the close travels in a request of its own
    await eventually(async () => !(await fetchJson(`/api/users/${provider.userId}/presence`, token({ sub: client.userId }))).body.isOnline);
    const missed = [];
    for (const content of ['are you there?', 'hello?']) {
      const ack = await emitWithAck(client, 'send-message', { chatId, content });
      assert.equal(ack.message.delivered, false, 'nobody of the receiver was connected');
      missed.push(ack.message._id);
    }
    const told = new Promise((resolve) => client.on('messages-delivered', (body) => {
      if (missed.every((id) => body.messageIds.includes(id))) resolve(body);
    }));
    assert.equal((await away.back).connected, true);
    assert.equal(provider.recovered, true);
    assert.deepEqual(await told, { chatId, userId: provider.userId, messageIds: (await told).messageIds });
    const history = await fetchJson(`/api/chats/${chatId}/messages`, token({ sub: client.userId, role: 'client' }));
    for (const id of missed) {
      const message = history.body.messages.find((m) => m._id === id);
      assert.equal(message.delivered, true, id);
      assert.match(message.deliveredAt, ISO_MILLIS);
    }
  });
}

test('a connection left half-open by a network change is closed once its session is recovered, so leaving shows at once', async () => {
  const proxy = await halfOpeningProxy(Number(new URL(SOCKET_URL).port));
  const watcher = await connectAs('client');
  const phone = await recoverableSocket(userId(), 'provider', { url: proxy.url });
  const opened = await eventually(async () => {
    const response = await post('/api/chats', token({ sub: watcher.userId, role: 'client' }), { participantId: phone.userId });
    return response.status < 300 && response;
  });
  assert.ok(opened.body._id);
  const back = new Promise((resolve) => phone.once('connect', resolve));
  const { serverSideClosed } = proxy.networkChange();
  await back;
  assert.equal(phone.recovered, true);
  const closedBy = await Promise.race([serverSideClosed.then(() => 'the server'), new Promise((resolve) => setTimeout(() => resolve('nobody'), 10_000))]);
  assert.equal(closedBy, 'the server', 'the left-behind connection is closed at once, not after the ping timeout (45 s)');
  const offline = waitFor(watcher, 'user-status-changed', 10_000, (body) => body.userId === phone.userId && !body.isOnline);
  phone.close();
  await offline;
});

test('an admin\'s ticket room and support dashboard come back with every missed support packet, once each', async () => {
  const owner = userId();
  const opened = await post('/api/support/tickets', token({ sub: owner, role: 'client', name: 'John Doe' }), { subject: 'Payment', message: 'Hello' });
  assert.equal(opened.status, 201);
  const ticketId = opened.body._id;
  const admin = await recoverableSocket(userId(), 'admin');
  assert.equal((await emitWithAck(admin, 'join-support-dashboard')).ok, true);
  assert.equal((await emitWithAck(admin, 'join-support-ticket', { ticketId })).ok, true);
  const ownerSocket = await connectAs('client', owner);
  assert.equal((await emitWithAck(ownerSocket, 'join-support-ticket', { ticketId })).ok, true);
  const first = await emitWithAck(ownerSocket, 'support-message', { ticketId, content: 'before the drop' });
  await eventually(() => admin.received.some((r) => r.event === 'new-support-message' && r.payload.data._id === first.message._id));

  const away = drop(admin, 3_000);
  await away.gone;
  const since = admin.received.length;
  const expected = [];
  for (let i = 1; i <= 3; i++) {
    const ack = await emitWithAck(ownerSocket, 'support-message', { ticketId, content: `missed ${i}` });
    assert.equal(ack.ok, true);
    expected.push(['new-support-message', ack.message._id]);
  }
  assert.equal((await emitWithAck(ownerSocket, 'support-typing-start', { ticketId })).ok, true);
  expected.push(['support-user-typing', 'true']);
  assert.equal((await emitWithAck(ownerSocket, 'support-typing-stop', { ticketId })).ok, true);
  expected.push(['support-user-typing', 'false']);
  assert.equal((await away.back).connected, true);
  assert.equal(admin.recovered, true);

  const live = await emitWithAck(ownerSocket, 'support-message', { ticketId, content: 'live' });
  await eventually(() => admin.received.some((r) => r.event === 'new-support-message' && r.payload.data._id === live.message._id), 15_000);
  await new Promise((r) => setTimeout(r, 500));
  const got = admin.received.slice(since)
    .filter((r) => (r.event === 'new-support-message' && r.payload.data.ticket === ticketId) || (r.event === 'support-user-typing' && r.payload.ticketId === ticketId))
    .map((r) => (r.event === 'new-support-message' ? [r.event, r.payload.data._id] : [r.event, String(r.payload.isTyping)]));
  assert.deepEqual(got, [...expected, ['new-support-message', live.message._id]], 'in the ticket room and on the dashboard, but once');
});

test('an admin who comes back with a client token gets a new session: the dashboard is not kept, nothing is replayed', async () => {
  const adminId = userId();
  const admin = await recoverableSocket(adminId, 'admin');
  assert.equal((await emitWithAck(admin, 'join-support-dashboard')).ok, true);
  const away = drop(admin, 1_000, { auth: { token: token({ sub: adminId, role: 'client' }) } });
  await away.gone;
  const since = admin.received.length;
  const owner = userId();
  const missed = await post('/api/support/tickets', token({ sub: owner, role: 'client', name: 'Jane Roe' }), { subject: 'While away', message: 'Hi' });
  assert.equal(missed.status, 201);
  const back = await away.back;
  assert.equal(back.connected, true, back.error?.message);
  assert.equal(admin.recovered, false, 'a new session');
  const live = await post('/api/support/tickets', token({ sub: owner, role: 'client', name: 'Jane Roe' }), { subject: 'After', message: 'Hi' });
  assert.equal(live.status, 201);
  await new Promise((r) => setTimeout(r, 1_000));
  assert.deepEqual(admin.received.slice(since).filter((r) => r.event.startsWith('support-')).map((r) => r.event), [],
    'neither the missed nor the live dashboard event reaches a client');
  assert.equal((await emitWithAck(admin, 'join-support-dashboard')).error.code, 'FORBIDDEN');
});

test('a recovery with another user\'s token, or an expired one, is refused and nothing is replayed', async () => {
  const attempts = {
    'another user\'s token': () => ({ token: token({ sub: userId(), role: 'provider' }) }),
    'an expired token': (provider) => ({ token: token({ sub: provider.userId, role: 'provider', expiresIn: -10 }) }),
  };
  for (const [name, auth] of Object.entries(attempts)) {
    const { provider, client, chatId } = await chatWithRecoverableProvider();
    const away = drop(provider, 1_000, { auth: auth(provider) });
    await away.gone;
    const since = provider.received.length;
    await emitWithAck(client, 'send-message', { chatId, content: 'not for an impostor' });
    const back = await away.back;
    assert.equal(back.connected, false, name);
    assert.equal(back.error.message, 'unauthorized', name);
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(provider.received.slice(since), [], `${name}: nothing replayed`);
    provider.close();
  }
});


test('an unknown pid, or an offset that is not one of ours, gets a new session with nothing replayed', async () => {
  const stranger = io(SOCKET_URL, { auth: { token: token({ sub: userId(), role: 'client' }) }, transports: ['websocket'], forceNew: true, autoConnect: false });
  track(stranger);
  stranger._pid = 'AAAAAAAAAAAAAAAAAAAAAA'; // what the client would send after a connect it never had
  stranger._lastOffset = '0';
  stranger.connect();
  await new Promise((resolve, reject) => { stranger.once('connect', resolve); stranger.once('connect_error', reject); });
  assert.equal(stranger.recovered, false);
  assert.notEqual(stranger._pid, 'AAAAAAAAAAAAAAAAAAAAAA', 'a new pid');

  const { provider, client, chatId } = await chatWithRecoverableProvider();
  const sidBefore = provider.id;
  const away = drop(provider, 1_000);
  await away.gone;
  provider._lastOffset = 'not-an-offset';
  const since = provider.received.length;
  await emitWithAck(client, 'send-message', { chatId, content: 'sent while away' });
  assert.equal((await away.back).connected, true);
  assert.equal(provider.recovered, false);
  assert.notEqual(provider.id, sidBefore);
  await new Promise((r) => setTimeout(r, 500));
  assert.deepEqual(provider.received.slice(since).filter((r) => r.event === 'new-message'), [], 'nothing replayed');
});


test('a client that got only the first of a message\'s two packets gets the second, and nothing before it, again', async () => {
  const { provider, client, chatId } = await chatWithRecoverableProvider();
  const edge = await emitWithAck(client, 'send-message', { chatId, content: 'the edge' });
  await eventually(() => provider.received.some((r) => r.event === 'message-notification' && r.payload.message._id === edge.message._id));
  const firstPacket = provider.received.find((r) => r.event === 'new-message' && r.payload._id === edge.message._id);
  const away = drop(provider, 2_000);
  await away.gone;
  provider._lastOffset = firstPacket.offset; // as if the transport had dropped between the two packets
  const since = provider.received.length;
  const next = await emitWithAck(client, 'send-message', { chatId, content: 'after the edge' });
  assert.equal((await away.back).connected, true);
  assert.equal(provider.recovered, true);
  await eventually(() => provider.received.slice(since).some((r) => r.event === 'message-notification' && r.payload.message._id === next.message._id));
  await new Promise((r) => setTimeout(r, 500));
  const got = provider.received.slice(since).filter((r) => ['new-message', 'message-notification'].includes(r.event))
    .map((r) => [r.event, r.event === 'new-message' ? r.payload._id : r.payload.message._id]);
  assert.deepEqual(got, [
    ['message-notification', edge.message._id],
    ['new-message', next.message._id], ['message-notification', next.message._id],
  ]);
});
