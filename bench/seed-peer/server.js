// The seed's own design, as the benchmark's comparison peer: socket.io 4.x and the official mongodb driver, no log.
// Per send-message it awaits the insert of the message (the seed's Message.create), then awaits the update of the
// chat's lastMessage, then emits new-message to the chat's room and acks, as the seed did. Connections authenticate
// as the contract says (an HS256 JWT from the handshake's auth.token, the token query parameter or a Bearer header).
//
//   node server.js PORT MONGODB_URI DATABASE      (JWT_SECRET from the environment)
const crypto = require('crypto');
const { Server } = require('socket.io');
const { MongoClient, ObjectId } = require('mongodb');

const port = Number(process.argv[2] || 5200);
const uri = process.argv[3] || 'mongodb://127.0.0.1:27017';
const database = process.argv[4] || 'seed_bench';
const secret = process.env.JWT_SECRET;
if (!secret) {
  console.error('JWT_SECRET is required');
  process.exit(2);
}

function base64url(buffer) {
  return buffer.toString('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

/** The token's claims when it is an HS256 JWT signed with the secret and not expired; otherwise null. */
function verify(token) {
  if (typeof token !== 'string') return null;
  const parts = token.trim().split('.');
  if (parts.length !== 3) return null;
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    if (header.alg !== 'HS256') return null;
    const expected = Buffer.from(base64url(crypto.createHmac('sha256', secret).update(parts[0] + '.' + parts[1]).digest()));
    const actual = Buffer.from(parts[2]);
    if (expected.length !== actual.length || !crypto.timingSafeEqual(expected, actual)) return null;
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    if (typeof claims.sub !== 'string' || typeof claims.role !== 'string') return null;
    if (typeof claims.exp === 'number' && claims.exp * 1000 <= Date.now()) return null;
    return claims;
  } catch (e) {
    return null;
  }
}

function tokenOf(handshake) {
  if (handshake.auth && handshake.auth.token) return handshake.auth.token;
  if (handshake.query && handshake.query.token) return handshake.query.token;
  const header = handshake.headers && handshake.headers.authorization;
  return header && header.startsWith('Bearer ') ? header.substring(7) : undefined;
}

async function main() {
  const client = new MongoClient(uri);
  await client.connect();
  const db = client.db(database);
  const messages = db.collection('messages');
  const chats = db.collection('chats');

  const io = new Server(port, { cors: { origin: false }, maxHttpBufferSize: 1e6 });
  io.use((socket, next) => {
    const claims = verify(tokenOf(socket.handshake));
    if (!claims) return next(new Error('unauthorized'));
    socket.data.user = { _id: claims.sub, fullName: claims.name || null, profilePhoto: { url: claims.picture || null }, role: claims.role };
    next();
  });

  io.on('connection', (socket) => {
    const user = socket.data.user;
    socket.join(user._id);

    // The bench opens its chats here (the seed opened them over REST): the chat document exists before any message.
    socket.on('join-chat', async (chatId, ack) => {
      try {
        await chats.updateOne({ _id: new ObjectId(chatId) },
          { $addToSet: { participants: user._id }, $setOnInsert: { createdAt: new Date() } }, { upsert: true });
        socket.join(chatId);
        if (typeof ack === 'function') ack({ ok: true });
      } catch (e) {
        if (typeof ack === 'function') ack({ ok: false, error: { code: 'BAD_REQUEST', message: String(e.message) } });
      }
    });

    socket.on('send-message', async (data, ack) => {
      try {
        const chatId = data && data.chatId;
        const message = {
          chat: new ObjectId(chatId),
          sender: user._id,
          content: data.content,
          messageType: data.messageType || 'text',
          media: data.media || [],
          clientMessageId: data.clientMessageId || null,
          delivered: false,
          deliveredAt: null,
          isRead: false,
          readAt: null,
          createdAt: new Date(),
        };
        const inserted = await messages.insertOne(message);
        await chats.updateOne({ _id: message.chat }, { $set: { lastMessage: inserted.insertedId, updatedAt: message.createdAt } });
        const wire = { ...message, _id: inserted.insertedId.toHexString(), chat: chatId, sender: user };
        io.to(chatId).emit('new-message', wire);
        if (typeof ack === 'function') ack({ ok: true, message: wire });
      } catch (e) {
        if (typeof ack === 'function') ack({ ok: false, error: { code: 'INTERNAL', message: String(e.message) } });
      }
    });
  });
  console.log(`seed-design peer listening on ${port}, store ${uri} database ${database}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
