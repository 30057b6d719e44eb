// Day one of an install ([4/12]): an empty server says how to set it up and lets nobody in;
// `dangvu init` (refusals named, nothing written); one-time passwords that must be changed first,
// and an admin's reset. Against the real binary, on the engine of DANGVU_ENGINE.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, cli, sql } from '../lib/harness.mjs';

const servers = [];
after(async () => { for (const s of servers) await s.stop(); });

const ADMIN_PASSWORD = 'mat-khau-quan-tri';
const counts = (s) => ['orgs', 'users', 'grants', 'audit_log'].map((t) => sql(s, `SELECT COUNT(*) FROM ${t}`)).join(',');

test('an empty install answers with the init page, lets nobody in, and opens after `dangvu init`', async () => {
  const s = await startServer({ seed: false });
  servers.push(s);
  const c = new Client(s);

  // Every page: 503 with a Vietnamese page that shows the command.
  for (const path of ['/', '/login', '/users', '/khong-co-trang-nay']) {
    const r = await c.get(path, { headers: { Accept: 'text/html' } });
    assert.equal(r.status, 503, path);
    assert.match(r.headers.get('content-type'), /text\/html/);
    assert.match(r.text, /<html lang="vi"/);
    assert.match(r.text, /Hệ thống chưa có dữ liệu/);
    assert.match(r.text, /dangvu init \\\s+--org-name/);
    assert.doesNotMatch(r.text, /<form[^>]*action="\/login"/);
  }
  // The API: problem+json saying the same.
  const api = await c.get('/api/v1/session');
  assert.equal(api.status, 503);
  assert.match(api.headers.get('content-type'), /application\/problem\+json/);
  assert.equal(api.json.type, '/problems/empty_install');
  assert.match(api.json.detail, /dangvu init/);
  // Nobody logs in or creates anything.
  const login = await c.post('/api/v1/session', { json: { username: 'admin', password: 'dangvu-demo' }, csrf: false });
  assert.equal(login.status, 503);
  assert.equal(login.json.type, '/problems/empty_install');
  const form = await c.post('/login', { form: { username: 'admin', password: 'x' } });
  assert.equal(form.status, 503);
  const signup = await c.post('/api/v1/users', { json: { username: 'ke.gian', display_name: 'X', password: 'mat-khau-ke-gian',
    role: 'admin', org_id: 1 } });
  assert.equal(signup.status, 503);
  // What must keep working.
  assert.equal((await c.get('/healthz')).status, 200);
  assert.equal((await c.get('/metrics')).status, 200);
  assert.equal((await c.get('/static/app.css')).status, 200);
  assert.equal((await c.get('/lang?set=en&next=/')).status, 303);
  const en = await c.get('/', { headers: { Accept: 'text/html' } });
  assert.equal(en.status, 503);
  assert.match(en.text, /This install is empty/);
  c.cookies.delete('dv_lang');

  // `user add` on an empty install points to init.
  const add = cli(s, ['user', 'add', '--username', 'quantri', '--role', 'admin', '--password-stdin'], ADMIN_PASSWORD + '\n');
  assert.equal(add.status, 1);
  assert.match(add.stderr, /dangvu init/);
  assert.equal(add.stderr.trim().split('\n').length, 1);

  // Wrong usage of init: exit 2, one line naming the flag, nothing written.
  const before = counts(s);
  const initArgs = ['init', '--org-name', 'Đảng bộ Khối các cơ quan tỉnh', '--org-code', 'DBK', '--admin', 'quantri',
    '--display-name', 'Nguyễn Văn Quản', '--password-stdin'];
  const usage = [
    [initArgs.filter((a, i) => a !== '--org-code' && initArgs[i - 1] !== '--org-code'), ADMIN_PASSWORD, /--org-code/],
    [initArgs.filter((a) => a !== '--password-stdin'), ADMIN_PASSWORD, /--password-stdin/],
    [[...initArgs, '--org-type', 'kingdom'], ADMIN_PASSWORD, /--org-type/],
    [[...initArgs, '--founded', '2099-01-01'], ADMIN_PASSWORD, /--founded/],
    [[...initArgs, '--founded', '31/02/2001'], ADMIN_PASSWORD, /--founded/],
    [initArgs.map((a) => (a === 'quantri' ? 'Quản Trị' : a)), ADMIN_PASSWORD, /--admin/],
    [initArgs, 'ngan', /password/],
    [[...initArgs, 'extra'], ADMIN_PASSWORD, /extra/],
  ];
  for (const [args, password, flag] of usage) {
    const r = cli(s, args, password + '\n');
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, flag);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
  assert.equal(counts(s), before);
  assert.equal((await c.get('/api/v1/session')).status, 503);

  // init, and the running server notices without a restart.
  const init = cli(s, initArgs, ADMIN_PASSWORD + '\n');
  assert.equal(init.status, 0, init.stderr);
  assert.match(init.stdout, /DBK/);
  const page = await c.get('/login');
  assert.equal(page.status, 200);
  assert.match(page.text, /Đảng bộ Khối các cơ quan tỉnh/);  // the new root names the site
  await c.login('quantri', ADMIN_PASSWORD);
  assert.equal(c.user.must_change_password, false);
  const orgs = (await c.get('/api/v1/orgs?all=1')).json.orgs;
  assert.equal(orgs.length, 1);
  assert.equal(orgs[0].code, 'DBK');
  assert.equal(orgs[0].type, 'bloc');
  const users = (await c.get('/api/v1/users')).json.users;
  assert.deepEqual(users.map((u) => [u.username, u.display_name, u.grants[0].role]), [['quantri', 'Nguyễn Văn Quản', 'admin']]);
  const audits = sql(s, "SELECT action FROM audit_log WHERE username = 'cli' ORDER BY id").split('\n');
  assert.deepEqual(audits, ['org.create', 'user.create', 'grant.create']);
  assert.equal(cli(s, ['audit', 'verify']).status, 0);

  // A second init: refused, exit 1, one line, nothing written.
  const after1 = counts(s);
  const again = cli(s, ['init', '--org-name', 'Khác', '--org-code', 'KHAC', '--admin', 'khac', '--password-stdin'],
    ADMIN_PASSWORD + '\n');
  assert.equal(again.status, 1);
  assert.match(again.stderr, /already has organizations/);
  assert.equal(again.stderr.trim().split('\n').length, 1);
  assert.equal(counts(s), after1);
});

