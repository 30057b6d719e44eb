// The organization import and export against the real binary: `dangvu import orgs` on an empty database
// (children first, ';' and a BOM, XLSX), each refusal with nothing written, --dry-run and --report, the
// export → import round trip into a second empty database; and the /orgs/import upload page (who may use it,
// the report, the scope of office staff) with the /orgs/export.{csv,xlsx} downloads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { cli, sql, freshDatabase, startServer, Client } from '../lib/harness.mjs';

const cleanups = [];
let server;
const as = {};

before(async () => {
  server = await startServer();
  for (const [role, username] of [['admin', 'admin'], ['office', 'vanphong'], ['secretary', 'bithu.sotc'],
    ['member', 'dangvien.sotc'], ['inspector', 'kiemtra']]) {
    as[role] = new Client(server);
    await as[role].login(username);
  }
});
after(async () => {
  for (const c of cleanups) c();
  await server?.stop();
});

// A fresh, migrated database without any organization.
function emptyEnv() {
  const dataDir = mkdtempSync(join(process.env.DANGVU_TEST_TMP || tmpdir(), 'dv-orgs-'));
  const db = freshDatabase(dataDir);
  const env = { dataDir, dbUrl: db.url, file: (name) => join(dataDir, name) };
  cleanups.push(() => { db.drop(); rmSync(dataDir, { recursive: true, force: true }); });
  const r = cli(env, ['migrate']);
  assert.equal(r.status, 0, r.stderr);
  return env;
}

const countOrgs = (env) => Number(sql(env, 'SELECT COUNT(*) FROM orgs'));
const HEADER = ['STT', 'Mã tổ chức', 'Tên tổ chức', 'Loại tổ chức', 'Mã tổ chức cấp trên', 'Ngày thành lập'];
const csvCell = (v, sep) => (new RegExp(`["${sep}\\r\\n]`).test(v) ? `"${v.replaceAll('"', '""')}"` : v);
const toCsv = (rows, sep = ',') => '\uFEFF' + rows.map((r) => r.map((v) => csvCell(v, sep)).join(sep)).join('\r\n') + '\r\n';

// A bloc's tree with units before the organizations they belong to.
const TREE = [
  ['1', 'CB-KT', 'Chi bộ Phòng Kế toán; Tài vụ', 'Chi bộ trực thuộc', 'DB-SOTC', ''],
  ['2', 'TD-1', 'Tổ đảng 1', 'Tổ đảng', 'CB-KT', '01/09/2015'],
  ['3', 'DB-SOTC', 'Đảng bộ Sở Tài chính', 'Đảng bộ cơ sở', 'DBK', '15/03/2005'],
  ['4', 'DBK', 'Đảng bộ Khối các cơ quan tỉnh', 'Đảng bộ Khối', '', '01/01/1990'],
  ['5', 'CB-TRUONG', 'Chi bộ Trường Chính trị', 'grassroots_cell', 'dbk', ''],
];

test('import orgs: children first, ";" and a BOM, on an empty database; audited; exit 0', () => {
  const env = emptyEnv();
  writeFileSync(env.file('orgs.csv'), toCsv([HEADER, ...TREE], ';'));
  const r = cli(env, ['import', 'orgs', env.file('orgs.csv')]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /import: 5 organizations added, 0 rejected/);
  assert.equal(countOrgs(env), 5);
  assert.equal(sql(env, "SELECT p.code FROM orgs o JOIN orgs p ON p.id = o.parent_id WHERE o.code = 'TD-1'"), 'CB-KT');
  assert.equal(sql(env, "SELECT founded_on FROM orgs WHERE code = 'CB-KT'"), '2005-03-15');
  assert.equal(sql(env, "SELECT COUNT(*) FROM audit_log WHERE action = 'org.create'"), '5');
  assert.equal(cli(env, ['audit', 'verify']).status, 0);
});

