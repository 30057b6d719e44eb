// The holes issue [5/12] found by probing as an attacker would, each answered here by a test that failed before
// its fix: numbers read as their prefix, redirects off-site, control characters stored and then breaking the
// exports, CSV formula injection, rows with more values than columns, attachment names cut mid-character, who is
// a member elsewhere told by duplicate messages, and dates like 9999-12-31.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, sql, ENGINE, DEMO_PASSWORD } from '../lib/harness.mjs';

let server;
const as = {};
const fx = {};

before(async () => {
  server = await startServer();
  for (const [role, username] of [['office', 'vanphong'], ['secretary', 'bithu.sotc'], ['admin', 'admin']]) {
    as[role] = new Client(server);
    await as[role].login(username);
  }
  const orgs = (await as.office.get('/api/v1/orgs?all=1')).json.orgs;
  fx.sotc = orgs.find((o) => o.code === 'SOTC');
  fx.cell = orgs.find((o) => o.code === 'SOTC-NS');
  fx.other = orgs.find((o) => o.code === 'SOGD-TH');
  fx.outsider = (await as.office.get(`/api/v1/orgs/${fx.other.id}/members`)).json.members.find((m) => m.card_number);
});
after(async () => { await server?.stop(); });

const fieldCodes = (r) => (r.json?.errors ?? []).map((e) => `${e.field}:${e.code}`).sort();

// ---- strict numbers

test('ids and numbers in query strings are read whole: 12abc, " 12", 1e3, 0x1 and overflow name the field', async () => {
  const id = fx.cell.id;
  for (const bad of [`${id}abc`, ` ${id}`, `+${id}`, '1e3', '0x1', '99999999999999999999', `${id}.0`]) {
    const q = encodeURIComponent(bad);
    const members = await as.office.get(`/api/v1/members?org=${q}`);
    assert.equal(members.status, 422, `org=${bad}: ${members.status}`);
    assert.deepEqual(fieldCodes(members), ['org:not_integer'], bad);
    const orgs = await as.office.get(`/api/v1/orgs?under=${q}`);
    assert.equal(orgs.status, 422, `under=${bad}: ${orgs.status}`);
    assert.deepEqual(fieldCodes(orgs), ['under:not_integer'], bad);
    const page = await as.office.get(`/api/v1/members?page=${q}`);
    assert.equal(page.status, 422, `page=${bad}`);
  }
  assert.equal((await as.office.get(`/api/v1/members?org=${id}`)).status, 200);
  assert.equal((await as.office.get(`/api/v1/orgs?under=${id}`)).status, 200);
  // A form's number: the field error, not a prefix.
  const limit = await as.office.get('/api/v1/documents/search?q=ke+hoach&limit=%2010');
  assert.deepEqual(fieldCodes(limit), ['limit:not_integer']);
  const age = await as.office.get(`/api/v1/members?age=31x-45`);
  assert.equal(age.status, 422);
});

// ---- open redirect

test('redirect targets are same-site paths only: TAB, CR, LF, backslash and // go to /', async () => {
  for (const next of ['/%09/evil.example', '/%0a/evil.example', '/%0d%0a/evil.example', '/%5Cevil.example',
    '//evil.example', '/%5C/evil.example', 'https://evil.example', '/x%0d%0aSet-Cookie:%20a=b']) {
    const r = await as.office.get(`/lang?set=vi&next=${next}`);
    assert.equal(r.status, 303, `${next}: ${r.status}`);
    assert.equal(r.headers.get('location'), '/', next);
    const signedIn = await as.office.get(`/login?next=${next}`);
    assert.equal(signedIn.status, 303, `login ${next}: ${signedIn.status}`);
    assert.equal(signedIn.headers.get('location'), '/', next);
  }
  const ok = await as.office.get('/lang?set=vi&next=%2Forgs%3Fas_of%3D2025-01-01');
  assert.equal(ok.headers.get('location'), '/orgs?as_of=2025-01-01');
});

test('the log-in form: a next with TAB, CR or LF goes to /, never off-site or to a 500', async () => {
  for (const next of ['/\t/evil.example', '/\r\n/evil.example', '/\n/evil.example', '/\\evil.example']) {
    const c = new Client(server);
    await c.get('/login');
    const r = await c.post('/login', { form: { username: 'bithu.sotc', password: DEMO_PASSWORD, _csrf: c.cookies.get('dv_login_csrf'), next } });
    assert.equal(r.status, 303, `${JSON.stringify(next)}: ${r.status} ${r.text.slice(0, 200)}`);
    assert.equal(r.headers.get('location'), '/', JSON.stringify(next));
  }
});

// ---- control characters

