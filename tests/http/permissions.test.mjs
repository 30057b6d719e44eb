// The permission matrix (tests/cases/permissions.txt): every route x role x in/out of scope.
// A route in the server's OpenAPI document without a row in the matrix fails the test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startServer, Client, cli } from '../lib/harness.mjs';

const ROLES = ['anon', 'member', 'secretary', 'inspector', 'office', 'admin'];
const PASSWORD = 'mat-khau-thu-nghiem';
const matrixFile = fileURLToPath(new URL('../cases/permissions.txt', import.meta.url));

function parseMatrix() {
  const rows = [];
  readFileSync(matrixFile, 'utf8').split('\n').forEach((line, i) => {
    if (!line.trim() || line.trimStart().startsWith('#')) return;
    const t = line.trim().split(/\s+/);
    if (t.length < 10) throw new Error(`permissions.txt:${i + 1}: too few columns`);
    const expected = t.slice(-6).map(Number);
    rows.push({ line: i + 1, method: t[0], route: t[1], url: t[2], body: t.slice(3, -6).join(' '), expected });
  });
  return rows;
}

let server;
let admin;  // the bloc's own admin: creates fixtures
const clients = {};
const fx = {};
let uniq = 0;

async function loginRole(role) {
  const c = new Client(server);
  if (role !== 'anon') await c.login(`${role}.a`, PASSWORD);
  clients[role] = c;
  return c;
}

async function makeUser(orgId) {
  const name = `fx${++uniq}${Date.now() % 100000}`;
  const r = await admin.post('/api/v1/users', {
    json: { username: name, display_name: 'Fixture', password: PASSWORD, role: 'member', org_id: orgId },
  });
  assert.equal(r.status, 201, r.text);
  return { id: r.json.user.id, grant: r.json.user.grants[0].id };
}

// A number as letters ("Bcd" for 123): unique names that are still names (no digits in a member's name).
const letters = (n) => String(n).replace(/\d/g, (d) => 'abcdefghij'[d]).replace(/^./, (c) => c.toUpperCase());

async function makeMember(orgId) {
  const r = await admin.post('/api/v1/members', {
    json: { full_name: `Trần Thị ${letters(++uniq)}`, gender: 'female', birth_date: '1985-03-04', admitted_on: '2010-05-19',
      official_on: '2011-05-19', org_id: orgId },
  });
  assert.equal(r.status, 201, r.text);
  return r.json.member.id;
}

// A new attached cell with one member, under unit A or B, for requests that end it (split).
async function makeCell(parentId) {
  const code = `C${++uniq}${Date.now() % 100000}`;
  const r = await admin.post('/api/v1/orgs', {
    json: { parent_id: parentId, code, name: `Chi bộ ${code}`, type: 'attached_cell', founded_on: '2019-01-01' },
  });
  assert.equal(r.status, 201, r.text);
  await makeMember(r.json.org.id);
  return r.json.org.id;
}

// A committee term of a new member in organization orgId, begun in 2021.
async function makeTerm(orgId) {
  const memberId = await makeMember(orgId);
  const r = await admin.post(`/api/v1/orgs/${orgId}/committee`, {
    json: { member_id: memberId, role: 'committee_member', from_date: '2021-01-01' },
  });
  assert.equal(r.status, 201, r.text);
  return r.json.position.id;
}

// A document registered by the bloc's admin for organization orgId (internal unless said).
async function makeDoc(orgId, visibility = 'internal') {
  const r = await admin.post('/api/v1/documents', {
    json: { type_code: 'plan', symbol: `${++uniq}-KH/TU`, issued_on: '2024-01-01',
      title: 'Kế hoạch thử nghiệm', owner_org_id: orgId, visibility },
  });
  assert.equal(r.status, 201, r.text);
  return r.json.document.id;
}

