// Report templates ([6/12]) over HTTP on the demo: office staff build a template in the designer by
// pressing its buttons (each press posts the whole page back, as a browser without script does), the
// errors of a bad form land next to the input they belong to, saving makes version 1 and editing version 2
// while version 1 stays readable, a stale version answers 409, a cell's secretary designs only for their
// own cell, and a form of every field type goes through the API unchanged. Every JSON answer is checked
// against its schema.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, cli } from '../lib/harness.mjs';

let server;
let office;
let inspector;
let member;
let orgs;
const code = (c) => orgs.find((o) => o.code === c);
const fields = (r) => (r.json?.errors || []).map((e) => `${e.field}:${e.code}`);

before(async () => {
  server = await startServer();
  office = new Client(server);
  await office.login('vanphong');
  inspector = new Client(server);
  await inspector.login('kiemtra');
  member = new Client(server);
  await member.login('dangvien.sotc');
  orgs = (await office.get('/api/v1/orgs?all=1')).json.orgs;
});
after(async () => { await server?.stop(); });

// ---- The designer as a browser sees it: the form's successful controls, and pressing a button.

const unescape = (s) => s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (m, e) => {
  const named = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e.toLowerCase()];
  if (named) return named;
  return String.fromCodePoint(e[1].toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
});
const attr = (tag, name) => {
  const m = tag.match(new RegExp(`\\s${name}="([^"]*)"`));
  return m ? unescape(m[1]) : undefined;
};

// The designer form of a page: { action, values: name -> value as the browser would send it, options:
// select name -> [values] }.
function designerOf(html) {
  const start = html.indexOf('<form class="form form-wide designer"');
  assert.ok(start >= 0, 'no designer form on the page');
  const form = html.slice(start, html.indexOf('</form>', start));
  const values = {};
  const options = {};
  for (const [tag] of form.matchAll(/<input\b[^>]*>/g)) {
    const name = attr(tag, 'name');
    if (!name) continue;
    if (attr(tag, 'type') === 'checkbox') {
      if (/\schecked[\s>]/.test(tag)) values[name] = attr(tag, 'value') ?? 'on';
    } else values[name] = attr(tag, 'value') ?? '';
  }
  for (const m of form.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const name = attr(m[1], 'name');
    const opts = [...m[2].matchAll(/<option value="([^"]*)"([^>]*)>/g)];
    options[name] = opts.map((o) => unescape(o[1]));
    const chosen = opts.find((o) => /selected/.test(o[2])) || opts[0];
    values[name] = chosen ? unescape(chosen[1]) : '';
  }
  const ops = [...form.matchAll(/<button\b[^>]*name="op" value="([^"]*)"/g)].map((m) => m[1]);
  return { action: attr(form.slice(0, form.indexOf('>') + 1), 'action'), values, options, ops };
}

// Presses the button `op` of the designer on `page` after the changes in `edit` (name -> value; null
// unticks a box or clears a value); returns the answer and, when it is the designer again, its form.
async function press(client, page, op, edit = {}) {
  const d = designerOf(page.text);
  assert.ok(d.ops.includes(op), `no button ${op} on the page (${d.ops.join(' ')})`);
  const values = { ...d.values };
  for (const [k, v] of Object.entries(edit)) {
    if (v === null) delete values[k]; else values[k] = v;
  }
  const r = await client.post(d.action, { form: { ...values, op } });
  return { ...r, designer: r.status !== 303 && r.text.includes('form-wide designer') ? designerOf(r.text) : null };
}

// The input `id` is shown with an error message next to it.
function assertErrorAt(html, id) {
  assert.match(html, new RegExp(`<p class="field-error" id="${id}-error">[^<]+</p>`), `no error shown at ${id}`);
  assert.match(html, new RegExp(`<(input|select)[^>]*id="${id}"[^>]*aria-invalid="true"`), `${id} not marked invalid`);
  assert.match(html, new RegExp(`<a href="#${id}">`), `the summary does not link to ${id}`);
}

