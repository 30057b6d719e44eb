// The audit chain anchored outside the database (issue [5/12], "holes found by probing"): the rewrites that
// passed `audit verify` before — a row edited and the plain SHA-256 recomputed forward, the last rows deleted
// and audit_head reset, every row deleted — each make it fail naming what happened. Also: the key file
// (0600, refused when missing under a keyed chain) and the checkpoint a server writes at shutdown.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { cli, sql, freshDatabase, serveOn, Client, ENGINE } from '../lib/harness.mjs';

const cleanups = [];
after(() => { for (const c of cleanups.reverse()) c(); });

const PASSWORD = 'mat-khau-quan-tri';

// A fresh install: `init` and four accounts, about ten audit rows (the demo would take a minute under ASan).
function install() {
  const dataDir = mkdtempSync(join(process.env.DANGVU_TEST_TMP || tmpdir(), 'dv-anchor-'));
  const db = freshDatabase(dataDir);
  cleanups.push(() => { db.drop(); rmSync(dataDir, { recursive: true, force: true }); });
  const env = { dataDir, dbUrl: db.url };
  const r = cli(env, ['init', '--org-name', 'Đảng bộ Khối', '--org-code', 'DBK', '--admin', 'quantri', '--password-stdin'],
    PASSWORD + '\n');
  assert.equal(r.status, 0, r.stderr);
  for (const name of ['mot', 'hai', 'ba', 'bon']) {
    const u = cli(env, ['user', 'add', '--username', `dv.${name}`, '--role', 'member', '--password-stdin'], PASSWORD + '\n');
    assert.equal(u.status, 0, u.stderr);
  }
  return env;
}

const count = (env, q) => Number(sql(env, q));
const checkpointLines = (env) => readFileSync(join(env.dataDir, 'audit.checkpoints'), 'utf8').trim().split('\n');

function verify(env) {
  const r = cli(env, ['audit', 'verify']);
  return { ...r, line: (r.stdout + r.stderr).trim() };
}

test('a fresh install has its key (0600) and a checkpoint of its head; verify passes', () => {
  const env = install();
  assert.equal(statSync(join(env.dataDir, 'audit.key')).mode & 0o777, 0o600);
  assert.match(readFileSync(join(env.dataDir, 'audit.key'), 'utf8'), /^[0-9a-f]{64}\n$/);
  const head = sql(env, 'SELECT seq, last_hash FROM audit_head').split('|');
  assert.ok(Number(head[0]) >= 6, head.join());
  assert.equal(checkpointLines(env).at(-1).split(' ').slice(0, 2).join('|'), head.join('|'));
  const ok = verify(env);
  assert.equal(ok.status, 0, ok.line);
  assert.match(ok.stdout, new RegExp(`intact \\(${head[0]} rows; \\d+ checkpoints, anchored up to row ${head[0]}\\)`));
});

test('a row edited and the plain SHA-256 recomputed forward: "row #N changed"', () => {
  const env = install();
  const last = count(env, 'SELECT seq FROM audit_head');
  const from = last - 3;
  // Each row as the JSON array its hash covered before migration 0015 (fields, then prev_hash).
  const cols = 'id, at, user_id, username, ip, action, entity_type, entity_id, org_id, before_json, after_json';
  const rows = sql(env, ENGINE === 'sqlite'
    ? `SELECT json_array(${cols}) FROM audit_log WHERE id >= ${from} ORDER BY id`
    : `SELECT json_build_array(${cols})::text FROM audit_log WHERE id >= ${from} ORDER BY id`).split('\n').map((l) => JSON.parse(l));
  let prev = sql(env, `SELECT hash FROM audit_log WHERE id = ${from - 1}`);
  const statements = [];
  for (const row of rows) {
    if (row[0] === from) row[3] = 'mallory';
    const hash = createHash('sha256').update(JSON.stringify([...row, prev])).digest('hex');
    statements.push(`UPDATE audit_log SET username = '${row[3].replaceAll("'", "''")}', prev_hash = '${prev}', hash = '${hash}' WHERE id = ${row[0]};`);
    prev = hash;
  }
  statements.push(`UPDATE audit_head SET last_hash = '${prev}' WHERE id = 1;`);
  sql(env, statements.join(' '));
  const r = verify(env);
  assert.equal(r.status, 1, r.line);
  assert.match(r.stderr, new RegExp(`audit row ${from} was edited.*row #${from} changed`));
});

test('the last rows deleted and audit_head reset: "rows after #N missing"', () => {
  const env = install();
  const last = count(env, 'SELECT seq FROM audit_head');
  const keep = last - 4;
  sql(env, `DELETE FROM audit_log WHERE id > ${keep}`);
  sql(env, `UPDATE audit_head SET seq = ${keep}, last_hash = (SELECT hash FROM audit_log WHERE id = ${keep}) WHERE id = 1`);
  const r = verify(env);
  assert.equal(r.status, 1, r.line);
  assert.match(r.stderr, new RegExp(`audit rows after #${keep} are missing \\(deleted\\): the checkpoint of .* names row ${last}`));
  // Later writes and checkpoints do not hide it: the old checkpoint stays in the file.
  assert.equal(cli(env, ['user', 'add', '--username', 'them.moi', '--role', 'member', '--password-stdin'], 'mat-khau-rat-dai\n').status, 0);
  assert.equal(verify(env).status, 1);
});

test('every row deleted: "every row was deleted"', () => {
  const env = install();
  const last = count(env, 'SELECT seq FROM audit_head');
  sql(env, 'DELETE FROM audit_log');
  sql(env, `UPDATE audit_head SET seq = 0, last_hash = '${'0'.repeat(64)}' WHERE id = 1`);
  const r = verify(env);
  assert.equal(r.status, 1, r.line);
  assert.match(r.stderr, new RegExp(`the audit log is empty, but the checkpoint of .* names row ${last}: every row was deleted`));
});

test('a keyed chain without its key: commands refuse, and --audit-key points at it', () => {
  const env = install();
  const moved = join(env.dataDir, 'elsewhere.key');
  renameSync(join(env.dataDir, 'audit.key'), moved);
  const r = verify(env);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /the audit key file .*audit\.key is missing, and the audit log's \d+ rows were hashed with it/);
  assert.equal(existsSync(join(env.dataDir, 'audit.key')), false, 'no new key is made under a keyed chain');
  const withKey = cli(env, ['--audit-key', moved, 'audit', 'verify']);
  assert.equal(withKey.status, 0, withKey.stderr);
});

test('a server writes a checkpoint of its last writes when it stops', async () => {
  const env = install();
  const before = checkpointLines(env).length;
  const server = await serveOn(env);
  try {
    const c = new Client(server);
    await c.login('quantri', PASSWORD);  // a log-in is audited
  } finally {
    await server.stop();
  }
  const seq = sql(env, 'SELECT seq FROM audit_head');
  const lines = checkpointLines(env);
  assert.ok(lines.length > before);
  assert.equal(lines.at(-1).split(' ')[0], seq);
  assert.equal(verify(env).status, 0);
});
