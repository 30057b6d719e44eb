// Commitments and codes of conduct over HTTP on the demo: a unit's counts are the sums of its direct units'
// and its "registered" figure is the length of the secretary's list behind it; the demo's member registers
// (their secretary is told, approves, the member is told) and the counts move by exactly one; the reminders
// command sends each reminder once; nobody but the member and the secretaries who answer for the cell reads a
// commitment; the codes of conduct: the version in force on a day, the overview's figures are the lengths of
// its lists. Every JSON answer is checked against its schema.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, cli } from '../lib/harness.mjs';

let server;
let office;
let secretary;
let member;
let inspector;
let orgs;
const code = (c) => orgs.find((o) => o.code === c);
const fields = (r) => (r.json.errors || []).map((e) => `${e.field}:${e.code}`);
const year = new Date().getFullYear();

before(async () => {
  server = await startServer();
  office = new Client(server);
  await office.login('vanphong');
  secretary = new Client(server);
  await secretary.login('bithu.sotc');
  member = new Client(server);
  await member.login('dangvien.sotc');
  inspector = new Client(server);
  await inspector.login('kiemtra');
  orgs = (await office.get('/api/v1/orgs?all=1')).json.orgs;
});
after(async () => { await server?.stop(); });

async function summary(client, org) {
  const s = await client.get(`/api/v1/commitments/summary?org_id=${org}&year=${year}`);
  assert.equal(s.status, 200, s.text);
  return s.json;
}

// Every row of the secretary's list (all pages).
async function cellRows(show) {
  const rows = [];
  for (let page = 1; ; page++) {
    const r = await secretary.get(`/api/v1/commitments?show=${show}&page=${page}`);
    assert.equal(r.status, 200, r.text);
    rows.push(...r.json.rows);
    if (page * 30 >= r.json.total) break;
  }
  return rows;
}

test('a unit\'s counts are the sums of its direct units\', and "registered" is the length of the list behind it', async () => {
  const root = await summary(office, code('DBT').id);
  assert.ok(root.total.members > 100 && root.total.registered > 0.8 * root.total.members, JSON.stringify(root.total));
  for (const k of ['members', 'registered', 'approved', 'assessed', 'reviewed', 'items', 'done', 'partly', 'not_done'])
    assert.equal(root.units.reduce((n, u) => n + u[k], 0), root.total[k], k);
  // The secretary of SOTC answers for all its cells: the list's registered rows are the unit's figure.
  const sotc = await summary(secretary, code('SOTC').id);
  const rows = await cellRows('all');
  assert.equal(rows.length, sotc.total.members);
  assert.equal(rows.filter((r) => r.status && r.status !== 'draft').length, sotc.total.registered);
  assert.equal(rows.filter((r) => r.status === 'approved').length, sotc.total.approved);
  // The office reads the counts but no commitment: not in the list, not by id.
  const one = rows.find((r) => r.commitment_id);
  assert.equal((await office.get(`/api/v1/commitments/${one.commitment_id}`)).status, 404);
  assert.equal((await inspector.get(`/api/v1/commitments/${one.commitment_id}`)).status, 404);
  assert.equal((await member.get(`/api/v1/commitments/${one.commitment_id}`)).status, 404);
  assert.equal((await office.get('/api/v1/commitments')).json.rows.length, 0);
  assert.equal((await member.get(`/api/v1/commitments/summary?org_id=${code('SOTC').id}`)).status, 404);
});

