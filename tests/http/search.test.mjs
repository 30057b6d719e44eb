// Document search as users reach it: the search page of every page's search box (documents first, then
// organizations), GET /api/v1/documents/search, typed without diacritics, scoped to what the caller may
// see, with snippets of the original text; an update re-indexes; `dangvu documents reindex` rebuilds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, cli } from '../lib/harness.mjs';

let server;
let office;
let member;
let saving;   // public directive
let internal; // internal report of the bloc committee: not for a cell's member

const search = (c, q, extra = '') => c.get(`/api/v1/documents/search?q=${encodeURIComponent(q)}${extra}`);
const ids = (r) => r.json.hits.map((h) => h.id);

before(async () => {
  server = await startServer();
  office = new Client(server);
  await office.login('vanphong');
  member = new Client(server);
  await member.login('dangvien.sotc');
  const make = async (doc) => {
    const r = await office.post('/api/v1/documents', { json: doc });
    assert.equal(r.status, 201, r.text);
    return r.json.document?.id ?? r.json.id;
  };
  saving = await make({
    type_code: 'directive', symbol: '987-CT/ĐUK', issued_on: '2024-03-05', visibility: 'public',
    title: 'Về thực hành tiết kiệm điện, nước trong các cơ quan <Khối> & đơn vị',
    body: 'Các cấp ủy, chi bộ thực hành tiết kiệm điện, nước: tắt đèn, điều hòa khi ra về; '
      + 'báo cáo kết quả "tiết kiệm" hằng quý về Văn phòng Đảng ủy Khối.',
  });
  internal = await make({
    type_code: 'report', symbol: '988-BC/ĐUK', issued_on: '2024-06-30', visibility: 'internal',
    title: 'Báo cáo sơ kết sáu tháng thực hành tiết kiệm',
    body: 'Tiết kiệm được 12% điện năng so với cùng kỳ.',
  });
});
after(async () => { await server?.stop(); });

test('the API finds documents typed without diacritics, best first, with marked snippets', async () => {
  const r = await search(office, 'tiet kiem dien nuoc');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(ids(r), [saving]);
  const hit = r.json.hits[0];
  assert.deepEqual(Object.keys(hit).sort(),
    ['id', 'issued_on', 'rank', 'snippet', 'symbol', 'title', 'title_html', 'type_name'].sort());
  assert.equal(hit.symbol, '987-CT/ĐUK');
  assert.equal(hit.type_name, 'Chỉ thị');
  assert.equal(hit.issued_on, '2024-03-05');
  assert.ok(hit.rank >= 1, 'every word in the title: the first tier');
  // The original text, escaped, the matched words (with their diacritics) in <mark>.
  assert.equal(hit.title_html,
    'Về thực hành <mark>tiết kiệm điện</mark>, <mark>nước</mark> trong các cơ quan &lt;Khối&gt; &amp; đơn vị');
  assert.match(hit.snippet, /thực hành <mark>tiết kiệm điện<\/mark>, <mark>nước<\/mark>: tắt đèn/);
  assert.match(hit.snippet, /&quot;<mark>tiết kiệm<\/mark>&quot;/);
  // Numbers as printed or loosely typed, and with the type's name.
  for (const q of ['987-CT/ĐUK', '987 ct duk', 'chi thi 987', 'Chỉ thị số 987']) {
    assert.deepEqual(ids(await search(office, q)), [saving], q);
  }
  // Title before body: the report has these words in its body only; the last word counts as a prefix.
  const both = await search(office, 'tiet kiem die');
  assert.deepEqual(ids(both).filter((id) => id === saving || id === internal), [saving, internal]);
});

test('a member finds public documents but never an internal one of another unit', async () => {
  assert.ok(ids(await search(office, 'tiet kiem')).includes(internal));
  const r = await search(member, 'tiet kiem');
  assert.equal(r.status, 200);
  assert.ok(ids(r).includes(saving));
  assert.ok(!ids(r).includes(internal));
  assert.deepEqual(ids(await search(member, 'so ket sau thang tiet kiem')), []);
});