test('import orgs: every refusal with line, column, value and reason; nothing written; --report; exit 1', () => {
  const env = emptyEnv();
  writeFileSync(env.file('orgs.csv'), toCsv([HEADER, ...TREE]));
  assert.equal(cli(env, ['import', 'orgs', env.file('orgs.csv')]).status, 0);
  const before = countOrgs(env);
  const bad = [
    ['1', 'DB-SOTC', 'Trùng', 'Đảng bộ cơ sở', 'DBK', ''],
    ['2', 'X1', 'Cấp trên lạ', 'Chi bộ cơ sở', 'NOPE', ''],
    ['3', 'X2', 'Loại lạ', 'Ban', 'DBK', ''],
    ['4', 'X3', 'Ngày sai', 'Chi bộ cơ sở', 'DBK', '30/02/2020'],
    ['5', 'X4', 'Sai cấp', 'Đảng bộ cơ sở', 'CB-KT', ''],
    ['6', 'X5', 'Vòng', 'Chi bộ trực thuộc', 'X6', ''],
    ['7', 'X6', 'Vòng', 'Đảng bộ bộ phận', 'X5', ''],
    ['8', 'X7', 'Ngày tới', 'Chi bộ cơ sở', 'DBK', '01/01/2999'],
    ['9', 'X8', 'Không cấp trên', 'Đảng bộ Khối', '', ''],
    ['10', 'X9', 'Tốt', 'Chi bộ cơ sở', 'DBK', ''],
  ];
  writeFileSync(env.file('bad.csv'), toCsv([HEADER, ...bad]));
  const r = cli(env, ['import', 'orgs', env.file('bad.csv'), '--report', env.file('rejects.csv')]);
  assert.equal(r.status, 1);
  assert.deepEqual(r.stderr.trim().split('\n'), [
    'line 2, Mã tổ chức, "DB-SOTC": code already belongs to an organization in the database',
    'line 3, Mã tổ chức cấp trên, "NOPE": unknown parent code (neither in the file nor in the database)',
    'line 4, Loại tổ chức, "Ban": unknown organization type',
    'line 5, Ngày thành lập, "30/02/2020": impossible date',
    'line 6, Loại tổ chức, "Đảng bộ cơ sở": a Đảng bộ cơ sở cannot stand under a Chi bộ trực thuộc (the parent\'s type)',
    'line 7, Mã tổ chức cấp trên, "X6": cycle: X5 → X6 → X5',
    'line 8, Mã tổ chức cấp trên, "X5": cycle: X5 → X6 → X5',
    'line 9, Ngày thành lập, "01/01/2999": date is in the future',
    'line 10, Mã tổ chức cấp trên, "": required: only the top organization of an empty database has no parent',
    'import: nothing was written; fix the rejected rows and run it again',
  ]);
  assert.match(r.stdout, /import: 0 organizations added, 9 rejected/);
  assert.equal(countOrgs(env), before);
  const report = readFileSync(env.file('rejects.csv'), 'utf8');
  assert.match(report, /^\uFEFFline,column,value,reason\r\n2,Mã tổ chức,DB-SOTC,/);

  // --dry-run of the good row alone: exit 0, nothing written.
  writeFileSync(env.file('good.csv'), toCsv([HEADER, bad[9]]));
  const dry = cli(env, ['import', 'orgs', env.file('good.csv'), '--dry-run']);
  assert.equal(dry.status, 0, dry.stderr);
  assert.match(dry.stdout, /import: 1 organization would be added, 0 rejected/);
  assert.equal(countOrgs(env), before);
});

test('import orgs: header problems refuse the file in one line; wrong usage exits 2', () => {
  const env = emptyEnv();
  writeFileSync(env.file('h.csv'), toCsv([['Mã tổ chức', 'Tên', 'Loại tổ chức'], ['A', 'B', 'bloc']]));
  const r = cli(env, ['import', 'orgs', env.file('h.csv')]);
  assert.equal(r.status, 1);
  assert.equal(r.stderr.trim(), `dangvu: import: ${env.file('h.csv')}: unknown column "Tên"; missing column "Tên tổ chức" (name); missing column "Mã tổ chức cấp trên" (parent_code)`);
  assert.equal(cli(env, ['import', 'orgs']).status, 2);
  assert.equal(cli(env, ['export', 'orgs', '-o', env.file('x.txt')]).status, 2);
  assert.match(cli(env, ['import', 'orgs', '--help']).stdout, /Usage: dangvu import orgs FILE/);
});

