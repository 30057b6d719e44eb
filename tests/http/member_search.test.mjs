// Member name search over HTTP on the demo (issue [5/12]): GET /api/v1/members?q= and the member list's search
// box find names typed without diacritics through the index, ranked (full name, then given name, then the rest),
// paged, counted within the caller's scope; anything typed, query syntax included, answers 200 and is literal.
// Past 1,000 matches (a gen set) the count is capped and says so, and the pages keep the rank order.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, serveOn, freshDatabase, Client, cli, sql } from '../lib/harness.mjs';

let server;
const as = {};

before(async () => {
  server = await startServer();
  for (const [role, username] of [['office', 'vanphong'], ['secretary', 'bithu.sotc'], ['member', 'dangvien.sotc']]) {
    as[role] = new Client(server);
    await as[role].login(username);
  }
});
after(async () => {
  await server?.stop();
});

const search = async (who, q, extra = '') => {
  const r = await as[who].get(`/api/v1/members?q=${encodeURIComponent(q)}${extra}`);
  assert.equal(r.status, 200, `${q}: ${r.text}`);
  return r.json;
};
const fold = (s) => s.normalize('NFD').replace(/\p{Mn}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
const given = (name) => fold(name).split(' ').at(-1);

test('a name typed without diacritics finds it, the full name first, then the given name, then the rest', async () => {
  const own = (await search('office', 'pham thi anh')).members[0];
  assert.equal(own.full_name, 'Phạm Thị Ánh');
  const anh = await search('office', 'anh');
  assert.ok(anh.total > 10, `${anh.total}`);
  const tiers = anh.members.map((m) => (fold(m.full_name) === 'anh' ? 0 : given(m.full_name) === 'anh' ? 1 : 2));
  assert.deepEqual(tiers, [...tiers].sort((a, b) => a - b));
  assert.equal(tiers[0], 1);  // the demo has members named Ánh/Anh
  for (const m of anh.members) assert.ok(fold(m.full_name).split(/[\s'-]/).some((w) => w.startsWith('anh')), m.full_name);
});

test('paging walks every match once, in rank order', async () => {
  const first = await search('office', 'nguyen');
  assert.ok(first.total > first.members.length, `${first.total}`);
  const seen = new Set();
  for (let page = 1; page <= first.pages; ++page) {
    for (const m of (await search('office', 'nguyen', `&page=${page}`)).members) {
      assert.ok(!seen.has(m.id), `${m.id} twice`);
      seen.add(m.id);
    }
  }
  assert.equal(seen.size, first.total);
  assert.equal(first.total_capped, false);
});

test('the count keeps to the caller\'s subtree; a plain member finds only themselves', async () => {
  const office = await search('office', 'nguyen');
  const secretary = await search('secretary', 'nguyen');
  assert.ok(secretary.total > 0 && secretary.total < office.total, `${secretary.total} of ${office.total}`);
  const cell = (await as.secretary.get('/api/v1/orgs?all=1')).json.orgs.map((o) => o.id);
  for (const m of secretary.members) assert.ok(cell.includes(m.org_id), m.full_name);
  const member = await search('member', 'nguyen');
  assert.ok(member.total <= 1);
  const under = await search('office', 'nguyen', `&org=${secretary.members[0].org_id}`);
  assert.ok(under.total > 0 && under.total <= secretary.total);
});

test('query syntax of FTS5, tsquery and LIKE answers 200 and is taken literally', async () => {
  for (const q of ['"', '*', '%', '_', "'", '-', ':', '&', '|', '!', '(', ')', '\\', 'NEAR', 'NEAR(nguyen van)',
    '"nguyen', 'nguyen*', 'nguyen -van', 'name_folded:an', 'nguyen & !van', 'an:*', '%an%', "'; --"]) {
    await search('office', q);
  }
  for (const q of ['"', '*', '%', '_', "'", '-', ':']) assert.equal((await search('office', q)).total, 0, q);
  assert.equal((await search('office', '"pham thi anh"')).members[0].full_name, 'Phạm Thị Ánh');
  assert.equal((await search('office', 'pham-thi:anh*')).members[0].full_name, 'Phạm Thị Ánh');
});

test('the member list page and the global search use the same search', async () => {
  const secretary = await search('secretary', 'nguyen');
  const page = await as.secretary.get('/members?q=nguyen');
  assert.equal(page.status, 200);
  const ids = [...page.text.matchAll(/href="\/members\/(\d+)"/g)].map((m) => Number(m[1]));
  assert.deepEqual(ids.slice(0, 5), secretary.members.slice(0, 5).map((m) => m.id));
  const global = await as.office.get('/search?q=%25');
  assert.equal(global.status, 200);
});

test('past 1,000 matches the count is capped and says so; the pages keep the rank order', async () => {
  const dataDir = mkdtempSync(join(process.env.DANGVU_TEST_TMP || tmpdir(), 'dv-'));
  const db = freshDatabase(dataDir);
  const env = { dataDir, dbUrl: db.url };
  let gen;
  try {
    const made = cli(env, ['gen', '--members', '5000']);
    assert.equal(made.status, 0, made.stderr);
    const root = sql(env, 'SELECT id FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 1');
    assert.equal(cli(env, ['user', 'add', '--username', 'quantri', '--role', 'admin', '--org', root, '--password-stdin'],
      'mat-khau-rat-dai\n').status, 0);
    const matches = Number(sql(env, "SELECT COUNT(*) FROM members WHERE status IN ('probationary', 'official') AND "
      + "(name_folded LIKE 'nguyen %' OR name_folded LIKE '% nguyen %' OR name_folded LIKE '% nguyen')"));
    assert.ok(matches > 1000, `${matches}`);
    gen = await serveOn(env);
    const admin = new Client(gen);
    await admin.login('quantri', 'mat-khau-rat-dai');
    const get = async (path) => {
      const r = await admin.get(path);
      assert.equal(r.status, 200, `${path}: ${r.text}`);
      return r.json;
    };
    const first = await get('/api/v1/members?q=nguyen');
    assert.equal(first.total, 1000);
    assert.equal(first.total_capped, true);
    assert.equal(first.pages, 20);
    // Three pages in rank order (the given name Nguyen first, if any, then name order), no member twice.
    const seen = new Map();
    let last = null;
    for (let page = 1; page <= 3; ++page) {
      const members = (await get(`/api/v1/members?q=nguyen&page=${page}`)).members;
      assert.equal(members.length, 50);
      for (const m of members) {
        assert.ok(!seen.has(m.id), `${m.full_name} twice`);
        seen.set(m.id, m);
        assert.ok(fold(m.full_name).split(' ').includes('nguyen'), m.full_name);
        const tier = given(m.full_name) === 'nguyen' ? 1 : 2;
        if (last) assert.ok(last <= tier, `${m.full_name} after a lower tier`);
        last = tier;
      }
    }
    // A name few share is counted exactly.
    const one = [...seen.values()][0];
    const exact = await get(`/api/v1/members?q=${encodeURIComponent(fold(one.full_name))}`);
    assert.equal(exact.total_capped, false);
    assert.ok(exact.members.some((m) => m.id === one.id));
    // The pages say the count is capped.
    const list = await admin.get(`/orgs/${root}/members?q=nguyen`);
    assert.equal(list.status, 200);
    assert.match(list.text, /Số đảng viên: hơn 1\.000/);
    assert.match(list.text, /chỉ đếm đến 1\.000/);
    const found = await admin.get('/search?q=nguyen');
    assert.equal(found.status, 200);
    assert.match(found.text, /Số đảng viên tìm thấy: hơn 1\.000/);
  } finally {
    await gen?.stop();
    db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('one letter that matches no one-letter word says to type more, not just "no members match"', async () => {
  const api = await search('office', 'n');
  assert.equal(api.total, 0);
  assert.equal(api.q_one_letter, true);
  const page = await as.office.get('/members?q=n');
  assert.equal(page.status, 200);
  assert.match(page.text, /Một chữ cái chỉ tìm được tên có đúng chữ ấy/);
  const more = await search('office', 'ng');
  assert.ok(more.total > 0);
  assert.equal(more.q_one_letter, undefined);
  assert.doesNotMatch((await as.office.get('/members?q=ng')).text, /Một chữ cái/);
});
