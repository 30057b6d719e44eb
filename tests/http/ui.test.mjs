// What a clerk trips over ([4/12]) on the demo bloc (seed-demo --small): date fields typed dd/mm/yyyy
// and read by the importer's parser; the audit log with Vietnamese labels, filters and personal
// identifiers masked for readers who are not admins; /study's summary whose figures equal the lists
// behind them; the home page's to-do and figures per role.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, sql } from '../lib/harness.mjs';

let server;
let admin;
let office;
let secretary;
let member;
let orgs;
const code = (c) => orgs.find((o) => o.code === c);
const countRows = (table) => Number(sql(server, `SELECT COUNT(*) FROM ${table}`));

before(async () => {
  server = await startServer();
  admin = new Client(server);
  await admin.login('admin');
  office = new Client(server);
  await office.login('vanphong');
  secretary = new Client(server);
  await secretary.login('bithu.sotc');
  member = new Client(server);
  await member.login('dangvien.sotc');
  orgs = (await office.get('/api/v1/orgs?all=1')).json.orgs;
});
after(async () => { await server?.stop(); });

const newMember = (extra) => ({
  full_name: 'Đỗ Thị Ngày', gender: 'female', ethnicity: 'Kinh', admitted_on: '03/02/2010',
  birth_date: '22/05/1980', citizen_id: '001180012345', phone: '0912345678', org_id: String(code('SOTC-NS').id), ...extra,
});

test('a date field reads dd/mm/yyyy, refuses an impossible day with the field named, and shows it back', async () => {
  const cell = code('SOTC-NS').id;
  const form = await office.get(`/orgs/${cell}/members/new`);
  assert.equal(form.status, 200);
  assert.doesNotMatch(form.text, /type="date"/);
  assert.match(form.text, /name="birth_date" type="text" inputmode="numeric" placeholder="dd\/mm\/yyyy"/);

  const ok = await office.post(`/orgs/${cell}/members`, { form: { ...newMember({}), _csrf: office.csrf } });
  assert.equal(ok.status, 303, ok.text);
  const id = ok.headers.get('location').split('/').pop();
  const saved = (await office.get(`/api/v1/members/${id}`)).json.member;
  assert.equal(saved.birth_date, '1980-05-22');
  assert.equal(saved.admitted_on, '2010-02-03');
  // The edit form shows the stored dates day first.
  const edit = await office.get(`/members/${id}/edit`);
  assert.match(edit.text, /name="birth_date"[^>]*value="22\/05\/1980"/);
  assert.match(edit.text, /name="admitted_on"[^>]*value="03\/02\/2010"/);

  for (const [typed, message] of [['31/02/1980', /Ngày không có thật/], ['05/22/1980', /Ngày không có thật/],
    ['22/05/80', /Không phải ngày/]]) {
    const before = countRows('members');
    const bad = await office.post(`/orgs/${cell}/members`,
      { form: { ...newMember({ full_name: 'Đỗ Thị Sai', birth_date: typed }), _csrf: office.csrf } });
    assert.equal(bad.status, 422, typed);
    assert.match(bad.text, message, typed);
    assert.match(bad.text, new RegExp(`name="birth_date"[^>]*value="${typed.replaceAll('/', '\\/')}"`), typed);
    assert.equal(countRows('members'), before, `${typed}: nothing written`);
  }

  // The JSON API takes ISO dates, and day-first ones read by the same parser.
  const iso = await office.post('/api/v1/members', { json: { ...newMember({ full_name: 'Đỗ Thị Iso', birth_date: '1981-06-30' }), org_id: cell } });
  assert.equal(iso.status, 201, iso.text);
  assert.equal(iso.json.member.birth_date, '1981-06-30');
  const api = await office.post('/api/v1/members', { json: { ...newMember({ full_name: 'Đỗ Thị Api', birth_date: '30/02/1981' }), org_id: cell } });
  assert.equal(api.status, 422);
  const birth = api.json.errors.find((e) => e.field === 'birth_date');
  assert.equal(birth.code, 'invalid_date');
  assert.match(birth.detail, /không có thật/);
  // Every bad field is named at once, the date with the others.
  const many = await office.post('/api/v1/members', { json: { ...newMember({ full_name: '', birth_date: '31/02/1981' }), org_id: cell } });
  assert.equal(many.status, 422);
  const named = many.json.errors.map((e) => e.field);
  assert.ok(named.includes('birth_date') && named.includes('full_name'), named.join());

  // "As of" views take the same form.
  const tree = await office.get('/orgs?as_of=01/01/2020');
  assert.equal(tree.status, 200);
  assert.match(tree.text, /name="as_of"[^>]*value="01\/01\/2020"/);
});

