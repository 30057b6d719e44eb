// `dangvu import members` and `dangvu export members` against the real binary: the reject report
// (line, column, value, reason), all-or-nothing, --skip-invalid, --dry-run, --report, exit codes,
// header errors, --org, XLSX input, and the export → import round trip into a second database.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { cli, sql, seededDatabase, BIN } from '../lib/harness.mjs';

const cleanups = [];
after(() => { for (const c of cleanups) c(); });

// A fresh database with the demo's organizations (seed-demo) and no members: the demo's own members
// are removed so the tests see only what they import, however the demo grows.
function freshEnv() {
  const dataDir = mkdtempSync(join(process.env.DANGVU_TEST_TMP || tmpdir(), 'dv-import-'));
  const db = seededDatabase(dataDir, ['seed-demo']);
  const env = { dataDir, dbUrl: db.url, file: (name) => join(dataDir, name) };
  cleanups.push(() => { db.drop(); rmSync(dataDir, { recursive: true, force: true }); });
  for (const statement of ['DELETE FROM committee_positions', 'DELETE FROM meeting_attendance', 'DELETE FROM commitment_items', 'DELETE FROM commitment_reminders', 'DELETE FROM commitments', 'DELETE FROM member_placements', 'UPDATE users SET member_id = NULL', 'DELETE FROM members']) {
    sql(env, statement);
  }
  return env;
}

const countMembers = (env) => Number(sql(env, 'SELECT COUNT(*) FROM members'));
const orgId = (env, code) => sql(env, `SELECT id FROM orgs WHERE code = '${code}'`);

const HEADER = ['Họ và tên', 'Giới tính', 'Ngày sinh', 'Dân tộc', 'Quê quán', 'Ngày vào Đảng', 'Ngày chính thức',
  'Số thẻ đảng viên', 'Chức vụ', 'Chức vụ chính quyền', 'Mã chi bộ'];
const CELLS = ['SOTC-NS', 'SOTC-VP', 'SOGD-TH', 'SOGD-VP', 'SOYT-NV', 'VPDB'];
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Võ', 'Đặng', 'Bùi'];
const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Minh', 'Thanh', 'Quốc', 'Ngọc'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Đức', 'Hà', 'Hoa', 'Lan', 'Mai', 'Nam', 'Sơn', 'Tâm', 'Thảo', 'Yến'];
const pad = (n) => String(n).padStart(2, '0');

// n plausible members spread over the demo cells, each with a distinct card number.
function generated(n, firstCard = 100000000) {
  const rows = [];
  for (let i = 0; i < n; i++) {
    const bornYear = 1960 + (i % 30);
    const admittedYear = Math.max(1995 + (i % 25), bornYear + 19);  // 18 or older on admission
    rows.push([
      `${FAMILY[i % FAMILY.length]} ${MIDDLE[(i * 3) % MIDDLE.length]} ${GIVEN[(i * 5) % GIVEN.length]}`,
      i % 2 ? 'Nữ' : 'Nam',
      `${pad(1 + (i % 28))}/${pad(1 + (i % 12))}/${bornYear}`,
      i % 7 ? 'Kinh' : 'Tày',
      i % 3 ? 'Quảng Bình' : 'Hà Tĩnh, Việt Nam',
      `${pad(1 + (i % 27))}/${pad(1 + ((i + 5) % 12))}/${admittedYear}`,
      i % 4 === 3 ? '' : `${pad(1 + (i % 27))}/${pad(1 + ((i + 5) % 12))}/${admittedYear + 1}`,
      String(firstCard + i).padStart(9, '0'),
      i % 10 === 0 ? 'Bí thư chi bộ' : '',
      i % 5 === 0 ? 'Chuyên viên "chính"' : '',
      CELLS[i % CELLS.length],
    ]);
  }
  return rows;
}

