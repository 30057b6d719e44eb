// Members as a clerk reaches them (issue [4/12]): the header search finds members by name without diacritics
// within the caller's scope, the "Đảng viên" menu item and the list's heading naming the unit, 404 for a
// record out of scope or missing whatever the role, the validation rules with their Vietnamese messages,
// and identifiers in XLSX: number cells that lost a leading zero refused, the export's typed cells.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startServer, Client, cli, sql, seededDatabase } from '../lib/harness.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const vi = JSON.parse(readFileSync(join(ROOT, 'i18n', 'vi.json'), 'utf8'));

let server;
const as = {};
const fx = {};
const cleanups = [];

before(async () => {
  server = await startServer();
  for (const [role, username] of [['office', 'vanphong'], ['secretary', 'bithu.sotc'], ['member', 'dangvien.sotc'],
    ['inspector', 'kiemtra'], ['admin', 'admin']]) {
    as[role] = new Client(server);
    await as[role].login(username);
  }
  const orgs = (await as.office.get('/api/v1/orgs?all=1')).json.orgs;
  const byCode = (code) => orgs.find((o) => o.code === code);
  fx.root = orgs.find((o) => !o.parent_id);
  fx.sotc = byCode('SOTC');
  fx.cell = byCode('SOTC-NS');
  fx.other = byCode('SOGD-TH');
  fx.outsider = (await as.office.get(`/api/v1/orgs/${fx.other.id}/members`)).json.members[0];
  fx.own = (await as.member.get('/api/v1/members?q=pham thi anh')).json.members[0];
});
after(async () => {
  await server?.stop();
  for (const c of cleanups) c();
});

const h1 = (html) => html.match(/<h1>([^<]*)<\/h1>/)?.[1];
const memberLinks = (html) => [...html.matchAll(/href="\/members\/(\d+)"/g)].map((m) => Number(m[1]));

test('the header search finds members typed without diacritics, within scope, linking to the profile', async () => {
  const office = await as.office.get('/search?q=pham+thi+anh');
  assert.equal(office.status, 200);
  assert.match(office.text, new RegExp(`href="/members/${fx.own.id}"><span class="member-name">Phạm Thị Ánh</span>`));
  assert.match(office.text, /Chi bộ Phòng Quản lý Ngân sách/);  // which cell, to tell namesakes apart

  // A plain member finds themselves and nobody else, even by a name the office finds.
  const self = await as.member.get('/search?q=pham+thi+anh');
  assert.deepEqual(memberLinks(self.text), [fx.own.id]);
  const q = encodeURIComponent(fx.outsider.full_name);
  assert.ok(memberLinks((await as.office.get(`/search?q=${q}`)).text).includes(fx.outsider.id));
  for (const role of ['member', 'secretary']) {
    const r = await as[role].get(`/search?q=${q}`);
    assert.equal(r.status, 200);
    assert.ok(!memberLinks(r.text).includes(fx.outsider.id), role);
  }
  const api = await as.member.get('/api/v1/members?q=');
  assert.equal(api.status, 200);
  assert.deepEqual(api.json.members.map((m) => m.id), [fx.own.id]);
});

test('a menu item leads to the members of the caller\'s scope, the heading names the unit', async () => {
  const home = await as.office.get('/');
  assert.match(home.text, /<a href="\/members"[^>]*>Đảng viên<\/a>/);
  assert.doesNotMatch((await as.member.get('/')).text, /<a href="\/members"/);

  const office = await as.office.get('/members');
  assert.equal(office.status, 200);
  assert.equal(h1(office.text), `Đảng viên — ${fx.root.name}`);
  const secretary = await as.secretary.get('/members');
  const sotcParent = (await as.office.get('/api/v1/orgs?all=1')).json.orgs.find((o) => o.id === fx.sotc.parent_id);
  assert.equal(h1(secretary.text), `Đảng viên — ${fx.sotc.name} (${sotcParent.name})`);
  const cell = await as.secretary.get(`/orgs/${fx.cell.id}/members`);
  assert.equal(h1(cell.text), 'Đảng viên — Chi bộ Phòng Quản lý Ngân sách (Đảng bộ Sở Tài chính)');
  // The list pages: 50 a page, links to the next.
  const all = (await as.office.get(`/api/v1/orgs/${fx.root.id}/members`)).json;
  assert.ok(all.total > 50, `the small demo has ${all.total} members`);
  assert.equal(all.members.length, 50);
  assert.match(office.text, /rel="next"/);
  const last = (await as.office.get(`/api/v1/orgs/${fx.root.id}/members?page=${all.pages}`)).json;
  assert.equal(last.members.length, all.total - 50 * (all.pages - 1));

  const mine = await as.member.get('/members');
  assert.equal(mine.status, 303);
  assert.equal(mine.headers.get('location'), `/members/${fx.own.id}`);
});

