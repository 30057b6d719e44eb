// The server as a client sees it: health, metrics, OpenAPI, static files, log-in by form and by
// API, cookies, error representations, access log, graceful stop.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import net from 'node:net';
import { startServer, Client, readAccessLog, DEMO_PASSWORD } from '../lib/harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

test('healthz answers when the database does', async () => {
  const r = await new Client(server).get('/healthz');
  assert.equal(r.status, 200);
  assert.equal(r.json.status, 'ok');
  assert.match(r.json.version, /^\d+\.\d+\.\d+/);
});

test('OpenAPI 3.1 document describes the routes', async () => {
  const r = await new Client(server).get('/api/v1/openapi.json');
  assert.equal(r.status, 200);
  assert.equal(r.json.openapi, '3.1.0');
  assert.ok(r.json.paths['/api/v1/session'].post);
  assert.ok(r.json.paths['/api/v1/users/{id}'].get.parameters.some((p) => p.name === 'id' && p.in === 'path'));
  assert.ok(r.json.paths['/api/v1/users'].post.requestBody);
  // The upload is described as what it is: a multipart form with a binary file part.
  const upload = r.json.paths['/members/import'].post.requestBody.content;
  assert.deepEqual(Object.keys(upload), ['multipart/form-data']);
  assert.equal(upload['multipart/form-data'].schema.properties.file.format, 'binary');
});

test('static files carry ETag and Cache-Control, answer 304, and are gzipped on request', async () => {
  const c = new Client(server);
  const r = await c.get('/static/app.css');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /text\/css/);
  const etag = r.headers.get('etag');
  assert.ok(etag);
  assert.match(r.headers.get('cache-control'), /max-age=\d+/);
  const again = await c.get('/static/app.css', { headers: { 'If-None-Match': etag } });
  assert.equal(again.status, 304);
  // fetch decodes gzip itself; ask with a raw socket to see the encoding on the wire.
  const raw = await rawRequest(`GET /static/htmx.min.js HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n`);
  assert.match(raw.head, /Content-Encoding: gzip/i);
  const js = gunzipSync(raw.body).toString();
  assert.match(js, /htmx/);
  assert.equal((await c.get('/static/../CMakeLists.txt')).status, 404);
  assert.equal((await c.get('/static/nothing.css')).status, 404);
});

function rawRequest(text) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(server.port, '127.0.0.1', () => sock.write(text));
    const chunks = [];
    sock.on('data', (d) => chunks.push(d));
    sock.on('error', reject);
    sock.on('end', () => {
      const all = Buffer.concat(chunks);
      const split = all.indexOf('\r\n\r\n');
      resolve({ head: all.subarray(0, split).toString(), body: all.subarray(split + 4) });
    });
  });
}

test('log-in by API sets a safe cookie; session and CSRF token come back; log-out ends it', async () => {
  const c = new Client(server);
  const login = await c.post('/api/v1/session', { json: { username: 'vanphong', password: DEMO_PASSWORD } });
  assert.equal(login.status, 200);
  const cookie = login.headers.getSetCookie().find((s) => s.startsWith('dv_session='));
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Lax/);
  assert.doesNotMatch(cookie, /Secure/);  // not behind TLS in this test
  assert.equal(login.json.user.username, 'vanphong');
  const s = await c.get('/api/v1/session');
  assert.equal(s.status, 200);
  assert.equal(s.json.csrf_token, login.json.csrf_token);
  c.csrf = login.json.csrf_token;
  assert.equal((await c.request('DELETE', '/api/v1/session')).status, 204);
  assert.equal((await c.get('/api/v1/session')).status, 401);
});

test('wrong password: 401 problem with a field error', async () => {
  const r = await new Client(server).post('/api/v1/session', { json: { username: 'kiemtra', password: 'nope-nope-nope' } });
  assert.equal(r.status, 401);
  assert.match(r.headers.get('content-type'), /application\/problem\+json/);
  assert.equal(r.json.status, 401);
  assert.equal(r.json.errors[0].field, 'password');
});

