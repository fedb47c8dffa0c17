// Waits (up to 60 s) for the freshly launched stack to accept a socket and prints how long it took.
import { io } from 'socket.io-client';
import { token, userId } from './test/helpers.mjs';

// measured from the moment run.sh launched the jar, not from this script's start
const started = Number(process.env.STACK_LAUNCHED_AT_MS) || Date.now();
const deadline = started + 60_000;
while (Date.now() < deadline) {
  const accepted = await new Promise((resolve) => {
    const socket = io(process.env.SOCKET_URL, { auth: { token: token({ sub: userId(), role: 'client' }) }, reconnection: false, forceNew: true, timeout: 1000 });
    socket.on('connect', () => { socket.close(); resolve(true); });
    socket.on('connect_error', () => { socket.close(); resolve(false); });
  });
  if (accepted) {
    console.log(`first socket accepted after ${Date.now() - started} ms`);
    process.exit(0);
  }
  await new Promise((r) => setTimeout(r, 200));
}
console.error('the stack accepted no socket within 60 s');
process.exit(1);
