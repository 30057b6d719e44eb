// The API's contract as a client sees it: every problem's `type` is a page that explains it; 401 says
// how to authenticate, 429 when to come back, 413 speaks Vietnamese like every other answer; /healthz
// is JSON whatever the Accept header; and the schema check every suite runs can fail.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, ENGINE, PG_URL, contractFrom, checkResponse } from '../lib/harness.mjs';
import { spawnSync } from 'node:child_process';

let server;
before(async () => { server = await startServer({ extraArgs: ['--body-limit', '65536'] }); });
after(async () => { await server?.stop(); });

test('the response check refuses a field the schema does not declare, and a wrong type', async () => {
  const c = new Client(server);
  await c.login('admin');
  const doc = (await c.get('/api/v1/openapi.json')).json;
  const contract = contractFrom(doc);
  const session = await c.get('/api/v1/session');
  assert.equal(session.status, 200);
  checkResponse(contract, 'GET', '/api/v1/session', 200, 'application/json', session.json);  // as answered: passes
  assert.throws(() => checkResponse(contract, 'GET', '/api/v1/session', 200, 'application/json', { ...session.json, surprise: 1 }),
    (e) => /GET \/api\/v1\/session/.test(e.message) && /must NOT have (additional|unevaluated) properties "surprise"/.test(e.message));
  const wrong = structuredClone(session.json);
  wrong.user.id = 'one';
  assert.throws(() => checkResponse(contract, 'GET', '/api/v1/session', 200, 'application/json', wrong),
    (e) => e.message.includes('at /user/id: must be integer; value "one"'));
  // A status the route does not declare is refused too.
  assert.throws(() => checkResponse(contract, 'GET', '/api/v1/session', 202, 'application/json', session.json), /does not declare/);
  // Problems are checked against the Problem schema, even on paths no route matches.
  const missing = await c.get('/api/v1/no-such-thing');
  assert.equal(missing.status, 404);
  assert.throws(() => checkResponse(contract, 'GET', '/api/v1/no-such-thing', 404, 'application/problem+json', { ...missing.json, extra: true }),
    /extra/);
});

test('the document declares every JSON answer: closed schemas, public routes without security, no body on 204', async () => {
  const doc = await (await fetch(server.base + '/api/v1/openapi.json')).json();
  assert.ok(doc.servers.length > 0);
  assert.equal(doc.components.schemas.Problem.additionalProperties, false);
  assert.deepEqual(doc.paths['/healthz'].get.security, []);
  assert.deepEqual(Object.keys(doc.paths['/healthz'].get.responses['200'].content), ['application/json']);
  assert.equal(doc.paths['/api/v1/session'].delete.responses['204'].content, undefined);
  assert.ok(doc.paths['/api/v1/session'].get.responses['401'].headers['WWW-Authenticate']);
  const open = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const ok = Object.entries(op.responses).find(([status]) => status.startsWith('2'));
      const json = ok?.[1].content?.['application/json']?.schema;
      if (!json || path === '/api/v1/openapi.json') continue;
      // Every object is closed: a field the schema does not name fails the suites.
      const walk = (s, at) => {
        if (s.type === 'object' && s.properties && s.additionalProperties !== false) open.push(`${method} ${path} ${at}`);
        if (s.$ref && s.unevaluatedProperties !== false) open.push(`${method} ${path} ${at} ($ref)`);
        for (const [k, v] of Object.entries(s.properties || {})) walk(v, `${at}/${k}`);
        if (s.items) walk(s.items, `${at}/items`);
        for (const v of s.anyOf || []) walk(v, at);
      };
      walk(json, '');
    }
  }
  assert.deepEqual(open, []);
});

test('every problem type is a page that explains it, in Vietnamese by default', async () => {
  const c = new Client(server);
  const p = await c.get('/api/v1/orgs');
  assert.equal(p.status, 401);
  assert.equal(p.json.type, '/problems/unauthenticated');
  const page = await c.get(p.json.type);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type'), /text\/html/);
  assert.match(page.text, /<html lang="vi"/);
  assert.ok(page.text.includes('Bạn cần đăng nhập'), 'the title of the problem');
  assert.ok(page.text.includes('POST /api/v1/session'), 'what to do about it');
  const json = await c.get('/problems/validation', { headers: { Accept: 'application/json' } });
  assert.equal(json.status, 404);  // not a type the server answers with
  for (const code of ['invalid', 'bad_request', 'forbidden', 'not_found', 'conflict', 'too_large', 'unsupported',
    'throttled', 'internal', 'unavailable', 'method_not_allowed', 'csrf', 'empty_install', 'password_change_required']) {
    const r = await c.get('/problems/' + code, { headers: { Accept: 'application/json' } });
    assert.equal(r.status, 200, code);
    assert.equal(r.json.type, '/problems/' + code);
    assert.ok(r.json.explanation.length > 40, code);
  }
});