test('log-in form: page, post with token, redirect home, home shows the user', async () => {
  const c = new Client(server);
  const page = await c.get('/login');
  assert.equal(page.status, 200);
  assert.match(page.text, /<form[^>]+method="post"/i);
  const token = c.cookies.get('dv_login_csrf');
  assert.ok(token);
  assert.ok(page.text.includes(token));
  const bad = await c.post('/login', { form: { username: 'bithu.sotc', password: DEMO_PASSWORD, _csrf: 'wrong' } });
  assert.equal(bad.status, 403);
  const ok = await c.post('/login', { form: { username: 'bithu.sotc', password: DEMO_PASSWORD, _csrf: token, next: '/orgs' } });
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.get('location'), '/orgs');
  const home = await c.get('/');
  assert.equal(home.status, 200);
  assert.match(home.text, /Lê Văn Dũng/);
  assert.match(home.text, /lang="vi"/);
});

test('a wrong password on the form shows the form again with the message, status 401', async () => {
  const c = new Client(server);
  await c.get('/login');
  const r = await c.post('/login', { form: { username: 'admin', password: 'sai-mat-khau', _csrf: c.cookies.get('dv_login_csrf') } });
  assert.equal(r.status, 401);
  assert.match(r.text, /name="username"[^>]*value="admin"/);
  assert.doesNotMatch(r.text, /sai-mat-khau/);  // passwords are never echoed
});

test('open redirects are refused after log-in', async () => {
  const c = new Client(server);
  await c.get('/login');
  const r = await c.post('/login', { form: { username: 'admin', password: DEMO_PASSWORD, _csrf: c.cookies.get('dv_login_csrf'), next: '//evil.example/' } });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/');
});

test('errors: friendly Vietnamese page for HTML, problem+json for API, 405 with Allow', async () => {
  const c = new Client(server);
  const html = await c.get('/khong-ton-tai');
  assert.equal(html.status, 404);
  assert.match(html.headers.get('content-type'), /text\/html/);
  assert.match(html.text, /<html lang="vi"/);
  const api = await c.get('/api/v1/khong-ton-tai');
  assert.equal(api.status, 404);
  assert.match(api.headers.get('content-type'), /problem\+json/);
  assert.equal(api.json.code, 'not_found');
  const m = await c.request('PATCH', '/api/v1/session', { json: {} });
  assert.equal(m.status, 405);
  assert.match(m.headers.get('allow'), /GET/);
});

test('an HTML page answers JSON on Accept: application/json (one handler, two representations)', async () => {
  const c = new Client(server);
  await c.login('admin');
  const html = await c.get('/orgs');
  assert.match(html.headers.get('content-type'), /text\/html/);
  const json = await c.get('/orgs?all=1', { headers: { Accept: 'application/json' } });
  assert.match(json.headers.get('content-type'), /application\/json/);
  const api = await c.get('/api/v1/orgs?all=1');
  assert.deepEqual(json.json, api.json);
  assert.ok(api.json.orgs.length >= 10);
});

test('metrics count requests by route and status and show the pool', async () => {
  const c = new Client(server);
  await c.get('/healthz');
  const r = await c.get('/metrics');
  assert.equal(r.status, 200);
  assert.match(r.text, /dangvu_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
  assert.match(r.text, /dangvu_http_request_duration_seconds_bucket\{le="\+Inf"\} \d+/);
  assert.match(r.text, /dangvu_db_pool_connections \d+/);
});

test('the access log has one JSON line per request', async () => {
  await new Client(server).get('/healthz?probe=accesslog');
  await new Promise((r) => setTimeout(r, 50));
  const lines = readAccessLog(server);
  const line = lines.find((l) => l.path === '/healthz');
  assert.ok(line, 'no access-log line for /healthz');
  assert.equal(line.status, 200);
  assert.equal(line.route, '/healthz');
  assert.ok(Number.isInteger(line.us) && line.us >= 0, 'duration in microseconds');
});

test('gzip for HTML pages when the client accepts it', async () => {
  const raw = await rawRequest('GET /login HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n');
  assert.match(raw.head, /Content-Encoding: gzip/i);
  assert.match(gunzipSync(raw.body).toString(), /<form/);
});

test('SIGTERM: the server finishes and exits cleanly', async () => {
  const s = await startServer({ seed: false });
  const c = new Client(s);
  assert.equal((await c.get('/healthz')).status, 200);
  s.proc.kill('SIGTERM');
  const r = await s.exited;
  assert.equal(r.code, 0, s.stderr());
  assert.match(s.stderr(), /stopped/);
  await s.stop();
});