// "DOC/files/FILE": a PDF attached to a new document of orgId.
async function makeFile(orgId) {
  const doc = await makeDoc(orgId);
  const form = new FormData();
  form.append('file', new Blob(['%PDF-1.4\n%%EOF\n'], { type: 'application/pdf' }), 'to-trinh.pdf');
  const r = await admin.post(`/api/v1/documents/${doc}/files`, { body: form });
  assert.equal(r.status, 201, r.text);
  return `${doc}/files/${r.json.attachment.id}`;
}

// "DOC/relations/REL": a new document of orgId that implements the public document.
async function makeRelation(orgId) {
  const doc = await makeDoc(orgId);
  const r = await admin.post(`/api/v1/documents/${doc}/relations`, { json: { kind: 'implements', to_id: fx.doc_public } });
  assert.equal(r.status, 201, r.text);
  return `${doc}/relations/${r.json.relation.id}`;
}

// A new document of ownerId sent for study to orgId on 2024-01-05: { doc, path: "DOC/recipients/ORG" }.
async function makeSent(ownerId, orgId) {
  const doc = await makeDoc(ownerId);
  const r = await admin.post(`/api/v1/documents/${doc}/distribution`,
    { json: { org_ids: [orgId], sent_on: '2024-01-05', deadline: '2024-02-29' } });
  assert.equal(r.status, 201, r.text);
  return { doc, path: `${doc}/recipients/${orgId}` };
}

// A plan of ownerId (a new document) with a task given to orgId: { plan, task, unit } where task is
// "PLAN/tasks/TASK" and unit "PLAN/tasks/TASK/units/ORG" (its row at version 1), api "TASK/units/ORG".
async function makeTask(ownerId, orgId) {
  const plan = await makeDoc(ownerId);
  const r = await admin.post(`/api/v1/plans/${plan}/tasks`, {
    json: { title: 'Nhiệm vụ thử nghiệm', start_on: '2024-01-05', due_on: '2024-06-30', assign: 'list', org_ids: [orgId] },
  });
  assert.equal(r.status, 201, r.text);
  const task = r.json.task.id;
  return { plan, task: `${plan}/tasks/${task}`, unit: `${plan}/tasks/${task}/units/${orgId}`, api: `${task}/units/${orgId}` };
}