test('the audit log speaks Vietnamese, filters, links and masks identifiers for non-admins', async () => {
  const sotc = code('SOTC');
  const a = await admin.get('/api/v1/audit?action=member.create&entity_type=member');
  assert.equal(a.status, 200, a.text);
  assert.ok(a.json.entries.length > 0);
  for (const e of a.json.entries) assert.equal(e.action, 'member.create');
  const mine = a.json.entries.find((e) => e.after && e.after.includes('Đỗ Thị Ngày'));
  assert.ok(mine, 'the member added above is in the log');
  assert.equal(mine.identifiers_masked, false);
  assert.match(mine.after, /001180012345/);

  const o = await office.get('/api/v1/audit?action=member.create&entity_type=member');
  const seen = o.json.entries.find((e) => e.id === mine.id);
  assert.ok(seen);
  assert.equal(seen.identifiers_masked, true);
  assert.doesNotMatch(seen.after, /001180012345|0912345678|1980-05-22/);
  assert.match(seen.after, /•••••••••345/);

  const page = await office.get('/audit?action=member.create');
  assert.equal(page.status, 200);
  assert.match(page.text, /Thêm đảng viên/);
  assert.match(page.text, /Số căn cước công dân/);
  assert.match(page.text, new RegExp(`<a href="/members/${mine.entity_id}">Đỗ Thị Ngày</a>`));
  assert.doesNotMatch(page.text, /001180012345/);
  assert.doesNotMatch(page.text, /<strong>member\.create<\/strong>/);
  const full = await admin.get('/audit?action=member.create');
  assert.match(full.text, /001180012345/);

  // By organization (its subtree), by day typed dd/mm/yyyy; an impossible day is named.
  const inSotc = await office.get(`/api/v1/audit?org=${sotc.id}`);
  const sotcIds = new Set(orgs.filter((x) => x.id === sotc.id || x.parent_id === sotc.id).map((x) => x.id));
  for (const x of orgs) if (sotcIds.has(x.parent_id)) sotcIds.add(x.id);
  assert.ok(inSotc.json.entries.length > 0);
  for (const e of inSotc.json.entries) assert.ok(sotcIds.has(e.org_id), `${e.action} on ${e.org_id}`);
  const future = await office.get('/api/v1/audit?from=01/01/2099');
  assert.equal(future.status, 200);
  assert.equal(future.json.entries.length, 0);
  const bad = await office.get('/api/v1/audit?from=31/02/2025');
  assert.equal(bad.status, 422);
  assert.equal(bad.json.errors[0].field, 'from');
  const badPage = await office.get('/audit?to=31/02/2025');
  assert.equal(badPage.status, 422);
  assert.match(badPage.text, /Ngày không có thật/);
});

// The numbers shown as links on a /study page: [{href, value}].
function figureLinks(html) {
  return [...html.matchAll(/<a href="(\/study\?[^"]+)"[^>]*>([\d.]+)[ <]/g)].map((m) => ({ href: m[1].replaceAll('&amp;', '&'), value: Number(m[2].replaceAll('.', '')) }));
}

