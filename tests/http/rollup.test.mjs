// The roll-up facility against the real binary: `rollup verify` on the demo (exit 0), again after a
// move and a merge made through the API and a transfer, and naming a hand-corrupted aggregate row
// (exit 1); the same on a `gen` set after a move; the JSON tree's children on demand read from it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, serveOn, freshDatabase, Client, cli, sql } from '../lib/harness.mjs';

let server;
let office;
const byCode = (orgs, c) => orgs.find((o) => o.code === c);

before(async () => {
  server = await startServer();
  office = new Client(server);
  await office.login('vanphong');
});
after(async () => { await server?.stop(); });

const verify = () => cli(server, ['rollup', 'verify']);

test('rollup verify passes on the demo', () => {
  const r = verify();
  assert.equal(r.status, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /every aggregate matches \(\d+ rows\)/);
  assert.ok(Number(sql(server, 'SELECT COUNT(*) FROM rollup_deltas')) > 100);
});

test('after a move, a merge (back-dated) and a transfer the aggregates still match and the tree follows', async () => {
  const orgs = (await office.get('/api/v1/orgs?all=1')).json.orgs;
  const earlier = (await office.get('/api/v1/orgs?all=1&as_of=2026-05-31')).json.orgs;
  const sotc = byCode(orgs, 'SOTC');
  const sogd = byCode(orgs, 'SOGD');
  const cells = orgs.filter((o) => o.parent_id === sotc.id);
  assert.ok(cells.length >= 2);
  const [moved, merged] = cells;
  const move = await office.post(`/api/v1/orgs/${moved.id}/reorganize`, {
    json: { kind: 'move', parent_id: sogd.id, effective_on: '2026-06-01' },
  });
  assert.equal(move.status, 201, move.text);
  const cellsOfSogd = orgs.filter((o) => o.parent_id === sogd.id);
  const merge = await office.post(`/api/v1/orgs/${merged.id}/reorganize`, {
    json: { kind: 'merge', into_id: cellsOfSogd[0].id, effective_on: '2026-06-02' },
  });
  assert.equal(merge.status, 201, merge.text);
  const member = (await office.get(`/api/v1/orgs/${cellsOfSogd[0].id}/members`)).json.members[0];
  const transfer = await office.post(`/api/v1/members/${member.id}/transfer`, {
    json: { org_id: cells[2]?.id ?? moved.id, date: '2026-06-03' },
  });
  assert.ok([200, 201].includes(transfer.status), transfer.text);
  const r = verify();
  assert.equal(r.status, 0, r.stderr + r.stdout);

  // The subtree counts as of today and before the move agree with the member lists.
  const now = (await office.get('/api/v1/orgs?all=1')).json.orgs;
  for (const code of ['SOTC', 'SOGD']) {
    const o = byCode(now, code);
    assert.equal(o.subtree_members, (await office.get(`/api/v1/orgs/${o.id}/members`)).json.total, code);
  }
  // As of the day before the changes, every figure is what it was before they were made.
  const then = (await office.get('/api/v1/orgs?all=1&as_of=2026-05-31')).json.orgs;
  assert.deepEqual(then.map((o) => [o.id, o.members, o.subtree_members]),
    earlier.map((o) => [o.id, o.members, o.subtree_members]));
  assert.notEqual(byCode(now, 'SOTC').subtree_members, byCode(earlier, 'SOTC').subtree_members);
});

test('verify names a corrupted aggregate row and exits 1; rebuild repairs it', () => {
  const row = sql(server, "SELECT org_id || '|' || day FROM rollup_deltas WHERE metric = 'members' ORDER BY org_id, day LIMIT 1");
  const [org, day] = row.split('|');
  sql(server, `UPDATE rollup_deltas SET delta = delta + 7 WHERE org_id = ${org} AND metric = 'members' AND day = '${day}'`);
  const bad = verify();
  assert.equal(bad.status, 1);
  assert.match(bad.stdout, new RegExp(`org ${org} metric members day ${day}: stored -?\\d+, expected -?\\d+`));
  assert.match(bad.stderr, /1 of the aggregate rows differ/);
  assert.equal(cli(server, ['rollup', 'rebuild']).status, 0);
  assert.equal(verify().status, 0);
  // A checkpointed total too (the server moved the checkpoint to today when it started).
  const checkpoint = sql(server, 'SELECT day FROM rollup_checkpoint');
  assert.match(checkpoint, /^\d{4}-\d{2}-\d{2}$/);
  sql(server, `UPDATE rollup_totals SET total = total + 3 WHERE org_id = ${org} AND metric = 'members'`);
  const total = verify();
  assert.equal(total.status, 1);
  assert.match(total.stdout, new RegExp(`org ${org} metric members day total to ${checkpoint}: stored \\d+, expected \\d+`));
  assert.equal(cli(server, ['rollup', 'rebuild']).status, 0);
  assert.equal(verify().status, 0);
});