// A PDF recorded as evidence on the unit row "PLAN/tasks/TASK/units/ORG" (at version 1):
// "PLAN/tasks/TASK/units/ORG/files/SHA".
async function makeEvidence(unitPath) {
  const form = new FormData();
  form.set('status', 'in_progress');
  form.set('version', '1');
  form.set('evidence_file', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')]), 'minh-chung.pdf');
  const r = await admin.post(`/plans/${unitPath}`, { body: form });
  assert.equal(r.status, 303, r.text);
  const rec = await admin.get(`/plans/${unitPath}`, { headers: { Accept: 'application/json' } });
  return `${unitPath}/files/${rec.json.history[0].evidence[0].sha256}`;
}

// A report template of ownerId (one whole-number field "n") and a round of it asking orgId alone, opened
// 2024-01-05: { template, round, report: "ROUND/reports/ORG" }; with `submitted`, orgId's report is
// submitted (its row then at version 2).
async function makeRound(ownerId, orgId, submitted = false) {
  const t = await admin.post('/api/v1/report-templates', {
    json: { name: `Mẫu thử ${++uniq}`, owner_org_id: ownerId,
      form: { sections: [{ title: 'Phần I', fields: [{ key: 'n', label: 'Số đảng viên', type: 'int' }] }] } },
  });
  assert.equal(t.status, 201, t.text);
  const r = await admin.post('/api/v1/report-rounds', {
    json: { template_id: t.json.template.id, title: 'Đợt báo cáo thử', period_kind: 'year', period_from: '2024-01-01',
      opens_on: '2024-01-05', due_on: '2024-06-30', assign: 'list', org_ids: [orgId] },
  });
  assert.equal(r.status, 201, r.text);
  const round = r.json.round.id;
  if (submitted) {
    const s = await admin.post(`/api/v1/report-rounds/${round}/reports/${orgId}/submit`, { json: { version: 1 } });
    assert.equal(s.status, 200, s.text);
  }
  return { template: t.json.template.id, round, report: `${round}/reports/${orgId}` };
}

// A meeting of orgId held 2025-06-10 with a PDF in its minutes: { id, file: "MEETING/files/SHA" }.
async function makeMeeting(orgId) {
  const r = await admin.post('/api/v1/meetings', {
    json: { org_id: orgId, kind: 'regular', held_on: '2025-06-10', topic: `Sinh hoạt thử ${++uniq}` },
  });
  assert.equal(r.status, 201, r.text);
  const id = r.json.meeting.id;
  const form = new FormData();
  form.set('file', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')]), 'bien-ban.pdf');
  const f = await admin.post(`/meetings/${id}/files`, { body: form });
  assert.equal(f.status, 303, f.text);
  const m = await admin.get(`/api/v1/meetings/${id}`);
  return { id, file: `${id}/files/${m.json.meeting.files[0].sha256}` };
}

// The theme of ownerId for 2031.
async function makeTheme(ownerId) {
  const r = await admin.post('/api/v1/themes', { json: { owner_org_id: ownerId, year: 2031, title: 'Chuyên đề thử' } });
  assert.equal(r.status, 201, r.text);
  return r.json.theme.id;
}

// A code of conduct of orgId adopted on 1 March 2024 (its id).
async function makeConduct(orgId) {
  const r = await admin.post('/api/v1/codes-of-conduct', {
    json: { org_id: orgId, kind: 'code_of_conduct', title: `Chuẩn mực ${++uniq}`, adopted_on: '2024-03-01', body: 'Nội dung' },
  });
  assert.equal(r.status, 201, r.text);
  return r.json.code.id;
}

// A member of orgId with an account linked to their record, who submits their commitments of this year: the
// commitment's id. `username` is the account (signed in here only to write it).
async function makeCommitment(orgId, username, memberId) {
  const r = cli(server, ['user', 'add', '--username', username, '--role', 'member', '--org', String(orgId),
    '--member', String(memberId), '--password-stdin'], PASSWORD + '\n');
  assert.equal(r.status, 0, r.stderr);
  const c = new Client(server);
  await c.login(username, PASSWORD);
  const s = await c.post('/api/v1/commitments', { json: { items: ['Đúng giờ', 'Tiết kiệm'], submit: true } });
  assert.equal(s.status, 200, s.text);
  return s.json.commitment.id;
}

// A report template of ownerId with one whole-number field "n", at version 1.
async function makeTemplate(ownerId) {
  const r = await admin.post('/api/v1/report-templates', {
    json: { name: `Mẫu thiết kế ${++uniq}`, owner_org_id: ownerId,
      form: { sections: [{ title: 'Phần I', fields: [{ key: 'n', label: 'Số đảng viên', type: 'int' }] }] } },
  });
  assert.equal(r.status, 201, r.text);
  return r.json.template.id;
}

before(async () => {
  server = await startServer();
  admin = new Client(server);
  await admin.login('admin');
  const orgs = (await admin.get('/api/v1/orgs?all=1')).json.orgs;
  const id = (code) => orgs.find((o) => o.code === code).id;
  fx.unitA = id('SOTC');
  fx.org_in = id('SOTC-NS');
  fx.org_out = id('SOGD-TH');
  fx.org_in2 = id('SOTC-VP');
  fx.unitB = id('SOGD');
  fx.unit_a = fx.unitA;
  fx.unit_b = fx.unitB;
  // The member's account holds a member record of org_in (its own commitments, its cell's codes of conduct).
  const ownMember = await makeMember(fx.org_in);
  for (const role of ROLES.slice(1)) {
    const org = role === 'member' ? fx.org_in : fx.unitA;
    const r = cli(server, ['user', 'add', '--username', `${role}.a`, '--role', role, '--org', String(org),
      ...(role === 'member' ? ['--member', String(ownMember)] : []), '--password-stdin'], PASSWORD + '\n');
    assert.equal(r.status, 0, r.stderr);
  }
  fx.user_in = (await makeUser(fx.org_in)).id;
  fx.user_out = (await makeUser(fx.org_out)).id;
  fx.member_in = await makeMember(fx.org_in);
  fx.member_out = await makeMember(fx.org_out);
  fx.doc_in = await makeDoc(fx.org_in);
  fx.doc_out = await makeDoc(fx.org_out);
  fx.doc_public = await makeDoc(fx.org_out, 'public');
  fx.file_in = await makeFile(fx.org_in);
  fx.file_out = await makeFile(fx.org_out);
  const sentIn = await makeSent(fx.unitA, fx.org_in);
  fx.sent_doc_in = sentIn.doc;
  fx.sent_in = sentIn.path;
  fx.sent_out = (await makeSent(fx.unitB, fx.org_out)).path;
  for (const side of ['in', 'out']) {
    const t = await makeTask(side === 'in' ? fx.unitA : fx.unitB, side === 'in' ? fx.org_in : fx.org_out);
    fx[`plan_${side}`] = t.plan;
    fx[`task_${side}`] = t.task;
    fx[`task_unit_${side}`] = t.unit;
    fx[`evidence_${side}`] = await makeEvidence(t.unit);
  }
  for (const side of ['in', 'out']) {
    const r = await makeRound(side === 'in' ? fx.unitA : fx.unitB, side === 'in' ? fx.org_in : fx.org_out);
    fx[`rtemplate_${side}`] = r.template;
    fx[`round_${side}`] = r.round;
    fx[`report_${side}`] = r.report;
  }
  for (const side of ['in', 'out']) {
    const m = await makeMeeting(side === 'in' ? fx.org_in : fx.org_out);
    fx[`meeting_${side}`] = m.id;
    fx[`meeting_file_${side}`] = m.file;
    fx[`theme_${side}`] = await makeTheme(side === 'in' ? fx.unitA : fx.unitB);
  }
  fx.conduct_in = await makeConduct(fx.org_in);
  fx.conduct_out = await makeConduct(fx.org_out);
  fx.commitment_out = await makeCommitment(fx.org_out, 'thanhvien.b', await makeMember(fx.org_out));
  fx.template_in = await makeTemplate(fx.unitA);
  fx.template_out = await makeTemplate(fx.unitB);
  for (const role of ROLES) await loginRole(role);
  // The member's own commitments of this year, submitted (in org_in: unit A's secretary and office answer for it).
  const own = await clients.member.post('/api/v1/commitments', { json: { items: ['Gương mẫu'], submit: true } });
  assert.equal(own.status, 200, own.text);
  fx.commitment_in = own.json.commitment.id;
});

after(async () => { await server?.stop(); });

async function bind(text, role) {
  const c = clients[role];
  const out = [];
  let rest = text;
  const re = /\{([a-z_0-9]+)\}/;
  for (let m = rest.match(re); m; m = rest.match(re)) {
    out.push(rest.slice(0, m.index));
    rest = rest.slice(m.index + m[0].length);
    const key = m[1];
    let value;
    if (key in fx) value = fx[key];
    else if (key === 'uniq') value = `${++uniq}${Date.now() % 100000}`;
    else if (key === 'uniq_name') value = letters(`${++uniq}${Date.now() % 100000}`);
    else if (key === 'seq') value = `${++uniq}`;
    else if (key === 'self_id') value = c.user ? c.user.id : 1;
    else if (key === 'username') value = role === 'anon' ? 'nobody.here' : `${role}.a`;
    else if (key === 'password') value = role === 'anon' ? 'wrong-password-1' : PASSWORD;
    else if (key === 'login_csrf') {
      await c.get('/login');
      value = c.cookies.get('dv_login_csrf') || '';
    } else if (key === 'fresh_user_in' || key === 'fresh_user_out') {
      const u = await makeUser(key.endsWith('_in') ? fx.org_in : fx.org_out);
      fx[`fresh_grant_${key.endsWith('_in') ? 'in' : 'out'}`] = u.grant;
      value = u.id;
    } else if (key === 'fresh_grant_in' || key === 'fresh_grant_out') value = fx[key];
    else if (key === 'fresh_member_in' || key === 'fresh_member_out') {
      value = await makeMember(key.endsWith('_in') ? fx.org_in : fx.org_out);
    } else if (key === 'fresh_cell_in' || key === 'fresh_cell_out') {
      value = await makeCell(key.endsWith('_in') ? fx.unitA : fx.unitB);
    } else if (key === 'fresh_term_in' || key === 'fresh_term_out') {
      value = await makeTerm(key.endsWith('_in') ? fx.org_in : fx.org_out);
    }
    else if (key === 'fresh_task_unit_in' || key === 'fresh_task_unit_out' || key === 'fresh_api_task_unit_in' || key === 'fresh_api_task_unit_out') {
      const inside = key.endsWith('_in');
      const t = await makeTask(inside ? fx.unitA : fx.unitB, inside ? fx.org_in : fx.org_out);
      value = key.startsWith('fresh_api') ? t.api : t.unit;
    } else if (['fresh_round_in', 'fresh_round_out', 'fresh_report_in', 'fresh_report_out', 'fresh_submitted_in', 'fresh_submitted_out'].includes(key)) {
      const inside = key.endsWith('_in');
      const r = await makeRound(inside ? fx.unitA : fx.unitB, inside ? fx.org_in : fx.org_out, key.startsWith('fresh_submitted'));
      value = key.startsWith('fresh_round') ? r.round : r.report;
    } else if (key === 'fresh_conduct_in' || key === 'fresh_conduct_out') {
      value = await makeConduct(key.endsWith('_in') ? fx.org_in : fx.org_out);
    } else if (key === 'fresh_template_in' || key === 'fresh_template_out') {
      value = await makeTemplate(key.endsWith('_in') ? fx.unitA : fx.unitB);
    } else if (key === 'fresh_doc_in' || key === 'fresh_doc_out') {
      value = await makeDoc(key.endsWith('_in') ? fx.org_in : fx.org_out);
    } else if (key === 'fresh_file_in' || key === 'fresh_file_out') {
      value = await makeFile(key.endsWith('_in') ? fx.org_in : fx.org_out);
    } else if (key === 'fresh_relation_in' || key === 'fresh_relation_out') {
      value = await makeRelation(key.endsWith('_in') ? fx.org_in : fx.org_out);
    }
    else throw new Error(`unknown binding {${key}}`);
    out.push(String(value));
  }
  out.push(rest);
  return out.join('');
}

test('every route in the OpenAPI document has a row in the matrix', async () => {
  const doc = (await admin.get('/api/v1/openapi.json')).json;
  const rows = parseMatrix();
  const covered = new Set(rows.map((r) => `${r.method} ${r.route.replace('{path...}', '{path}')}`));
  const missing = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const method of Object.keys(ops)) {
      if (!covered.has(`${method.toUpperCase()} ${path}`)) missing.push(`${method.toUpperCase()} ${path}`);
    }
  }
  assert.deepEqual(missing, [], `routes missing from tests/cases/permissions.txt: ${missing.join(', ')}`);
  // And no stale rows: every row names a route that exists.
  const known = new Set();
  for (const [path, ops] of Object.entries(doc.paths)) for (const m of Object.keys(ops)) known.add(`${m.toUpperCase()} ${path}`);
  const stale = [...covered].filter((k) => !known.has(k));
  assert.deepEqual(stale, [], `rows for routes that do not exist: ${stale.join(', ')}`);
});

