// The member import's upload page (/members/import) against the real binary: who may use it, the report
// (dry run, all or nothing, --skip-invalid), CSV and XLSX files, the scope of a secretary, the problems as a
// CSV download, the header-only templates, and malformed multipart bodies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { startServer, Client, cli, sql, seededDatabase } from '../lib/harness.mjs';

let server;
const as = {};  // role -> signed-in Client
const org = {};  // code -> id

before(async () => {
  server = await startServer();
  for (const [role, username] of [['office', 'vanphong'], ['secretary', 'bithu.sotc'], ['member', 'dangvien.sotc'],
    ['inspector', 'kiemtra']]) {
    as[role] = new Client(server);
    await as[role].login(username);
  }
  for (const o of (await as.office.get('/api/v1/orgs?all=1')).json.orgs) org[o.code] = o.id;
});

after(async () => { await server?.stop(); });

const HEADER = ['Họ và tên', 'Giới tính', 'Ngày sinh', 'Ngày vào Đảng', 'Ngày chính thức', 'Số thẻ đảng viên', 'Mã chi bộ'];
const csvCell = (v) => (/[",;\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
const toCsv = (rows) => '\uFEFF' + rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';

// Good members named after `tag` (a made-up given name, so /api/v1/members?q= finds exactly them), and two bad
// rows: an impossible date and an unknown cell code.
function rows(tag, firstCard, cells = ['SOTC-NS', 'SOTC-VP']) {
  return [
    [`Nguyễn Văn ${tag} Một`, 'Nam', '12/03/1980', '19/05/2005', '19/05/2006', String(firstCard), cells[0]],
    [`Trần Thị ${tag} Hai`, 'Nữ', '01/07/1985', '03/02/2010', '', String(firstCard + 1), cells[1]],
    [`Lê Văn ${tag} Ba`, 'Nam', '30/02/1980', '19/05/2005', '', String(firstCard + 2), cells[0]],
    [`Phạm Văn ${tag} Bốn`, 'Nam', '12/03/1981', '19/05/2006', '', String(firstCard + 3), 'XX-99'],
  ];
}

// Posts the form as a browser does: multipart/form-data, the CSRF token as the `_csrf` field.
function upload(client, { name = 'danh-sach.csv', bytes, fields = {}, headers = {} }) {
  const form = new FormData();
  form.append('_csrf', client.csrf);
  for (const [k, v] of Object.entries(fields)) form.append(k, String(v));
  if (bytes !== undefined) form.append('file', new Blob([bytes]), name);
  return client.request('POST', '/members/import', { body: form, csrf: false, headers });
}

async function countNamed(tag) {
  const r = await as.office.get(`/api/v1/members?q=${encodeURIComponent(tag.toLowerCase())}`);
  assert.equal(r.status, 200, r.text);
  return r.json.total;
}

// The problems table as [line, column, value, reason] rows ([] when the page has none).
function problems(html) {
  const section = html.split('id="problems-title"')[1];
  if (!section) return [];
  const body = section.split('<tbody>')[1].split('</tbody>')[0];
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => [...m[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1]));
}

// The body's bytes as text, BOM included (fetch's text() drops it).
async function rawText(client, method, path, body) {
  const res = await fetch(server.base + path, { method, body, headers: { Cookie: client.cookieHeader() } });
  return { status: res.status, headers: res.headers, text: Buffer.from(await res.arrayBuffer()).toString('latin1') };
}
const utf8 = (s) => Buffer.from(s, 'utf8').toString('latin1');

const unescape = (s) => s.replaceAll('&quot;', '"').replaceAll('&apos;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>')
  .replaceAll('&amp;', '&');

test('the page is for those who may write; members and inspectors get 403; the list links to it', async () => {
  const page = await as.office.get(`/members/import?org_id=${org['SOTC-NS']}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /<form class="form" method="post" action="\/members\/import" enctype="multipart\/form-data">/);
  assert.match(page.text, /<input id="file" type="file" name="file"/);
  assert.match(page.text, /<input id="dry_run" type="checkbox" name="dry_run" value="1"[^>]* checked>/);
  assert.match(page.text, /<input id="skip_invalid" type="checkbox" name="skip_invalid" value="1"[^>]*>/);
  assert.doesNotMatch(page.text, /name="skip_invalid" value="1"[^>]* checked/);
  assert.match(page.text, /Kiểm tra trước, chưa ghi/);
  assert.match(page.text, /Ghi các dòng hợp lệ, bỏ qua dòng lỗi/);
  assert.match(page.text, new RegExp(`<option value="${org['SOTC-NS']}" selected>`));
  assert.match(page.text, /Họ và tên, Giới tính, Ngày sinh, Ngày vào Đảng, Mã chi bộ/);

  // A secretary chooses among their own subtree only.
  const mine = await as.secretary.get('/members/import');
  assert.equal(mine.status, 200);
  assert.match(mine.text, new RegExp(`<option value="${org['SOTC-VP']}"`));
  assert.doesNotMatch(mine.text, new RegExp(`<option value="${org['SOGD-TH']}"`));

  assert.equal((await as.member.get('/members/import')).status, 403);
  assert.equal((await as.inspector.get('/members/import')).status, 403);
  assert.equal((await new Client(server).get('/members/import')).status, 303);

  const link = `href="/members/import?org_id=${org['SOTC-NS']}"`;
  assert.ok((await as.office.get(`/orgs/${org['SOTC-NS']}/members`)).text.includes(link));
  assert.ok(!(await as.inspector.get(`/orgs/${org['SOTC-NS']}/members`)).text.includes(link));
});

test('the templates hold the header row the import reads', async () => {
  const csv = await rawText(new Client(server), 'GET', '/members/import/template.csv');
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  assert.match(csv.headers.get('content-disposition'), /attachment; filename="mau-danh-sach-dang-vien.csv"/);
  assert.equal(csv.text, utf8('\uFEFFHọ và tên,Giới tính,Ngày sinh,Dân tộc,Quê quán,Ngày vào Đảng,Ngày chính thức,'
    + 'Số thẻ đảng viên,Chức vụ Đảng,Chức vụ chính quyền,Số CCCD,Số điện thoại,Mã chi bộ\r\n'));
  const res = await fetch(server.base + '/members/import/template.xlsx');
  assert.equal(res.status, 200);
  const xlsx = Buffer.from(await res.arrayBuffer());
  assert.equal(xlsx.subarray(0, 2).toString(), 'PK');
  // Both read back as a valid, empty list.
  for (const [name, bytes] of [['mau.csv', Buffer.from(csv.text, 'latin1')], ['mau.xlsx', xlsx]]) {
    const r = await upload(as.office, { name, bytes, fields: { dry_run: 1 } });
    assert.equal(r.status, 200, r.text);
    assert.match(r.text, /<dt>Số dòng trong tệp<\/dt><dd>0<\/dd>/);
  }
});

test('a dry run writes nothing and shows every problem; the problems download as CSV', async () => {
  const r = await upload(as.office, { bytes: toCsv([HEADER, ...rows('Thửnghiệmmột', 910000001)]), fields: { dry_run: 1 } });
  assert.equal(r.status, 200, r.text);
  assert.match(r.text, /Kiểm tra xong: 2 dòng hợp lệ, 2 dòng có lỗi\. Hệ thống chưa ghi gì\./);
  assert.match(r.text, /<dt>Số dòng trong tệp<\/dt><dd>4<\/dd>/);
  assert.deepEqual(problems(r.text), [
    ['4', 'Ngày sinh', '30/02/1980', 'ngày không có thật'],
    ['5', 'Mã chi bộ', 'XX-99', 'không có chi bộ mang mã này (hoặc chi bộ ngoài phạm vi của bạn)'],
  ]);
  assert.equal(await countNamed('Thửnghiệmmột'), 0);
  // The next step is the real import: the form comes back with "check first" still ticked (there were problems).
  assert.match(r.text, /name="dry_run" value="1"[^>]* checked>/);

  // The download button posts the problems back; the answer is the --report CSV.
  const json = unescape(r.text.match(/<input type="hidden" name="rejects" value="([^"]*)">/)[1]);
  const form = new FormData();
  form.append('_csrf', as.office.csrf);
  form.append('rejects', json);
  const dl = await rawText(as.office, 'POST', '/members/import/rejects.csv', form);
  assert.equal(dl.status, 200, dl.text);
  assert.match(dl.headers.get('content-disposition'), /attachment; filename="danh-sach-loi.csv"/);
  assert.equal(dl.text, utf8('\uFEFFline,column,value,reason\r\n4,Ngày sinh,30/02/1980,ngày không có thật\r\n'
    + '5,Mã chi bộ,XX-99,không có chi bộ mang mã này (hoặc chi bộ ngoài phạm vi của bạn)\r\n'));
  const bad = await as.office.post('/members/import/rejects.csv', { form: { rejects: '[[1,2]]' } });
  assert.equal(bad.status, 422);

  // For scripts: the same report as JSON, each reason as a stable code with its parameters, and worded in the
  // request's language (Vietnamese unless asked otherwise).
  const api = await upload(as.office, { bytes: toCsv([HEADER, ...rows('Thửnghiệmmột', 910000001)]), fields: { dry_run: 1 },
    headers: { Accept: 'application/json' } });
  assert.equal(api.status, 200, api.text);
  assert.deepEqual(api.json.report, {
    dry_run: true, rows: 4, accepted: 2, added: 0, rejected: 2,
    rejects: [
      { line: 4, column: 'Ngày sinh', value: '30/02/1980', code: 'impossible_date', params: {}, reason: 'ngày không có thật' },
      { line: 5, column: 'Mã chi bộ', value: 'XX-99', code: 'unknown_cell', params: {},
        reason: 'không có chi bộ mang mã này (hoặc chi bộ ngoài phạm vi của bạn)' }],
  });
  as.office.cookies.set('dv_lang', 'en');
  try {
    const english = await upload(as.office, { bytes: toCsv([HEADER, ...rows('Thửnghiệmmột', 910000001)]),
      fields: { dry_run: 1 }, headers: { Accept: 'application/json' } });
    assert.deepEqual(english.json.report.rejects.map((x) => x.reason), ['impossible date', 'unknown cell code']);
  } finally {
    as.office.cookies.delete('dv_lang');
  }
});

test('a real run writes nothing while a row is bad; with skip-invalid exactly the good rows', async () => {
  const file = toCsv([HEADER, ...rows('Thửnghiệmhai', 920000001)]);
  const none = await upload(as.office, { bytes: file });
  assert.equal(none.status, 200, none.text);
  assert.match(none.text, /Chưa ghi gì vì có 2 dòng lỗi/);
  assert.equal(problems(none.text).length, 2);
  assert.equal(await countNamed('Thửnghiệmhai'), 0);

  const some = await upload(as.office, { bytes: file, fields: { skip_invalid: 1 } });
  assert.equal(some.status, 200, some.text);
  assert.match(some.text, /Đã ghi 2 đảng viên\. Bỏ qua 2 dòng có lỗi/);
  assert.equal(await countNamed('Thửnghiệmhai'), 2);
  const written = (await as.office.get('/api/v1/members?q=thunghiemhai')).json.members.map((m) => m.card_number).sort();
  assert.deepEqual(written, ['920000001', '920000002']);
  assert.equal(sql(server, "SELECT COUNT(*) FROM audit_log WHERE action = 'member.import' AND username = 'vanphong'"), '1');

  // Sent again, the same rows are duplicates now, reported in Vietnamese.
  const again = await upload(as.office, { bytes: file, fields: { dry_run: 1 } });
  assert.ok(problems(again.text).some((p) => p[0] === '2' && p[3] === 'Số thẻ này đã được đăng ký.'));
});

test('a clean file: the check says so and offers the real import, which writes every row', async () => {
  const good = rows('Thửnghiệmba', 930000001).slice(0, 2);
  const file = toCsv([HEADER, ...good]);
  const dry = await upload(as.office, { bytes: file, fields: { dry_run: 1, org_id: org.SOTC } });
  assert.equal(dry.status, 200, dry.text);
  assert.match(dry.text, /Tệp hợp lệ: có thể ghi 2 đảng viên\./);
  assert.match(dry.text, /<dt>Chi bộ đã chọn<\/dt><dd>Đảng bộ Sở Tài chính<\/dd>/);
  assert.doesNotMatch(dry.text, /name="dry_run" value="1"[^>]* checked>/);
  assert.match(dry.text, new RegExp(`<option value="${org.SOTC}" selected>`));
  const real = await upload(as.office, { bytes: file, fields: { org_id: org.SOTC } });
  assert.match(real.text, /Đã ghi 2 đảng viên vào hệ thống\./);
  assert.equal(await countNamed('Thửnghiệmba'), 2);
});

test('an XLSX file (the export of another database) imports the same way', async () => {
  // Another database with the demo's organizations and exactly two members, exported as XLSX.
  const dataDir = mkdtempSync(join(process.env.DANGVU_TEST_TMP || tmpdir(), 'dv-upload-'));
  const db = seededDatabase(dataDir, ['seed-demo', '--small']);
  const other = { dataDir, dbUrl: db.url };
  try {
    for (const s of ['DELETE FROM committee_positions', 'DELETE FROM meeting_attendance', 'DELETE FROM commitment_items', 'DELETE FROM commitment_reminders', 'DELETE FROM commitments', 'DELETE FROM member_placements', 'UPDATE users SET member_id = NULL', 'DELETE FROM members']) sql(other, s);
    const csv = join(dataDir, 'in.csv');
    writeFileSync(csv, toCsv([HEADER, ...rows('Thửnghiệmbốn', 940000001).slice(0, 2)]));
    assert.equal(cli(other, ['import', 'members', csv]).status, 0);
    const xlsx = join(dataDir, 'out.xlsx');
    assert.equal(cli(other, ['export', 'members', '-o', xlsx]).status, 0);

    const r = await upload(as.office, { name: 'xuat.xlsx', bytes: readFileSync(xlsx) });
    assert.equal(r.status, 200, r.text);
    assert.match(r.text, /Đã ghi 2 đảng viên vào hệ thống\./);
    assert.equal(await countNamed('Thửnghiệmbốn'), 2);
  } finally {
    db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a secretary imports only into their own subtree', async () => {
  const file = toCsv([HEADER, ...rows('Thửnghiệmnăm', 950000001, ['SOTC-NS', 'SOGD-TH']).slice(0, 2)]);
  const r = await upload(as.secretary, { bytes: file });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(problems(r.text), [
    ['3', 'Mã chi bộ', 'SOGD-TH', 'không có chi bộ mang mã này (hoặc chi bộ ngoài phạm vi của bạn)'],
  ]);
  assert.equal(await countNamed('Thửnghiệmnăm'), 0);
  // Choosing an organization outside the subtree reads as one that does not exist.
  const outside = await upload(as.secretary, { bytes: file, fields: { org_id: org['SOGD-TH'], dry_run: 1 } });
  assert.equal(outside.status, 404);
  // Rows outside the chosen organization are refused, each saying so.
  const within = await upload(as.secretary, { bytes: toCsv([HEADER, ...rows('Thửnghiệmnăm', 950000001).slice(0, 2)]),
    fields: { org_id: org['SOTC-NS'], dry_run: 1 } });
  assert.deepEqual(problems(within.text), [['3', 'Mã chi bộ', 'SOTC-VP', 'chi bộ không thuộc tổ chức đã chọn']]);
  assert.equal((await upload(as.member, { bytes: file })).status, 403);
  assert.equal((await upload(as.inspector, { bytes: file })).status, 403);
});

test('a file refused as a whole, or no file: the form again with every reason', async () => {
  const noFile = await upload(as.office, { fields: { dry_run: 1 } });
  assert.equal(noFile.status, 422);
  assert.match(noFile.text, /<p class="field-error" id="file-error">Vui lòng chọn tệp danh sách\.<\/p>/);
  assert.match(noFile.text, /name="dry_run" value="1"[^>]* checked>/);

  const headers = await upload(as.office, { bytes: toCsv([['Họ và tên', 'Giới tính', 'Ghi chú'], ['A', 'Nam', 'x']]) });
  assert.equal(headers.status, 422);
  assert.match(headers.text, /Không nhập được tệp này/);
  assert.match(headers.text, /Cột “Ghi chú” không phải cột hệ thống nhận\./);
  assert.match(headers.text, /Thiếu cột bắt buộc “Ngày sinh”\./);
  assert.match(headers.text, /Thiếu cột bắt buộc “Ngày vào Đảng”\./);

  const xls = await upload(as.office, { name: 'cu.xls', bytes: Buffer.from('d0cf11e0a1b11ae1000000', 'hex') });
  assert.equal(xls.status, 422);
  assert.match(xls.text, /Tệp Excel đời cũ \(\.xls\) chưa đọc được/);
  const quote = await upload(as.office, { bytes: toCsv([HEADER]) + '"Nguyễn Văn A,Nam\r\n' });
  assert.match(quote.text, /Dòng 2: Dấu ngoặc kép mở mà chưa đóng\./);
});

test('malformed multipart gets 400 with a clear message; the CSRF field is checked', async () => {
  const c = as.office;
  const send = (body, contentType, headers = {}) => c.request('POST', '/members/import',
    { body, csrf: false, headers: { 'Content-Type': contentType, ...headers } });
  const truncated = `--xyz\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${c.csrf}\r\n--xyz\r\n`
    + 'Content-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nHọ và tên\r\n';
  const page = await send(truncated, 'multipart/form-data; boundary=xyz');
  assert.equal(page.status, 400);
  assert.match(page.text, /Không đọc được biểu mẫu và tệp gửi lên/);
  const api = await send(truncated, 'multipart/form-data; boundary=xyz', { Accept: 'application/json' });
  assert.equal(api.status, 400);
  assert.equal(api.json.errors[0].code, 'no_closing_boundary');
  const noBoundary = await send(truncated, 'multipart/form-data', { Accept: 'application/json' });
  assert.equal(noBoundary.status, 400);
  assert.equal(noBoundary.json.errors[0].code, 'no_boundary');
  const badUtf8 = await send(Buffer.concat([Buffer.from('--xyz\r\nContent-Disposition: form-data; name="q"\r\n\r\n'),
    Buffer.from([0xc3, 0x28]), Buffer.from('\r\n--xyz--\r\n')]), 'multipart/form-data; boundary=xyz');
  assert.equal(badUtf8.status, 400);

  // The token travels as the _csrf field, as in urlencoded forms: missing or wrong is 403, nothing read.
  const form = new FormData();
  form.append('file', new Blob([toCsv([HEADER])]), 'a.csv');
  assert.equal((await c.request('POST', '/members/import', { body: form, csrf: false })).status, 403);
  form.append('_csrf', 'not-the-token');
  assert.equal((await c.request('POST', '/members/import', { body: form, csrf: false })).status, 403);
});

test('a spreadsheet over --upload-limit is refused by the import with a field error, while attachments may be larger', async () => {
  const small = await startServer({ extraArgs: ['--upload-limit', '2000', '--attachment-limit', '100000'] });
  try {
    const office = new Client(small);
    await office.login('vanphong');
    const big = toCsv([HEADER, ...Array.from({ length: 40 }, (_, i) => rows(`Lớn${i}`, 880000 + i * 4)[0])]);
    assert.ok(Buffer.byteLength(big) > 2000);
    const r = await upload(office, { bytes: big, fields: { dry_run: '1' }, headers: { Accept: 'application/json' } });
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(r.json.errors.map((e) => `${e.field}:${e.code}`), ['file:too_large']);
  } finally {
    await small.stop();
  }
});