const templateId = (r) => Number(r.headers.get('location').match(/^\/report-templates\/(\d+)$/)[1]);

test('office staff build a template by pressing the designer\'s buttons, and save version 1', async () => {
  let page = await office.get('/report-templates/new');
  assert.equal(page.status, 200);
  let d = designerOf(page.text);
  assert.equal(d.action, '/report-templates/design');
  assert.equal(d.values.sections, '1');
  assert.equal(d.values.s0_fields, '1');
  assert.equal(d.values.f0_0_type, 'int');
  assert.equal(d.values.f0_0_key, '');
  // Add a field: the first keeps what was typed and gets its key from its label.
  page = await press(office, page, 'add_field:0', {
    name: 'Báo cáo đảng viên quý', s0_title: 'I. Đảng viên', f0_0_label: 'Tổng số đảng viên', f0_0_min: '0',
    f0_0_required: '1',
  });
  assert.equal(page.status, 200, page.text);
  d = page.designer;
  assert.equal(d.values.s0_fields, '2');
  assert.equal(d.values.f0_0_key, 'tong_so_dang_vien');
  assert.equal(d.values.f0_0_label, 'Tổng số đảng viên');
  assert.equal(d.values.f0_0_min, '0');
  assert.equal(d.values.f0_0_required, '1');
  assert.equal(d.values.f0_1_label, '');
  page = await press(office, page, 'add_field:0', { f0_1_label: 'Đảng viên nữ' });
  assert.equal(page.designer.values.f0_1_key, 'dang_vien_nu');
  // Change the third field's type to a percentage and press Update: its own choices replace the bounds.
  page = await press(office, page, 'update', { f0_2_label: 'Tỷ lệ đảng viên nữ', f0_2_type: 'percent' });
  d = page.designer;
  assert.equal(d.values.f0_2_type, 'percent');
  assert.ok(!('f0_2_min' in d.values), 'a percentage has no bounds');
  assert.deepEqual(d.options.f0_2_num, ['', 'tong_so_dang_vien', 'dang_vien_nu']);
  assert.match(page.text, /Tỷ lệ = \(tử số ÷ mẫu số\) × 100, tính lại khi cộng dồn, không lấy trung bình/);
  // A key once given stays when the label changes.
  page = await press(office, page, 'save', { f0_0_label: 'Tổng số đảng viên của chi bộ', f0_2_num: 'dang_vien_nu',
    f0_2_den: 'tong_so_dang_vien' });
  assert.equal(page.status, 303, page.text.slice(0, 3000));
  const id = templateId(page);
  const shown = await office.get(`/report-templates/${id}`);
  assert.equal(shown.status, 200);
  assert.match(shown.text, /Đã lưu mẫu báo cáo \(phiên bản 1\)/);
  const t = (await office.get(`/api/v1/report-templates/${id}`)).json.template;
  assert.equal(t.version, 1);
  assert.equal(t.name, 'Báo cáo đảng viên quý');
  assert.equal(t.owner_org_id, code('DBT').id);
  assert.deepEqual(t.form.sections[0].fields.map((f) => [f.key, f.label, f.type]), [
    ['tong_so_dang_vien', 'Tổng số đảng viên của chi bộ', 'int'],
    ['dang_vien_nu', 'Đảng viên nữ', 'int'],
    ['ty_le_dang_vien_nu', 'Tỷ lệ đảng viên nữ', 'percent'],
  ]);
  assert.equal(t.form.sections[0].fields[0].min, 0);
  assert.equal(t.form.sections[0].fields[0].required, true);
  assert.deepEqual([t.form.sections[0].fields[2].num, t.form.sections[0].fields[2].den], ['dang_vien_nu', 'tong_so_dang_vien']);
});