test('each role gets the expected status on every route, in and out of scope', async () => {
  const failures = [];
  let checked = 0;
  for (const row of parseMatrix()) {
    for (let i = 0; i < ROLES.length; i++) {
      const role = ROLES[i];
      const c = clients[role];
      const url = await bind(row.url, role);
      const opts = {};
      if (row.body !== '-') {
        const body = await bind(row.body, role);
        if (body.startsWith('json:')) opts.json = JSON.parse(body.slice(5));
        else if (body.startsWith('form:')) {
          opts.body = body.slice(5);
          opts.headers = { 'Content-Type': 'application/x-www-form-urlencoded' };
        } else if (body.startsWith('multipart:')) {
          const form = new FormData();
          for (const [name, value] of new URLSearchParams(body.slice(10))) {
            const at = name.indexOf('@');
            if (at < 0) form.append(name, value);
            else form.append(name.slice(0, at), new Blob([value]), name.slice(at + 1));
          }
          opts.body = form;  // fetch writes the multipart body and its Content-Type with the boundary
        } else throw new Error(`permissions.txt:${row.line}: body must start with json:, form: or multipart:`);
      }
      const before = c.cookies.get('dv_session');
      const r = await c.request(row.method, url, opts);
      checked++;
      if (r.status !== row.expected[i]) {
        failures.push(`line ${row.line}: ${row.method} ${url} as ${role}: got ${r.status}, want ${row.expected[i]}`);
      }
      // A request that ended or replaced the session: sign in again for the next rows.
      if (role !== 'anon' && c.cookies.get('dv_session') !== before) await loginRole(role);
      if (role === 'anon' && c.cookies.has('dv_session')) await loginRole('anon');
    }
  }
  assert.deepEqual(failures, []);
  assert.ok(checked > 250, `only ${checked} checks ran`);
});