test('NUL and control characters are refused in every text field, API and forms alike', async () => {
  const org = await as.office.post('/api/v1/orgs', {
    json: { parent_id: fx.sotc.id, code: 'NUL-1', name: 'Chi bộ\u0000 lạ', type: 'attached_cell' },
  });
  assert.equal(org.status, 422, org.text);
  assert.ok(fieldCodes(org).includes('name:control_char'), org.text);

  const member = await as.secretary.post('/api/v1/members', {
    json: { full_name: 'Nguyễn Văn\u001b Điều', gender: 'male', birth_date: '1990-01-02', admitted_on: '2015-05-06',
      hometown: 'Hà\u0085Nội', org_id: fx.cell.id },
  });
  assert.equal(member.status, 422, member.text);
  assert.deepEqual(fieldCodes(member), ['full_name:control_char', 'hometown:control_char']);
  assert.match(member.json.errors[0].detail, /ký tự điều khiển/);

  const doc = await as.office.post('/api/v1/documents', {
    json: { type_code: 'guidance', symbol: '71-HD/BTCTW', issued_on: '2017-06-05', title: 'Hướng dẫn\u0000',
      signer: 'A\tB', body: 'Dòng 1\nDòng 2\u0007' },
  });
  assert.equal(doc.status, 422, doc.text);
  assert.deepEqual(fieldCodes(doc), ['body:control_char', 'signer:control_char', 'title:control_char']);
  // Line breaks stay allowed where a field has lines.
  const lines = await as.office.post('/api/v1/documents', {
    json: { type_code: 'guidance', symbol: '72-HD/BTCTW', issued_on: '2017-06-05', title: 'Hướng dẫn\ntheo dòng',
      body: 'Dòng 1\r\n\tDòng 2' },
  });
  assert.equal(lines.status, 201, lines.text);

  const form = new FormData();
  form.append('_csrf', as.office.csrf);
  for (const [k, v] of Object.entries({ type_code: 'notice', symbol: '73-TB/ĐUK', issued_on: '2025-03-03',
    title: 'Thông báo\u0001', owner_org_id: '' })) form.append(k, v);
  const page = await as.office.request('POST', '/documents', { body: form, csrf: false });
  assert.equal(page.status, 422, page.text.slice(0, 300));
  assert.match(page.text, /ký tự điều khiển/);
});

test('exports never fail on stored text: a NUL stored before the rule is dropped, XLSX and CSV', async () => {
  // PostgreSQL text cannot hold a NUL at all; there a C0 character stands for stored control text.
  const bad = ENGINE === 'sqlite' ? "'Chi bộ' || char(0) || char(1) || ' lạ'" : "'Chi bộ' || chr(1) || ' lạ'";
  sql(server, `UPDATE orgs SET name = ${bad} WHERE code = 'SOTC-NS'`);
  try {
    const xlsx = await as.office.get('/orgs/export.xlsx');
    assert.equal(xlsx.status, 200, xlsx.text.slice(0, 300));
    const csv = await as.office.get('/orgs/export.csv');
    assert.equal(csv.status, 200);
    assert.ok(!csv.text.includes('\u0000'), 'the CSV carries a NUL');
  } finally {
    sql(server, `UPDATE orgs SET name = 'Chi bộ Phòng Quản lý Ngân sách' WHERE code = 'SOTC-NS'`);
  }
});

// ---- CSV formula injection

test('CSV exports and the reject report neutralize formula cells with a leading apostrophe', async () => {
  const before = sql(server, "SELECT name FROM orgs WHERE code = 'SOTC-NS'");
  sql(server, `UPDATE orgs SET name = '=HYPERLINK("http://evil.example","x")' WHERE code = 'SOTC-NS'`);
  try {
    const csv = await as.office.get('/orgs/export.csv');
    assert.equal(csv.status, 200);
    assert.ok(csv.text.includes(`"'=HYPERLINK(""http://evil.example"",""x"")"`), csv.text.slice(0, 500));
  } finally {
    sql(server, `UPDATE orgs SET name = '${before.replaceAll("'", "''")}' WHERE code = 'SOTC-NS'`);
  }
  const form = new FormData();
  form.append('_csrf', as.office.csrf);
  form.append('rejects', JSON.stringify([[2, 'Giới tính', "=cmd|' /C calc'!A0", 'must be Nam or Nữ'],
    [3, 'Số điện thoại', '+84 912', '-x'], [4, 'Họ và tên', '@SUM(1)', 'ok']]));
  const dl = await as.office.request('POST', '/members/import/rejects.csv', { body: form, csrf: false });
  assert.equal(dl.status, 200, dl.text);
  assert.ok(dl.text.includes("\r\n2,Giới tính,'=cmd|' /C calc'!A0,"), dl.text);
  assert.ok(dl.text.includes("\r\n3,Số điện thoại,'+84 912,'-x\r\n"), dl.text);
  assert.ok(dl.text.includes("\r\n4,Họ và tên,'@SUM(1),ok\r\n"), dl.text);
});

