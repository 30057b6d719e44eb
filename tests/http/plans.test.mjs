// Plans, tasks and notifications over HTTP on the demo: the demo's plans and their counts agree with the
// units listed behind them; office staff give a task to the grassroots of a subtree (each bad field named),
// the secretaries find it in their bell and the notification list, open it (marked read, taken to the
// task), record their unit's progress (a stale version answers 409, nothing overwritten), and the matrix,
// the XLSX export and the scope of every read follow. Every JSON answer is checked against its schema.
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
let plans;
let orgs;
const code = (c) => orgs.find((o) => o.code === c);
const fields = (r) => (r.json.errors || []).map((e) => `${e.field}:${e.code}`);
const json = { headers: { Accept: 'application/json' } };

before(async () => {
  server = await startServer();
  office = new Client(server);
  await office.login('vanphong');
  secretary = new Client(server);
  await secretary.login('bithu.sotc');
  member = new Client(server);
  await member.login('dangvien.sotc');
  orgs = (await office.get('/api/v1/orgs?all=1')).json.orgs;
  plans = (await office.get('/api/v1/plans')).json.plans;
});
after(async () => { await server?.stop(); });

// Every unit row of a task, through the pages of the task's JSON view.
async function allUnits(client, plan, task) {
  const out = [];
  for (let page = 1; ; page++) {
    const r = await client.get(`/plans/${plan}/tasks/${task}?page=${page}`, json);
    assert.equal(r.status, 200, r.text);
    out.push(...r.json.units);
    if (out.length >= r.json.total) return out;
  }
}

test("the demo's plans count what their units show", async () => {
  const labels = plans.map((p) => p.label);
  assert.ok(labels.some((l) => l.includes('45-KH/TU')), labels.join());
  assert.ok(labels.some((l) => l.includes('86-KH/ĐUK')), labels.join());
  const p45 = plans.find((p) => p.label.includes('45-KH/TU'));
  const r = await office.get(`/api/v1/plans/${p45.id}/tasks`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.tasks.length, 3);
  const today = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
  for (const t of r.json.tasks) {
    const units = await allUnits(office, p45.id, t.id);
    assert.equal(units.length, t.units);
    assert.equal(units.filter((u) => u.status === 'done').length, t.done, t.title);
    assert.equal(units.filter((u) => u.standing === 'overdue').length, t.overdue, t.title);
    // Overdue is derived from the due date and today, never stored.
    for (const u of units) assert.equal(u.standing === 'overdue', u.status !== 'done' && today > t.due_on, u.org_name);
  }
  assert.ok(r.json.tasks[0].overdue > 0, 'the demo has units late on the first task');
  // The secretary sees only their committee's units; the member no plan at all.
  const mine = await secretary.get(`/api/v1/plans/${p45.id}/tasks`);
  assert.equal(mine.status, 200);
  assert.ok(mine.json.tasks[0].units > 0 && mine.json.tasks[0].units < r.json.tasks[0].units);
  assert.equal((await member.get('/api/v1/plans')).json.plans.length, 0);
  assert.equal((await member.get(`/api/v1/plans/${p45.id}/tasks`)).status, 404);
});

test('the matrix rolls the counts up the tree and pages', async () => {
  const p45 = plans.find((p) => p.label.includes('45-KH/TU'));
  const tasks = (await office.get(`/api/v1/plans/${p45.id}/tasks`)).json.tasks;
  const page = await office.get(`/plans/${p45.id}`);
  assert.equal(page.status, 200);
  const total = tasks.reduce((n, t) => n + t.done, 0);
  const assigned = tasks.reduce((n, t) => n + t.units, 0);
  assert.match(page.text, new RegExp(`${total}/${assigned}`));
  const overdueOnly = await office.get(`/plans/${p45.id}?show=overdue`);
  assert.equal(overdueOnly.status, 200);
  assert.equal((await office.get(`/plans/${p45.id}?show=late`)).status, 422);
  assert.equal((await office.get(`/plans/${p45.id}?under=12abc`)).status, 422);
});

