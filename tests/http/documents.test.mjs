// The document registry over HTTP, on the engine scripts/test.sh picks: registering with every bad
// field named, relations by number and their chains, attachments (uploaded, downloaded byte for
// byte, refused by kind and size), filters, and the references of a pasted text resolved against
// the register.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/harness.mjs';

let server;
let office;
before(async () => {
  // A small attachment limit, so the size check is tested without uploading 50 MB.
  server = await startServer({ extraArgs: ['--attachment-limit', '4096'] });
  office = new Client(server);
  await office.login('vanphong');
});
after(async () => { await server?.stop(); });

test('a document is registered with its symbol read as typed; bad fields are named and nothing is written', async () => {
  const before = (await office.get('/api/v1/documents')).json.total;
  const bad = await office.post('/api/v1/documents', {
    json: { type_code: 'directive', symbol: '05-KH/TW', issued_on: '2016-02-30', title: '' },
  });
  assert.equal(bad.status, 422);
  assert.equal(bad.headers.get('content-type'), 'application/problem+json');
  assert.deepEqual(bad.json.errors.map((e) => `${e.field}:${e.code}`).sort(),
    ['issued_on:invalid_date', 'symbol:type_mismatch', 'title:required']);
  assert.equal((await office.get('/api/v1/documents')).json.total, before);

  const r = await office.post('/api/v1/documents', {
    json: { type_code: 'guidance', symbol: '09 - HD/BTCTW', issued_on: '2017-06-05', title: 'Hướng dẫn thực hiện',
      visibility: 'public' },
  });
  assert.equal(r.status, 201, r.text);
  const d = r.json.document;
  assert.equal(d.symbol, '09-HD/BTCTW');
  assert.equal(d.issuer_name, 'Ban Tổ chức Trung ương');
  assert.equal(d.in_force, true);
  const again = await office.post('/api/v1/documents', {
    json: { type_code: 'guidance', symbol: '09-HD/BTCTW', issued_on: '2017-06-05', title: 'Trùng' },
  });
  assert.equal(again.status, 409);
  const list = await office.get('/api/v1/documents?type=guidance&year=2017');
  assert.deepEqual(list.json.documents.map((x) => x.symbol), ['09-HD/BTCTW']);
  const bad_filter = await office.get('/api/v1/documents?in_force=maybe');
  assert.equal(bad_filter.status, 422);
});

test('relations are recorded by number and the chains read both ways', async () => {
  const find = async (symbol) => (await office.get(`/api/v1/documents?symbol=${encodeURIComponent(symbol)}`)).json.documents[0];
  const plan = await find('12-KH/ĐUK');
  const report = await office.post('/api/v1/documents', {
    json: { type_code: 'report', symbol: '77-BC/ĐUK', issued_on: '2024-12-10', title: 'Báo cáo kết quả năm 2024' },
  });
  assert.equal(report.status, 201, report.text);
  const id = report.json.document.id;
  const rel = await office.post(`/api/v1/documents/${id}/relations`, { json: { kind: 'reports_on', to: '12 - KH/ĐUK' } });
  assert.equal(rel.status, 201, rel.text);
  assert.equal(rel.json.relation.to_id, plan.id);
  const missing = await office.post(`/api/v1/documents/${id}/relations`, { json: { kind: 'implements', to: '99-CT/TW' } });
  assert.equal(missing.status, 422);
  assert.equal(missing.json.errors[0].field, 'to');
  const shown = (await office.get(`/api/v1/documents/${id}`)).json;
  assert.deepEqual(shown.paths_up[0].steps.map((s) => s.label), ['Chỉ thị 05-CT/TW', 'Kế hoạch 12-KH/ĐUK', 'Báo cáo 77-BC/ĐUK']);
  const directive = await find('05-CT/TW');
  const down = (await office.get(`/api/v1/documents/${directive.id}`)).json.down.map((l) => `${l.symbol}:${l.relation}:${l.depth}`);
  assert.ok(down.includes('12-KH/ĐUK:implements:1'), down.join());
  assert.ok(down.includes('77-BC/ĐUK:reports_on:2'), down.join());
  // The page says the same, with arrows; a number is never broken at its hyphen.
  const page = await office.get(`/documents/${id}`);
  assert.match(page.text, /Chỉ thị <span class="symbol">05-CT\/TW<\/span><\/a> <span class="chain-arrow"[^>]*>←<\/span> <a href="\/documents\/\d+">Kế hoạch <span class="symbol">12-KH\/ĐUK<\/span>/);
  const removed = await office.request('DELETE', `/api/v1/documents/${id}/relations/${rel.json.relation.id}`);
  assert.equal(removed.status, 200);
  assert.equal((await office.get(`/api/v1/documents/${id}`)).json.up.length, 0);
});

