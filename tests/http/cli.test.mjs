// The command line: help, exit codes, migrations, accounts, and audit verification that catches
// a row edited, deleted or inserted directly in the database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { cli, sql, freshDatabase, BIN, ENGINE } from '../lib/harness.mjs';
import { spawnSync } from 'node:child_process';

let env;
let db;
before(() => {
  const dataDir = mkdtempSync(join(process.env.DANGVU_TEST_TMP || tmpdir(), 'dv-cli-'));
  db = freshDatabase(dataDir);
  env = { dataDir, dbUrl: db.url };
});
after(() => { db.drop(); rmSync(env.dataDir, { recursive: true, force: true }); });

test('--help on every command, exit 0; wrong usage exits 2 with one line', () => {
  for (const args of [['--help'], ['serve', '--help'], ['migrate', '--help'], ['seed-demo', '--help'],
    ['user', '--help'], ['audit', '--help']]) {
    const r = spawnSync(BIN, args, { encoding: 'utf8' });
    assert.equal(r.status, 0, args.join(' ') + ': ' + r.stderr);
    assert.match(r.stdout, /Usage/);
  }
  for (const args of [['frobnicate'], ['serve', '--threads', 'many'], ['user', 'add'], ['user'], ['migrate', 'extra'], []]) {
    const r = spawnSync(BIN, args, { encoding: 'utf8' });
    assert.equal(r.status, 2, args.join(' '));
    if (args.length) assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});

test('migrate applies once; --status lists versions', () => {
  const first = cli(env, ['migrate']);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /applied 1/);
  const again = cli(env, ['migrate']);
  assert.match(again.stdout, /nothing to apply/);
  const status = cli(env, ['migrate', '--status']);
  assert.match(status.stdout, /^applied\s+1\s+foundation/m);
});

test('seed-demo prints the log-ins; a second run fails unless --if-empty', () => {
  const r = cli(env, ['seed-demo']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /admin/);
  assert.match(r.stdout, /dangvu-demo/);
  const again = cli(env, ['seed-demo']);
  assert.equal(again.status, 1);
  assert.equal(cli(env, ['seed-demo', '--if-empty']).status, 0);
});

test('user add / list / passwd, with clear failures', () => {
  const add = cli(env, ['user', 'add', '--username', 'thu.ky', '--role', 'office', '--display-name', 'Thư ký', '--password-stdin'], 'mat-khau-rat-dai\n');
  assert.equal(add.status, 0, add.stderr);
  const list = cli(env, ['user', 'list']);
  assert.match(list.stdout, /thu\.ky\tThư ký\tactive\toffice@1/);
  const dup = cli(env, ['user', 'add', '--username', 'thu.ky', '--role', 'office', '--password-stdin'], 'mat-khau-rat-dai\n');
  assert.equal(dup.status, 1);
  assert.match(dup.stderr, /username/);
  const weak = cli(env, ['user', 'add', '--username', 'yeu', '--role', 'member', '--password-stdin'], 'short\n');
  assert.equal(weak.status, 1);
  assert.match(weak.stderr, /password/);
  const badRole = cli(env, ['user', 'add', '--username', 'vaitro', '--role', 'king', '--password-stdin'], 'mat-khau-rat-dai\n');
  assert.equal(badRole.status, 1);
  const noOrg = cli(env, ['user', 'add', '--username', 'noorg', '--role', 'member', '--org', '424242', '--password-stdin'], 'mat-khau-rat-dai\n');
  assert.equal(noOrg.status, 1);
  assert.match(noOrg.stderr, /424242/);
  assert.equal(cli(env, ['user', 'passwd', 'thu.ky', '--password-stdin'], 'mat-khau-moi-hon\n').status, 0);
  assert.equal(cli(env, ['user', 'passwd', 'khong.co', '--password-stdin'], 'mat-khau-moi-hon\n').status, 1);
});

test('audit verify passes, then catches a row edited, a row deleted and a row inserted by hand', () => {
  const ok = cli(env, ['audit', 'verify']);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /intact/);

  sql(env, "UPDATE audit_log SET username = 'mallory' WHERE id = 3");
  const edited = cli(env, ['audit', 'verify']);
  assert.equal(edited.status, 1);
  assert.match(edited.stderr, /audit row 3 was edited/);
  assert.equal(edited.stderr.trim().split('\n').length, 1);

  // Restore by copying the original username back, then delete a row.
  sql(env, "UPDATE audit_log SET username = (SELECT username FROM audit_log WHERE id = 2) WHERE id = 3");
  assert.equal(cli(env, ['audit', 'verify']).status, 0, 'restoring the value must make the chain intact again');
  sql(env, 'DELETE FROM audit_log WHERE id = 5');
  const deleted = cli(env, ['audit', 'verify']);
  assert.equal(deleted.status, 1);
  assert.match(deleted.stderr, /audit row 5 is missing/);

  sql(env, "INSERT INTO audit_log (id, at, user_id, username, ip, action, entity_type, entity_id, org_id, before_json, after_json, prev_hash, hash) SELECT 5, at, user_id, 'mallory', ip, action, entity_type, entity_id, org_id, before_json, after_json, prev_hash, hash FROM audit_log WHERE id = 4");
  const inserted = cli(env, ['audit', 'verify']);
  assert.equal(inserted.status, 1);
  assert.match(inserted.stderr, /audit row 5/);
});

test(`engine under test: ${ENGINE}`, () => { assert.ok(['sqlite', 'postgres'].includes(ENGINE)); });