test('office staff give a task; each bad field is named and nothing is written', async () => {
  const p45 = plans.find((p) => p.label.includes('45-KH/TU'));
  const bad = await office.post(`/api/v1/plans/${p45.id}/tasks`, {
    json: { title: '', due_on: '2026-01-01', start_on: '2026-02-01', assign: 'grassroots' },
  });
  assert.equal(bad.status, 422, bad.text);
  assert.deepEqual(fields(bad).sort(), ['due_on:before_start', 'title:required', 'under:required']);
  // A secretary may not give the province's tasks.
  const not = await secretary.post(`/api/v1/plans/${p45.id}/tasks`, {
    json: { title: 'x', due_on: '2026-12-31', assign: 'subtree', under: code('SOTC').id },
  });
  assert.ok([403, 404].includes(not.status), not.text);
  const before = (await secretary.get('/api/v1/notifications')).json;
  const r = await office.post(`/api/v1/plans/${p45.id}/tasks`, {
    json: { title: 'Rà soát chuẩn mực đạo đức của chi bộ', due_on: '2026-12-20', start_on: '2026-11-01',
      assign: 'subtree', under: code('SOTC').id },
  });
  assert.equal(r.status, 201, r.text);
  const task = r.json.task;
  assert.equal(task.units, orgs.filter((o) => o.code === 'SOTC' || o.parent_id === code('SOTC').id).length);
  const after = (await secretary.get('/api/v1/notifications')).json;
  assert.equal(after.unread, before.unread + 1);
  const notice = after.notifications[0];
  assert.equal(notice.kind, 'task_assigned_many');
  assert.equal(notice.read, false);
  assert.match(notice.text, /Rà soát chuẩn mực đạo đức/);
  // The bell shows it, and opening it marks it read and leads to the task.
  const home = await secretary.get('/');
  assert.match(home.text, new RegExp(`class="bell-count"[^>]*>${after.unread}<`));
  const opened = await secretary.post(`/notifications/${notice.id}/open`, { form: { _csrf: secretary.csrf } });
  assert.equal(opened.status, 303);
  assert.equal(opened.headers.get('location'), `/plans/${p45.id}/tasks/${task.id}`);
  assert.equal((await secretary.get('/api/v1/notifications')).json.unread, after.unread - 1);
  // Someone else's notice is nobody else's to read.
  assert.equal((await office.post(`/api/v1/notifications/${notice.id}/read`)).status, 404);

  // The secretary records progress with the version read; a second save with the same version is stale.
  const unit = (await allUnits(secretary, p45.id, task.id)).find((u) => u.org_code === 'SOTC-NS');
  const put = (body) => secretary.request('PUT', `/api/v1/tasks/${task.id}/units/${unit.org_id}`, { json: body });
  const ok = await put({ status: 'in_progress', comment: 'Đang rà soát', version: unit.version });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.unit.version, unit.version + 1);
  const stale = await put({ status: 'done', version: unit.version });
  assert.equal(stale.status, 409, stale.text);
  const wrong = await put({ status: 'done', done_on: '2030-01-01', version: unit.version + 1 });
  assert.equal(wrong.status, 422);
  assert.deepEqual(fields(wrong), ['done_on:in_future']);
  const record = await secretary.get(`/plans/${p45.id}/tasks/${task.id}/units/${unit.org_id}`, json);
  assert.equal(record.json.unit.status, 'in_progress');
  assert.equal(record.json.history.length, 1);
  // The HTML form: a bad date is named on the page; a good one saves and goes back to the record.
  const formPath = `/plans/${p45.id}/tasks/${task.id}/units/${unit.org_id}`;
  const badForm = await secretary.post(formPath, { form: { _csrf: secretary.csrf, status: 'done', done_on: '31/02/2026', version: String(unit.version + 1) } });
  assert.equal(badForm.status, 422);
  assert.match(badForm.text, /Ngày hoàn thành/);
  const goodForm = await secretary.post(formPath, { form: { _csrf: secretary.csrf, status: 'done', done_on: '15/11/2026', comment: 'Xong', version: String(unit.version + 1) } });
  assert.equal(goodForm.status, 303, goodForm.text);
  // A unit of another committee is out of the secretary's reach.
  const other = (await allUnits(office, p45.id, task.id)).length;
  assert.ok(other >= 1);
  const foreign = orgs.find((o) => o.code === 'DBCQD');
  assert.equal((await secretary.request('PUT', `/api/v1/tasks/${task.id}/units/${foreign.id}`, { json: { status: 'done', version: 1 } })).status, 404);
});