test('the other buttons: move up, tables and their columns, sections, sum rules', async () => {
  let page = await office.get('/report-templates/new');
  page = await press(office, page, 'add_field:0', { name: 'Mẫu thử các nút', s0_title: 'Phần A', f0_0_label: 'Nam' });
  page = await press(office, page, 'add_field:0', { f0_1_label: 'Nữ' });
  page = await press(office, page, 'update', { f0_2_label: 'Tổng số' });
  page = await press(office, page, 'up_field:0:2');
  assert.deepEqual([0, 1, 2].map((j) => page.designer.values[`f0_${j}_label`]), ['Nam', 'Tổng số', 'Nữ']);
  assert.equal(page.designer.values.f0_1_key, 'tong_so', 'a moved field keeps its key');
  // A new section, whose first field moves up into the section above.
  page = await press(office, page, 'add_section');
  assert.equal(page.designer.values.sections, '2');
  page = await press(office, page, 'update', { s1_title: 'Phần B', f1_0_label: 'Danh sách kết nạp', f1_0_type: 'table' });
  let d = page.designer;
  assert.equal(d.values.f1_0_columns, '1', 'a table starts with one column');
  assert.equal(d.values.f1_0_max_rows, '50');
  assert.deepEqual(d.options.f1_0_c0_type, ['int', 'text']);
  page = await press(office, page, 'add_column:1:0', { f1_0_c0_label: 'Họ và tên' });
  page = await press(office, page, 'add_column:1:0', { f1_0_c1_label: 'Tuổi', f1_0_c1_type: 'int' });
  page = await press(office, page, 'del_column:1:0:2');
  d = page.designer;
  assert.equal(d.values.f1_0_columns, '2');
  assert.deepEqual([d.values.f1_0_c0_key, d.values.f1_0_c1_key, d.values.f1_0_c1_type], ['ho_va_ten', 'tuoi', 'int']);
  page = await press(office, page, 'add_field:1', {});
  page = await press(office, page, 'up_field:1:1', { f1_1_label: 'Số chi bộ' });
  assert.equal(page.designer.values.f1_0_label, 'Số chi bộ');
  page = await press(office, page, 'up_field:1:0');
  assert.equal(page.designer.values.s0_fields, '4');
  assert.equal(page.designer.values.f0_3_label, 'Số chi bộ');
  // A sum rule lists the whole-number fields as its choices.
  page = await press(office, page, 'add_sum');
  d = page.designer;
  assert.equal(d.values.sums, '1');
  assert.deepEqual(d.options.u0_total, ['', 'nam', 'tong_so', 'nu', 'so_chi_bo']);
  page = await press(office, page, 'add_sum', { u0_total: 'tong_so', u0_part_nam: '1', u0_part_nu: '1' });
  page = await press(office, page, 'del_sum:1');
  d = page.designer;
  assert.equal(d.values.sums, '1');
  assert.equal(d.values.u0_total, 'tong_so');
  assert.equal(d.values.u0_part_nam, '1');
  assert.ok(!('u0_part_so_chi_bo' in d.values));
  page = await press(office, page, 'del_field:0:3');
  page = await press(office, page, 'save');
  assert.equal(page.status, 303, page.text.slice(0, 3000));
  const t = (await office.get(`/api/v1/report-templates/${templateId(page)}`)).json.template;
  assert.deepEqual(t.form.sections.map((s) => [s.title, s.fields.map((f) => f.key)]),
    [['Phần A', ['nam', 'tong_so', 'nu']], ['Phần B', ['danh_sach_ket_nap']]]);
  assert.deepEqual(t.form.sections[1].fields[0].columns,
    [{ key: 'ho_va_ten', label: 'Họ và tên', type: 'text' }, { key: 'tuoi', label: 'Tuổi', type: 'int' }]);
  assert.deepEqual(t.form.sums, [{ total: 'tong_so', parts: ['nam', 'nu'] }]);
  // The reader's view says the rules in words.
  const view = await office.get(`/report-templates/${t.id}`);
  assert.match(view.text, /Tổng số = Nam \+ Nữ/);
  assert.match(view.text, /các cột: Họ và tên \(chữ\), Tuổi \(số\); nhiều nhất 50 dòng/);
  assert.match(view.text, /Bảng nhiều dòng/);
  // Deleting the only section leaves a page that still offers a new one; a button the page never shows is refused.
  page = await press(office, { text: (await office.get('/report-templates/new')).text }, 'del_section:0');
  assert.equal(page.designer.values.sections, '0');
  assert.ok(page.designer.ops.includes('add_section'));
  const bad = await office.post('/report-templates/design', { form: { _csrf: office.csrf, sections: '1', s0_fields: '1', op: 'del_field:4:0' } });
  assert.equal(bad.status, 400);
});

