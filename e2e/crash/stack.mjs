// A standalone stack that the crash tests can kill -9 and start again on the same data.
//
// Like e2e/run.sh, it runs `java -jar <jar>` on free loopback ports, but the ports, the DATA_DIR, the JWT secret and
// the gateway id are chosen ONCE per Stack and reused on every start, so a restart finds its Kafka log and its store
// where the killed run left them, and clients reconnect to the same URLs. Each run's output goes to its own log file
// (printed by dumpLogs() when a test fails). Children are always killed when this process exits, even on failure.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { io } from 'socket.io-client';
import jwt from 'jsonwebtoken';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const E2E = path.resolve(HERE, '..');
/** `SWITCHBOARD_JAR`, relative to the current directory; by default ../standalone/target/switchboard-standalone.jar from e2e/. */
export const JAR = process.env.SWITCHBOARD_JAR
  ? path.resolve(process.env.SWITCHBOARD_JAR)
  : path.resolve(E2E, '..', 'standalone', 'target', 'switchboard-standalone.jar');
/** The gateway and projector jars, for processes that join a running stack (scale-out tests). */
export const GATEWAY_JAR = path.resolve(E2E, '..', 'gateway', 'target', 'switchboard-gateway.jar');
export const PROJECTOR_JAR = path.resolve(E2E, '..', 'projector', 'target', 'switchboard-projector.jar');
/**
 * JVM options for the stack. By default C1 only and the serial collector: a kill -9 test restarts the JVM many
 * times on 2 shared cores, and these roughly halve the start-up CPU without changing what the stack does.
 */
const JAVA_OPTS = (process.env.SWITCHBOARD_JAVA_OPTS ?? '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx1g')
  .split(/\s+/).filter(Boolean);
/** Environment the stack must not inherit from whoever runs the tests (fault injection is per start only). */
const NOT_INHERITED = [/^PROJECTOR_FAULT/, /^PROJECTOR_REBUILD$/, /^KAFKA_BOOTSTRAP_SERVERS$/, /^MONGODB_URI$/];

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// every child of every Stack: killed on any way out of this process
const children = new Set();
function killChildren() {
  for (const child of children) {
    try { child.kill('SIGKILL'); } catch { /* already gone */ }
  }
}
process.on('exit', killChildren);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => { killChildren(); process.exit(128 + (os.constants.signals[signal] ?? 1)); });
}

/** `count` distinct free loopback ports (all held open at once, so they differ). */
export async function freePorts(count) {
  const servers = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = net.createServer();
      await new Promise((resolve, reject) => { server.once('error', reject); server.listen(0, '127.0.0.1', resolve); });
      servers.push(server);
    }
    return servers.map((s) => s.address().port);
  } finally {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  }
}

export class Stack {
  /** @param name used in the temp dir's and the gateway's names */
  static async create(name = 'crash') {
    const [socket, http, kafka, controller, mongo, projectorHttp] = await freePorts(6);
    return new Stack(name, { socket, http, kafka, controller, mongo, projectorHttp });
  }

