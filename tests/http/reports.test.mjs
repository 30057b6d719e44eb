// Report rounds over HTTP on the demo: each completeness figure of a closed round equals the length of the
// list behind it; a secretary fills the open round's report (a rule broken: the draft saved, the submission
// refused naming the field; a stale save answered 409 naming what changed, nothing overwritten), submits,
// office staff return it with a comment (the secretary's bell says so), the secretary fixes and submits
// again, every version kept and the round's roll-up follows; scope; the XLSX export has a sheet per level
// with numbers as numbers. Every JSON answer is checked against its schema.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, Client } from '../lib/harness.mjs';

let server;
let office;
let secretary;
let member;
let rounds;
let orgs;
const code = (c) => orgs.find((o) => o.code === c);
const fields = (r) => (r.json.errors || []).map((e) => `${e.field}:${e.code}`);

before(async () => {
  server = await startServer();
  office = new Client(server);
  await office.login('vanphong');
  secretary = new Client(server);
  await secretary.login('bithu.sotc');
  member = new Client(server);
  await member.login('dangvien.sotc');
  orgs = (await office.get('/api/v1/orgs?all=1')).json.orgs;
  rounds = (await office.get('/api/v1/report-rounds')).json.rounds;
});
after(async () => { await server?.stop(); });

const roundOf = (words) => rounds.find((r) => r.title.includes(words));

test('each completeness figure of a closed round is the length of the list behind it', async () => {
  assert.equal(rounds.length, 3, rounds.map((r) => r.title).join());
  const year = roundOf('năm 2025');
  const root = (await office.get(`/api/v1/report-rounds/${year.id}/rollup`)).json;
  const c = root.counts;
  assert.ok(c.expected > 0 && c.late > 0 && c.missing > 0 && c.accepted > 0, JSON.stringify(c));
  const total = async (show) => {
    const r = await office.get(`/api/v1/report-rounds/${year.id}/reports?under=${root.org_id}${show ? `&show=${show}` : ''}`);
    assert.equal(r.status, 200, r.text);
    return r.json.total;
  };
  assert.equal(await total(''), c.expected);
  assert.equal(await total('submitted'), c.submitted);
  assert.equal(await total('late'), c.late);
  assert.equal(await total('returned'), c.returned);
  assert.equal(await total('accepted'), c.accepted);
  assert.equal(await total('chase'), c.missing + c.returned);
  assert.equal(c.on_time + c.late, c.submitted);
  // The percentages are the summed parts', recomputed.
  for (const p of Object.values(root.percentages)) {
    if (p.den > 0) assert.ok(Math.abs(p.value - (100 * p.num) / p.den) < 1e-9);
  }
  // A bad filter is named.
  const bad = await office.get(`/api/v1/report-rounds/${year.id}/reports?show=nope`);
  assert.equal(bad.status, 422);
  assert.deepEqual(fields(bad), ['show:invalid_choice']);
});