test('a bad form is shown again with each error next to its input, and nothing is saved', async () => {
  const before = (await office.get('/api/v1/report-templates')).json.total;
  let page = await office.get('/report-templates/new');
  page = await press(office, page, 'add_field:0', { f0_0_label: 'Tổng số', s0_title: 'Phần 1' });
  page = await press(office, page, 'add_field:0', { f0_1_label: 'Tỷ lệ', f0_1_type: 'percent' });
  page = await press(office, page, 'add_field:0', { f0_2_label: 'Giới hạn', f0_2_min: '10', f0_2_max: '2' });
  page = await press(office, page, 'add_sum', { f0_3_type: 'table' });
  page = await press(office, page, 'save', { name: '', f0_0_min: 'mười', u0_total: 'tong_so' });
  assert.equal(page.status, 422);
  assert.match(page.text, /Mẫu chưa được lưu/);
  assertErrorAt(page.text, 'name');
  assertErrorAt(page.text, 'f0_0_min');        // not a whole number
  assertErrorAt(page.text, 'f0_1_num');        // the percentage names no field
  assertErrorAt(page.text, 'f0_1_den');
  assertErrorAt(page.text, 'f0_2_max');        // smallest above largest
  assertErrorAt(page.text, 'f0_3_label');      // a field without a name
  assertErrorAt(page.text, 'f0_3_c0_label');   // a column without a name
  assert.match(page.text, /<fieldset class="checks has-error" id="u0_parts">/);  // a sum of fewer than two parts
  assert.match(page.text, /<a href="#u0_parts">Quy tắc cộng 1 · bằng tổng của các mục: /);
  assert.match(page.text, /<a href="#f0_2_max">Phần 1 · Mục 3 \(Giới hạn\) · Lớn nhất: /);
  // What was typed is still there to fix.
  assert.equal(page.designer.values.f0_0_min, 'mười');
  assert.equal(page.designer.values.f0_2_label, 'Giới hạn');
  assert.equal((await office.get('/api/v1/report-templates')).json.total, before);
  // Fixed, it saves.
  const fixed = await press(office, page, 'save', {
    name: 'Mẫu sửa lỗi', f0_0_min: '', f0_1_num: 'tong_so', f0_1_den: 'tong_so', f0_2_max: '20', f0_3_label: 'Danh sách',
    f0_3_c0_label: 'Tên', u0_part_tong_so: null, u0_total: '',
  });
  assert.equal(fixed.status, 422, 'a sum rule without a total is still an error');
  const saved = await press(office, fixed, 'del_sum:0');
  assert.equal((await press(office, saved, 'save')).status, 303);
});

