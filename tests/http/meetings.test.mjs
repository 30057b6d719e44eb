// Meetings over HTTP on the demo: the bloc's summary of 2025 holds the figures of its units and its meeting
// count is the length of the list behind it; a secretary records a cell's meeting with two absences (one
// excused with its reason) and the cell's summary moves by exactly that; a bad line refuses the whole
// attendance, nothing written; a member reads the meetings they were invited to and their own line only,
// no summary and no other cell's meeting; the year's themes. Every JSON answer is checked against its schema.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/harness.mjs';

let server;
let office;
let secretary;
let member;
let orgs;
const code = (c) => orgs.find((o) => o.code === c);
const fields = (r) => (r.json.errors || []).map((e) => `${e.field}:${e.code}`);
const kind = (s, k) => s.kinds.find((x) => x.counts_as === k) || { expected: 0, held: 0, missed: 0 };

before(async () => {
  server = await startServer();
  office = new Client(server);
  await office.login('vanphong');
  secretary = new Client(server);
  await secretary.login('bithu.sotc');
  member = new Client(server);
  await member.login('dangvien.sotc');
  orgs = (await office.get('/api/v1/orgs?all=1')).json.orgs;
});
after(async () => { await server?.stop(); });

test('a unit\'s figures are the sums of its direct units\', and the meeting count is the length of the list behind it', async () => {
  const root = code('DBT').id;
  // 2026: the tree stood still (the 2025 reorganizations are behind it), so the units below add up.
  const s = await office.get(`/api/v1/meetings/summary?org_id=${root}&from=2026-01-01&to=2026-11-30`);
  assert.equal(s.status, 200, s.text);
  const sum = s.json;
  assert.ok(kind(sum, 'regular').expected > 100, 'the demo\'s cells are expected to meet monthly');
  assert.ok(kind(sum, 'regular').missed > 0, 'the demo misses some months');
  assert.ok(kind(sum, 'thematic').missed > 0, 'and some quarters\' thematic meetings');
  assert.ok(sum.absent > 0 && sum.excused > 0);
  assert.equal(sum.present + sum.excused + sum.absent, sum.invited);
  // The direct units: their figures add up to the unit's, each figure of theirs a sum of what lies below.
  const add = (f) => sum.units.reduce((n, u) => n + f(u), 0);
  assert.equal(add((u) => u.meetings), sum.meetings);
  assert.equal(add((u) => u.invited), sum.invited);
  assert.equal(add((u) => kind(u, 'regular').held), kind(sum, 'regular').held);
  assert.equal(add((u) => kind(u, 'thematic').expected), kind(sum, 'thematic').expected);
  // The periods missed add up to the missed figure.
  const missed = sum.missed.filter((m) => m.counts_as === 'regular').reduce((n, m) => n + m.units, 0);
  assert.equal(missed, kind(sum, 'regular').missed);
  // The list behind the meeting count: held meetings of the period in the subtree (the planned ones are not held).
  let listed = 0;
  for (let page = 1; ; page++) {
    const l = await office.get(`/api/v1/meetings?under=${root}&from=2026-01-01&to=2026-11-30&page=${page}`);
    assert.equal(l.status, 200, l.text);
    listed += l.json.meetings.filter((m) => m.status === 'held').length;
    if (page * 20 >= l.json.total) break;
  }
  assert.equal(listed, sum.meetings);
  // A year's page renders, with the missed periods linked to the meetings of the period.
  const page = await office.get(`/meetings/summary?org_id=${root}&year=2025`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Kỳ chưa sinh hoạt/);
});

