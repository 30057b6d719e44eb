// The page cache (web/cache.h) against the real binary: a signed-in page read twice is served from the
// cache (dangvu_page_cache_hits_total), and an answer never outlives a change: one made through the API,
// one made by another process (the command line), a hand edit of the SQLite file, one made through a
// second server on the same database; answers are kept per session (a secretary never gets the office's
// page); a session ended elsewhere is not accepted from the cache; `--page-cache 0` turns it off.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, serveOn, Client, cli, sql, ENGINE, DEMO_PASSWORD } from '../lib/harness.mjs';

let server;
let office;

before(async () => {
  server = await startServer();
  office = new Client(server);
  await office.login('vanphong');
});
after(async () => { await server?.stop(); });

async function cacheCounters(s) {
  const text = await (await fetch(s.base + '/metrics')).text();
  const read = (name) => Number(text.match(new RegExp(`^${name} (\\d+)$`, 'm'))?.[1] ?? NaN);
  return { hits: read('dangvu_page_cache_hits_total'), misses: read('dangvu_page_cache_misses_total') };
}

async function aCell(client) {
  const orgs = (await client.get('/api/v1/orgs?all=1')).json.orgs;
  const cell = orgs.find((o) => o.code === 'SOTC-GCS');
  assert.ok(cell, 'the demo has SOTC-GCS');
  return cell;
}

const rename = (client, id, name) => client.post(`/api/v1/orgs/${id}/reorganize`, { json: { kind: 'rename', name } });

test('each list read twice is the same answer, the second from the cache', async () => {
  const cell = await aCell(office);
  for (const path of ['/orgs', `/orgs/${cell.id}/members`, '/documents', '/study', '/', '/api/v1/orgs',
    `/api/v1/orgs/${cell.id}/members`]) {
    const before = await cacheCounters(server);
    const first = await office.get(path);
    const second = await office.get(path);
    assert.equal(first.status, 200, path);
    assert.equal(second.text, first.text, path);
    const afterwards = await cacheCounters(server);
    assert.equal(afterwards.misses, before.misses + 1, `${path}: misses ${before.misses} -> ${afterwards.misses}`);
    assert.equal(afterwards.hits, before.hits + 1, `${path}: hits ${before.hits} -> ${afterwards.hits}`);
  }
});

test('a change through the API shows on the next read, page and JSON', async () => {
  const cell = await aCell(office);
  const page = await office.get(`/orgs/${cell.id}`);
  assert.match(page.text, new RegExp(cell.name));
  await office.get(`/orgs/${cell.id}`);  // now cached
  const json = await office.get(`/api/v1/orgs/${cell.id}`);
  const r = await rename(office, cell.id, 'Chi bộ Bộ nhớ Đệm Một');
  assert.equal(r.status, 201, r.text);
  assert.match((await office.get(`/orgs/${cell.id}`)).text, /Chi bộ Bộ nhớ Đệm Một/);
  const again = await office.get(`/api/v1/orgs/${cell.id}`);
  assert.notEqual(again.json.org.name, json.json.org.name);
  assert.equal(again.json.org.name, 'Chi bộ Bộ nhớ Đệm Một');
});

test('a change by another process (the command line) shows on the next read', async () => {
  const admin = new Client(server);
  await admin.login('admin');
  const list = async () => (await admin.get('/users?page_size=500')).text + (await admin.get('/api/v1/users?page_size=500')).text;
  assert.doesNotMatch(await list(), /dv\.bonho/);
  await list();  // cached
  const r = cli(server, ['user', 'add', '--username', 'dv.bonho', '--role', 'member', '--display-name', 'Người Bộ Nhớ',
    '--password-stdin'], 'mat-khau-bo-nho\n');
  assert.equal(r.status, 0, r.stderr);
  assert.match(await list(), /dv\.bonho/);
});

// Skipped on PostgreSQL: there the cache's generation is the audit head, so an edit made outside the
// application is seen only at the next audited change (docs/architecture.md "Server"); nothing to show.
test('a hand edit of the SQLite file shows on the next read (PostgreSQL: only audited changes, docs)', { skip: ENGINE !== 'sqlite' }, async () => {
  const cell = await aCell(office);
  await office.get(`/orgs/${cell.id}`);
  await office.get(`/orgs/${cell.id}`);
  sql(server, `UPDATE orgs SET name = 'Chi bộ Sửa Tay' WHERE id = ${cell.id}`);
  sql(server, `UPDATE org_versions SET name = 'Chi bộ Sửa Tay' WHERE org_id = ${cell.id}`);
  assert.match((await office.get(`/orgs/${cell.id}`)).text, /Chi bộ Sửa Tay/);
});

test('answers are kept per session: a secretary never gets the office staff\'s page', async () => {
  const officePage = await office.get('/orgs');
  await office.get('/orgs');
  const secretary = new Client(server);
  await secretary.login('bithu.sotc');
  const theirs = await secretary.get('/orgs');
  assert.equal(theirs.status, 200);
  assert.notEqual(theirs.text, officePage.text);
  assert.match(theirs.text, new RegExp(secretary.user.display_name));
  assert.doesNotMatch(theirs.text, new RegExp(office.user.display_name));
  // The JSON tree too, read by the office first: the secretary gets their own part of it.
  const officeTree = (await office.get('/api/v1/orgs?all=1')).json.orgs;
  await office.get('/api/v1/orgs?all=1');
  const tree = (await secretary.get('/api/v1/orgs?all=1')).json.orgs;
  assert.ok(tree.length > 0 && tree.length < officeTree.length, `${tree.length} of ${officeTree.length}`);
  assert.ok(!tree.some((o) => o.code === 'DBK'), 'the secretary sees the bloc itself');
});

test('a session ended in another client is not accepted from the cache', async () => {
  const a = new Client(server);
  await a.login('dangvien.sotc');
  assert.equal((await a.get('/')).status, 200);
  assert.equal((await a.get('/')).status, 200);  // session and page cached
  const b = new Client(server);  // the same session, e.g. a second tab
  b.cookies = new Map(a.cookies);
  b.csrf = a.csrf;
  assert.equal((await b.request('DELETE', '/api/v1/session')).status, 204);
  const r = await a.get('/');
  assert.equal(r.status, 303);
  assert.match(r.headers.get('location'), /^\/login/);
});

test('a second server on the same database sees a change made through the first at once', async () => {
  const second = await serveOn(server);
  try {
    const other = new Client(second);
    await other.login('vanphong');
    const cell = await aCell(office);
    await other.get(`/orgs/${cell.id}`);
    await other.get(`/orgs/${cell.id}`);  // cached on the second server
    const r = await rename(office, cell.id, 'Chi bộ Hai Máy Chủ');
    assert.equal(r.status, 201, r.text);
    assert.match((await other.get(`/orgs/${cell.id}`)).text, /Chi bộ Hai Máy Chủ/);
  } finally {
    await second.stop();
  }
});

test('--page-cache 0 turns it off', async () => {
  const off = await serveOn(server, { extraArgs: ['--page-cache', '0'] });
  try {
    const c = new Client(off);
    await c.login('vanphong', DEMO_PASSWORD);
    await c.get('/orgs');
    await c.get('/orgs');
    assert.deepEqual(await cacheCounters(off), { hits: 0, misses: 0 });
  } finally {
    await off.stop();
  }
});
