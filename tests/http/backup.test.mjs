// dangvu backup / restore against a running server, on the engine scripts/test.sh picks.
//
// "Every table equal to a copy taken at the same moment": a backup taken during a burst of writes has
// no live state to compare with (the live database moves on at once), so the two properties are checked
// on two backups. The mid-burst one must be one committed state: the restored audit chain verifies, its
// head is its last row, and the documents and attachments written by the burst match, one for one, the
// audit rows that record them (a torn copy would hold a row without its audit or the reverse). The one
// taken with writes paused is compared with the live database table by table, row for row; the audit
// head is read before the backup and after the comparison, so no write can have slipped in between.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, existsSync, readFileSync, writeFileSync, cpSync, readdirSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, serveOn, Client, cli, sql, freshDatabase, BIN, ENGINE } from '../lib/harness.mjs';

// A command's standard error without its progress lines ("restore: writing 40% (…)", shown for parts of 16 MB or
// more): what it says went wrong.
const errors = (r) => r.stderr.replace(/^(backup|restore): [a-z ]+ \d+% \(.*\)\n/gm, '');

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const cleanups = [];
let server;
let office;
let scan;  // an attachment uploaded before the burst: { docId, fileId, bytes }
let burst = { docs0: 0, creates0: 0, attachments0: 0, attaches0: 0 };
let midBurst;  // the archive taken during the burst

// A fresh, empty target for a restore: a data directory and an empty database, with the audit key of the
// server backed up (archives do not hold it: the operator copies it, docs/architecture.md "Audit log").
function freshTarget({ withKey = true } = {}) {
  const dataDir = mkdtempSync(join(process.env.DANGVU_TEST_TMP || tmpdir(), 'dv-restore-'));
  const db = freshDatabase(dataDir);
  cleanups.push(() => { db.drop(); rmSync(dataDir, { recursive: true, force: true }); });
  if (withKey) cpSync(join(server.dataDir, 'audit.key'), join(dataDir, 'audit.key'));
  return { dataDir, dbUrl: db.url };
}