test('/study for the bloc: one line per document, figures equal to the lists behind them', async () => {
  const plan = (await office.get('/api/v1/documents?type=plan')).json.documents.find((d) => d.symbol === '86-KH/ĐUK').id;
  const overall = (await office.get(`/api/v1/documents/${plan}/distribution`)).json.overall;
  const summary = await office.get('/study');
  assert.equal(summary.status, 200);
  assert.match(summary.text, /86-KH\/ĐUK/);
  assert.doesNotMatch(summary.text, /study-card/);  // no card per unit at bloc level

  const doc = await office.get(`/study?document=${plan}`);
  assert.equal(doc.status, 200);
  assert.match(doc.text, /Theo tổ chức cơ sở/);
  const figs = figureLinks(doc.text).filter((f) => !f.href.includes('under='));
  const sent = figs.find((f) => f.href.endsWith('status=all'));
  const studied = figs.find((f) => f.href.endsWith('status=studied'));
  const late = figs.find((f) => f.href.endsWith('status=late'));
  assert.equal(sent.value, overall.recipients);
  assert.equal(studied.value, overall.studied);
  assert.equal(late.value, overall.late);
  // Each figure (document's and every grassroots organization's) equals the count its list shows.
  const checked = figureLinks(doc.text).filter((f) => f.href.includes('status='));
  assert.ok(checked.length >= 10, `${checked.length} figures`);
  for (const f of checked.slice(0, 25)) {
    const list = await office.get(f.href);
    assert.equal(list.status, 200, f.href);
    const m = list.text.match(/id="units-title">[^<]*\(([\d.]+)\)<\/h2>/);
    assert.ok(m, f.href);
    assert.equal(Number(m[1].replaceAll('.', '')), f.value, f.href);
  }
  // Units are named with their parent, and the list pages.
  const all = await office.get(sent.href);
  assert.match(all.text, /<strong>[^<]+ — [^<]+<\/strong>/);
  if (overall.recipients > 30) assert.match(all.text, /rel="next"/);
  assert.equal((await office.get(`/study?document=${plan}&status=bogus`)).status, 422);
  assert.equal((await office.get('/study?document=999999')).status, 404);
});

test('home: each role sees its to-do and figures, linked to the lists', async () => {
  const o = await office.get('/');
  assert.equal(o.status, 200);
  assert.doesNotMatch(o.text, /Sắp có/);
  assert.match(o.text, /Việc cần làm/);
  assert.match(o.text, /Đơn vị chưa học tập, đã quá hạn/);
  assert.match(o.text, /href="\/orgs"><span class="home-figure-value">[\d.]+<\/span> <span class="home-figure-label">Tổ chức đảng/);
  assert.match(o.text, /href="\/documents"><span class="home-figure-value">/);
  // The late figure is the sum of the late units on /study.
  const lateOnHome = Number(o.text.match(/([\d.]+)<\/span> <span class="home-figure-label">Đơn vị chưa học tập, đã quá hạn/)[1].replaceAll('.', ''));
  const study = await office.get('/study');
  const overdue = figureLinks(study.text).filter((f) => f.href.endsWith('status=late'));
  assert.ok(overdue.length > 0);
  assert.ok(lateOnHome <= overdue.reduce((n, f) => n + f.value, 0));

  const m = await member.get('/');
  assert.equal(m.status, 200);
  assert.match(m.text, /Việc cần làm/);
  assert.doesNotMatch(m.text, /Tổ chức đảng<\/span>/);  // a member lists no organizations
  assert.match(m.text, /Hồ sơ đảng viên của tôi/);
  const s = await secretary.get('/');
  assert.equal(s.status, 200);
  assert.match(s.text, /Đơn vị chưa học tập, đã quá hạn/);
  // A member's to-do: the documents their own cell has not studied, with the deadline.
  const open = (await member.get('/api/v1/study?show=open')).json.rows.filter((r) => r.org_id === member.user.grants?.[0]?.org_id);
  if (open.length) assert.match(m.text, /Hạn học tập|Đã quá hạn từ/);
});
