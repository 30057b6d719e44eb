// Organizations over HTTP on the demo province: the tree with member counts as of a date, a split
// through the API (before and after), committee seats with their hand-over, and the errors a bad
// request gets (which field, why).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/harness.mjs';

let server;
let office;
const code = (orgs, c) => orgs.find((o) => o.code === c);

before(async () => {
  server = await startServer();
  office = new Client(server);
  await office.login('vanphong');
});
after(async () => { await server?.stop(); });

test('the tree counts the members of each subtree, today and as of a past date', async () => {
  const orgs = (await office.get('/api/v1/orgs?all=1')).json.orgs;
  const root = orgs[0];
  assert.equal(root.depth, 0);
  const members = (await office.get(`/api/v1/orgs/${root.id}/members`)).json.total;
  assert.equal(root.subtree_members, members);
  const sotc = code(orgs, 'SOTC');
  const cells = orgs.filter((o) => o.parent_id === sotc.id);
  assert.equal(sotc.subtree_members, cells.reduce((n, c) => n + c.subtree_members, 0) + sotc.members);
  // Before the demo's history began nothing existed yet; the HTML page shows the same numbers.
  assert.equal((await office.get('/api/v1/orgs?all=1&as_of=2015-06-01')).json.orgs.length, 0);
  const page = await office.get('/orgs?expand=all');
  assert.equal(page.status, 200);
  assert.equal((page.text.match(/<details open>/g) || []).length, orgs.filter((o, i) => orgs[i + 1]?.depth > o.depth).length);
  assert.match(page.text, new RegExp(`${sotc.subtree_members} đảng viên`));
});

test('a split through the API moves each member where asked and keeps the old tree for earlier dates', async () => {
  const orgs = (await office.get('/api/v1/orgs?all=1')).json.orgs;
  const cell = code(orgs, 'SOTC-TCDN');
  const before = (await office.get(`/api/v1/orgs/${cell.id}/members`)).json.members;
  assert.ok(before.length >= 2);
  const fields = (r) => r.json.errors.map((e) => `${e.field}:${e.code}`).sort();
  const wrongType = await office.post(`/api/v1/orgs/${cell.id}/reorganize`, {
    json: { kind: 'split', parts: [{ code: 'X0', name: 'Một' }, { code: 'X1', name: 'Hai', members: ['a'] }] },
  });
  assert.equal(wrongType.status, 422);
  assert.deepEqual(fields(wrongType), ['parts[1].members:not_integer']);
  const bad = await office.post(`/api/v1/orgs/${cell.id}/reorganize`, {
    json: { kind: 'split', parts: [{ code: 'SOTC-NS', name: '' }, { code: 'X1', name: 'Hai' }] },
  });
  assert.equal(bad.status, 422);
  assert.deepEqual(fields(bad), ['parts[0].code:taken', 'parts[0].name:required']);
  const r = await office.post(`/api/v1/orgs/${cell.id}/reorganize`, {
    json: {
      kind: 'split', effective_on: '2026-01-01', decision: 'Quyết định số 77-QĐ/ĐUK',
      parts: [{ code: 'SOTC-TCDN1', name: 'Chi bộ Tài chính doanh nghiệp 1' },
        { code: 'SOTC-TCDN2', name: 'Chi bộ Tài chính doanh nghiệp 2', members: [before[0].id] }],
    },
  });
  assert.equal(r.status, 201, r.text);
  const [p1, p2] = r.json.parts;
  const m1 = (await office.get(`/api/v1/orgs/${p1.id}/members`)).json.members.map((m) => m.id);
  const m2 = (await office.get(`/api/v1/orgs/${p2.id}/members`)).json.members.map((m) => m.id);
  assert.deepEqual(m2, [before[0].id]);
  assert.deepEqual([...m1, ...m2].sort(), before.map((m) => m.id).sort());
  const history = (await office.get(`/api/v1/members/${before[0].id}`)).json.placements;
  assert.equal(history.at(-1).reason, 'reorganization');
  assert.equal(history.at(-2).to, '2026-01-01');
  // As of the day before: the old cell; from the day: the two parts, under the same parent.
  const then = (await office.get('/api/v1/orgs?all=1&as_of=2025-12-31')).json.orgs.map((o) => o.code);
  const now = (await office.get('/api/v1/orgs?all=1&as_of=2026-01-01')).json.orgs;
  assert.ok(then.includes('SOTC-TCDN') && !then.includes('SOTC-TCDN1'));
  assert.ok(!now.some((o) => o.code === 'SOTC-TCDN'));
  assert.equal(code(now, 'SOTC-TCDN2').parent_id, cell.parent_id);
  const old = (await office.get(`/api/v1/orgs/${cell.id}`)).json;
  assert.equal(old.org.ended_on, '2026-01-01');
  assert.equal(old.events.at(-1).kind, 'split');
  // A split organization cannot change again.
  const again = await office.post(`/api/v1/orgs/${cell.id}/reorganize`, { json: { kind: 'rename', name: 'X' } });
  assert.equal(again.status, 409);
});

