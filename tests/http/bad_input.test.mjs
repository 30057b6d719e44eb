// Bad input gets a clear 4xx naming the problem, and nothing is written.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, Client, sql } from '../lib/harness.mjs';

let server;
let admin;
before(async () => {
  server = await startServer({ extraArgs: ['--body-limit', '65536'] });
  admin = new Client(server);
  await admin.login('admin');
});
after(async () => { await server?.stop(); });

// Row counts of every table a request here could touch.
function counts() {
  return ['users', 'grants', 'orgs', 'org_tree', 'audit_log'].map((t) => `${t}=${sql(server, `SELECT COUNT(*) FROM ${t}`)}`).join(' ');
}

async function expectNothingWritten(fn) {
  const before = counts();
  const r = await fn();
  assert.equal(counts(), before, 'the request wrote something');
  return r;
}

test('malformed JSON: 400 problem, nothing written', async () => {
  const r = await expectNothingWritten(() => admin.post('/api/v1/users', { body: '{"username": "x",', headers: { 'Content-Type': 'application/json' } }));
  assert.equal(r.status, 400);
  assert.equal(r.json.code, 'bad_request');
  assert.ok(r.json.detail.length > 0);
});

test('JSON that is not an object: 400', async () => {
  const r = await expectNothingWritten(() => admin.post('/api/v1/users', { body: '[1,2]', headers: { 'Content-Type': 'application/json' } }));
  assert.equal(r.status, 400);
});

test('wrong types: 422 naming each field', async () => {
  const r = await expectNothingWritten(() => admin.post('/api/v1/users', {
    json: { username: 42, display_name: ['a'], password: true, role: 'member', org_id: 'one' },
  }));
  assert.equal(r.status, 422);
  const fields = Object.fromEntries(r.json.errors.map((e) => [e.field, e.code]));
  assert.deepEqual(fields, { username: 'not_string', display_name: 'not_string', password: 'not_string', org_id: 'not_integer' });
  for (const e of r.json.errors) assert.ok(e.detail.length > 0);
});

test('validation: 422 for every bad field at once, in Vietnamese', async () => {
  const r = await expectNothingWritten(() => admin.post('/api/v1/users', {
    json: { username: 'A B', display_name: '', password: 'short', role: 'king', org_id: 1 },
  }));
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field).sort(), ['display_name', 'password', 'role', 'username']);
});

test('oversize body: 413', async () => {
  const big = JSON.stringify({ username: 'x'.repeat(70000) });
  const before = counts();
  let status;
  try {
    const r = await admin.post('/api/v1/users', { body: big, headers: { 'Content-Type': 'application/json' } });
    status = r.status;
  } catch (e) {
    status = 'connection closed: ' + e.message;
  }
  assert.equal(status, 413);
  assert.equal(counts(), before);
});

test('invalid UTF-8 in JSON and in a form: 400', async () => {
  const bytes = Buffer.concat([Buffer.from('{"username":"ab'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
  const r = await expectNothingWritten(() => admin.post('/api/v1/users', { body: bytes, headers: { 'Content-Type': 'application/json' } }));
  assert.equal(r.status, 400);
  const f = await expectNothingWritten(() => admin.post('/users', { body: 'username=%C3%28&display_name=x', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }));
  assert.equal(f.status, 400);
});

test('unknown media type: 415', async () => {
  const r = await expectNothingWritten(() => admin.post('/api/v1/users', { body: 'username=x', headers: { 'Content-Type': 'text/plain' } }));
  assert.equal(r.status, 415);
});

test('unknown and malformed ids: 404', async () => {
  assert.equal((await admin.get('/api/v1/users/999999')).status, 404);
  assert.equal((await admin.get('/api/v1/users/abc')).status, 404);
  assert.equal((await admin.get('/api/v1/orgs/-1')).status, 404);
  const r = await expectNothingWritten(() => admin.post('/api/v1/users/999999/grants', { json: { role: 'member', org_id: 1 } }));
  assert.equal(r.status, 404);
});

test('missing or wrong CSRF token: 403, nothing written', async () => {
  const body = { username: 'khong.csrf', display_name: 'X', password: 'mat-khau-dai-du', role: 'member', org_id: 1 };
  const none = await expectNothingWritten(() => admin.post('/api/v1/users', { json: body, csrf: false }));
  assert.equal(none.status, 403);
  assert.equal(none.json.code, 'csrf');
  const wrong = await expectNothingWritten(() => admin.post('/api/v1/users', { json: body, headers: { 'X-CSRF-Token': 'x' } }));
  assert.equal(wrong.status, 403);
  const form = await expectNothingWritten(() => admin.post('/users', { form: { ...body, _csrf: 'nope' }, csrf: false }));
  assert.equal(form.status, 403);
});

test('a conflict (taken user name) is 409 with the field, and nothing half-written', async () => {
  const r = await expectNothingWritten(() => admin.post('/api/v1/users', {
    json: { username: 'vanphong', display_name: 'Trùng tên', password: 'mat-khau-dai-du', role: 'member', org_id: 1 },
  }));
  assert.equal(r.status, 409);
  assert.equal(r.json.errors[0].field, 'username');
});

test('malformed query string and request line: 400', async () => {
  assert.equal((await admin.get('/audit?from=%ZZ')).status, 400);
  const raw = await new Promise((resolve) => {
    const s = net.connect(server.port, '127.0.0.1', () => s.write('NOT A REQUEST\r\n\r\n'));
    let out = '';
    s.on('data', (d) => { out += d; });
    s.on('end', () => resolve(out));
    s.on('error', () => resolve(out));
  });
  assert.match(raw, /^HTTP\/1\.1 400/);
});

test('bad dates in filters: 422 naming the field', async () => {
  const r = await admin.get('/api/v1/audit?from=2026-02-30');
  assert.equal(r.status, 422);
  assert.equal(r.json.errors[0].field, 'from');
});

test('log-in throttling: the sixth attempt within a minute is 429, and it is audited', async () => {
  const s = await startServer();
  try {
    const c = new Client(s);
    for (let i = 0; i < 5; i++) {
      const r = await c.post('/api/v1/session', { json: { username: 'vanphong', password: 'sai-mat-khau-' + i } });
      assert.equal(r.status, 401);
    }
    const blocked = await c.post('/api/v1/session', { json: { username: 'vanphong', password: 'dangvu-demo' } });
    assert.equal(blocked.status, 429);
    assert.equal(blocked.json.code, 'throttled');
    assert.equal(sql(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'session.throttled'"), '1');
    assert.equal(sql(s, "SELECT COUNT(*) FROM sessions"), '0');
  } finally {
    await s.stop();
  }
});