const csvCell = (v) => (/[",;\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
const toCsv = (rows, { bom = false } = {}) => (bom ? '\uFEFF' : '') + rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
function writeCsv(env, name, rows, opts) {
  const path = env.file(name);
  writeFileSync(path, toCsv(rows, opts));
  return path;
}

test('--help and wrong usage', () => {
  for (const args of [['import', '--help'], ['export', '--help']]) {
    const r = spawnSync(BIN, args, { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Usage: dangvu (import|export) members/);
  }
  for (const args of [['import'], ['import', 'members'], ['import', 'people', 'x.csv'], ['import', 'members', 'a.csv', 'b.csv'],
    ['import', 'members', 'a.csv', '--org', 'abc'], ['export', 'members'], ['export', 'members', '-o', 'out.txt'], ['export']]) {
    const r = spawnSync(BIN, args, { encoding: 'utf8' });
    assert.equal(r.status, 2, args.join(' ') + ': ' + r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});

test('every bad row is reported with line, column, value and reason; nothing is written; exit 1', () => {
  const env = freshEnv();
  const first = writeCsv(env, 'first.csv', [HEADER, generated(1, 555000001)[0]]);
  const ok = cli(env, ['import', 'members', first]);
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(ok.stdout, 'import: 1 member added, 0 rejected\n');
  const before = countMembers(env);

  const good = generated(3, 200000000);
  const bad = (changes) => { const r = [...generated(1, 300000000)[0]]; for (const [i, v] of Object.entries(changes)) r[i] = v; return r; };
  const rows = [HEADER,
    good[0],                                      // line 2
    bad({ 10: 'XX-99' }),                         // line 3: unknown cell code
    bad({ 7: '200000000' }),                      // line 4: card repeats line 2
    bad({ 7: '555000001' }),                      // line 5: card in the database
    bad({ 7: '300000005', 2: '30/02/1980' }),     // line 6: impossible date
    bad({ 7: '300000006', 5: '01/01/2005', 6: '01/01/2001' }), // line 7: official before admission
    bad({ 7: '300000007', 1: 'Khác' }),           // line 8: gender
    bad({ 7: '300000008', 10: 'SOTC' }),          // line 9: not a cell
    good[1]];                                     // line 10
  const file = writeCsv(env, 'bad.csv', rows, { bom: true });
  const r = cli(env, ['import', 'members', file]);
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stdout, 'import: 0 members added, 7 rejected\n');
  const lines = r.stderr.trim().split('\n');
  assert.deepEqual(lines.slice(0, 7), [
    'line 3, Mã chi bộ, "XX-99": unknown cell code',
    'line 4, Số thẻ đảng viên, "200000000": same card number as line 2',
    'line 5, Số thẻ đảng viên, "555000001": card number already belongs to a member in the database',
    'line 6, Ngày sinh, "30/02/1980": impossible date',
    'line 7, Ngày chính thức, "01/01/2001": official date is before the admission date',
    'line 8, Giới tính, "Khác": must be Nam or Nữ',
    'line 9, Mã chi bộ, "SOTC": not a cell: members belong to cells (chi bộ)',
  ]);
  assert.match(lines[7], /nothing was written.*--skip-invalid.*2 good/);
  assert.equal(countMembers(env), before);

  // --dry-run: the same report and exit code, nothing written.
  const dry = cli(env, ['import', 'members', file, '--dry-run']);
  assert.equal(dry.status, 1);
  assert.equal(dry.stdout, 'import: 2 members would be added, 7 rejected\n');
  assert.equal(countMembers(env), before);

  // --skip-invalid with --report: exactly the good rows are written; the report lists the rest.
  const report = env.file('rejects.csv');
  const skip = cli(env, ['import', 'members', file, '--skip-invalid', '--report', report]);
  assert.equal(skip.status, 1, skip.stderr);
  assert.equal(skip.stdout, 'import: 2 members added, 7 rejected\n');
  assert.equal(countMembers(env), before + 2);
  assert.equal(sql(env, "SELECT COUNT(*) FROM members WHERE card_number IN ('200000000', '200000001')"), '2');
  const csv = readFileSync(report, 'utf8');
  assert.ok(csv.startsWith('\uFEFFline,column,value,reason\r\n'), csv);
  const reportLines = csv.slice(1).trim().split('\r\n');
  assert.equal(reportLines.length, 8);
  assert.equal(reportLines[1], '3,Mã chi bộ,XX-99,unknown cell code');
  assert.equal(reportLines[5], '7,Ngày chính thức,01/01/2001,official date is before the admission date');

  // A re-run of the same file is rejected as duplicates, not inserted twice.
  const again = cli(env, ['import', 'members', file, '--skip-invalid']);
  assert.equal(again.status, 1);
  assert.equal(again.stdout, 'import: 0 members added, 9 rejected\n');
  assert.match(again.stderr, /line 2, Số thẻ đảng viên, "200000000": card number already belongs to a member in the database/);
  assert.equal(countMembers(env), before + 2);
  // One audit row per import (per 1000 members), each holding the records it created.
  assert.equal(sql(env, "SELECT COUNT(*) FROM audit_log WHERE action = 'member.import' AND username = 'cli'"), '2');
  assert.equal(cli(env, ['audit', 'verify']).status, 0);
});

test('--dry-run of a good file writes nothing and exits 0; plain progress lines when not a terminal', () => {
  const env = freshEnv();
  const file = writeCsv(env, 'many.csv', [HEADER, ...generated(1200)]);
  const r = cli(env, ['import', 'members', file, '--dry-run']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'import: 1200 members would be added, 0 rejected\n');
  assert.match(r.stderr, /^import: checking 10% \(\d+\/1200\)$/m);
  assert.match(r.stderr, /^import: checking 100% \(1200\/1200\)$/m);
  assert.doesNotMatch(r.stderr, /\r|\x1b/);
  assert.equal(countMembers(env), 0);
});

test('header problems refuse the file before reading rows, in one line', () => {
  const env = freshEnv();
  const missing = writeCsv(env, 'missing.csv', [['Họ và tên', 'Giới tính', 'Mã chi bộ'], ['Lê Văn An', 'Nam', 'VPDB']]);
  const r = cli(env, ['import', 'members', missing]);
  assert.equal(r.status, 1);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /missing column "Ngày sinh" \(birth_date\); missing column "Ngày vào Đảng" \(admitted_on\)/);
  const unknown = writeCsv(env, 'unknown.csv', [[...HEADER, 'Ghi chú', 'Sở thích'], [...generated(1)[0], 'x', 'y']]);
  const u = cli(env, ['import', 'members', unknown]);
  assert.equal(u.status, 1);
  assert.match(u.stderr, /unknown column "Ghi chú"; unknown column "Sở thích"/);
  const noFile = cli(env, ['import', 'members', env.file('nope.csv')]);
  assert.equal(noFile.status, 1);
  assert.match(noFile.stderr, /cannot read .*nope\.csv/);
  assert.equal(countMembers(env), 0);
});

test('--org is the default cell and bounds the import to its subtree', () => {
  const env = freshEnv();
  const sotc = orgId(env, 'SOTC');
  const ns = orgId(env, 'SOTC-NS');
  const noCode = generated(2).map((row) => row.slice(0, 10));
  const file = writeCsv(env, 'nocode.csv', [HEADER.slice(0, 10), ...noCode]);
  const r = cli(env, ['import', 'members', file, '--org', ns]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(sql(env, `SELECT COUNT(*) FROM members WHERE org_id = ${ns}`), '2');

  const rows = generated(3, 400000000);
  rows[0][10] = 'SOTC-VP';
  rows[1][10] = 'VPDB';
  rows[2][10] = '';
  const mixed = writeCsv(env, 'mixed.csv', [HEADER, ...rows]);
  const m = cli(env, ['import', 'members', mixed, '--org', sotc, '--dry-run']);
  assert.equal(m.status, 1);
  assert.match(m.stderr, new RegExp(`line 3, Mã chi bộ, "VPDB": cell is outside organization ${sotc} \\(--org\\)`));
  assert.match(m.stderr, /line 4, Mã chi bộ, "": no cell code, and --org \d+: not a cell/);
  const none = cli(env, ['import', 'members', mixed, '--org', '987654']);
  assert.equal(none.status, 1);
  assert.match(none.stderr, /no organization with id 987654/);
});

test('export, then import into a second database (XLSX), gives back the same members', () => {
  const a = freshEnv();
  const source = writeCsv(a, 'members.csv', [HEADER, ...generated(50)], { bom: true });
  const imported = cli(a, ['import', 'members', source]);
  assert.equal(imported.status, 0, imported.stderr);
  assert.equal(imported.stdout, 'import: 50 members added, 0 rejected\n');

  const xlsx = a.file('export.xlsx');
  const ex = cli(a, ['export', 'members', '-o', xlsx]);
  assert.equal(ex.status, 0, ex.stderr);
  assert.equal(ex.stdout, `export: 50 members written to ${xlsx}\n`);
  assert.equal(readFileSync(xlsx).subarray(0, 2).toString(), 'PK');

  const b = freshEnv();
  const back = cli(b, ['import', 'members', xlsx]);
  assert.equal(back.status, 0, back.stderr);
  assert.equal(back.stdout, 'import: 50 members added, 0 rejected\n');

  const csvA = a.file('a.csv');
  const csvB = b.file('b.csv');
  assert.equal(cli(a, ['export', 'members', '-o', csvA]).status, 0);
  assert.equal(cli(b, ['export', 'members', '-o', csvB]).status, 0);
  const textA = readFileSync(csvA, 'utf8');
  assert.equal(textA, readFileSync(csvB, 'utf8'));
  const lines = textA.slice(1).trim().split('\r\n');
  assert.equal(lines.length, 51);
  assert.equal(lines[0], 'Họ và tên,Giới tính,Ngày sinh,Dân tộc,Quê quán,Ngày vào Đảng,Ngày chính thức,Số thẻ đảng viên,'
    + 'Chức vụ Đảng,Chức vụ chính quyền,Số CCCD,Số điện thoại,Mã chi bộ');
  assert.match(textA, /\r\nNguyễn Văn An,Nam,01\/01\/1960,Tày,"Hà Tĩnh, Việt Nam",01\/06\/1995,01\/06\/1996,100000000,Bí thư chi bộ,"Chuyên viên ""chính""",,,SOTC-NS\r\n/);
  // The statuses came back too: official when the official date is there.
  const statuses = (env) => sql(env, "SELECT status || ':' || COUNT(*) FROM members GROUP BY status ORDER BY status");
  assert.equal(statuses(a), statuses(b));

  // --org exports one subtree.
  const sotc = a.file('sotc.csv');
  assert.equal(cli(a, ['export', 'members', '--org', orgId(a, 'SOTC'), '-o', sotc]).status, 0);
  const sotcLines = readFileSync(sotc, 'utf8').trim().split('\r\n').slice(1);
  assert.ok(sotcLines.length > 0 && sotcLines.every((l) => /,SOTC-(NS|VP)$/.test(l)), sotcLines.join('\n'));
});
