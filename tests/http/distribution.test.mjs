// Distribution of documents for study over HTTP on the demo bloc (seed-demo --small): the roll-up of
// the demo's plan 86-KH/ĐUK adds up at every level, each role sees its own rows, a secretary records
// their committee's study (each bad field named), office staff send a document to a subtree and to a
// list (units that had it are kept, drafts and early deadlines refused), and the HTML forms work.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, sql } from '../lib/harness.mjs';

let server;
let office;
let secretary;
let member;
let plan;  // the demo's 86-KH/ĐUK
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
  const found = (await office.get('/api/v1/documents?type=plan')).json.documents.find((d) => d.symbol === '86-KH/ĐUK');
  assert.ok(found, 'the demo seeds 86-KH/ĐUK');
  plan = found.id;
});
after(async () => { await server?.stop(); });

async function newDoc(client, owner, extra = {}) {
  const r = await client.post('/api/v1/documents', {
    json: { type_code: 'plan', symbol: `${Math.floor(Math.random() * 900000) + 1000}-KH/TU`, issued_on: '2025-01-10',
      title: 'Kế hoạch thử nghiệm học tập', owner_org_id: owner, ...extra },
  });
  assert.equal(r.status, 201, r.text);
  return r.json.document.id;
}

test('the roll-up adds up at every level and counts every unit once', async () => {
  const r = await office.get(`/api/v1/documents/${plan}/distribution`);
  assert.equal(r.status, 200, r.text);
  const { units, overall } = r.json;
  const recipients = units.filter((u) => u.recipient);
  assert.ok(recipients.length > 100, `${recipients.length} recipients`);
  assert.equal(overall.recipients, recipients.length);
  // Every unit's totals are its own status plus its units' totals.
  const byParent = new Map();
  for (const u of units) byParent.set(u.parent_id, [...(byParent.get(u.parent_id) || []), u]);
  for (const u of units) {
    const kids = byParent.get(u.id) || [];
    const st = u.recipient?.status;
    const own = { recipients: u.recipient ? 1 : 0, studied: st === 'on_time' || st === 'late' ? 1 : 0,
      overdue: st === 'overdue' ? 1 : 0, studied_late: st === 'late' ? 1 : 0 };
    for (const k of Object.keys(own)) {
      assert.equal(u.totals[k], own[k] + kids.reduce((n, c) => n + c.totals[k], 0), `${u.name}: ${k}`);
    }
    assert.ok(u.totals.members_reached <= u.totals.members_total, u.name);
    if (!u.recipient) assert.equal(u.totals.members_total, kids.reduce((n, c) => n + c.totals.members_total, 0));
  }
  const top = units[0];
  assert.equal(top.depth, 0);
  assert.equal(top.recipient, null);  // the bloc sends; it does not study
  assert.deepEqual(top.totals, overall);
  assert.ok(overall.studied > overall.late && overall.late > 0);
  // Everything was due on 15/6/2025: today every unit that has not studied is late.
  assert.equal(overall.pending + overall.received, 0);
  assert.equal(r.json.distributions.length, 1);
  assert.equal(r.json.distributions[0].units, recipients.length);

  const page = await office.get(`/documents/${plan}/distribution`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Đơn vị đã học tập/);
  assert.match(page.text, new RegExp(`${overall.studied}/${overall.recipients}`));
  assert.match(page.text, /Chưa học tập, đã quá hạn/);
  assert.match(page.text, /Gửi văn bản tới các đơn vị/);  // office staff may send the bloc's plan on
});