function runCli(env, args) {  // asynchronous, so the burst keeps going while it runs
  return new Promise((resolve) => {
    const p = spawn(BIN, ['--data', env.dataDir, '--db', env.dbUrl, ...args],
      { env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0' } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

const count = (env, query) => Number(sql(env, query));
const tablesOf = (env) => (ENGINE === 'sqlite'
  ? sql(env, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
  : sql(env, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"))
  .split('\n').filter(Boolean);

// A table's rows as sorted JSON lines (the physical order may differ after a copy).
function rowsOf(env, table) {
  if (ENGINE === 'sqlite') {
    const out = execFileSync('sqlite3', ['-json', env.dbUrl, `SELECT * FROM "${table}"`],
      { encoding: 'utf8', maxBuffer: 256 << 20 }).trim();
    return (out ? JSON.parse(out) : []).map((r) => JSON.stringify(r)).sort();
  }
  return execFileSync('psql', [env.dbUrl, '-qAtc', `SELECT row_to_json(t)::text FROM "${table}" t`],
    { encoding: 'utf8', maxBuffer: 256 << 20 }).split('\n').filter(Boolean).sort();
}

function emptyTarget(env) {
  const noDb = ENGINE === 'sqlite' ? !existsSync(env.dbUrl) : tablesOf(env).length === 0;
  return noDb && !existsSync(join(env.dataDir, 'files'));
}

async function upload(client, docId, bytes, name) {
  const form = new FormData();
  form.append('file', new Blob([bytes]), name);
  return client.post(`/api/v1/documents/${docId}/files`, { body: form });
}

let symbolNo = 100;
async function createDocument(client, title) {
  const r = await client.post('/api/v1/documents', {
    json: { type_code: 'notice', symbol: `${symbolNo++}-TB/ĐUK`, issued_on: '2025-01-15', title },
  });
  assert.equal(r.status, 201, r.text);
  return r.json.document.id;
}

before(async () => {
  server = await startServer();
  office = new Client(server);
  await office.login('vanphong');
  const docId = await createDocument(office, 'Thông báo có bản scan');
  const bytes = Buffer.from(`%PDF-1.4\n% bản scan trước đợt ghi ${Date.now()}\n%%EOF\n`);
  const r = await upload(office, docId, bytes, 'scan.pdf');
  assert.equal(r.status, 201, r.text);
  scan = { docId, fileId: r.json.attachment.id, bytes };
});
after(async () => {
  await server?.stop();
  for (const c of cleanups) c();
});

test('a backup taken during a burst of writes restores to one committed state', async () => {
  burst = {
    docs0: count(server, 'SELECT COUNT(*) FROM documents'),
    creates0: count(server, "SELECT COUNT(*) FROM audit_log WHERE action = 'document.create'"),
    attachments0: count(server, 'SELECT COUNT(*) FROM document_attachments'),
    attaches0: count(server, "SELECT COUNT(*) FROM audit_log WHERE action = 'document.attach'"),
  };
  let running = true;
  let written = 0;
  let writtenDuringBackup = 0;
  let backupRunning = false;
  const writer = async (w) => {
    for (let i = 0; running; i++) {
      const id = await createDocument(office, `Thông báo đợt ghi ${w}-${i}`);
      if (i % 3 === 0) {
        const r = await upload(office, id, Buffer.from(`%PDF-1.4\n% tệp ${w}-${i}-${Date.now()}\n%%EOF\n`), 'tep.pdf');
        assert.equal(r.status, 201, r.text);
      }
      written++;
      if (backupRunning) writtenDuringBackup++;
    }
  };
  const writers = [writer(1), writer(2), writer(3)];
  while (written < 6) await new Promise((r) => setTimeout(r, 20));
  const dir = mkdtempSync(join(process.env.DANGVU_TEST_TMP || tmpdir(), 'dv-archives-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  midBurst = join(dir, 'mid-burst.zip');
  backupRunning = true;
  const made = await runCli(server, ['backup', midBurst]);
  backupRunning = false;
  const writtenAfter = written;
  while (written < writtenAfter + 3) await new Promise((r) => setTimeout(r, 20));  // and writes go on after it
  running = false;
  await Promise.all(writers);
  assert.equal(made.status, 0, made.stderr);
  assert.match(made.stdout, /^backup: .*mid-burst\.zip written \(\w+ database [\d.]+ MB, \d+ files, archive/);
  assert.ok(writtenDuringBackup > 0, 'the server wrote while the backup ran');

  const target = freshTarget();
  const restored = cli(target, ['restore', midBurst]);
  assert.equal(restored.status, 0, restored.stderr);
  assert.match(restored.stdout, /audit verify: the chain is intact \((\d+) rows(, \d+ checkpoints? of the archive)?\)/);
  if (ENGINE === 'sqlite') assert.equal(sql(target, 'PRAGMA integrity_check'), 'ok');
  assert.equal(cli(target, ['audit', 'verify']).status, 0);
  // The head is the last row: no row past it, none missing before it.
  const [seq, rows, maxId] = sql(target, 'SELECT (SELECT seq FROM audit_head), (SELECT COUNT(*) FROM audit_log), ' +
    '(SELECT MAX(id) FROM audit_log)').split('|').map(Number);
  assert.equal(seq, rows);
  assert.equal(seq, maxId);
  // Each document and attachment of the burst comes with its audit row, and no audit row without it.
  const docs = count(target, 'SELECT COUNT(*) FROM documents') - burst.docs0;
  const creates = count(target, "SELECT COUNT(*) FROM audit_log WHERE action = 'document.create'") - burst.creates0;
  const attachments = count(target, 'SELECT COUNT(*) FROM document_attachments') - burst.attachments0;
  const attaches = count(target, "SELECT COUNT(*) FROM audit_log WHERE action = 'document.attach'") - burst.attaches0;
  assert.equal(docs, creates);
  assert.equal(attachments, attaches);
  assert.ok(docs >= 2, `the snapshot holds writes of the burst (${docs})`);
  assert.ok(docs < count(server, 'SELECT COUNT(*) FROM documents') - burst.docs0, 'and not those after it');
  // Every stored file the restored database lists is there, with its bytes.
  for (const line of sql(target, 'SELECT sha256 FROM stored_files').split('\n').filter(Boolean)) {
    const path = join(target.dataDir, 'files', line.slice(0, 2), line.slice(2));
    assert.equal(sha256(readFileSync(path)), line);
  }
});

test('a backup taken while writes are paused equals the live database, table by table; its attachment downloads', async () => {
  const head = sql(server, 'SELECT seq FROM audit_head');
  const dir = mkdtempSync(join(process.env.DANGVU_TEST_TMP || tmpdir(), 'dv-archives-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const archive = join(dir, 'paused.zip');
  const made = cli(server, ['backup', archive]);
  assert.equal(made.status, 0, made.stderr);
  const target = freshTarget();
  const restored = cli(target, ['restore', archive]);
  assert.equal(restored.status, 0, restored.stderr);

  const tables = tablesOf(server);
  assert.ok(tables.includes('audit_log') && tables.includes('documents'), tables.join());
  assert.deepEqual(tablesOf(target), tables);
  for (const t of tables) {
    const live = rowsOf(server, t);
    const copy = rowsOf(target, t);
    assert.equal(copy.length, live.length, `${t}: row count`);
    assert.deepEqual(copy, live, `${t}: rows`);
  }
  assert.equal(sql(server, 'SELECT seq FROM audit_head'), head, 'no write between the backup and the comparison');
  if (ENGINE === 'sqlite') assert.equal(sql(target, 'PRAGMA integrity_check'), 'ok');

  const restoredServer = await serveOn(target);
  try {
    const c = new Client(restoredServer);
    await c.login('vanphong');
    const res = await fetch(`${restoredServer.base}/documents/${scan.docId}/files/${scan.fileId}`,
      { headers: { Cookie: c.cookieHeader() } });
    assert.equal(res.status, 200);
    assert.equal(sha256(Buffer.from(await res.arrayBuffer())), sha256(scan.bytes));
  } finally {
    await restoredServer.stop();
  }
});

// The checkpoints (audit.checkpoints, outside the database) anchor the chain: an archive without them
// restored a chain that nothing outside it vouched for, truncated or rewritten alike.
test('the audit checkpoints travel in the archive with their SHA-256, are restored, and the restore verifies against them', () => {
  const checkpointsFile = join(server.dataDir, 'audit.checkpoints');
  assert.ok(existsSync(checkpointsFile), 'the server has written checkpoints');
  const dir = mkdtempSync(join(process.env.DANGVU_TEST_TMP || tmpdir(), 'dv-archives-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const archive = join(dir, 'anchored.zip');
  const before = readFileSync(checkpointsFile);
  const made = cli(server, ['backup', archive]);
  assert.equal(made.status, 0, made.stderr);
  const manifest = JSON.parse(execFileSync('unzip', ['-p', archive, 'manifest.json'], { encoding: 'utf8' }));
  const part = manifest.parts.find((p) => p.name === 'audit/audit.checkpoints');
  assert.ok(part, `the manifest lists the checkpoints: ${manifest.parts.map((p) => p.name).join(', ')}`);
  const inArchive = execFileSync('unzip', ['-p', archive, 'audit/audit.checkpoints']);
  assert.equal(part.sha256, sha256(inArchive));
  assert.equal(part.size, inArchive.length);
  assert.ok(inArchive.length > 0 && before.toString().startsWith(inArchive.toString()), 'the file as it was at the backup');

  const target = freshTarget();
  const restored = cli(target, ['restore', archive]);
  assert.equal(restored.status, 0, restored.stderr);
  const lines = inArchive.toString().trim().split('\n').length;
  assert.match(restored.stdout, new RegExp(`audit verify: the chain is intact \\(\\d+ rows, ${lines} checkpoints? of the archive\\)`));
  assert.ok(readFileSync(join(target.dataDir, 'audit.checkpoints')).toString().startsWith(inArchive.toString()),
    'restored, then the restored head appended');
  assert.match(cli(target, ['audit', 'verify']).stdout, /checkpoints, anchored up to row/);

  // An archive whose checkpoints name rows its chain lacks (as a truncated chain would) fails the restore's verify.
  const work = mkdtempSync(join(dir, 'edit-'));
  const [seq, hash, at] = inArchive.toString().trim().split('\n').at(-1).split(' ');
  const forged = Buffer.concat([inArchive, Buffer.from(`${Number(seq) + 5} ${hash} ${at}\n`)]);
  mkdirSync(join(work, 'audit'));
  writeFileSync(join(work, 'audit', 'audit.checkpoints'), forged);
  Object.assign(part, { sha256: sha256(forged), size: forged.length });
  writeFileSync(join(work, 'manifest.json'), JSON.stringify(manifest));
  const edited = join(dir, 'ahead.zip');
  cpSync(archive, edited);
  execFileSync('zip', ['-q', edited, 'manifest.json', 'audit/audit.checkpoints'], { cwd: work });
  const refused = cli(freshTarget(), ['restore', edited]);
  assert.equal(refused.status, 1, refused.stdout);
  assert.match(errors(refused), /^dangvu: restore: restored, but audit verify fails: /);
});

test('restore without the audit key refuses before writing, naming the key file', () => {
  const target = freshTarget({ withKey: false });
  const r = cli(target, ['restore', midBurst]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^dangvu: restore: the audit key file .*audit\.key is missing: copy the backed-up installation's key there .*nothing was restored\n$/);
  assert.ok(ENGINE === 'sqlite' ? !existsSync(target.dbUrl) : tablesOf(target).length === 0, 'no database written');
});

test('restore refuses a target that holds data, and writes nothing', () => {
  const auditRows = count(server, 'SELECT COUNT(*) FROM audit_log');
  const intoLive = cli(server, ['restore', midBurst]);
  assert.equal(intoLive.status, 1);
  assert.match(intoLive.stderr, /^dangvu: restore: the database .* is not empty \(\d+ tables\); restore into an empty one\n$/);
  assert.equal(count(server, 'SELECT COUNT(*) FROM audit_log'), auditRows);

  const target = freshTarget();
  mkdirSync(join(target.dataDir, 'files', 'ab'), { recursive: true });
  writeFileSync(join(target.dataDir, 'files', 'ab', 'cd'), 'an old file');
  const intoFiles = cli(target, ['restore', midBurst]);
  assert.equal(intoFiles.status, 1);
  assert.match(intoFiles.stderr, /the files directory .* is not empty/);
  assert.ok(ENGINE === 'sqlite' ? !existsSync(target.dbUrl) : tablesOf(target).length === 0, 'no database written');
});

test('a tampered archive is refused with the part named, and nothing is written', () => {
  const bytes = readFileSync(midBurst);
  const name = ENGINE === 'sqlite' ? 'database/dangvu.sqlite3' : 'database/dangvu.pgdump';
  // The part's local header: signature, then (at 26) the name's and the extra field's lengths.
  let header = -1;
  for (let at = bytes.indexOf(name); at >= 0; at = bytes.indexOf(name, at + 1)) {
    if (at >= 30 && bytes.readUInt32LE(at - 30) === 0x04034b50) { header = at - 30; break; }
  }
  assert.ok(header >= 0, 'found the database part');
  const data = header + 30 + bytes.readUInt16LE(header + 26) + bytes.readUInt16LE(header + 28);
  const tampered = Buffer.from(bytes);
  tampered[data + 200] ^= 0x01;
  const path = midBurst.replace(/\.zip$/, '-tampered.zip');
  writeFileSync(path, tampered);
  const target = freshTarget();
  const r = cli(target, ['restore', path]);
  assert.equal(r.status, 1);
  // A changed byte in deflated data may fail the inflate, the CRC or the SHA-256, or inflate to another length.
  assert.match(errors(r), new RegExp(`^dangvu: restore: the archive is damaged: ${name} ` +
    '(fails its check \\(.+\\)|fails its SHA-256 sum|is larger than its manifest says|is smaller than its manifest says)' +
    '; nothing was restored\\n$'));
  assert.ok(emptyTarget(target), 'nothing written');
});

test('an archive with a part taken out is refused with the part named, and nothing is written', () => {
  const sha = sha256(scan.bytes);
  const part = `files/${sha.slice(0, 2)}/${sha.slice(2)}`;
  const path = midBurst.replace(/\.zip$/, '-cut.zip');
  cpSync(midBurst, path);
  execFileSync('zip', ['-q', '-d', path, part]);
  const target = freshTarget();
  const r = cli(target, ['restore', path]);
  assert.equal(r.status, 1);
  assert.equal(r.stderr, `dangvu: restore: the archive is damaged: ${part} is missing; nothing was restored\n`);
  assert.ok(emptyTarget(target), 'nothing written');
});

test('a stored file missing from the files directory fails the backup, which leaves no archive', () => {
  const sha = sha256(scan.bytes);
  const files = mkdtempSync(join(process.env.DANGVU_TEST_TMP || tmpdir(), 'dv-files-'));
  cleanups.push(() => rmSync(files, { recursive: true, force: true }));
  cpSync(join(server.dataDir, 'files'), files, { recursive: true });
  rmSync(join(files, sha.slice(0, 2), sha.slice(2)));
  const archive = join(files, 'missing.zip');
  const r = cli(server, ['--files', files, 'backup', archive]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, new RegExp(`^dangvu: backup: the stored file .*${sha.slice(2)} is missing \\(the database lists it\\)\\n$`));
  assert.ok(!existsSync(archive));
  assert.deepEqual(readdirSync(files).filter((n) => n.startsWith('.dangvu-backup')), []);
});

test('backup --into DIR --keep N keeps the newest N archives and nothing else is touched', () => {
  const dir = mkdtempSync(join(process.env.DANGVU_TEST_TMP || tmpdir(), 'dv-daily-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  for (const n of ['dangvu-20200101-020000.zip', 'dangvu-20200102-020000.zip', 'dangvu-20200103-020000.zip',
    'notes.txt']) writeFileSync(join(dir, n), 'x');
  const r = cli(server, ['backup', '--into', dir, '--keep', '2']);
  assert.equal(r.status, 0, r.stderr);
  const made = r.stdout.match(/backup: .*(dangvu-\d{8}-\d{6}\.zip) written/)[1];
  assert.match(r.stdout, /deleted the old dangvu-20200101-020000\.zip\nbackup: deleted the old dangvu-20200102-020000\.zip\n$/);
  assert.deepEqual(readdirSync(dir).sort(), ['dangvu-20200103-020000.zip', made, 'notes.txt'].sort());
  assert.equal(cli(server, ['backup', '--into', dir]).status, 2);
  assert.equal(cli(server, ['backup', join(dir, made)]).status, 1, 'an existing archive is never overwritten');
});

test('--help, and wrong usage exits 2 with one line', () => {
  for (const cmd of ['backup', 'restore']) {
    const help = cli(server, [cmd, '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^Usage/);
  }
  for (const args of [['backup'], ['backup', 'a.zip', 'b.zip'], ['backup', '--keep', '3', 'a.zip'],
    ['backup', '--into', '/tmp', '--keep', '0'], ['restore'], ['restore', '--force', 'a.zip']]) {
    const r = cli(server, args);
    assert.equal(r.status, 2, args.join(' ') + ': ' + r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});