test('out of scope or missing: 404 for every role, on the page and the API', async () => {
  for (const role of ['member', 'secretary', 'inspector', 'office', 'admin']) {
    for (const path of ['/members/999999', '/api/v1/members/999999', '/members/999999/edit']) {
      assert.equal((await as[role].get(path)).status, 404, `${role} ${path}`);
    }
  }
  for (const role of ['member', 'secretary']) {
    for (const path of [`/members/${fx.outsider.id}`, `/api/v1/members/${fx.outsider.id}`,
      `/members/${fx.outsider.id}/edit`, `/members/${fx.outsider.id}/transfer`, `/orgs/${fx.other.id}/members`]) {
      assert.equal((await as[role].get(path)).status, 404, `${role} ${path}`);
    }
    const patch = await as[role].request('PATCH', `/api/v1/members/${fx.outsider.id}`, { json: { phone: '0912345678' } });
    assert.equal(patch.status, 404, role);
  }
  // Another member of the same cell is out of a plain member's scope too; their own record stays theirs.
  const colleague = (await as.secretary.get(`/api/v1/orgs/${fx.cell.id}/members`)).json.members.find((m) => m.id !== fx.own.id);
  assert.equal((await as.member.get(`/members/${colleague.id}`)).status, 404);
  assert.equal((await as.member.get(`/members/${fx.own.id}`)).status, 200);
  // Visible but not theirs to change: 403.
  assert.equal((await as.member.get(`/members/${fx.own.id}/edit`)).status, 403);
  assert.equal((await as.inspector.get(`/members/${fx.own.id}/edit`)).status, 403);
  assert.equal((await as.office.get(`/members/${fx.outsider.id}`)).status, 200);
});

test('what a clerk could type and was accepted is refused, each field with its own message', async () => {
  const before = Number(sql(server, 'SELECT COUNT(*) FROM members'));
  const r = await as.secretary.post('/api/v1/members', {
    json: { full_name: 'Nguyễn Văn A1', gender: 'male', birth_date: '2012-03-04', admitted_on: '2025-05-06',
      citizen_id: '12345', phone: '09-abc', org_id: fx.cell.id },
  });
  assert.equal(r.status, 422, r.text);
  const got = Object.fromEntries(r.json.errors.map((e) => [e.field, [e.code, e.detail]]));
  assert.deepEqual(got, {
    full_name: ['name_chars', vi.field.name_chars],
    admitted_on: ['too_young', vi.field.admitted_too_young],
    citizen_id: ['format', vi.field.citizen_id_format],
    phone: ['format', vi.field.phone_format],
  });
  const future = await as.secretary.post('/api/v1/members', {
    json: { full_name: 'Nguyễn Văn An', gender: 'male', birth_date: '2099-01-01', admitted_on: '2015-05-06',
      org_id: fx.cell.id },
  });
  assert.equal(future.status, 422);
  const birth = future.json.errors.find((e) => e.field === 'birth_date');
  assert.equal(birth.detail, 'Ngày sinh không thể sau hôm nay.');
  assert.equal(Number(sql(server, 'SELECT COUNT(*) FROM members')), before);

  // The form shows the same message next to the field, and a good phone in +84 form is stored as 0….
  const form = await as.secretary.post(`/orgs/${fx.cell.id}/members`, {
    form: { full_name: 'Lê Thị Hoa', gender: 'female', birth_date: '1990-01-02', admitted_on: '2015-05-06',
      phone: '09-abc', org_id: String(fx.cell.id) },
  });
  assert.equal(form.status, 422);
  assert.ok(form.text.includes(vi.field.phone_format));
  const ok = await as.secretary.post('/api/v1/members', {
    json: { full_name: 'Lê Thị Hoa', gender: 'female', birth_date: '1990-01-02', admitted_on: '2015-05-06',
      phone: '+84 912 345 678', citizen_id: '044 190 012 345', org_id: fx.cell.id },
  });
  assert.equal(ok.status, 201, ok.text);
  assert.deepEqual([ok.json.member.phone, ok.json.member.citizen_id], ['0912345678', '044190012345']);
});