test('a secretary fills, submits, is returned, fixes and submits again; every version kept', async () => {
  const open = roundOf('năm 2026');
  const sotc = code('SOTC').id;
  const path = `/api/v1/report-rounds/${open.id}/reports/${sotc}`;
  let r = await secretary.get(path);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.can_edit, true);
  const members = r.json.members;
  assert.ok(members > 0);
  const values = (total, studied) => ({
    members_total: total, members_studied: studied, members_absent: total - studied, has_plan: true,
    commitments: studied, results: 'Đã học tập đầy đủ.', models: [{ name: 'Mô hình', people: 3 }],
  });
  // Above the unit's members: saved, named; its submission refused naming the field, the draft kept.
  let version = r.json.report.version;
  r = await secretary.request('PUT', path, { json: { values: values(members + 5, members), version } });
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.problems.some((p) => p.field === 'values.members_total' && p.code === 'above_members'), r.text);
  version = r.json.report.version;
  r = await secretary.post(`${path}/submit`, { json: { version } });
  assert.equal(r.status, 422, r.text);
  assert.ok(fields(r).includes('values.members_total:above_members'), r.text);
  assert.equal((await secretary.get(path)).json.report.status, 'draft');
  // Letters in a number: refused whole.
  r = await secretary.request('PUT', path, { json: { values: { members_total: 'mười' }, version } });
  assert.equal(r.status, 422);
  assert.deepEqual(fields(r), ['values.members_total:not_integer']);
  // Two saves from the same version: the later one 409, naming what differs, nothing overwritten.
  r = await secretary.request('PUT', path, { json: { values: values(members, members - 1), version } });
  assert.equal(r.status, 200, r.text);
  const stale = await office.request('PUT', path, { json: { values: values(members, members - 2), version } });
  assert.equal(stale.status, 409, stale.text);
  assert.ok(fields(stale).includes('values.members_studied:changed'), stale.text);
  assert.equal((await secretary.get(path)).json.report.values.members_studied, members - 1);
  version = r.json.report.version;
  r = await secretary.post(`${path}/submit`, { json: { version } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.report.status, 'submitted');
  // Submitted: not editable.
  r = await secretary.request('PUT', path, { json: { values: values(members, members), version: r.json.report.version } });
  assert.equal(r.status, 409);
  // Office staff return it with a comment; the secretary's bell says so.
  const unreadBefore = (await secretary.get('/api/v1/notifications')).json.unread;
  const noComment = await office.post(`${path}/return`, { json: { comment: ' ', version: version + 1 } });
  assert.equal(noComment.status, 422);
  r = await office.post(`${path}/return`, { json: { comment: 'Bổ sung số liệu cam kết.', version: version + 1 } });
  assert.equal(r.status, 200, r.text);
  const notes = (await secretary.get('/api/v1/notifications')).json;
  assert.equal(notes.unread, unreadBefore + 1);
  assert.ok(notes.notifications[0].href.endsWith(`/report-rounds/${open.id}/reports/${sotc}`), JSON.stringify(notes.notifications[0]));
  // Fixed and submitted again.
  r = await secretary.post(`${path}/submit`, { json: { values: values(members, members), version: r.json.report.version } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.report.submissions, 2);
  const rec = (await office.get(path)).json;
  assert.deepEqual(rec.events.map((e) => e.kind), ['submit', 'return', 'submit']);
  assert.equal(rec.events[0].values.members_studied, members);
  assert.equal(rec.events[2].values.members_studied, members - 1);
  assert.equal(rec.can_review, true);
  // The round's roll-up over the unit's subtree now holds what it sent.
  const roll = (await office.get(`/api/v1/report-rounds/${open.id}/rollup?org_id=${sotc}`)).json;
  assert.equal(roll.totals.members_studied, members);
  assert.equal(roll.counts.returned, 0);
  // The page shows the comparison of the two submissions.
  const page = await office.get(`/report-rounds/${open.id}/reports/${sotc}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /So sánh bản gửi lần 1 và lần 2/);
});

test('scope: a member reads no round; a secretary no report outside the unit', async () => {
  const year = roundOf('năm 2025');
  assert.equal((await member.get(`/api/v1/report-rounds/${year.id}/reports`)).status, 404);
  assert.equal((await member.get(`/api/v1/report-rounds/${year.id}/rollup`)).status, 404);
  const outside = (await office.get(`/api/v1/report-rounds/${year.id}/reports?under=${code('SOGD').id}`)).json.reports[0];
  assert.ok(outside);
  assert.equal((await secretary.get(`/api/v1/report-rounds/${year.id}/reports/${outside.org_id}`)).status, 404);
  // Every report the secretary lists lies in the organizations the secretary may see, and none is missing.
  const visible = new Set((await secretary.get('/api/v1/orgs?all=1')).json.orgs.map((o) => o.id));
  const mine = (await secretary.get(`/api/v1/report-rounds/${year.id}/reports`)).json;
  assert.ok(mine.total > 0);
  for (const r of mine.reports) assert.ok(visible.has(r.org_id), r.org_code);
  const all = (await office.get(`/api/v1/report-rounds/${year.id}/reports?under=${code('SOTC').id}`)).json.total;
  assert.equal(mine.total, all);
  assert.equal((await secretary.get(`/api/v1/reports`)).status, 200);
});

test('the XLSX export has a sheet per level with numbers as numbers', async () => {
  const year = roundOf('năm 2025');
  const r = await fetch(`${server.base}/report-rounds/${year.id}/export.xlsx`, { headers: { Cookie: office.cookieHeader() } });
  assert.equal(r.status, 200);
  const file = join(mkdtempSync(join(tmpdir(), 'dv-xlsx-')), 'round.xlsx');
  writeFileSync(file, Buffer.from(await r.arrayBuffer()));
  const book = execFileSync('unzip', ['-p', file, 'xl/workbook.xml'], { encoding: 'utf8' });
  const sheets = [...book.matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((m) => m[1]);
  assert.ok(sheets.length >= 2, sheets.join());
  assert.equal(sheets[0], 'Tổng hợp');
  const first = execFileSync('unzip', ['-p', file, 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' });
  // Row 2 (the round's unit): code and name as text, then numeric cells (no t="s").
  const row2 = first.match(/<row r="2"[^>]*>(.*?)<\/row>/s)[1];
  assert.match(row2, /<c r="C2"[^>]*><v>\d+<\/v><\/c>/);
});