test('lists hold only what lies in the caller\'s subtree', async () => {
  const orgs = (await admin.get('/api/v1/orgs?all=1')).json.orgs;
  const underA = new Set();
  // Unit A and everything whose parent chain reaches it.
  const parent = new Map(orgs.map((o) => [o.id, o.parent_id]));
  for (const o of orgs) {
    for (let p = o.id; p; p = parent.get(p)) if (p === fx.unitA) { underA.add(o.id); break; }
  }
  const seen = (await clients.secretary.get('/api/v1/orgs?all=1')).json.orgs.map((o) => o.id);
  assert.deepEqual(new Set(seen), underA);

  const users = (await clients.admin.get('/api/v1/users')).json.users;
  assert.ok(users.length >= 2);
  for (const u of users) assert.ok(u.grants.some((g) => underA.has(g.org_id)), `${u.username} is outside unit A`);
  assert.ok(!users.some((u) => u.username === 'vanphong'));

  const entries = (await clients.office.get('/api/v1/audit')).json.entries;
  assert.ok(entries.length > 0);
  // Organizations that ended (split above) are not in the current tree: their parent link stays.
  for (const e of entries) {
    if (e.org_id === null || parent.has(e.org_id)) continue;
    const o = (await admin.get(`/api/v1/orgs/${e.org_id}`)).json.org;
    assert.ok(o.ended_on, `org ${e.org_id} is neither current nor ended`);
    if (parent.has(o.parent_id) && (o.parent_id === fx.unitA || underA.has(o.parent_id))) underA.add(o.id);
  }
  for (const e of entries) assert.ok(e.org_id !== null && underA.has(e.org_id), `entry ${e.id} (org ${e.org_id}) is outside unit A`);
  const all = (await admin.get('/api/v1/audit')).json.entries;
  assert.ok(all.some((e) => e.org_id !== null && !underA.has(e.org_id)), 'the bloc admin sees other units too');
});