// Python's zipfile, to look at the cells as Excel will: type, style and number format of each cell of row 2.
const CELLS_OF_ROW_2 = `
import json, re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
styles = z.read('xl/styles.xml').decode()
formats = dict(re.findall(r'<numFmt numFmtId="(\\d+)" formatCode="([^"]*)"', styles))
xfs = re.findall(r'<xf [^>]*numFmtId="(\\d+)"', styles.split('<cellXfs')[1])
sheet = z.read('xl/worksheets/sheet1.xml').decode()
row = re.search(r'<row r="2"[^>]*>(.*?)</row>', sheet).group(1)
out = {}
for ref, attrs in re.findall(r'<c r="([A-Z]+)2"([^>]*)>', row):
    t = re.search(r't="(\\w+)"', attrs)
    s = re.search(r's="(\\d+)"', attrs)
    fmt = xfs[int(s.group(1))] if s else '0'
    out[ref] = [t.group(1) if t else 'n', formats.get(fmt, fmt)]
print(json.dumps(out))
`;

function emptyOfMembers() {
  const dataDir = mkdtempSync(join(process.env.DANGVU_TEST_TMP || tmpdir(), 'dv-members-'));
  const db = seededDatabase(dataDir, ['seed-demo', '--small']);
  const env = { dataDir, dbUrl: db.url, file: (name) => join(dataDir, name) };
  cleanups.push(() => { db.drop(); rmSync(dataDir, { recursive: true, force: true }); });
  for (const statement of ['DELETE FROM committee_positions', 'DELETE FROM meeting_attendance', 'DELETE FROM commitment_items',
    'DELETE FROM commitment_reminders', 'DELETE FROM commitments', 'DELETE FROM member_placements',
    'UPDATE users SET member_id = NULL', 'DELETE FROM members']) sql(env, statement);
  return env;
}

test('XLSX: the export writes dates as date cells and identifiers as text, and reads back exactly', () => {
  const env = emptyOfMembers();
  const xlsx = env.file('export.xlsx');
  const csv = env.file('export.csv');
  assert.equal(cli(server, ['export', 'members', '-o', xlsx]).status, 0);
  assert.equal(cli(server, ['export', 'members', '-o', csv]).status, 0);
  const py = spawnSync('python3', ['-c', CELLS_OF_ROW_2, xlsx], { encoding: 'utf8' });
  assert.equal(py.status, 0, py.stderr);
  const cells = JSON.parse(py.stdout);
  // C Ngày sinh, F Ngày vào Đảng: numbers shown dd/mm/yyyy. A name, K citizen id, L phone: text.
  for (const ref of ['C', 'F']) assert.deepEqual(cells[ref], ['n', 'dd/mm/yyyy'], ref);
  for (const ref of ['A', 'K', 'L']) assert.equal(cells[ref][0], 's', ref);
  // The CSV is as before: dates typed dd/mm/yyyy, identifiers as written.
  assert.match(readFileSync(csv, 'utf8').split('\r\n')[1], /,\d\d\/\d\d\/\d{4},.*,0\d{11},0\d{9},/);

  const back = cli(env, ['import', 'members', xlsx]);
  assert.equal(back.status, 0, back.stderr);
  const again = env.file('again.csv');
  assert.equal(cli(env, ['export', 'members', '-o', again]).status, 0);
  assert.equal(readFileSync(again, 'utf8'), readFileSync(csv, 'utf8'));
});

test('XLSX saved by a spreadsheet with number cells: every identifier that lost its zero is refused', () => {
  // The measurement of issue [4/12]: export, let a spreadsheet turn identifiers into numbers, import.
  const env = emptyOfMembers();
  const csv = env.file('demo.csv');
  const xlsx = env.file('numbers.xlsx');
  assert.equal(cli(server, ['export', 'members', '-o', csv]).status, 0);
  const rows = readFileSync(csv, 'utf8').trim().split('\r\n').length - 1;
  const py = spawnSync('python3', [join(ROOT, 'scripts', 'csv-to-numbers-xlsx.py'), csv, xlsx], { encoding: 'utf8' });
  assert.equal(py.status, 0, py.stderr);
  const r = cli(env, ['import', 'members', xlsx]);
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stdout, `import: 0 members added, ${rows} rejected\n`);
  const lost = 'the cell is a number and lost its leading zero: format the column as Text and type the number again';
  const cccd = r.stderr.split('\n').filter((l) => l.includes('Số CCCD') && l.includes(lost));
  const phones = r.stderr.split('\n').filter((l) => l.includes('Số điện thoại') && l.includes(lost));
  assert.equal(cccd.length, rows);
  assert.equal(phones.length, rows);
  assert.equal(Number(sql(env, 'SELECT COUNT(*) FROM members')), 0);
});