test('editing makes version 2; version 1 stays readable; a stale version answers 409', async () => {
  const created = await office.post('/api/v1/report-templates', {
    json: { name: 'Mẫu có phiên bản', form: { sections: [{ title: 'Chung', fields: [{ key: 'so_chi_bo', label: 'Số chi bộ', type: 'int' }] }] } },
  });
  assert.equal(created.status, 201, created.text);
  const id = created.json.template.id;
  assert.equal(created.headers.get('location'), `/report-templates/${id}`);
  let page = await office.get(`/report-templates/${id}/edit`);
  assert.equal(page.status, 200);
  let d = designerOf(page.text);
  assert.equal(d.action, `/report-templates/${id}/design`);
  assert.equal(d.values.version, '1');
  assert.equal(d.values.f0_0_key, 'so_chi_bo');
  assert.match(page.text, /Khi lưu, mẫu có phiên bản 2/);
  page = await press(office, page, 'add_field:0', { f0_0_label: 'Số chi bộ trực thuộc' });
  const saved = await press(office, page, 'save', { f0_1_label: 'Số đảng viên', f0_1_max_members: '1' });
  assert.equal(saved.status, 303, saved.text.slice(0, 2000));
  assert.equal(saved.headers.get('location'), `/report-templates/${id}`);
  const now = (await office.get(`/api/v1/report-templates/${id}`)).json;
  assert.equal(now.template.version, 2);
  assert.deepEqual(now.template.form.sections[0].fields.map((f) => f.key), ['so_chi_bo', 'so_dang_vien']);
  assert.deepEqual(now.versions.map((v) => v.version), [2, 1]);
  const old = (await office.get(`/api/v1/report-templates/${id}?version=1`)).json.template;
  assert.equal(old.version, 1);
  assert.deepEqual(old.form.sections[0].fields.map((f) => f.label), ['Số chi bộ']);
  const oldPage = await office.get(`/report-templates/${id}?version=1`);
  assert.equal(oldPage.status, 200);
  assert.match(oldPage.text, /đang xem phiên bản cũ \(1\)/);
  assert.ok(!oldPage.text.includes('Số đảng viên'), 'version 1 shows only its own fields');
  const current = await office.get(`/report-templates/${id}`);
  assert.match(current.text, /Số chi bộ trực thuộc/);
  assert.match(current.text, /không vượt số đảng viên/);
  assert.equal((await office.get(`/api/v1/report-templates/${id}?version=9`)).status, 404);
  assert.equal((await office.get(`/api/v1/report-templates/${id}?version=x`)).status, 422);
  // The designer opened on version 1 (page above) and saved again: someone saved meanwhile.
  const stale = await press(office, page, 'save', { f0_1_label: 'Số đảng viên' });
  assert.equal(stale.status, 409);
  assert.match(stale.text, /Người khác vừa lưu một phiên bản mới/);
  // The same through the API: nothing written.
  const form = now.template.form;
  const put = await office.request('PUT', `/api/v1/report-templates/${id}`, { json: { name: 'Tên mới', form, version: 1 } });
  assert.equal(put.status, 409, put.text);
  assert.equal((await office.get(`/api/v1/report-templates/${id}`)).json.template.version, 2);
  const ok = await office.request('PUT', `/api/v1/report-templates/${id}`, { json: { name: 'Tên mới', form, version: 2 } });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.template.version, 3);
  assert.equal(ok.json.template.name, 'Tên mới');
  const noVersion = await office.request('PUT', `/api/v1/report-templates/${id}`, { json: { name: 'x', form } });
  assert.deepEqual(fields(noVersion), ['version:required']);
});

