// Test harness: starts a real `dangvu serve` process on a free loopback port against a fresh
// SQLite file or a fresh PostgreSQL database, and talks to it over HTTP with a cookie jar.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, readFileSync, mkdirSync, writeFileSync, cpSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, createHash } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats');

export const BIN = process.env.DANGVU_BIN;
export const ENGINE = process.env.DANGVU_ENGINE || 'sqlite';
export const PG_URL = process.env.DANGVU_TEST_PG || '';
export const DEMO_PASSWORD = 'dangvu-demo';

if (!BIN) throw new Error('DANGVU_BIN is not set: run the tests through `make test`');
if (ENGINE === 'postgres' && !PG_URL) throw new Error('DANGVU_TEST_PG is not set: run the tests through `make test`');

// A fresh, empty database for one server: a SQLite file in `dir`, or a new PostgreSQL database.
export function freshDatabase(dir) {
  if (ENGINE === 'sqlite') return { url: join(dir, 'dangvu.db'), drop() {} };
  const name = 'dv_' + randomBytes(6).toString('hex');
  execFileSync('psql', [PG_URL, '-qAtc', `CREATE DATABASE ${name}`], { stdio: 'pipe' });
  return {
    url: pgUrlOf(name),
    drop() {
      spawnSync('psql', [PG_URL, '-qAtc', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`], { stdio: 'pipe' });
    },
  };
}

// A database holding what `dangvu <seedArgs>` makes (e.g. ['seed-demo', '--small']), for one server in
// `dataDir`. The seed runs once per test run, engine, arguments and binary, into a template that every
// later call copies: the data directory (the audit key and checkpoints belong to the database's chain)
// and the database (SQLite: the file; PostgreSQL: CREATE DATABASE ... TEMPLATE). Suites running in
// parallel processes share the template through a lock directory. The copy is byte for byte what the
// seed wrote, so a test sees the same data as if it had seeded itself.
export function seededDatabase(dataDir, seedArgs) {
  const bin = statSync(BIN);
  const key = createHash('sha256')
    .update(JSON.stringify([ENGINE, PG_URL, seedArgs, BIN, bin.size, bin.mtimeMs])).digest('hex').slice(0, 16);
  const root = join(process.env.DANGVU_TEST_TMP || tmpdir(), 'dv-templates');
  mkdirSync(root, { recursive: true });
  const dir = join(root, key);
  const templateDb = `dvt_${key}`;
  withLock(dir + '.lock', () => {
    if (existsSync(join(dir, 'ready'))) return;
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, 'data'), { recursive: true });
    let url = join(dir, 'data', 'dangvu.db');
    if (ENGINE === 'postgres') {
      execFileSync('psql', [PG_URL, '-qAtc', `DROP DATABASE IF EXISTS ${templateDb} WITH (FORCE)`], { stdio: 'pipe' });
      execFileSync('psql', [PG_URL, '-qAtc', `CREATE DATABASE ${templateDb}`], { stdio: 'pipe' });
      url = pgUrlOf(templateDb);
    }
    const r = cli({ dataDir: join(dir, 'data'), dbUrl: url }, seedArgs);
    if (r.status !== 0) throw new Error(`${seedArgs.join(' ')} failed: ${r.stderr}`);
    writeFileSync(join(dir, 'ready'), '');
  });
  cpSync(join(dir, 'data'), dataDir, { recursive: true });
  if (ENGINE === 'sqlite') return { url: join(dataDir, 'dangvu.db'), drop() {} };
  const name = 'dv_' + randomBytes(6).toString('hex');
  for (let attempt = 0; ; attempt++) {
    try {  // a clone refuses while another session is still attached to the template: try again
      execFileSync('psql', [PG_URL, '-qAtc', `CREATE DATABASE ${name} TEMPLATE ${templateDb}`], { stdio: 'pipe' });
      break;
    } catch (e) {
      if (attempt >= 20) throw e;
      sleepMs(250);
    }
  }
  return {
    url: pgUrlOf(name),
    drop() {
      spawnSync('psql', [PG_URL, '-qAtc', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`], { stdio: 'pipe' });
    },
  };
}

function pgUrlOf(name) {
  return PG_URL.replace(/\/[^/?]*(\?.*)?$/, (_m, q) => `/${name}${q || ''}`);
}

