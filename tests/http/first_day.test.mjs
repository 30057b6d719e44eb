// Day one of a real bloc ([4/12]), end to end on the engine of DANGVU_ENGINE, as the operator and the
// people would do it: `dangvu init` on an empty install, `import orgs` (children first, ';' and a BOM),
// `import members`, `import users` with one-time passwords, a new secretary's first log-in and forced
// password change, what that secretary may see, then `dangvu backup` while the server runs and `restore`
// into another empty install, where the same secretary logs in with the new password and sees the same.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { startServer, serveOn, Client, cli, sql, freshDatabase } from '../lib/harness.mjs';

const cleanups = [];
after(async () => { for (const c of cleanups.reverse()) await c(); });

const bom = '\uFEFF';
const csv = (rows, sep) => bom + rows.map((r) => r.join(sep)).join('\r\n') + '\r\n';

// Units before the organizations they belong to: the file is read in any order.
const ORGS = [
  ['STT', 'Mã tổ chức', 'Tên tổ chức', 'Loại tổ chức', 'Mã tổ chức cấp trên', 'Ngày thành lập'],
  ['1', 'CB-NS', 'Chi bộ Phòng Ngân sách', 'Chi bộ trực thuộc', 'DB-SOTC', '01/09/2010'],
  ['2', 'CB-TH', 'Chi bộ Trường Tiểu học', 'Chi bộ trực thuộc', 'DB-SOGD', '01/09/2012'],
  ['3', 'DB-SOTC', 'Đảng bộ Sở Tài chính', 'Đảng bộ cơ sở', 'DBK', '15/03/2005'],
  ['4', 'DB-SOGD', 'Đảng bộ Sở Giáo dục và Đào tạo', 'Đảng bộ cơ sở', 'DBK', '20/05/2006'],
];
const MEMBERS = [
  ['Họ và tên', 'Giới tính', 'Ngày sinh', 'Ngày vào Đảng', 'Ngày chính thức', 'Số thẻ đảng viên', 'Số CCCD',
    'Số điện thoại', 'Mã chi bộ'],
  ['Trần Thị Bình', 'Nữ', '12/04/1975', '03/02/2000', '03/02/2001', '100000001', '044175000123', '0912345678', 'CB-NS'],
  ['Lê Văn Cường', 'Nam', '01/10/1982', '19/05/2008', '19/05/2009', '100000002', '044082000456', '0987654321', 'CB-NS'],
  ['Phạm Thị Dung', 'Nữ', '23/07/1990', '02/09/2015', '02/09/2016', '100000003', '044190000789', '0905111222', 'CB-TH'],
];
const USERS = [
  ['Tên đăng nhập', 'Họ và tên', 'Vai trò', 'Mã tổ chức', 'Số thẻ đảng viên'],
  ['bithu.sotc', 'Trần Thị Bình', 'Bí thư', 'DB-SOTC', '100000001'],
  ['dangvien.th', 'Phạm Thị Dung', 'Đảng viên', 'CB-TH', '100000003'],
];
const ADMIN_PASSWORD = 'quan-tri-ngay-dau';
const NEW_PASSWORD = 'bi-thu-doi-mat-khau';

function emptyInstall(prefix) {
  const dataDir = mkdtempSync(join(process.env.DANGVU_TEST_TMP || tmpdir(), prefix));
  const db = freshDatabase(dataDir);
  cleanups.push(() => { db.drop(); rmSync(dataDir, { recursive: true, force: true }); });
  return { dataDir, dbUrl: db.url, file: (name) => join(dataDir, name) };
}

// What the secretary sees: the members of their organization, and a 404 for one outside it.
async function secretarySees(client, env) {
  const mine = await client.get('/api/v1/members');
  assert.equal(mine.status, 200, mine.text);
  assert.deepEqual(mine.json.members.map((m) => m.full_name).sort(), ['Lê Văn Cường', 'Trần Thị Bình']);
  const outsider = sql(env, "SELECT id FROM members WHERE card_number = '100000003'");
  assert.equal((await client.get(`/api/v1/members/${outsider}`)).status, 404);
}

