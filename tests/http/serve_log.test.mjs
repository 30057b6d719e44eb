// What `serve` says on stderr: JSON lines only — the start line (version, commit, address, threads, pool,
// limits, database with its password masked, files directory), errors, the stop line — while the
// other commands keep their one human line. And `dangvu --version`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, freshDatabase, BIN, ENGINE } from '../lib/harness.mjs';

const ENV = { ...process.env, ASAN_OPTIONS: 'detect_leaks=0' };

function jsonLines(text) {
  const lines = text.split('\n').filter((l) => l !== '');
  assert.ok(lines.length > 0, 'no output');
  return lines.map((l) => {
    let v;
    assert.doesNotThrow(() => { v = JSON.parse(l); }, `not a JSON line: ${l}`);
    assert.match(v.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, l);
    assert.ok(['info', 'warning', 'error'].includes(v.level), l);
    assert.equal(typeof v.msg, 'string', l);
    return v;
  });
}

// Runs `dangvu ARGS serve SERVE_ARGS` until its start line, then asks /healthz and stops it with SIGTERM.
// Returns everything it wrote on stderr and its exit code.
async function serveOnce(globalArgs, serveArgs) {
  const proc = spawn(BIN, [...globalArgs, 'serve', '--listen', '127.0.0.1:0', '--threads', '2', '--access-log', 'off',
    ...serveArgs], { stdio: ['ignore', 'ignore', 'pipe'], env: ENV });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d.toString(); });
  const exited = new Promise((resolve) => proc.on('exit', (code) => resolve(code)));
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no start line: ' + stderr)), 30000);
    const poll = setInterval(() => {
      const m = stderr.match(/"address":"http:\/\/127\.0\.0\.1:(\d+)"/);
      if (m) { clearInterval(poll); clearTimeout(timer); resolve(Number(m[1])); }
    }, 20);
    exited.then((code) => { clearInterval(poll); clearTimeout(timer); reject(new Error(`exited ${code}: ${stderr}`)); });
  });
  assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
  proc.kill('SIGTERM');
  return { code: await exited, stderr, port };
}

test('--version prints the version and the commit', () => {
  const r = spawnSync(BIN, ['--version'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^dangvu \d+\.\d+\.\d+ \(commit ([0-9a-f]{12}(-dirty)?|unknown)\)\n$/);
});

test('serve: one JSON start line with the settings, JSON lines only, a stop line', async () => {
  const dataDir = mkdtempSync(join(process.env.DANGVU_TEST_TMP || tmpdir(), 'dv-log-'));
  const db = freshDatabase(dataDir);
  // On PostgreSQL the URL gets a password: the test cluster trusts local connections, so any works.
  const password = 'pg-secret-' + process.pid;
  const url = ENGINE === 'postgres' ? db.url.replace('postgresql://postgres@', `postgresql://postgres:${password}@`) : db.url;
  if (ENGINE === 'postgres') assert.notEqual(url, db.url, 'the test URL has no user to add a password to');
  try {
    const r = await serveOnce(['--data', dataDir, '--db', url], ['--body-limit', '1000000', '--session-hours', '8']);
    assert.equal(r.code, 0, r.stderr);
    const lines = jsonLines(r.stderr);
    const start = lines[0];
    assert.equal(start.level, 'info');
    assert.equal(start.msg, 'serving');
    assert.match(start.version, /^\d+\.\d+\.\d+$/);
    assert.match(start.commit, /^([0-9a-f]{12}(-dirty)?|unknown)$/);
    assert.equal(start.address, `http://127.0.0.1:${r.port}`);
    assert.equal(start.threads, 2);
    assert.equal(start.pool, 4, 'threads + 2');
    assert.deepEqual(start.limits, {
      body_bytes: 1000000, upload_bytes: 20971520, attachment_bytes: 52428800, session_hours: 8, page_cache_bytes: 67108864,
      shutdown_grace_seconds: 10,
    });
    assert.equal(start.files, join(dataDir, 'files'));
    if (ENGINE === 'postgres') {
      assert.ok(!r.stderr.includes(password), 'the password is in the log');
      assert.equal(start.database, url.replace(password, '***'));
    } else {
      assert.equal(start.database, url);
    }
    assert.equal(lines.at(-1).msg, 'stopped');
  } finally {
    db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('serve: a failure to start is a JSON error line (exit 1), wrong usage too (exit 2)', () => {
  const failed = spawnSync(BIN, ['--db', '/nonexistent-dangvu-dir/sub/dangvu.db', 'serve', '--listen', '127.0.0.1:0'],
    { encoding: 'utf8', env: ENV });
  assert.equal(failed.status, 1, failed.stderr);
  const lines = jsonLines(failed.stderr);
  assert.equal(lines.length, 1, failed.stderr);
  assert.equal(lines[0].level, 'error');
  assert.equal(lines[0].msg, 'failed');
  assert.match(lines[0].error, /database/);

  const usage = spawnSync(BIN, ['serve', '--threads', 'many'], { encoding: 'utf8', env: ENV });
  assert.equal(usage.status, 2);
  const [line, ...rest] = jsonLines(usage.stderr);
  assert.equal(rest.length, 0);
  assert.match(line.error, /--threads/);
});

test('other commands keep one human line on failure', () => {
  const r = cli({ dataDir: '/nonexistent-dangvu-dir', dbUrl: '/nonexistent-dangvu-dir/sub/dangvu.db' }, ['user', 'list']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^dangvu: /);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
});