test('a secretary sees their committee and its cells, a member their cell and committee', async () => {
  const sotc = code('SOTC');
  const mine = new Set(orgs.filter((o) => o.id === sotc.id || o.parent_id === sotc.id).map((o) => o.id));
  const r = (await secretary.get(`/api/v1/documents/${plan}/distribution`)).json;
  assert.ok(r.units.length > 1);
  for (const u of r.units) assert.ok(mine.has(u.id), `${u.name} is outside Sở Tài chính`);
  assert.equal(r.can_send, false);  // the bloc's document
  assert.deepEqual(r.own_units.map((u) => u.org_code), ['SOTC']);
  const study = (await secretary.get('/api/v1/study')).json;
  assert.ok(study.rows.length >= 2);
  for (const row of study.rows) assert.ok(mine.has(row.org_id), row.org_name);
  // Not yet studied first.
  const firstStudied = study.rows.findIndex((x) => x.studied_on);
  assert.ok(study.rows.slice(firstStudied).every((x) => x.studied_on));

  const m = await member.get(`/api/v1/documents/${plan}/distribution`);
  assert.equal(m.status, 200);
  assert.equal(m.json.has_rollup, false);
  assert.deepEqual(m.json.own_units.map((u) => u.org_code), ['SOTC-NS', 'SOTC']);
  assert.equal(m.json.own_units[0].status, 'on_time');
  const page = await member.get('/study');
  assert.equal(page.status, 200);
  assert.match(page.text, /Chi bộ Phòng Quản lý Ngân sách/);
  assert.match(page.text, /Đã học tập, đúng hạn/);
  assert.doesNotMatch(page.text, /Chi bộ Văn phòng Sở Tài chính/);
  const other = code('SOGD');
  assert.equal((await member.get(`/api/v1/documents/${plan}/recipients/${other.id}`)).status, 404);
  assert.equal((await secretary.get(`/api/v1/documents/${plan}/recipients/${other.id}`)).status, 404);
  assert.equal((await member.post(`/api/v1/documents/${plan}/recipients/${code('SOTC-NS').id}`,
    { json: { received_on: '2025-05-10' } })).status, 403);
});

test('a secretary records the committee\'s study; each bad field is named and nothing is half written', async () => {
  const sotc = code('SOTC');
  const url = `/api/v1/documents/${plan}/recipients/${sotc.id}`;
  const before = (await secretary.get(url)).json.recipient;
  assert.equal(before.status, 'overdue');  // the demo has it received, not studied
  assert.ok(before.received_on);
  assert.equal(before.studied_on, null);
  const bad = await secretary.post(url, { json: { studied_on: '2025-05-01', study_form: 'party', attendees: 'many' } });
  assert.equal(bad.status, 422);
  assert.deepEqual(fields(bad), ['attendees:not_integer']);
  const bad2 = await secretary.post(url, { json: { studied_on: '2025-05-01', study_form: 'party', attendees: 100000 } });
  assert.equal(bad2.status, 422);
  assert.deepEqual(fields(bad2), ['studied_on:before_sent', 'study_form:invalid_choice', 'attendees:more_than_members']);
  const future = await secretary.post(url, { json: { received_on: '2999-01-01' } });
  assert.deepEqual(fields(future), ['received_on:in_future']);
  assert.deepEqual((await secretary.get(url)).json.recipient, before);

  const ok = await secretary.post(url, {
    json: { received_on: '2025-05-08', studied_on: '2025-06-20', study_form: 'conference', attendees: 2,
      meeting_ref: 'Hội nghị học tập chuyên đề ngày 20/6/2025' },
  });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.recipient.status, 'late');
  assert.ok(ok.json.recipient.members_total >= 2);
  const audit = sql(server, `SELECT before_json, after_json FROM audit_log WHERE action = 'distribution.record' ORDER BY id DESC LIMIT 1`);
  assert.match(audit, /"studied_on":null/);
  assert.match(audit, /"studied_on":"2025-06-20"/);
  const own = (await secretary.get(`/api/v1/documents/${plan}/distribution`)).json.own_units[0];
  assert.equal(own.status, 'late');
});

test('office staff send to a subtree and to a list; units that had it keep their row', async () => {
  const doc = await newDoc(office, orgs[0].id);
  const sotc = code('SOTC');
  const cells = orgs.filter((o) => o.parent_id === sotc.id).map((o) => o.id).sort((a, b) => a - b);
  const url = `/api/v1/documents/${doc}/distribution`;
  const early = await office.post(url, { json: { root_id: sotc.id, sent_on: '2025-03-01', deadline: '2025-02-28' } });
  assert.equal(early.status, 422);
  assert.deepEqual(fields(early), ['deadline:before_sent']);
  const subtree = await office.post(url, { json: { mode: 'subtree', root_id: sotc.id, reach: 'grassroots', sent_on: '2025-03-01', deadline: '2025-03-31' } });
  assert.equal(subtree.status, 201, subtree.text);
  assert.deepEqual(subtree.json.added, [sotc.id]);  // the grassroots level only: the committee, not its cells
  const list = await office.post(url, { json: { org_ids: [sotc.id, ...cells], deadline: '2030-12-31' } });
  assert.equal(list.status, 201, list.text);
  assert.deepEqual([...list.json.added].sort((a, b) => a - b), cells);
  assert.deepEqual(list.json.already, [sotc.id]);
  const again = await office.post(url, { json: { org_ids: cells, deadline: '2030-12-31' } });
  assert.equal(again.status, 200);
  assert.deepEqual(again.json.added, []);
  assert.equal(again.json.distribution, null);
  assert.equal(sql(server, `SELECT COUNT(*) FROM audit_log WHERE action = 'distribution.send' AND after_json LIKE '%"document_id":${doc},%'`), '2');
  const r = (await office.get(url)).json;
  assert.equal(r.overall.recipients, 1 + cells.length);
  assert.deepEqual(r.distributions.map((d) => d.units), [1, cells.length]);
  // The committee's row keeps the first sending's deadline.
  assert.equal(r.units.find((u) => u.id === sotc.id).recipient.deadline, '2025-03-31');

  const draft = await newDoc(office, orgs[0].id, { symbol: '', issued_on: '', status: 'draft' });
  const refused = await office.post(`/api/v1/documents/${draft}/distribution`, { json: { org_ids: [sotc.id], deadline: '2030-12-31' } });
  assert.equal(refused.status, 409);
  assert.equal(refused.json.code, 'conflict');
});