function upload(client, bytes, fields = {}) {
  const form = new FormData();
  form.append('_csrf', client.csrf);
  for (const [k, v] of Object.entries(fields)) form.append(k, String(v));
  form.append('file', new Blob([bytes]), 'danh-sach.csv');
  return client.request('POST', '/members/import', { body: form, csrf: false, headers: { Accept: 'application/json' } });
}

test('the importer reads its own guard back: a phone exported as \'+84… imports as +84…', async () => {
  const csv = '\uFEFFHọ và tên,Giới tính,Ngày sinh,Ngày vào Đảng,Số điện thoại,Mã chi bộ\r\n'
    + "Nguyễn Văn Hailỗ,Nam,12/03/1980,19/05/2005,'+84 912 345 678,SOTC-NS\r\n";
  const r = await upload(as.office, csv, { dry_run: 1 });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.report.rejects, []);
  assert.equal(r.json.report.accepted, 1);
});

test('the member import refuses control characters as the forms do', async () => {
  const csv = '\uFEFFHọ và tên,Giới tính,Ngày sinh,Ngày vào Đảng,Mã chi bộ\r\n'
    + 'Nguyễn Văn\u0001 Điềukhiển,Nam,12/03/1980,19/05/2005,SOTC-NS\r\n';
  const r = await upload(as.office, csv, { dry_run: 1 });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.report.rejects.map((x) => [x.line, x.column, x.code]), [[2, 'Họ và tên', 'control_char']]);
  assert.match(r.json.report.rejects[0].reason, /ký tự điều khiển/);
});

// The organization and account imports took them (they had no such check): the same rule, the row named like any
// other bad row.
test('the organization and account imports refuse control characters too', async () => {
  const post = (client, path, csv) => {
    const form = new FormData();
    form.append('_csrf', client.csrf);
    form.append('dry_run', '1');
    form.append('file', new Blob([csv]), 'danh-sach.csv');
    return client.request('POST', path, { body: form, csrf: false, headers: { Accept: 'application/json' } });
  };
  const orgs = await post(as.office, '/orgs/import', '\uFEFFMã tổ chức,Tên tổ chức,Loại tổ chức,Mã tổ chức cấp trên\r\n'
    + 'SOTC-DK,Chi bộ\u0007 Điều khiển,Chi bộ trực thuộc,SOTC\r\n');
  assert.equal(orgs.status, 200, orgs.text);
  assert.deepEqual(orgs.json.report.rejects.map((x) => [x.line, x.column, x.value, x.code]),
    [[2, 'Tên tổ chức', 'Chi bộ\u0007 Điều khiển', 'control_char']]);
  assert.equal(orgs.json.report.rejected, 1);
  const users = await post(as.admin, '/users/import', '\uFEFFTên đăng nhập,Họ và tên,Vai trò,Mã tổ chức\r\n'
    + 'dieu.khien,Nguyễn\u001b Văn Khiển,Bí thư,SOTC-NS\r\n');
  assert.equal(users.status, 200, users.text);
  assert.deepEqual(users.json.report.rejects.map((x) => [x.line, x.column, x.code]), [[2, 'Họ và tên', 'control_char']]);
  assert.match(users.json.report.rejects[0].reason, /ký tự điều khiển/);
});

// ---- extra values

test('a row with more values than columns is refused, not cut', async () => {
  const csv = '\uFEFFHọ và tên,Giới tính,Ngày sinh,Ngày vào Đảng,Mã chi bộ\r\n'
    + 'Nguyễn Văn Thừamột,Nam,12/03/1980,19/05/2005,SOTC-NS\r\n'
    + 'Nguyễn Văn Thừahai,Nam,12/03/1980,19/05/2005,SOTC-NS,0912345678\r\n';
  const r = await upload(as.office, csv, { dry_run: 1 });
  assert.equal(r.status, 422, r.text);
  assert.deepEqual(fieldCodes(r), ['header:extra_values']);
  assert.match(r.json.errors[0].detail, /Dòng 3 có nhiều giá trị hơn số cột/);
  const form = new FormData();
  form.append('_csrf', as.office.csrf);
  form.append('dry_run', '1');
  form.append('file', new Blob([csv]), 'danh-sach.csv');
  const page = await as.office.request('POST', '/members/import', { body: form, csrf: false });
  assert.match(page.text, /Dòng 3 có nhiều giá trị hơn số cột/);
  // Empty cells after the last column (a trailing separator) are no values.
  const trailing = await upload(as.office, csv.replace(',0912345678', ',,'), { dry_run: 1 });
  assert.equal(trailing.status, 200, trailing.text);
});

// ---- attachment names