test('the JSON tree gives children on demand: top organizations, ?under=&depth=, pages', async () => {
  const all = (await office.get('/api/v1/orgs?all=1')).json;
  const top = (await office.get('/api/v1/orgs')).json;
  assert.ok(top.orgs.length < all.orgs.length);
  assert.ok(top.orgs.every((o) => o.depth <= 1));
  const root = top.orgs[0];
  assert.equal(root.units, top.orgs.filter((o) => o.depth === 1).length);
  assert.equal(root.subtree_members, all.orgs[0].subtree_members);
  const sotc = byCode(all.orgs, 'SOTC');
  const under = (await office.get(`/api/v1/orgs?under=${sotc.id}&depth=1`)).json;
  assert.equal(under.orgs[0].id, sotc.id);
  assert.equal(under.orgs[0].depth, 0);
  assert.deepEqual(under.orgs.slice(1).map((o) => o.id).sort(),
    all.orgs.filter((o) => o.parent_id === sotc.id).map((o) => o.id).sort());
  assert.equal(under.orgs[0].subtree_members, sotc.subtree_members);
  const page2 = (await office.get('/api/v1/orgs?all=1&page_size=3&page=2')).json;
  assert.deepEqual(page2.orgs.map((o) => o.id), all.orgs.slice(3, 6).map((o) => o.id));
  assert.equal(page2.total, all.orgs.length);
  const bad = await office.get('/api/v1/orgs?depth=x');
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.json.errors.map((e) => `${e.field}:${e.code}`), ['depth:not_integer']);
});

test('rollup verify on a gen set, before and after a reorganization through the API', async () => {
  const dataDir = mkdtempSync(join(process.env.DANGVU_TEST_TMP || tmpdir(), 'dv-'));
  const db = freshDatabase(dataDir);
  const env = { dataDir, dbUrl: db.url };
  let gen;
  try {
    const made = cli(env, ['gen', '--members', '3000']);
    assert.equal(made.status, 0, made.stderr);
    // gen checkpoints the totals at the last day its data is drawn up to; serve moves it to today.
    assert.equal(sql(env, 'SELECT day FROM rollup_checkpoint'), '2025-12-31');
    const first = cli(env, ['rollup', 'verify']);
    assert.equal(first.status, 0, first.stderr + first.stdout);
    const root = sql(env, 'SELECT id FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 1');
    assert.equal(cli(env, ['user', 'add', '--username', 'quantri', '--role', 'admin', '--org', root, '--password-stdin'],
      'mat-khau-rat-dai\n').status, 0);
    gen = await serveOn(env);
    // So the move below, dated 2026-01-15, is on or before the checkpoint: it changes the totals too.
    assert.ok(sql(env, 'SELECT day FROM rollup_checkpoint') > '2026-01-15');
    const admin = new Client(gen);
    await admin.login('quantri', 'mat-khau-rat-dai');
    const provinces = (await admin.get('/api/v1/orgs?depth=1')).json.orgs.filter((o) => o.depth === 1);
    assert.ok(provinces.length >= 2);
    const [from, to] = provinces;
    const units = (await admin.get(`/api/v1/orgs?under=${from.id}&depth=1`)).json.orgs.filter((o) => o.depth === 1);
    const unit = units.find((o) => o.subtree_members > 0);
    const move = await admin.post(`/api/v1/orgs/${unit.id}/reorganize`, {
      json: { kind: 'move', parent_id: to.id, effective_on: '2026-01-15' },
    });
    assert.equal(move.status, 201, move.text);
    const after = (await admin.get('/api/v1/orgs?depth=1')).json.orgs;
    assert.equal(after.find((o) => o.id === from.id).subtree_members, from.subtree_members - unit.subtree_members);
    assert.equal(after.find((o) => o.id === to.id).subtree_members, to.subtree_members + unit.subtree_members);
    const before = (await admin.get('/api/v1/orgs?depth=1&as_of=2026-01-14')).json.orgs;
    assert.equal(before.find((o) => o.id === from.id).subtree_members, from.subtree_members);
    await gen.stop();
    gen = undefined;
    const second = cli(env, ['rollup', 'verify']);
    assert.equal(second.status, 0, second.stderr + second.stdout);
  } finally {
    await gen?.stop();
    db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