test('bad queries get a clear answer, never a search-engine error', async () => {
  const field = (r) => r.json.errors.map((e) => `${e.field}:${e.code}`);
  assert.deepEqual(field(await office.get('/api/v1/documents/search')), ['q:required']);
  assert.deepEqual(field(await search(office, '   ')), ['q:required']);
  assert.deepEqual(field(await search(office, 'a'.repeat(201))), ['q:too_long']);
  assert.deepEqual(field(await search(office, 'tiet', '&limit=abc')), ['limit:not_integer']);
  assert.deepEqual(field(await search(office, 'tiet', '&limit=0')), ['limit:out_of_range']);
  for (const q of ['?!', '"', '*', '()', 'NEAR(tiet kiem)', 'tiet" OR "kiem', "tiet' & 'kiem", 'body:tiet',
    '{title}: tiet', 'tiet AND NOT kiem', 'tiet -kiem ^dien']) {
    const r = await search(office, q);
    assert.equal(r.status, 200, `${q}: ${r.text}`);
  }
  assert.deepEqual(ids(await search(office, '?!')), []);
  assert.deepEqual(ids(await search(office, '"tiet kiem* dien" (nuoc)')), [saving]);
  assert.equal((await search(office, 'tiet kiem', '&limit=1')).json.hits.length, 1);
  assert.equal((await search(office, 'tiet kiem', '&limit=1000')).status, 200);
  const anon = await new Client(server).get('/api/v1/documents/search?q=tiet');
  assert.equal(anon.status, 401);
});

test('the search page lists documents, then organizations, with the matched words marked', async () => {
  const page = await office.get(`/search?q=${encodeURIComponent('tiet kiem dien')}`);
  assert.equal(page.status, 200);
  const docs = page.text.indexOf('id="doc-results-title"');
  const orgs = page.text.indexOf('id="org-results-title"');
  assert.ok(docs > 0 && orgs > docs, 'documents first, then organizations');
  assert.match(page.text, new RegExp(`href="/documents/${saving}"><span class="doc-label">Chỉ thị 987-CT/ĐUK</span>`));
  assert.match(page.text, /Về thực hành <mark>tiết kiệm điện<\/mark>, nước trong các cơ quan &lt;Khối&gt; &amp; đơn vị/);
  assert.match(page.text, /class="search-snippet">[^<]*<mark>tiết kiệm điện<\/mark>/);
  // Organizations are searched by the same box ("khoi" is in the bloc office's cell's name).
  const orgPage = await office.get('/search?q=khoi');
  assert.match(orgPage.text, /href="\/orgs\/\d+"/);
  // A member cannot list organizations: the page shows documents only.
  const mine = await member.get('/search?q=tiet+kiem');
  assert.equal(mine.status, 200);
  assert.ok(mine.text.includes(`href="/documents/${saving}"`));
  assert.ok(!mine.text.includes(`href="/documents/${internal}"`));
  assert.ok(!mine.text.includes('id="org-results-title"'));
  // A query that is too long is answered on the page, next to the box.
  const long = await office.get(`/search?q=${'a'.repeat(250)}`);
  assert.equal(long.status, 200);
  assert.match(long.text, /class="field-error" id="search-q-error">Nội dung quá dài\./);
  assert.match(long.text, /aria-invalid="true"/);
});

test('a change is searchable at once; documents reindex rebuilds the same index', async () => {
  const r = await office.request('PUT', `/api/v1/documents/${internal}`, {
    json: { type_code: 'report', symbol: '988-BC/ĐUK', issued_on: '2024-06-30', visibility: 'internal',
      title: 'Báo cáo phong trào thi đua yêu nước', body: 'Kết quả thi đua sáu tháng đầu năm.' },
  });
  assert.equal(r.status, 200, r.text);
  assert.ok(!ids(await search(office, 'tiet kiem')).includes(internal));
  assert.deepEqual(ids(await search(office, 'thi dua yeu nuoc')), [internal]);

  const before = await search(office, 'tiet kiem');
  const out = cli(server, ['documents', 'reindex']);
  assert.equal(out.status, 0, out.stderr);
  assert.match(out.stdout, /^documents: \d+ documents indexed in [\d.]+ s\n$/);
  assert.deepEqual(ids(await search(office, 'tiet kiem')), ids(before));
  assert.deepEqual(ids(await search(office, 'thi dua yeu nuoc')), [internal]);
  assert.equal(cli(server, ['documents', 'index']).status, 2);
});