test('init, import orgs, members and users, first log-in, scope, and a backup restored elsewhere', async () => {
  const server = await startServer({ seed: false });
  cleanups.push(() => server.stop());
  const env = { ...server, file: (name) => join(server.dataDir, name) };

  // 1. The empty install: nothing opens until init.
  assert.equal((await new Client(server).get('/', { headers: { Accept: 'text/html' } })).status, 503);
  const init = cli(env, ['init', '--org-name', 'Đảng bộ Khối các cơ quan tỉnh', '--org-code', 'DBK', '--org-type', 'bloc',
    '--founded', '1990-01-01', '--admin', 'quantri', '--display-name', 'Nguyễn Văn Quản', '--password-stdin'],
  ADMIN_PASSWORD + '\n');
  assert.equal(init.status, 0, init.stderr);

  // 2. Organizations from a file: ';', a BOM, children before parents, an STT column.
  writeFileSync(env.file('orgs.csv'), csv(ORGS, ';'));
  const orgs = cli(env, ['import', 'orgs', env.file('orgs.csv')]);
  assert.equal(orgs.status, 0, orgs.stderr);
  assert.equal(sql(env, 'SELECT COUNT(*) FROM orgs'), '5');
  assert.equal(sql(env, "SELECT p.code FROM orgs o JOIN orgs p ON p.id = o.parent_id WHERE o.code = 'CB-NS'"), 'DB-SOTC');

  // 3. Members, then 4. accounts with one-time passwords in a private file.
  writeFileSync(env.file('members.csv'), csv(MEMBERS, ','));
  const members = cli(env, ['import', 'members', env.file('members.csv')]);
  assert.equal(members.status, 0, members.stderr);
  assert.equal(sql(env, 'SELECT COUNT(*) FROM members'), '3');
  writeFileSync(env.file('users.csv'), csv(USERS, ','));
  const users = cli(env, ['import', 'users', env.file('users.csv'), '--passwords', env.file('passwords.csv')]);
  assert.equal(users.status, 0, users.stderr);
  assert.equal(statSync(env.file('passwords.csv')).mode & 0o777, 0o600);
  const issued = Object.fromEntries(readFileSync(env.file('passwords.csv'), 'utf8').replace(bom, '').trim()
    .split('\r\n').slice(1).map((l) => l.split(',')));
  assert.deepEqual(Object.keys(issued).sort(), ['bithu.sotc', 'dangvien.th']);

  // 5. The secretary's first log-in: nothing but the password change until it is done.
  const secretary = new Client(server);
  const login = await secretary.post('/api/v1/session',
    { json: { username: 'bithu.sotc', password: issued['bithu.sotc'] }, csrf: false });
  assert.equal(login.status, 200, login.text);
  secretary.csrf = login.json.csrf_token;
  const blocked = await secretary.get('/api/v1/members');
  assert.equal(blocked.status, 403);
  assert.match(blocked.json.type, /password_change_required/);
  const page = await secretary.get('/orgs', { headers: { Accept: 'text/html' } });
  assert.equal(page.status, 303);
  assert.equal(page.headers.get('location'), '/account');
  const change = await secretary.request('PUT', '/api/v1/account/password', { json: {
    current_password: issued['bithu.sotc'], new_password: NEW_PASSWORD, new_password_confirm: NEW_PASSWORD } });
  assert.ok([200, 204].includes(change.status), change.text);

  // 6. Then their scope: their own organization's members, 404 outside it; linked to their own record.
  await secretarySees(secretary, env);
  assert.equal(sql(env, "SELECT member_id FROM users WHERE username = 'bithu.sotc'"),
    sql(env, "SELECT id FROM members WHERE card_number = '100000001'"));

  // 7. A backup taken while the server runs, restored into another empty install.
  const archive = env.file('day-one.zip');
  const backup = cli(env, ['backup', archive]);
  assert.equal(backup.status, 0, backup.stderr);
  const elsewhere = emptyInstall('dv-elsewhere-');
  cpSync(env.file('audit.key'), elsewhere.file('audit.key'));  // the key travels apart from the archive
  const restore = cli(elsewhere, ['restore', archive]);
  assert.equal(restore.status, 0, restore.stderr);
  assert.match(restore.stdout, /audit verify: the chain is intact/);
  const verify = cli(elsewhere, ['audit', 'verify']);
  assert.equal(verify.status, 0, verify.stderr);

  // 8. The restored install serves the same people with the passwords they chose.
  const restored = await serveOn(elsewhere);
  cleanups.push(() => restored.stop());
  const again = new Client(restored);
  await again.login('bithu.sotc', NEW_PASSWORD);
  await secretarySees(again, elsewhere);
  const admin = new Client(restored);
  await admin.login('quantri', ADMIN_PASSWORD);
  const tree = await admin.get('/api/v1/orgs?all=1');
  assert.equal(tree.status, 200);
  assert.deepEqual(tree.json.orgs.map((o) => o.code).sort(), ['CB-NS', 'CB-TH', 'DB-SOGD', 'DB-SOTC', 'DBK']);
});