function sleepMs(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

// Runs fn holding a lock between processes (a directory: mkdir is atomic). A lock older than ten
// minutes is taken over (its holder died).
function withLock(path, fn) {
  for (;;) {
    try {
      mkdirSync(path);
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      try {
        if (Date.now() - statSync(path).mtimeMs > 600000) rmSync(path, { recursive: true, force: true });
      } catch { /* gone meanwhile */ }
      sleepMs(200);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(path, { recursive: true, force: true });
  }
}

// Runs the CLI synchronously; returns { status, stdout, stderr }.
export function cli(env, args, input) {
  const r = spawnSync(BIN, ['--data', env.dataDir, '--db', env.dbUrl, ...args], {
    input: input ?? '', encoding: 'utf8', env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// One SQL statement through the engine's own command-line client (to inspect or tamper).
export function sql(env, statement) {
  if (ENGINE === 'sqlite') {
    return execFileSync('sqlite3', [env.dbUrl, statement], { encoding: 'utf8' }).trim();
  }
  return execFileSync('psql', [env.dbUrl, '-qAtc', statement], { encoding: 'utf8' }).trim();
}

// `dangvu serve` on an existing data directory and database (`env`: { dataDir, dbUrl }), on a free
// port; resolves when the JSON start line names the address. `stop()` ends the process and leaves the data.
export async function serveOn(env, { extraArgs = [], accessLog = 'off' } = {}) {
  const proc = spawn(BIN, ['--data', env.dataDir, '--db', env.dbUrl, 'serve', '--listen', '127.0.0.1:0', '--threads', '2',
    '--access-log', accessLog, ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start: ' + stderr)), 30000);
    proc.stderr.on('data', (d) => {
      stderr += d.toString();
      const m = stderr.match(/"msg":"serving".*"address":"http:\/\/127\.0\.0\.1:(\d+)"/);  // the JSON start line
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited (${code}): ${stderr}`)); });
  });
  proc.removeAllListeners('exit');
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  await contractOf(`http://127.0.0.1:${port}`, { fresh: true });  // the schemas every JSON answer is checked against
  return {
    ...env,
    port,
    base: `http://127.0.0.1:${port}`,
    proc,
    exited,
    stderr: () => stderr,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      return exited;
    },
  };
}

export async function startServer({ seed = true, extraArgs = [] } = {}) {
  const dataDir = mkdtempSync(join(process.env.DANGVU_TEST_TMP || tmpdir(), 'dv-'));
  // The small demo: the full province takes seconds under ASan.
  const db = seed ? seededDatabase(dataDir, ['seed-demo', '--small']) : freshDatabase(dataDir);
  const env = { dataDir, dbUrl: db.url };
  const accessLog = join(dataDir, 'access.log');
  const server = await serveOn(env, { extraArgs, accessLog });
  return {
    ...server,
    accessLog,
    async stop() {
      const r = await server.stop();
      db.drop();
      rmSync(dataDir, { recursive: true, force: true });
      return r;
    },
  };
}

// ---- Every JSON response is checked against the schema its route declares -----------------------
// The server's own OpenAPI document (fetched once per server) names, for each route and status, the
// schema of the JSON it answers; `fetch` is wrapped so that every JSON body a suite sees, through
// Client or a plain fetch, is validated with ajv (JSON Schema 2020-12, no additional properties).
// A mismatch throws, naming the route, the JSON pointer and the value: the test fails.
const realFetch = globalThis.fetch;
const contracts = new Map();  // origin -> Promise<{ routes, ajv, compiled }>

function pathRegex(template) {
  const parts = template.split('/').map((seg) => {
    if (seg.startsWith('{') && seg.endsWith('}')) return '([^/]+)';
    return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  });
  return new RegExp('^' + parts.join('/') + '$');
}

// The route table of the document, in the router's order. `{path}` in /static/{path} takes the rest.
export function contractFrom(doc) {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addSchema(relink({ $id: 'dv:components', $defs: doc.components?.schemas ?? {} }));
  const routes = Object.entries(doc.paths).map(([template, ops]) => ({
    template,
    re: template.startsWith('/static/') ? /^\/static\/.+$/ : pathRegex(template),
    ops,
  }));
  return { routes, ajv, compiled: new Map() };
}

function relink(schema) {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"dv:components#/$defs/'));
}

function findRoute(contract, method, path) {
  const m = method === 'HEAD' ? 'get' : method.toLowerCase();
  for (const r of contract.routes) if (r.re.test(path) && r.ops[m]) return { route: r, op: r.ops[m], name: `${method} ${r.template}` };
  return null;
}

function pointerValue(body, pointer) {
  let v = body;
  for (const part of pointer.split('/').slice(1)) v = v?.[part.replaceAll('~1', '/').replaceAll('~0', '~')];
  return v;
}

// Throws when `body` (parsed JSON, answered with `status` and media type `media` to `method path`)
// does not match what the route declares. Unknown paths answer a Problem.
export function checkResponse(contract, method, path, status, media, body) {
  const found = findRoute(contract, method, path);
  const name = found ? found.name : `${method} ${path} (no route)`;
  let schema;
  if (!found) {
    schema = { $ref: '#/components/schemas/Problem' };
  } else {
    const responses = found.op.responses || {};
    const declared = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
    schema = declared?.content?.[media]?.schema;
    if (!schema) throw new Error(`schema: ${name} answered ${status} ${media}, which its route does not declare`);
  }
  const key = `${name} ${status} ${media}`;
  let validate = contract.compiled.get(key);
  if (!validate) {
    validate = contract.ajv.compile(relink(schema));
    contract.compiled.set(key, validate);
  }
  if (validate(body)) return;
  const lines = validate.errors.slice(0, 5).map((e) => {
    const extra = e.params?.additionalProperty !== undefined ? ` "${e.params.additionalProperty}"` : '';
    return `  at ${e.instancePath || '/'}: ${e.message}${extra}; value ${JSON.stringify(pointerValue(body, e.instancePath))?.slice(0, 200)}`;
  });
  throw new Error(`schema: ${name} answered ${status} with JSON its declared schema refuses:\n${lines.join('\n')}`);
}

// Read when the server starts (serveOn), before any test request: a port reused by a later server is read again.
async function contractOf(origin, { fresh = false } = {}) {
  if (fresh || !contracts.has(origin)) {
    const loading = realFetch(origin + '/api/v1/openapi.json').then(async (r) => {
      if (r.status !== 200) throw new Error(`schema: ${origin}/api/v1/openapi.json answered ${r.status}`);
      return contractFrom(await r.json());
    });
    contracts.set(origin, loading);
    loading.catch(() => contracts.delete(origin));
  }
  return contracts.get(origin);
}

// A keep-alive connection the server closed while a test held the event loop (a spawnSync of the CLI runs
// for seconds, and undici cannot retire its idle connections meanwhile) fails the next request on it,
// which the server never read: that request is sent again. A GET is, whatever held the loop.
let lastTick = Date.now();
setInterval(() => { lastTick = Date.now(); }, 500).unref();

async function fetchOnce(input, init) {
  const stalled = Date.now() - lastTick > 2000;
  const method = (init.method || 'GET').toUpperCase();
  for (let attempt = 1; ; attempt++) {
    try {
      return await realFetch(input, init);
    } catch (e) {
      // Each stale connection of the pool fails once; a few may be left from requests sent together.
      const code = e?.cause?.code;
      if (attempt === 5 || !(stalled || ['GET', 'HEAD'].includes(method)) || !code || code === 'ECONNREFUSED') throw e;
    }
  }
}

globalThis.fetch = async function checkedFetch(input, init = {}) {
  const res = await fetchOnce(input, init);
  const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
  const media = (res.headers.get('content-type') || '').split(';')[0].trim();
  if (url.hostname !== '127.0.0.1' || !media.endsWith('json') || url.pathname === '/api/v1/openapi.json') return res;
  const text = await res.clone().text();
  if (!text) return res;
  let body;
  try { body = JSON.parse(text); } catch { throw new Error(`schema: ${url.pathname} answered ${media} that is not JSON`); }
  const method = (init.method || 'GET').toUpperCase();
  checkResponse(await contractOf(url.origin), method, url.pathname, res.status, media, body);
  return res;
};

// A browser-like HTTP client with a cookie jar. Redirects are not followed, so tests see 303s.
export class Client {
  constructor(server) {
    this.server = server;
    this.cookies = new Map();
    this.csrf = '';
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  remember(res) {
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (expired || value === '') this.cookies.delete(name); else this.cookies.set(name, value);
    }
  }

  async request(method, path, { json, form, body, headers = {}, csrf = true } = {}) {
    const h = { ...headers };
    if (this.cookies.size) h.Cookie = this.cookieHeader();
    let payload = body;
    if (json !== undefined) { h['Content-Type'] = 'application/json'; payload = JSON.stringify(json); }
    if (form !== undefined) {
      h['Content-Type'] = 'application/x-www-form-urlencoded';
      payload = new URLSearchParams(form).toString();
    }
    if (csrf && this.csrf && !['GET', 'HEAD'].includes(method) && !('X-CSRF-Token' in h)) h['X-CSRF-Token'] = this.csrf;
    const res = await fetch(this.server.base + path, { method, headers: h, body: payload, redirect: 'manual' });
    this.remember(res);
    const text = await res.text();
    let data = null;
    if ((res.headers.get('content-type') || '').includes('json') && text) {
      try { data = JSON.parse(text); } catch { data = null; }
    }
    return { status: res.status, headers: res.headers, text, json: data };
  }

  get(path, opts) { return this.request('GET', path, opts); }
  post(path, opts) { return this.request('POST', path, opts); }

  async login(username, password = DEMO_PASSWORD) {
    const r = await this.post('/api/v1/session', { json: { username, password }, csrf: false });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${r.text}`);
    this.csrf = r.json.csrf_token;
    this.user = r.json.user;
    return r;
  }
}

export function readAccessLog(server) {
  if (!existsSync(server.accessLog)) return [];
  return readFileSync(server.accessLog, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}