test('a secretary sends their own document to their cells only', async () => {
  const sotc = code('SOTC');
  const bloc = await newDoc(office, orgs[0].id);
  await office.post(`/api/v1/documents/${bloc}/distribution`, { json: { org_ids: [sotc.id], deadline: '2030-12-31' } });
  const notOwner = await secretary.post(`/api/v1/documents/${bloc}/distribution`, { json: { org_ids: [code('SOTC-VP').id], deadline: '2030-12-31' } });
  assert.equal(notOwner.status, 403);
  const own = await newDoc(secretary, sotc.id, { symbol: `${Math.floor(Math.random() * 900000) + 1000}-KH/ĐU` });
  const outside = await secretary.post(`/api/v1/documents/${own}/distribution`, { json: { org_ids: [code('SOTC-VP').id, code('SOGD').id], deadline: '2030-12-31' } });
  assert.equal(outside.status, 422);
  assert.deepEqual(fields(outside), ['org_ids:not_writable']);
  const ok = await secretary.post(`/api/v1/documents/${own}/distribution`, { json: { root_id: sotc.id, deadline: '2030-12-31' } });
  assert.equal(ok.status, 201, ok.text);
  const cells = orgs.filter((o) => o.parent_id === sotc.id).map((o) => o.id).sort((a, b) => a - b);
  assert.deepEqual([...ok.json.added].sort((a, b) => a - b), cells);  // not the committee itself: it issued it
});

test('the HTML forms send and record, and show a form again with what is wrong', async () => {
  const doc = await newDoc(office, orgs[0].id);
  const vp = code('SOTC-VP');
  const wrong = await office.post(`/documents/${doc}/distribution`, { form: { mode: 'list', [`unit_${vp.id}`]: '1', deadline: '2000-01-01' } });
  assert.equal(wrong.status, 422);
  assert.match(wrong.text, /Hạn học tập không được sớm hơn ngày gửi/);
  assert.match(wrong.text, new RegExp(`id="s-unit_${vp.id}" name="unit_${vp.id}" value="1" checked`));
  const sent = await office.post(`/documents/${doc}/distribution`, { form: { mode: 'list', [`unit_${vp.id}`]: '1', deadline: '2030-12-31' } });
  assert.equal(sent.status, 303);
  assert.equal(sent.headers.get('location'), `/documents/${doc}/distribution`);

  const form = await secretary.get(`/documents/${doc}/recipients/${vp.id}`);
  assert.equal(form.status, 200);
  assert.match(form.text, /Ghi nhận học tập, quán triệt/);
  const today = (await secretary.get(`/api/v1/documents/${doc}/distribution`)).json.today;
  const bad = await secretary.post(`/documents/${doc}/recipients/${vp.id}`, { form: { studied_on: today, attendees: '1' } });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /Vui lòng nhập thông tin này/);  // the form of study is missing
  assert.match(bad.text, /aria-invalid="true" aria-describedby="study_form-error"/);
  const done = await secretary.post(`/documents/${doc}/recipients/${vp.id}`, { form: { studied_on: today, study_form: 'cell_meeting', attendees: '1' } });
  assert.equal(done.status, 303);
  assert.equal(done.headers.get('location'), `/study?document=${doc}&status=studied`);
  const list = await secretary.get(`/study?document=${doc}&status=studied`);
  assert.match(list.text, /Đã ghi nhận việc học tập của đơn vị/);
  assert.match(list.text, /Sinh hoạt chi bộ/);
});