test('a form of every field type goes through the API unchanged; a bad one names each place', async () => {
  const form = {
    sections: [
      { title: 'I. Số liệu', fields: [
        { key: 'tong_so', label: 'Tổng số đảng viên', type: 'int', hint: 'Tính đến ngày cuối kỳ', required: true, min: 0, max: 100000, max_members: true },
        { key: 'nu', label: 'Đảng viên nữ', type: 'int', min: 0 },
        { key: 'nam', label: 'Đảng viên nam', type: 'int' },
        { key: 'ty_le_nu', label: 'Tỷ lệ nữ', type: 'percent', num: 'nu', den: 'tong_so' },
      ] },
      { title: 'II. Tình hình', fields: [
        { key: 'da_hop', label: 'Đã họp định kỳ', type: 'bool', required: true },
        { key: 'nhan_xet', label: 'Nhận xét chung', type: 'text' },
        { key: 'ket_nap', label: 'Đảng viên mới kết nạp', type: 'table', max_rows: 20, columns: [
          { key: 'ho_ten', label: 'Họ và tên', type: 'text' }, { key: 'tuoi', label: 'Tuổi', type: 'int' }] },
      ] },
    ],
    sums: [{ total: 'tong_so', parts: ['nu', 'nam'] }],
  };
  const r = await office.post('/api/v1/report-templates', { json: { name: 'Mẫu đủ loại', owner_org_id: code('SOTC').id, form } });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json.template.form, form);
  assert.equal(r.json.template.owner_org_id, code('SOTC').id);
  const back = await office.get(`/api/v1/report-templates/${r.json.template.id}`);
  assert.deepEqual(back.json.template.form, form);
  // The designer shows every field as it is: saved untouched, the next version holds the same form.
  const edit = await office.get(`/report-templates/${r.json.template.id}/edit`);
  const resaved = await press(office, edit, 'save');
  assert.equal(resaved.status, 303, resaved.text.slice(0, 3000));
  const again = (await office.get(`/api/v1/report-templates/${r.json.template.id}`)).json.template;
  assert.equal(again.version, 2);
  assert.deepEqual(again.form, form);
  const view = await office.get(`/report-templates/${r.json.template.id}`);
  for (const words of ['bắt buộc', 'từ 0 đến 100.000', 'không vượt số đảng viên', 'không dưới 0', 'tính bằng Đảng viên nữ ÷ Tổng số đảng viên × 100',
    'Tổng số đảng viên = Đảng viên nữ + Đảng viên nam', 'Có – Không', 'Văn bản', 'Tỷ lệ % (tính từ hai số)',
    `/report-rounds/new?template_id=${r.json.template.id}`, 'Sửa mẫu (tạo phiên bản mới)']) {
    assert.ok(view.text.includes(words), `the template page lacks "${words}"`);
  }
  // Each bad place named.
  const bad = await office.post('/api/v1/report-templates', { json: { name: '', form: { sections: [{ title: 'A', fields: [
    { key: 'a', label: 'A', type: 'int', min: 5, max: 1 },
    { key: 'a', label: '', type: 'percent', num: 'x', den: 'a' },
    { key: 'c', label: 'C', type: 'table', columns: [] },
    { key: 'd', label: 'D', type: 'date' }] }], sums: [{ total: 'a', parts: ['a'] }] } } });
  assert.equal(bad.status, 422);
  assert.deepEqual(fields(bad).sort(), [
    'name:required', 'sections[0].fields[0].max:bounds', 'sections[0].fields[1].key:duplicate_key',
    'sections[0].fields[1].label:required', 'sections[0].fields[1].num:not_integer_field', 'sections[0].fields[2].columns:required',
    'sections[0].fields[3].type:invalid_choice', 'sums[0].parts:too_few'].sort());
  assert.deepEqual(fields(await office.post('/api/v1/report-templates', { json: { name: 'x' } })), ['form:not_object']);
});