test('401 says how to authenticate (WWW-Authenticate), on the API and on a failed log-in', async () => {
  const c = new Client(server);
  const r = await c.get('/api/v1/session');
  assert.equal(r.status, 401);
  assert.equal(r.headers.get('www-authenticate'), 'Cookie realm="dangvu"');
  const bad = await c.post('/api/v1/session', { json: { username: 'admin', password: 'not-the-password' } });
  assert.equal(bad.status, 401);
  assert.equal(bad.headers.get('www-authenticate'), 'Cookie realm="dangvu"');
});

test('429 says when to try again (Retry-After, seconds)', async () => {
  const c = new Client(server);
  let r;
  for (let i = 0; i < 12 && (!r || r.status !== 429); i++) {
    r = await c.post('/api/v1/session', { json: { username: 'vanphong', password: 'sai-mat-khau-' + i } });
  }
  assert.equal(r.status, 429);
  assert.equal(r.json.type, '/problems/throttled');
  assert.match(r.headers.get('retry-after') || '', /^[1-9]\d*$/);
  // The throttle's own remaining wait (it was a fixed 60), in the header and in the Vietnamese words alike.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const later = await c.post('/api/v1/session', { json: { username: 'vanphong', password: 'sai-mat-khau-x' } });
  assert.equal(later.status, 429);
  const wait = Number(later.headers.get('retry-after'));
  assert.ok(wait >= 1 && wait <= 59, `Retry-After ${wait} after 1.5 s of a one-minute hold`);
  assert.equal(later.json.detail, `Bạn đã thử quá nhiều lần. Vui lòng chờ ${wait} giây rồi thử lại.`);
});

test('413 is in Vietnamese like the rest: a problem for JSON clients, a page for browsers', async () => {
  const big = 'x'.repeat(70000);
  const api = await fetch(server.base + '/api/v1/session', {
    method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify({ username: big }),
  });
  assert.equal(api.status, 413);
  assert.equal(api.headers.get('content-type'), 'application/problem+json');
  const p = await api.json();
  assert.equal(p.type, '/problems/too_large');
  assert.equal(p.title, 'Dữ liệu quá lớn');
  assert.equal(p.detail, 'Nội dung gửi lên vượt quá dung lượng cho phép.');
  const form = await fetch(server.base + '/login', {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' }, body: 'username=' + big,
  });
  assert.equal(form.status, 413);
  assert.match(form.headers.get('content-type'), /text\/html/);
  assert.ok((await form.text()).includes('Dữ liệu quá lớn'));
});

test('/healthz answers JSON whatever the Accept header', async () => {
  for (const accept of ['text/html', '*/*', 'application/json', 'text/plain']) {
    const r = await fetch(server.base + '/healthz', { headers: { Accept: accept } });
    assert.equal(r.status, 200, accept);
    assert.equal(r.headers.get('content-type'), 'application/json');
    const body = await r.json();
    assert.equal(body.status, 'ok');
  }
});

test('/healthz: 503 with a problem body when the database does not answer', { skip: ENGINE !== 'postgres' && 'needs PostgreSQL (the database is dropped under the server)' }, async () => {
  const s = await startServer({ seed: false });
  try {
    const name = s.dbUrl.replace(/^.*\/([^/?]+)(\?.*)?$/, '$1');
    spawnSync('psql', [PG_URL, '-qAtc', `DROP DATABASE ${name} WITH (FORCE)`], { stdio: 'pipe' });
    const r = await fetch(s.base + '/healthz', { headers: { Accept: 'text/html' } });
    assert.equal(r.status, 503);
    assert.equal(r.headers.get('content-type'), 'application/problem+json');
    const p = await r.json();
    assert.equal(p.type, '/problems/unavailable');
    assert.equal(p.status, 503);
  } finally {
    await s.stop();
  }
});