  constructor(name, ports) {
    if (!fs.existsSync(JAR)) {
      throw new Error(`missing ${JAR}: build it (mvn -DskipTests package) or set SWITCHBOARD_JAR`);
    }
    this.name = name;
    this.ports = ports;
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `switchboard-${name}-`));
    this.dataDir = path.join(this.dir, 'data');
    this.secret = randomBytes(32).toString('hex');
    this.gatewayId = `${name}-gateway`;
    this.socketUrl = `http://127.0.0.1:${ports.socket}`;
    this.httpUrl = `http://127.0.0.1:${ports.http}`;
    /** One entry per start: { n, extraEnv, logFile, launchedAt, readyAt, exit: { code, signal, at } | null, killed } */
    this.runs = [];
    this.child = null;
  }

  /** The environment of every start (the same ports, data and secret each time), plus this start's extras. */
  env(extraEnv = {}) {
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !NOT_INHERITED.some((re) => re.test(k))));
    return {
      ...inherited,
      SOCKET_PORT: String(this.ports.socket),
      HTTP_PORT: String(this.ports.http),
      PROJECTOR_HTTP_PORT: String(this.ports.projectorHttp),
      KAFKA_PORT: String(this.ports.kafka),
      KAFKA_CONTROLLER_PORT: String(this.ports.controller),
      MONGO_PORT: String(this.ports.mongo),
      DATA_DIR: this.dataDir,
      JWT_SECRET: this.secret,
      GATEWAY_ID: this.gatewayId,
      GATEWAY_HEARTBEAT_MS: '500',
      GATEWAY_EXPIRY_MS: '3000',
      SOCKET_HOST: '127.0.0.1',
      ...extraEnv,
    };
  }

  /** An HS256 token signed with this stack's secret. */
  token(sub, role = 'client', extra = {}) {
    return jwt.sign({ sub, role, ...extra }, this.secret, { algorithm: 'HS256', expiresIn: '4h' });
  }

  get run() { return this.runs.at(-1); }

  get alive() { return this.child !== null && this.run.exit === null; }

  /**
   * Launches the jar (with `extraEnv` on top of the fixed environment) and resolves once REST answers /health and a
   * socket is accepted. Rejects if the process exits first or is not ready within `timeoutMs`.
   */
  async start(extraEnv = {}, { timeoutMs = 180_000 } = {}) {
    if (this.alive) throw new Error('the stack is already running');
    fs.mkdirSync(this.dir, { recursive: true });
    const n = this.runs.length + 1;
    const logFile = path.join(this.dir, `run-${n}.log`);
    const out = fs.openSync(logFile, 'w');
    fs.writeSync(out, `# run ${n}: java ${JAVA_OPTS.join(' ')} -jar ${JAR}; extra env ${JSON.stringify(extraEnv)}\n`);
    const run = { n, extraEnv, logFile, launchedAt: Date.now(), readyAt: null, exit: null, killed: false };
    this.runs.push(run);
    const child = spawn('java', [...JAVA_OPTS, '-jar', JAR], { cwd: this.dir, env: this.env(extraEnv), stdio: ['ignore', out, out] });
    fs.closeSync(out);
    this.child = child;
    children.add(child);
    run.exited = new Promise((resolve) => {
      const done = (code, signal) => {
        if (run.exit) return;
        run.exit = { code, signal, at: Date.now() };
        children.delete(child);
        resolve(run.exit);
      };
      child.once('exit', done);
      child.once('error', (err) => { run.spawnError = err; done(null, null); });
    });
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (run.exit) {
        throw new Error(`stack run ${n} exited during start-up (code ${run.exit.code}, signal ${run.exit.signal})`
          + (run.spawnError ? `: ${run.spawnError.message}` : '') + `\n${this.logTail(run, 60)}`);
      }
      if (await this.healthy() && await this.acceptsSocket()) {
        run.readyAt = Date.now();
        return run;
      }
      await sleep(250);
    }
    await this.kill();
    throw new Error(`stack run ${n} was not ready within ${timeoutMs} ms\n${this.logTail(run, 60)}`);
  }

  async healthy() {
    try {
      const response = await fetch(`${this.httpUrl}/health`, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      return response.status === 200;
    } catch {
      return false;
    }
  }

  acceptsSocket() {
    return new Promise((resolve) => {
      const socket = io(this.socketUrl, {
        auth: { token: this.token(randomBytes(12).toString('hex')) }, reconnection: false, forceNew: true, timeout: 2000,
      });
      const finish = (ok) => { socket.close(); resolve(ok); };
      socket.once('connect', () => finish(true));
      socket.once('connect_error', () => finish(false));
    });
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed. Resolves once the process is gone. */
  async kill() {
    if (!this.alive) return this.run?.exit ?? null;
    this.run.killed = true;
    this.child.kill('SIGKILL');
    return this.run.exited;
  }

  /** SIGTERM (a clean shutdown), then SIGKILL after `graceMs`. */
  async stop({ graceMs = 30_000 } = {}) {
    if (!this.alive) return this.run?.exit ?? null;
    this.child.kill('SIGTERM');
    const exit = await this.waitForExit(graceMs);
    return exit ?? this.kill();
  }

  /** The exit of the current run ({ code, signal, at }), or null if it is still running after `timeoutMs`. */
  async waitForExit(timeoutMs) {
    if (!this.run) return null;
    let timer;
    const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve(null), timeoutMs); });
    try {
      return await Promise.race([this.run.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  logTail(run = this.run, lines = 80) {
    if (!run) return '';
    let text = '';
    try { text = fs.readFileSync(run.logFile, 'utf8'); } catch { return `(no log ${run.logFile})`; }
    const all = text.split('\n');
    return all.slice(Math.max(0, all.length - lines)).join('\n');
  }

  describeRun(run) {
    const ready = run.readyAt ? `ready after ${run.readyAt - run.launchedAt} ms` : 'never ready';
    const exit = run.exit ? `exit code ${run.exit.code} signal ${run.exit.signal}${run.killed ? ' (killed by the test)' : ''}` : 'running';
    return `run ${run.n} ${JSON.stringify(run.extraEnv)}: ${ready}, ${exit}, log ${run.logFile}`;
  }

  /** Prints the log tail of every run from run `fromRun` on (for a failing test). */
  dumpLogs(lines = 60, fromRun = 1) {
    for (const run of this.runs.filter((r) => r.n >= fromRun)) {
      console.log(`---- ${this.name} ${this.describeRun(run)} (last ${lines} lines) ----`);
      console.log(this.logTail(run, lines));
    }
  }

  /** Kills the process if it still runs and deletes the temp dir (kept if `keep`, e.g. after a failure, or CRASH_KEEP=1). */
  async dispose({ keep = false } = {}) {
    await this.kill();
    if (keep || process.env.CRASH_KEEP === '1') {
      console.log(`kept ${this.dir} (data and run logs of ${this.name})`);
    } else {
      fs.rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

/**
 * A gateway or projector process (its own jar) joined to a running standalone `stack`: it uses the stack's embedded
 * broker and store, and the stack's secret. Killed with the test process like every other child.
 */
export class JoinedProcess {
  static async gateway(stack, name) {
    const [socket, http] = await freePorts(2);
    return new JoinedProcess(stack, name, GATEWAY_JAR, {
      SOCKET_PORT: String(socket), HTTP_PORT: String(http), SOCKET_HOST: '127.0.0.1', GATEWAY_ID: name, GATEWAY_HEARTBEAT_MS: '500',
    }, { socketUrl: `http://127.0.0.1:${socket}`, httpUrl: `http://127.0.0.1:${http}` });
  }

  static async projector(stack, name, env = {}) {
    const [management] = await freePorts(1);
    return new JoinedProcess(stack, name, PROJECTOR_JAR, {
      PROJECTOR_INSTANCE_ID: name, GATEWAY_EXPIRY_MS: '3000', PROJECTOR_HTTP_PORT: String(management), ...env,
    }, {});
  }

  constructor(stack, name, jar, env, urls) {
    if (!fs.existsSync(jar)) throw new Error(`missing ${jar}: build it (mvn -DskipTests package)`);
    this.stack = stack;
    this.name = name;
    this.jar = jar;
    this.logFile = path.join(stack.dir, `${name}.log`);
    this.env = {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !NOT_INHERITED.some((re) => re.test(k)))),
      KAFKA_BOOTSTRAP_SERVERS: `127.0.0.1:${stack.ports.kafka}`,
      MONGODB_URI: `mongodb://127.0.0.1:${stack.ports.mongo}`,
      JWT_SECRET: stack.secret,
      ...env,
    };
    Object.assign(this, urls);
    this.exit = null;
  }

  /** The stack's token: every process of one deployment shares the secret. */
  token(sub, role = 'client', extra = {}) { return this.stack.token(sub, role, extra); }

  get alive() { return this.child != null && this.exit === null; }

  /** Launches the jar and resolves once `ready()` says so (or rejects if it exits first or takes over `timeoutMs`). */
  async start(ready, timeoutMs = 180_000) {
    const out = fs.openSync(this.logFile, 'a');
    this.child = spawn('java', [...JAVA_OPTS, '-jar', this.jar], { cwd: this.stack.dir, env: this.env, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    this.exit = null;
    children.add(this.child);
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => {
      this.exit = { code, signal, at: Date.now() };
      children.delete(this.child);
      resolve(this.exit);
    }));
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exit) throw new Error(`${this.name} exited during start-up (${JSON.stringify(this.exit)})\n${this.logTail()}`);
      if (await ready(this)) return;
      await sleep(250);
    }
    throw new Error(`${this.name} was not ready within ${timeoutMs} ms\n${this.logTail()}`);
  }

  /** Ready when REST answers /health and a socket is accepted. */
  static gatewayReady(gateway) {
    return Stack.prototype.healthy.call(gateway).then((ok) => ok && Stack.prototype.acceptsSocket.call(gateway));
  }

  /** Ready when its consumer was given partitions (spring-kafka logs the assignment). */
  static projectorReady(projector) {
    return Promise.resolve(/partitions assigned: \[.+\]/.test(projector.log()));
  }

  log() {
    try { return fs.readFileSync(this.logFile, 'utf8'); } catch { return ''; }
  }

  logTail(lines = 60) {
    return this.log().split('\n').slice(-lines).join('\n');
  }

  /** SIGCONT: a process that stopped itself (PROJECTOR_FAULT=freeze-at-start) runs again. */
  resume() {
    this.child.kill('SIGCONT');
  }

  /** SIGKILL; resolves once the process is gone. */
  async kill() {
    if (!this.alive) return this.exit;
    this.child.kill('SIGKILL');
    return this.exited;
  }
}