test('the export is a real workbook with a row per unit', async () => {
  const p45 = plans.find((p) => p.label.includes('45-KH/TU'));
  const r = await fetch(server.base + `/plans/${p45.id}/export.xlsx`, { headers: { Cookie: office.cookieHeader() } });
  assert.equal(r.status, 200, await r.clone().text());
  const bytes = Buffer.from(await r.arrayBuffer());
  const dir = mkdtempSync(join(tmpdir(), 'plan-xlsx-'));
  writeFileSync(join(dir, 'p.xlsx'), bytes);
  const csv = execFileSync('python3', ['-c', `
import sys, zipfile, re
z = zipfile.ZipFile(sys.argv[1])
sheet = z.read('xl/worksheets/sheet1.xml').decode()
print(len(re.findall(r'<row ', sheet)))
`, join(dir, 'p.xlsx')]).toString().trim();
  const tasks = (await office.get(`/api/v1/plans/${p45.id}/tasks`)).json.tasks;
  const units = new Set();
  for (const t of tasks) for (const u of await allUnits(office, p45.id, t.id)) units.add(u.org_id);
  assert.equal(Number(csv), units.size + 1);  // the header and one row per unit
});

test('notifications list, filter and mark all read', async () => {
  const r = await secretary.get('/notifications');
  assert.equal(r.status, 200);
  assert.match(r.text, /Thông báo/);
  const unread = await secretary.get('/api/v1/notifications?show=unread');
  assert.ok(unread.json.notifications.every((n) => !n.read));
  assert.equal((await secretary.get('/api/v1/notifications?show=old')).status, 422);
  assert.equal((await secretary.get('/api/v1/notifications?page=0')).status, 422);
  const all = await secretary.post('/api/v1/notifications/read-all');
  assert.equal(all.status, 200);
  assert.equal(all.json.marked_read, unread.json.total);
  assert.equal((await secretary.get('/api/v1/notifications')).json.unread, 0);
  assert.doesNotMatch((await secretary.get('/')).text, /class="bell-count"/);
});

test('a unit records an update with an evidence file; readers of the unit download it, others do not', async () => {
  const p45 = plans.find((p) => p.label.includes('45-KH/TU'));
  const task = (await office.get(`/api/v1/plans/${p45.id}/tasks`)).json.tasks[1];
  const org = code('SOTC-NS').id;
  const path = `/plans/${p45.id}/tasks/${task.id}/units/${org}`;
  const version = (await secretary.get(path, json)).json.unit.version;
  const post = (file, name) => {
    const form = new FormData();
    form.set('status', 'in_progress');
    form.set('comment', 'Biên bản họp chi bộ kèm theo.');
    form.set('version', String(version));
    form.set('evidence_file', new Blob([file]), name);
    return secretary.post(path, { body: form });
  };
  // A kind the store does not take: named, nothing written.
  let r = await post(Buffer.from('chỉ là chữ'), 'ghi-chu.txt');
  assert.equal(r.status, 422, r.text);
  assert.match(r.text, /Tệp minh chứng/);
  assert.equal((await secretary.get(path, json)).json.unit.version, version);
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
  r = await post(pdf, 'Biên bản họp.pdf');
  assert.equal(r.status, 303, r.text);
  const rec = (await secretary.get(path, json)).json;
  assert.equal(rec.unit.version, version + 1);
  const ev = rec.history[0].evidence.find((e) => e.kind === 'file');
  assert.equal(ev.name, 'Biên bản họp.pdf');
  const href = rec.history[0].files[0].href;
  assert.equal(href, `${path}/files/${ev.sha256}`);
  const get = (client) => fetch(server.base + href, { headers: { Cookie: client.cookieHeader() } });
  const file = await get(office);
  assert.equal(file.status, 200);
  assert.equal(file.headers.get('content-type'), 'application/pdf');
  assert.match(file.headers.get('content-disposition'), /filename\*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n%20h%E1%BB%8Dp\.pdf/);
  assert.deepEqual(Buffer.from(await file.arrayBuffer()), pdf);
  assert.equal((await get(member)).status, 404);  // a member reads no unit's record
  // A file no update of this unit names is not served, whatever its hash.
  const other = await fetch(`${server.base}${path}/files/${'0'.repeat(64)}`, { headers: { Cookie: office.cookieHeader() } });
  assert.equal(other.status, 404);
});
