// Minimal socket.io 4.x server doing the same fan-out as the benchmark's Switchboard scenario (the generator sends it
// a payload shaped like new-support-message):
// clients join a room; a sender's broadcast is emitted to every member of the room. No persistence.
const { Server } = require('socket.io');
const port = Number(process.argv[2] || 5100);
const io = new Server(port, { cors: { origin: false }, maxHttpBufferSize: 1e6 });
io.on('connection', (socket) => {
  socket.on('join', (room, ack) => { socket.join(room); if (typeof ack === 'function') ack({ ok: true }); });
  socket.on('broadcast', (msg, ack) => {
    io.to(msg.room).emit('message', msg.payload);
    if (typeof ack === 'function') ack({ ok: true });
  });
});
console.log(`node socket.io peer listening on ${port}`);