test('a long attachment name is cut by characters and keeps its extension', async () => {
  const doc = await as.office.post('/api/v1/documents', {
    json: { type_code: 'guidance', symbol: '74-HD/BTCTW', issued_on: '2017-06-05', title: 'Tệp tên dài' },
  });
  assert.equal(doc.status, 201, doc.text);
  const form = new FormData();
  form.append('file', new Blob(['%PDF-1.5\n%%EOF\n']), 'ả'.repeat(250) + '.pdf');
  const r = await as.office.post(`/api/v1/documents/${doc.json.document.id}/files`, { body: form });
  assert.equal(r.status, 201, r.text);
  const name = r.json.attachment.filename;
  assert.equal([...name].length, 200);
  assert.ok(name.endsWith('ả.pdf'), name.slice(-10));
  assert.ok(!name.includes('\uFFFD'));
});

// ---- duplicates without telling where

test('a duplicate card or person is "already registered", the API in the import\'s words', async () => {
  const o = fx.outsider;
  assert.ok(o, 'the demo has a member with a card outside the secretary\'s scope');
  const full = (await as.office.get(`/api/v1/members/${o.id}`)).json.member;
  const card = await as.secretary.post('/api/v1/members', {
    json: { full_name: 'Nguyễn Văn Trùngthẻ', gender: 'male', birth_date: '1990-01-02', admitted_on: '2015-05-06',
      card_number: full.card_number, org_id: fx.cell.id },
  });
  assert.equal(card.status, 409, card.text);
  assert.deepEqual(card.json.errors.map((e) => [e.field, e.detail]), [['card_number', 'Số thẻ này đã được đăng ký.']]);

  const person = await as.secretary.post('/api/v1/members', {
    json: { full_name: full.full_name, gender: full.gender, birth_date: full.birth_date, admitted_on: full.admitted_on,
      official_on: full.official_on || undefined, org_id: fx.cell.id },
  });
  assert.equal(person.status, 409, person.text);
  assert.deepEqual(person.json.errors.map((e) => e.field), ['full_name']);
  const detail = person.json.errors[0].detail;
  assert.match(detail, /được đăng ký/);
  assert.ok(!detail.includes(fx.other.name));

  // The import says the same in the same words.
  const dayFirst = (iso) => (iso ? iso.split('-').reverse().join('/') : '');
  const csv = '\uFEFFHọ và tên,Giới tính,Ngày sinh,Ngày vào Đảng,Ngày chính thức,Mã chi bộ\r\n'
    + `${full.full_name},${full.gender === 'male' ? 'Nam' : 'Nữ'},${dayFirst(full.birth_date)},`
    + `${dayFirst(full.admitted_on)},${dayFirst(full.official_on)},SOTC-NS\r\n`;
  const form = new FormData();
  form.append('_csrf', as.secretary.csrf);
  form.append('dry_run', '1');
  form.append('file', new Blob([csv]), 'danh-sach.csv');
  const page = await as.secretary.request('POST', '/members/import', { body: form, csrf: false });
  assert.equal(page.status, 200, page.text.slice(0, 300));
  const section = page.text.split('id="problems-title"')[1] ?? '';
  assert.ok(section.includes(detail), section.slice(0, 1500));
});

// ---- dates

test('dates outside 1900-01-01 .. ten years ahead are refused: 9999-12-31 is a typing slip', async () => {
  const doc = await as.office.post('/api/v1/documents', {
    json: { type_code: 'guidance', symbol: '75-HD/BTCTW', issued_on: '2017-06-05', effective_on: '2017-06-05',
      expires_on: '9999-12-31', title: 'Hạn xa' },
  });
  assert.equal(doc.status, 422, doc.text);
  assert.deepEqual(fieldCodes(doc), ['expires_on:out_of_range']);
  const old = await as.office.post('/api/v1/documents', {
    json: { type_code: 'guidance', symbol: '76-HD/BTCTW', issued_on: '0001-01-01', title: 'Cổ' },
  });
  assert.deepEqual(fieldCodes(old), ['issued_on:out_of_range']);
  const member = await as.secretary.post('/api/v1/members', {
    json: { full_name: 'Nguyễn Văn Cổ', gender: 'male', birth_date: '1899-12-31', admitted_on: '1930-02-03',
      org_id: fx.cell.id },
  });
  assert.equal(member.status, 422, member.text);
  assert.deepEqual(fieldCodes(member), ['birth_date:out_of_range']);
  const org = await as.office.post('/api/v1/orgs', {
    json: { parent_id: fx.sotc.id, code: 'CO-1', name: 'Chi bộ Cổ', type: 'attached_cell', founded_on: '1800-01-01' },
  });
  assert.equal(org.status, 422, org.text);
  assert.ok(fieldCodes(org).includes('founded_on:out_of_range'), org.text);
});
