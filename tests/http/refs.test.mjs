// The reference extractor as users reach it: `dangvu refs extract` and POST /api/v1/refs/extract,
// on the seed article (the four documents it cites, nothing else) — the same JSON both ways.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startServer, Client, cli } from '../lib/harness.mjs';

const article = fileURLToPath(new URL('../cases/seed-article-vi.txt', import.meta.url));
let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

test('the command line and the API find the seed article\'s four documents, with the same JSON', async () => {
  const r = cli(server, ['refs', 'extract', article]);
  assert.equal(r.status, 0, r.stderr);
  const refs = JSON.parse(r.stdout);
  const distinct = [...new Set(refs.map((x) => `${x.symbol} ${x.type_name} ${x.date}`))].sort();
  assert.deepEqual(distinct, ['01-QĐ/ĐUK Quy định 2016-03-21', '03-QĐ/ĐUK Quy định 2018-10-23',
    '05-CT/TW Chỉ thị null', '05-QĐ/ĐUK Quy định 2018-11-09']);
  // Offsets are code points of the (NFC) text: each points at the words it came from.
  const text = [...readFileSync(article, 'utf8').normalize('NFC')];
  for (const x of refs) assert.match(text.slice(x.start, x.end).join(''), /05-?\s?CT\/TW|QĐ\/ĐUK/);

  const c = new Client(server);
  await c.login('dangvien.sotc');  // any signed-in user
  const api = await c.post('/api/v1/refs/extract', { json: { text: readFileSync(article, 'utf8') } });
  assert.equal(api.status, 200);
  assert.deepEqual(api.json.references, refs);
  const empty = await c.post('/api/v1/refs/extract', { json: {} });
  assert.equal(empty.status, 422);
  assert.equal(empty.json.errors[0].field, 'text');
  const bad = cli(server, ['refs', 'extract']);
  assert.equal(bad.status, 2);
});