test('one-time passwords: first log-in goes to the change form, the API says 403 until changed', async () => {
  const s = await startServer();
  servers.push(s);
  const admin = new Client(s);
  await admin.login('admin');
  const orgs = (await admin.get('/api/v1/orgs?all=1')).json.orgs;
  const cell = orgs.find((o) => o.code === 'SOTC-NS').id;
  const made = await admin.post('/api/v1/users', { json: { username: 'bithu.moi', display_name: 'Bí thư mới',
    password: 'mat-khau-ban-dau', role: 'secretary', org_id: cell } });
  assert.equal(made.status, 201, made.text);
  const id = made.json.user.id;
  assert.equal(made.json.user.must_change_password, false);  // an admin-chosen password from the form is normal

  // The user is logged in somewhere; the admin resets: a one-time password, shown once, sessions ended.
  const old = new Client(s);
  await old.login('bithu.moi', 'mat-khau-ban-dau');
  const auditsBefore = Number(sql(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'user.password_reset'"));
  const reset = await admin.post(`/api/v1/users/${id}/password`);
  assert.equal(reset.status, 200, reset.text);
  assert.equal(reset.headers.get('cache-control'), 'no-store');
  const otp = reset.json.password;
  assert.match(otp, /^[a-km-np-z2-9]{4}-[a-km-np-z2-9]{4}-[a-km-np-z2-9]{4}$/);
  assert.equal(Number(sql(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'user.password_reset'")), auditsBefore + 1);
  assert.equal(sql(s, `SELECT COUNT(*) FROM audit_log WHERE after_json LIKE '%${otp}%'`), '0');
  assert.equal((await old.get('/api/v1/session')).status, 401);
  const oldPassword = await new Client(s).post('/api/v1/session', { json: { username: 'bithu.moi', password: 'mat-khau-ban-dau' }, csrf: false });
  assert.equal(oldPassword.status, 401);

  // First log-in with the one-time password.
  const u = new Client(s);
  const login = await u.login('bithu.moi', otp);
  assert.equal(login.json.user.must_change_password, true);
  // Pages go to the change form; the form itself, the session and log-out stay open.
  for (const path of ['/', '/orgs', `/orgs/${cell}`, '/documents', '/search?q=chi']) {
    const r = await u.get(path, { headers: { Accept: 'text/html' } });
    assert.equal(r.status, 303, path);
    assert.equal(r.headers.get('location'), '/account');
  }
  const post = await u.post('/users', { form: { username: 'x.y.z', _csrf: u.csrf } });
  assert.equal(post.status, 303);
  assert.equal(post.headers.get('location'), '/account');
  const account = await u.get('/account');
  assert.equal(account.status, 200);
  assert.match(account.text, /Vui lòng đặt mật khẩu mới/);
  assert.doesNotMatch(account.text, /href="\/orgs"/);  // no menu to pages that only send one back
  assert.equal((await u.get('/static/app.css')).status, 200);
  // The API: 403 with its own problem type.
  for (const path of ['/api/v1/orgs', `/api/v1/users/${id}`, '/api/v1/documents']) {
    const r = await u.get(path);
    assert.equal(r.status, 403, path);
    assert.equal(r.json.type, '/problems/password_change_required');
  }
  assert.equal((await u.get('/api/v1/session')).status, 200);

  // Keeping the one-time password is refused; a new one lets the user in, with their scope.
  const same = await u.request('PUT', '/api/v1/account/password', { json: { current_password: otp, new_password: otp,
    new_password_confirm: otp } });
  assert.equal(same.status, 422);
  assert.equal(same.json.errors[0].field, 'new_password');
  const form = await u.post('/account/password', { form: { _csrf: u.csrf, current_password: otp,
    new_password: 'mat-khau-cua-toi', new_password_confirm: 'mat-khau-cua-toi' } });
  assert.equal(form.status, 303, form.text);
  assert.equal(form.headers.get('location'), '/');
  assert.equal((await u.get('/api/v1/session')).json.user.must_change_password, false);
  assert.equal((await u.get('/', { headers: { Accept: 'text/html' } })).status, 200);
  assert.equal((await u.get(`/api/v1/orgs/${cell}`)).status, 200);
  const outside = orgs.find((o) => o.code === 'SOGD-TH').id;
  assert.equal((await u.get(`/api/v1/orgs/${outside}`)).status, 404);
  const again = await new Client(s).post('/api/v1/session', { json: { username: 'bithu.moi', password: otp }, csrf: false });
  assert.equal(again.status, 401);
});

test('the admin resets from the user page: the password is shown once, never cached', async () => {
  const s = await startServer();
  servers.push(s);
  const admin = new Client(s);
  await admin.login('admin');
  const orgs = (await admin.get('/api/v1/orgs?all=1')).json.orgs;
  const made = await admin.post('/api/v1/users', { json: { username: 'dv.quen', display_name: 'Đảng viên quên mật khẩu',
    password: 'mat-khau-da-quen', role: 'member', org_id: orgs.find((o) => o.code === 'SOTC-NS').id } });
  const id = made.json.user.id;
  const show = await admin.get(`/users/${id}`);
  assert.match(show.text, new RegExp(`action="/users/${id}/password"`));
  const own = await admin.get(`/users/${admin.user.id}`);
  assert.doesNotMatch(own.text, new RegExp(`action="/users/${admin.user.id}/password"`));  // not for oneself
  const page = await admin.post(`/users/${id}/password`, { form: { _csrf: admin.csrf } });
  assert.equal(page.status, 200, page.text);
  assert.equal(page.headers.get('cache-control'), 'no-store');
  const otp = page.text.match(/<code>([a-z2-9-]{14})<\/code>/)[1];
  assert.match(page.text, /chỉ hiện một lần/);
  const shown = await admin.get(`/users/${id}`);
  assert.doesNotMatch(shown.text, new RegExp(otp));
  assert.match(shown.text, /Chưa đổi mật khẩu được cấp/);
  const u = new Client(s);
  assert.equal((await u.login('dv.quen', otp)).json.user.must_change_password, true);
  // One's own account: refused (the account page changes one's own password).
  const self = await admin.post(`/api/v1/users/${admin.user.id}/password`);
  assert.equal(self.status, 409);
  // The operator's `user passwd` sets a normal password and lifts the restriction.
  const passwd = cli(s, ['user', 'passwd', 'dv.quen', '--password-stdin'], 'mat-khau-van-hanh\n');
  assert.equal(passwd.status, 0, passwd.stderr);
  const v = new Client(s);
  assert.equal((await v.login('dv.quen', 'mat-khau-van-hanh')).json.user.must_change_password, false);
});