test('a secretary records a cell meeting with two absences; the cell\'s summary moves by exactly that', async () => {
  const cell = code('SOTC-NS').id;
  const before = (await secretary.get(`/api/v1/meetings/summary?org_id=${cell}&from=2024-03-01&to=2024-03-31`)).json;
  assert.equal(before.meetings, 0);
  const form = (await secretary.get(`/meetings/new?org_id=${cell}&held_on=15/03/2024`, { headers: { Accept: 'application/json' } })).json;
  const people = form.members;
  assert.ok(people.length >= 3, 'the cell had members on that day');
  // A bad line (an excuse without its reason, someone of another cell) refuses the whole attendance.
  const outsider = (await office.get(`/api/v1/members?org_id=${code('SOGD-TH').id}`)).json.members[0].id;
  const bad = await secretary.post('/api/v1/meetings', { json: {
    org_id: cell, kind: 'regular', held_on: '2024-03-15', topic: 'Sinh hoạt tháng 3',
    attendance: [{ member_id: people[0].member_id, state: 'excused' }, { member_id: outsider, state: 'absent' }] } });
  assert.equal(bad.status, 422, bad.text);
  assert.deepEqual(fields(bad).sort(), ['attendance[0].reason:required', 'attendance[1].member_id:not_invited']);
  assert.equal((await secretary.get(`/api/v1/meetings?under=${cell}&from=2024-03-01&to=2024-03-31`)).json.total, 0);
  const made = await secretary.post('/api/v1/meetings', { json: {
    org_id: cell, kind: 'regular_thematic', held_on: '2024-03-15', starts_at: '14:00', topic: 'Sinh hoạt tháng 3',
    attendance: [{ member_id: people[0].member_id, state: 'excused', reason: 'Đi công tác' },
      { member_id: people[1].member_id, state: 'absent' }] } });
  assert.equal(made.status, 201, made.text);
  const m = made.json.meeting;
  assert.deepEqual([m.invited, m.present, m.excused, m.absent], [people.length, people.length - 2, 1, 1]);
  const after = (await secretary.get(`/api/v1/meetings/summary?org_id=${cell}&from=2024-03-01&to=2024-03-31`)).json;
  assert.equal(after.meetings, 1);
  assert.deepEqual([after.invited, after.present, after.absent], [people.length, people.length - 2, 1]);
  assert.deepEqual([kind(after, 'regular').held, kind(after, 'regular').expected], [1, 1]);
  assert.deepEqual([kind(after, 'thematic').held, kind(after, 'thematic').expected], [1, 1]);
  // The grassroots committee above counts it too.
  const up = (await secretary.get(`/api/v1/meetings/summary?org_id=${code('SOTC').id}&from=2024-03-01&to=2024-03-31`)).json;
  assert.ok(up.meetings >= 1 && up.absent >= 1);
  // Another page of attendance: everyone listed, the two exceptions as recorded.
  const page = (await secretary.get(`/api/v1/meetings/${m.id}`)).json;
  assert.equal(page.attendance.length, people.length);
  assert.equal(page.attendance.find((a) => a.member_id === people[0].member_id).reason, 'Đi công tác');
  // A stale version is refused; the current one accepted.
  const stale = await secretary.request('PUT', `/api/v1/meetings/${m.id}/attendance`, { json: { attendance: [], version: m.version + 5 } });
  assert.equal(stale.status, 409, stale.text);
  const fixed = await secretary.request('PUT', `/api/v1/meetings/${m.id}/attendance`, { json: { attendance: [], version: m.version } });
  assert.equal(fixed.status, 200, fixed.text);
  assert.equal(fixed.json.meeting.present, people.length);
});

test('a member reads the meetings they were invited to and their own line only', async () => {
  const mine = await member.get('/api/v1/meetings');
  assert.equal(mine.status, 200, mine.text);
  assert.ok(mine.json.total > 5, 'the demo invites the member every month');
  const one = mine.json.meetings.find((m) => m.status === 'held');
  assert.ok(one.own_state);
  const page = await member.get(`/api/v1/meetings/${one.id}`);
  assert.equal(page.status, 200, page.text);
  assert.equal(page.json.attendance.length, 1);
  assert.equal(page.json.own.member_id, page.json.attendance[0].member_id);
  assert.equal(page.json.can_edit, false);
  // No summary, no other cell's meeting, no recording.
  assert.equal((await member.get(`/api/v1/meetings/summary?org_id=${code('SOTC-NS').id}`)).status, 404);
  const other = (await office.get(`/api/v1/meetings?under=${code('SOGD').id}`)).json.meetings[0];
  assert.equal((await member.get(`/api/v1/meetings/${other.id}`)).status, 404);
  assert.equal((await member.post('/api/v1/meetings', { json: { org_id: code('SOTC-NS').id, kind: 'regular', held_on: '2025-01-05', topic: 'x' } })).status, 403);
  // The next planned meeting is on the member's home page.
  const home = await member.get('/');
  assert.match(home.text, /Họp sắp tới/);
});

test('the year\'s themes are listed for everyone; office staff set one per unit and year', async () => {
  const t = await member.get('/api/v1/themes');
  assert.equal(t.status, 200, t.text);
  assert.deepEqual(t.json.themes.map((x) => x.year).slice(0, 2), [2026, 2025]);
  const again = await office.post('/api/v1/themes', { json: { owner_org_id: t.json.themes[0].owner_org_id, year: 2026, title: 'Khác' } });
  assert.equal(again.status, 422, again.text);
  assert.deepEqual(fields(again), ['year:taken']);
});