test('the member registers; the secretary is told and approves; the counts move by one; reminders are sent once', async () => {
  const cell = (await member.get('/api/v1/members')).json.members[0].org_id;
  const before = await summary(secretary, cell);
  // Not registered after the registration date: one reminder, and not a second.
  const home = await member.get('/');
  assert.match(home.text, new RegExp(`Đăng ký làm theo năm ${year}`));
  const r1 = cli(server, ['remind']);
  assert.equal(r1.status, 0, r1.stderr);
  const missing = async () => (await member.get('/api/v1/notifications?show=unread')).json.notifications
    .filter((n) => n.kind === 'commitment_missing').length;
  assert.equal(await missing(), 1);
  assert.equal(cli(server, ['remind']).status, 0);
  assert.equal(await missing(), 1);
  // Bad input is named and nothing is written.
  const bad = await member.post('/api/v1/commitments', { json: { items: ['Một', ''], submit: true } });
  assert.equal(bad.status, 422, bad.text);
  assert.deepEqual(fields(bad), ['items[1]:required']);
  assert.equal((await member.get('/api/v1/commitments')).json.own, null);
  // Submitted: the secretary hears of it and finds it waiting.
  const s = await member.post('/api/v1/commitments', { json: { items: ['Đúng giờ', 'Tiết kiệm điện'], submit: true } });
  assert.equal(s.status, 200, s.text);
  const id = s.json.commitment.id;
  assert.equal(s.json.commitment.status, 'submitted');
  const bell = (await secretary.get('/api/v1/notifications?show=unread')).json.notifications;
  assert.ok(bell.some((n) => n.kind === 'commitment_submitted' && n.href === `/commitments/${id}`));
  assert.ok((await cellRows('to_approve')).some((r) => r.commitment_id === id));
  // Another member of the cell reads nothing of it; the inspector neither.
  assert.equal((await inspector.get(`/api/v1/commitments/${id}`)).status, 404);
  const ok = await secretary.post(`/api/v1/commitments/${id}/decision`, { json: { decision: 'approve', version: s.json.commitment.version } });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.commitment.status, 'approved');
  const told = (await member.get('/api/v1/notifications?show=unread')).json.notifications;
  assert.ok(told.some((n) => n.kind === 'commitment_approved'));
  const after = await summary(secretary, cell);
  assert.equal(after.total.registered, before.total.registered + 1);
  assert.equal(after.total.approved, before.total.approved + 1);
  assert.equal(after.total.items, before.total.items + 2);
  // Approved: no longer the member's to change.
  const locked = await member.post('/api/v1/commitments', { json: { items: ['Khác'] } });
  assert.equal(locked.status, 409, locked.text);
  // The pages render for each of them.
  for (const [c, path] of [[member, '/commitments'], [member, `/commitments/${id}`], [secretary, '/commitments/cell'],
    [secretary, `/commitments/${id}`], [office, '/commitments/summary']]) {
    const p = await c.get(path);
    assert.equal(p.status, 200, `${path}: ${p.status}`);
  }
});

test('codes of conduct: the version in force on a day, and the overview\'s figures are its lists\' lengths', async () => {
  const unit = code('SOTC-NS').id;
  const made = await secretary.post('/api/v1/codes-of-conduct', {
    json: { org_id: unit, kind: 'house_rules', title: 'Nội quy phòng họp', adopted_on: '2025-01-15', body: 'Bản 1' },
  });
  assert.equal(made.status, 201, made.text);
  const id = made.json.code.id;
  const early = await secretary.post(`/api/v1/codes-of-conduct/${id}/versions`, { json: { adopted_on: '2025-01-10', body: 'Bản 2' } });
  assert.equal(early.status, 422);
  assert.deepEqual(fields(early), ['adopted_on:not_after_last']);
  const v2 = await secretary.post(`/api/v1/codes-of-conduct/${id}/versions`, { json: { adopted_on: '2026-02-01', body: 'Bản 2' } });
  assert.equal(v2.status, 201, v2.text);
  const on = async (day) => (await member.get(`/api/v1/codes-of-conduct?org_id=${unit}&on=${day}`)).json.codes
    .find((c) => c.id === id).in_force;
  assert.equal(await on('2025-01-14'), null);
  assert.equal((await on('2025-06-01')).number, 1);
  assert.equal((await on('2026-02-01')).body, 'Bản 2');
  // The overview of the whole tree this year: each figure is its list's length.
  const root = code('DBT').id;
  const base = `/api/v1/codes-of-conduct/overview?under=${root}&from=${year}-01-01&to=${year}-12-31`;
  const all = await office.get(`${base}&list=all`);
  assert.equal(all.status, 200, all.text);
  assert.equal(all.json.total, all.json.units);
  assert.equal(all.json.with_codes + all.json.none, all.json.units);
  for (const list of ['changed', 'none']) {
    let n = 0;
    for (let page = 1; ; page++) {
      const r = await office.get(`${base}&list=${list}&page=${page}`);
      n += r.json.rows.length;
      if (page * 25 >= r.json.total) break;
    }
    assert.equal(n, all.json[list], list);
  }
  assert.ok(all.json.none > 0 && all.json.changed > 0);
  // A member reads the codes of their own units, not another's, and no overview.
  assert.equal((await member.get(`/api/v1/codes-of-conduct?org_id=${code('SOGD-TH').id}`)).status, 404);
  assert.equal((await member.get(`${base}&list=all`)).status, 403);
});