test('who may design: a cell\'s secretary only for their cell; readers read; members see nothing', async () => {
  const cell = code('SOTC-NS');
  const name = `bithu.ns${Date.now() % 100000}`;
  const u = cli(server, ['user', 'add', '--username', name, '--role', 'secretary', '--org', String(cell.id), '--password-stdin'],
    'mat-khau-moi-123\n');
  assert.equal(u.status, 0, u.stderr);
  const sec = new Client(server);
  await sec.login(name, 'mat-khau-moi-123');
  const form = { sections: [{ title: 'A', fields: [{ key: 'so', label: 'Số', type: 'int' }] }] };
  // Not for the department above, nor for another cell.
  for (const owner of [code('SOTC').id, code('SOGD-TH').id]) {
    const r = await sec.post('/api/v1/report-templates', { json: { name: 'Mẫu', owner_org_id: owner, form } });
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(fields(r), ['owner_org_id:not_writable']);
  }
  const viaDesigner = await sec.post('/report-templates/design', { form: { _csrf: sec.csrf, name: 'Mẫu', owner_org_id: String(code('SOTC').id),
    sections: '1', s0_title: 'A', s0_fields: '1', f0_0_label: 'Số', f0_0_type: 'int', op: 'save' } });
  assert.equal(viaDesigner.status, 422);
  assert.match(viaDesigner.text, /<a href="#owner_org_id">/);
  // For their own cell (the default) it works, and the province's office sees it.
  const own = await sec.post('/api/v1/report-templates', { json: { name: 'Mẫu của chi bộ', form } });
  assert.equal(own.status, 201, own.text);
  assert.equal(own.json.template.owner_org_id, cell.id);
  const list = (await office.get('/api/v1/report-templates')).json.templates;
  assert.ok(list.some((t) => t.id === own.json.template.id));
  // The province's templates are not the cell's to read or edit.
  const province = list.find((t) => t.owner_org_id === code('DBT').id);
  assert.ok(province, 'the office made province templates above');
  assert.ok(!(await sec.get('/api/v1/report-templates')).json.templates.some((t) => t.id === province.id));
  assert.equal((await sec.get(`/report-templates/${province.id}`)).status, 404);
  assert.equal((await sec.get(`/report-templates/${province.id}/edit`)).status, 404);
  assert.equal((await sec.request('PUT', `/api/v1/report-templates/${province.id}`, { json: { name: 'x', form, version: 1 } })).status, 404);
  // An inspector reads but does not design.
  const ro = await inspector.get(`/report-templates/${province.id}`);
  assert.equal(ro.status, 200);
  assert.ok(!ro.text.includes('/edit"'), 'no edit link for a reader');
  assert.ok(!ro.text.includes('/report-rounds/new'), 'no round link for a reader');
  assert.ok(!(await inspector.get('/report-templates')).text.includes('href="/report-templates/new"'));
  assert.ok((await office.get('/report-templates')).text.includes('href="/report-templates/new"'));
  assert.equal((await inspector.get('/report-templates/new')).status, 403);
  assert.equal((await inspector.get(`/report-templates/${province.id}/edit`)).status, 403);
  assert.equal((await inspector.post(`/report-templates/${province.id}/design`, { form: { op: 'add_section' } })).status, 403);
  assert.equal((await member.get('/api/v1/report-templates')).json.total, 0);
  assert.equal((await member.get(`/api/v1/report-templates/${province.id}`)).status, 404);
  assert.equal((await member.post('/api/v1/report-templates', { json: { name: 'x', form } })).status, 403);
});

test('the list shows owner, version and fields, and pages past 20', async () => {
  const form = { sections: [{ title: 'A', fields: [{ key: 'a', label: 'A', type: 'int' }, { key: 'b', label: 'B', type: 'bool' }] }] };
  for (let i = 0; i < 21; i++) {
    const r = await office.post('/api/v1/report-templates', { json: { name: `Mẫu số ${i}`, form } });
    assert.equal(r.status, 201, r.text);
  }
  const one = await office.get('/api/v1/report-templates');
  assert.ok(one.json.total >= 21);
  assert.equal(one.json.templates.length, 20);
  assert.equal(one.json.templates[0].name, 'Mẫu số 20', 'newest first');
  assert.equal(one.json.templates[0].fields, 2);
  const two = await office.get('/api/v1/report-templates?page=2');
  assert.equal(two.json.templates.length, one.json.total - 20);
  const html = await office.get('/report-templates');
  assert.match(html.text, /Mẫu số 20<\/a>/);
  assert.match(html.text, /Đảng bộ tỉnh Quảng Trị · phiên bản 1 · 2 mục/);
  assert.match(html.text, /href="\/report-templates\?page=2"/);
  assert.equal((await office.get('/report-templates?page=0')).status, 422);
});