test('committee seats: a new secretary takes over; as-of views show each', async () => {
  const orgs = (await office.get('/api/v1/orgs?all=1')).json.orgs;
  const cell = code(orgs, 'SOTC-GCS');
  const current = (await office.get(`/api/v1/orgs/${cell.id}/committee`)).json;
  const secretary = current.committee.find((p) => p.role === 'secretary');
  assert.ok(secretary, 'the demo cell has a secretary');
  const others = (await office.get(`/api/v1/orgs/${cell.id}/members`)).json.members.filter((m) => m.id !== secretary.member_id);
  const missing = await office.post(`/api/v1/orgs/${cell.id}/committee`, { json: { role: 'secretary' } });
  assert.equal(missing.status, 422);
  assert.equal(missing.json.errors[0].field, 'member_id');
  const r = await office.post(`/api/v1/orgs/${cell.id}/committee`, {
    json: { member_id: others[0].id, role: 'secretary', from_date: '2025-10-01', decision: 'Nghị quyết Đại hội 2025-2030' },
  });
  assert.equal(r.status, 201, r.text);
  const before = (await office.get(`/api/v1/orgs/${cell.id}/committee?as_of=2025-09-30`)).json.committee;
  const afterwards = (await office.get(`/api/v1/orgs/${cell.id}/committee?as_of=2025-10-01`)).json.committee;
  assert.equal(before.find((p) => p.role === 'secretary').member_id, secretary.member_id);
  assert.equal(afterwards.find((p) => p.role === 'secretary').member_id, others[0].id);
  const old = (await office.get(`/api/v1/orgs/${cell.id}/committee`)).json.history.find((p) => p.id === secretary.id);
  assert.deepEqual([old.to_date, old.end_reason], ['2025-10-01', 'replaced']);
  // The member's profile lists the seat.
  const profile = await office.get(`/members/${others[0].id}`);
  assert.match(profile.text, /Chức vụ trong cấp ủy[\s\S]*Bí thư/);
});

test('a member opens their own record from the home page, and nobody else\'s', async () => {
  const me = new Client(server);
  await me.login('dangvien.sotc');
  const home = await me.get('/');
  const link = home.text.match(/href="(\/members\/\d+)">Hồ sơ đảng viên của tôi</);
  assert.ok(link, 'the home page links the member\'s own record');
  const own = await me.get(link[1]);
  assert.equal(own.status, 200);
  assert.match(own.text, /<h1>Phạm Thị Ánh<\/h1>/);
  assert.doesNotMatch(own.text, /href="\/orgs\/\d+"/);  // organization pages are not theirs to open
  const id = Number(link[1].split('/').pop());
  assert.equal((await me.get(`/members/${id + 1}`)).status, 404);  // no one else's record: as if absent
  assert.equal((await me.get(`/api/v1/members/999999`)).status, 404);
  assert.equal((await me.get(`/api/v1/members/${id}`)).json.member.full_name, 'Phạm Thị Ánh');
});