test('export orgs, then import into a second empty database (CSV and XLSX), gives the same tree', () => {
  const env = emptyEnv();
  writeFileSync(env.file('orgs.csv'), toCsv([HEADER, ...TREE], ';'));
  assert.equal(cli(env, ['import', 'orgs', env.file('orgs.csv')]).status, 0);
  const out = cli(env, ['export', 'orgs', '-o', env.file('out.csv')]);
  assert.equal(out.status, 0, out.stderr);
  assert.match(out.stdout, /export: 5 organizations written to/);
  const exported = readFileSync(env.file('out.csv'), 'utf8');
  assert.equal(exported.split('\r\n')[0], '\uFEFFMã tổ chức,Tên tổ chức,Loại tổ chức,Mã tổ chức cấp trên,Ngày thành lập');
  assert.equal(exported.split('\r\n')[1], 'DBK,Đảng bộ Khối các cơ quan tỉnh,Đảng bộ Khối,,01/01/1990');
  assert.equal(cli(env, ['export', 'orgs', '-o', env.file('out.xlsx')]).status, 0);
  for (const name of ['out.csv', 'out.xlsx']) {
    const other = emptyEnv();
    const r = cli(other, ['import', 'orgs', env.file(name)]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(cli(other, ['export', 'orgs', '-o', other.file('again.csv')]).status, 0);
    assert.equal(readFileSync(other.file('again.csv'), 'utf8'), exported, name);
  }
});

test('the demo tree (units older than the committees they came under in 2025) exports and imports back the same', () => {
  const demo = { dataDir: server.dataDir, dbUrl: server.dbUrl, file: (name) => join(server.dataDir, name) };
  assert.equal(cli(demo, ['export', 'orgs', '-o', demo.file('demo.csv')]).status, 0);
  const exported = readFileSync(demo.file('demo.csv'), 'utf8');
  const rows = exported.replace('\uFEFF', '').trim().split('\r\n').slice(1).map((l) => l.split(','));
  const iso = (d) => d.split('/').reverse().join('-');
  const founded = new Map(rows.map((r) => [r[0], iso(r.at(-1))]));
  const older = rows.filter((r) => r[3] && founded.get(r[0]) < founded.get(r[3]));
  assert.ok(older.length > 0, 'the demo has units founded before their current parent');
  const other = emptyEnv();
  const r = cli(other, ['import', 'orgs', demo.file('demo.csv')]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(cli(other, ['export', 'orgs', '-o', other.file('again.csv')]).status, 0);
  assert.equal(readFileSync(other.file('again.csv'), 'utf8'), exported);
});

test('import users: accounts with one-time passwords in a private file; refusals; --passwords required', () => {
  const env = emptyEnv();
  writeFileSync(env.file('orgs.csv'), toCsv([HEADER, ...TREE], ';'));
  assert.equal(cli(env, ['import', 'orgs', env.file('orgs.csv')]).status, 0);
  const USERS = ['Tên đăng nhập', 'Họ và tên', 'Vai trò', 'Mã tổ chức'];
  const accounts = [
    ['quantri', 'Đặng Quốc Hải', 'Quản trị hệ thống', 'DBK'],
    ['bithu.kt', 'Nguyễn Văn An', 'Bí thư', 'CB-KT'],
    ['vanphong', 'Lê Thị Hoa', 'Văn phòng', 'DBK'],
  ];
  writeFileSync(env.file('users.csv'), toCsv([USERS, ...accounts], ';'));
  assert.equal(cli(env, ['import', 'users', env.file('users.csv')]).status, 2);
  const dry = cli(env, ['import', 'users', env.file('users.csv'), '--dry-run']);
  assert.equal(dry.status, 0, dry.stderr);
  assert.match(dry.stdout, /import: 3 accounts would be created, 0 rejected/);
  assert.equal(sql(env, 'SELECT COUNT(*) FROM users'), '0');

  const r = cli(env, ['import', 'users', env.file('users.csv'), '--passwords', env.file('passwords.csv')]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /import: 3 accounts created, 0 rejected; one-time passwords in /);
  assert.equal(statSync(env.file('passwords.csv')).mode & 0o777, 0o600);
  const lines = readFileSync(env.file('passwords.csv'), 'utf8').replace('\uFEFF', '').trim().split('\r\n');
  assert.equal(lines[0], 'username,password');
  assert.deepEqual(lines.slice(1).map((l) => l.split(',')[0]), ['quantri', 'bithu.kt', 'vanphong']);
  assert.ok(lines.slice(1).every((l) => l.split(',')[1].length >= 10));
  assert.equal(sql(env, 'SELECT COUNT(*) FROM users WHERE must_change_password = 1'), '3');
  assert.equal(sql(env, "SELECT g.role FROM grants g JOIN users u ON u.id = g.user_id WHERE u.username = 'vanphong'"), 'office');
  // No password is stored in clear.
  const stored = sql(env, "SELECT password_hash FROM users WHERE username = 'quantri'");
  assert.ok(!stored.includes(lines[1].split(',')[1]));

  writeFileSync(env.file('bad.csv'), toCsv([USERS, ['quantri', 'Trùng', 'admin', 'DBK'], ['moi', 'Mới', 'Chủ tịch', 'DBK']]));
  const bad = cli(env, ['import', 'users', env.file('bad.csv'), '--passwords', env.file('p2.csv')]);
  assert.equal(bad.status, 1);
  assert.deepEqual(bad.stderr.trim().split('\n'), [
    'line 2, Tên đăng nhập, "quantri": user name already taken',
    'line 3, Vai trò, "Chủ tịch": unknown role',
    'import: nothing was written; fix the rejected rows and run it again',
  ]);
  assert.equal(sql(env, 'SELECT COUNT(*) FROM users'), '3');
});

// Posts the form as a browser does: multipart/form-data, the CSRF token as the `_csrf` field.
function upload(client, { name = 'to-chuc.csv', bytes, fields = {}, headers = {} }) {
  const form = new FormData();
  form.append('_csrf', client.csrf);
  for (const [k, v] of Object.entries(fields)) form.append(k, String(v));
  if (bytes !== undefined) form.append('file', new Blob([bytes]), name);
  return client.request('POST', '/orgs/import', { body: form, csrf: false, headers });
}

// The problems table as [line, column, value, reason] rows ([] when the page has none).
function problems(html) {
  const section = html.split('id="problems-title"')[1];
  if (!section) return [];
  const body = section.split('<tbody>')[1].split('</tbody>')[0];
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => [...m[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1]));
}

test('the upload page is for office staff and admins; the tree links to it and to the export', async () => {
  for (const role of ['office', 'admin']) {
    const page = await as[role].get('/orgs/import');
    assert.equal(page.status, 200, role);
    assert.match(page.text, /<form class="form" method="post" action="\/orgs\/import" enctype="multipart\/form-data">/);
    assert.match(page.text, /Chi bộ trực thuộc \(<code>attached_cell<\/code>\)/);
    assert.match((await as[role].get('/orgs')).text, /href="\/orgs\/import"/);
  }
  for (const role of ['secretary', 'member', 'inspector']) {
    assert.equal((await as[role].get('/orgs/import')).status, 403, role);
    assert.equal((await upload(as[role], { bytes: toCsv([HEADER]) })).status, 403, role);
  }
  const tree = await as.secretary.get('/orgs');
  assert.doesNotMatch(tree.text, /href="\/orgs\/import"/);
  assert.match(tree.text, /href="\/orgs\/export.xlsx"/);
});

test('upload: two bad rows named, nothing written; fixed, it is written and the tree shows it', async () => {
  const rows = [
    ['1', 'UP-CB1', 'Chi bộ Phòng Một', 'Chi bộ trực thuộc', 'UP-DB', ''],
    ['2', 'UP-DB', 'Đảng bộ Sở Mới', 'Đảng bộ cơ sở', 'DBUB', '01/01/2030'],
    ['3', 'UP-CB2', 'Chi bộ Phòng Hai', 'Loại lạ', 'UP-DB', ''],
  ];
  const bad = await upload(as.office, { bytes: toCsv([HEADER, ...rows], ';'), fields: { dry_run: 1 } });
  assert.equal(bad.status, 200, bad.text);
  assert.deepEqual(problems(bad.text), [
    ['3', 'Ngày thành lập', '01/01/2030', 'ngày chưa tới'],
    ['4', 'Loại tổ chức', 'Loại lạ', 'không có loại tổ chức này'],
  ]);
  const real = await upload(as.office, { bytes: toCsv([HEADER, ...rows], ';') });
  assert.equal(real.status, 200);
  assert.match(real.text, /Chưa ghi gì vì có 2 dòng lỗi/);
  assert.equal(Number(sql(server, "SELECT COUNT(*) FROM orgs WHERE code LIKE 'UP-%'")), 0);

  rows[1][5] = '01/07/2025';  // after DBUB was founded (the demo's 1/6/2025)
  rows[2][3] = 'Chi bộ trực thuộc';
  const ok = await upload(as.office, { bytes: toCsv([HEADER, ...rows], ';') });
  assert.equal(ok.status, 303, ok.text);
  assert.equal(ok.headers.get('location'), '/orgs?expand=all');
  const tree = await as.office.get('/orgs?expand=all');
  assert.match(tree.text, /Đã nhập danh sách tổ chức/);
  assert.match(tree.text, /UP-CB1<\/span> <span class="org-name">Chi bộ Phòng Một/);
  assert.equal(sql(server, "SELECT username FROM audit_log WHERE action = 'org.create' ORDER BY id DESC LIMIT 1"), 'vanphong');

  // JSON clients get the report.
  const again = await upload(as.office, { bytes: toCsv([HEADER, ...rows]), headers: { Accept: 'application/json' } });
  assert.equal(again.status, 200);
  assert.equal(again.json.report.rejected, 3);
  assert.equal(again.json.report.rejects[0].code, 'code_in_database');
  assert.equal(again.json.report.rejects[0].reason, 'mã này đã có trong hệ thống');  // in the request's language
});

test('upload: a header problem refuses the file with 422; no file is a field error', async () => {
  const r = await upload(as.admin, { bytes: toCsv([['Mã tổ chức', 'Ghi chú'], ['A', 'x']]) });
  assert.equal(r.status, 422);
  assert.match(r.text, /Cột “Ghi chú” không phải cột hệ thống nhận/);
  const none = await upload(as.admin, { fields: { dry_run: 1 } });
  assert.equal(none.status, 422);
  assert.match(none.text, /Vui lòng chọn tệp danh sách/);
});

test('export from the tree page: CSV with the import\'s columns; XLSX; what the caller sees', async () => {
  const csv = await as.office.get('/orgs/export.csv');
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-disposition'), /attachment; filename="danh-sach-to-chuc.csv"/);
  const lines = csv.text.split('\r\n');
  assert.equal(lines[0].replace('\uFEFF', ''), 'Mã tổ chức,Tên tổ chức,Loại tổ chức,Mã tổ chức cấp trên,Ngày thành lập');
  assert.ok(lines.some((l) => l.startsWith('SOTC-NS,')));
  assert.ok(lines.some((l) => l.startsWith('SOGD,')));
  // A secretary sees their own subtree only.
  const own = (await as.secretary.get('/orgs/export.csv')).text.split('\r\n').filter((l) => l);
  assert.ok(own.some((l) => l.startsWith('SOTC-NS,')));
  assert.ok(!own.some((l) => l.startsWith('SOGD,')));
  const xlsx = await fetch(server.base + '/orgs/export.xlsx', { headers: { Cookie: as.office.cookieHeader() } });
  assert.equal(xlsx.status, 200);
  assert.equal(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString('latin1'), 'PK');
  const anon = await fetch(server.base + '/orgs/export.csv', { redirect: 'manual' });
  assert.equal(anon.status, 303);
});

test('the accounts page: admins only; the one-time passwords shown once on the result; they log in with them', async () => {
  for (const role of ['office', 'secretary', 'member', 'inspector'])
    assert.equal((await as[role].get('/users/import')).status, 403, role);
  const page = await as.admin.get('/users/import');
  assert.equal(page.status, 200);
  assert.match(page.text, /action="\/users\/import"/);
  assert.match((await as.admin.get('/users')).text, /href="\/users\/import"/);

  const USERS = ['STT', 'Tên đăng nhập', 'Họ và tên', 'Vai trò', 'Mã tổ chức'];
  const file = toCsv([USERS, ['1', 'bithu.web1', 'Nguyễn Văn Một', 'Bí thư', 'SOTC-NS'],
    ['2', 'bithu.web2', 'Trần Thị Hai', 'Chủ tịch', 'SOTC-VP']], ';');
  const form = (bytes, dry) => {
    const f = new FormData();
    f.append('_csrf', as.admin.csrf);
    if (dry) f.append('dry_run', '1');
    f.append('file', new Blob([bytes]), 'tai-khoan.csv');
    return as.admin.request('POST', '/users/import', { body: f, csrf: false });
  };
  const bad = await form(file, false);
  assert.equal(bad.status, 200);
  assert.deepEqual(problems(bad.text), [['3', 'Vai trò', 'Chủ tịch', 'không có vai trò này']]);
  assert.doesNotMatch(bad.text, /passwords-title/);
  assert.equal(sql(server, "SELECT COUNT(*) FROM users WHERE username LIKE 'bithu.web%'"), '0');

  const good = await form(toCsv([USERS, ['1', 'bithu.web1', 'Nguyễn Văn Một', 'Bí thư', 'SOTC-NS']]), false);
  assert.equal(good.status, 200);
  assert.match(good.headers.get('cache-control'), /no-store/);
  const m = good.text.match(/<td data-label="[^"]*">bithu\.web1<\/td>\s*<td data-label="[^"]*"><code>([^<]+)<\/code>/);
  assert.ok(m, good.text);
  assert.equal(sql(server, "SELECT must_change_password FROM users WHERE username = 'bithu.web1'"), '1');
  const secretary = new Client(server);
  await secretary.login('bithu.web1', m[1]);
});