test('attachments: uploaded, downloaded byte for byte, refused by kind and by size', async () => {
  const doc = (await office.post('/api/v1/documents', {
    json: { type_code: 'plan', symbol: '15-KH/ĐUK', issued_on: '2025-01-15', title: 'Kế hoạch có tệp' },
  })).json.document;
  const pdf = Buffer.from('%PDF-1.4\n% tệp thử\n1 0 obj <<>> endobj\n%%EOF\n');
  const upload = async (bytes, name) => {
    const form = new FormData();
    form.append('file', new Blob([bytes]), name);
    return office.post(`/api/v1/documents/${doc.id}/files`, { body: form });
  };
  const ok = await upload(pdf, 'Kế hoạch 15.pdf');
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.attachment.content_type, 'application/pdf');
  const down = await office.get(`/documents/${doc.id}/files/${ok.json.attachment.id}`);
  assert.equal(down.status, 200);
  assert.equal(down.headers.get('content-type'), 'application/pdf');
  assert.match(down.headers.get('content-disposition'), /filename\*=UTF-8''K%E1%BA%BF/);
  assert.equal(down.text, pdf.toString('utf8'));  // the test file is text, so the harness's text is its bytes
  const exe = await upload(Buffer.from('MZ\x90\x00not a document'), 'ke-hoach.pdf');
  assert.equal(exe.status, 422);
  assert.equal(exe.json.errors[0].code, 'file_type');
  const big = await upload(Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(5000, 32)]), 'lon.pdf');
  assert.equal(big.status, 422);
  assert.equal(big.json.errors[0].code, 'too_large');
  const files = (await office.get(`/api/v1/documents/${doc.id}`)).json.attachments;
  assert.equal(files.length, 1);
  // Another unit's secretary cannot fetch it (the plan is internal to the bloc).
  const outsider = new Client(server);
  await outsider.login('bithu.sotc');
  assert.equal((await outsider.get(`/documents/${doc.id}/files/${files[0].id}`)).status, 404);
});

test('the add form takes the scan with it', async () => {
  const form = new FormData();
  form.append('_csrf', office.csrf);
  for (const [k, v] of Object.entries({ type_code: 'notice', symbol: '31-TB/ĐUK', issued_on: '2025-03-03',
    title: 'Thông báo kết luận', owner_org_id: '' })) form.append(k, v);
  form.append('file', new Blob(['%PDF-1.5\n%%EOF\n']), 'thong-bao.pdf');
  const r = await office.request('POST', '/documents', { body: form, csrf: false });
  assert.equal(r.status, 303, r.text);
  const id = r.headers.get('location').split('/').pop();
  const shown = (await office.get(`/api/v1/documents/${id}`)).json;
  assert.equal(shown.document.symbol, '31-TB/ĐUK');
  assert.deepEqual(shown.attachments.map((a) => a.filename), ['thong-bao.pdf']);
});

test('a pasted text: each document named once, linked when registered, with a prefilled link when not', async () => {
  const member = new Client(server);
  await member.login('dangvien.sotc');
  const r = await member.post('/api/v1/refs/resolve', {
    json: { text: 'Thực hiện Chỉ thị số 05-CT/TW và Chỉ thị 05- CT/TW; Quy định số 05-QĐ/ĐUK ngày 9-11-2018, đạt 95%.' },
  });
  assert.equal(r.status, 200);
  const refs = r.json.references;
  assert.deepEqual(refs.map((x) => [x.symbol, x.mentions, x.found]), [['05-CT/TW', 2, true], ['05-QĐ/ĐUK', 1, false]]);
  assert.equal(refs[1].create_href, '/documents/new?symbol=05-Q%C4%90%2F%C4%90UK&type_code=regulation&issued_on=2018-11-09');
  const form = await office.get(refs[1].create_href);
  assert.equal(form.status, 200);
  assert.match(form.text, /value="05-QĐ\/ĐUK"/);
  assert.match(form.text, /<option value="regulation" selected>/);
});
