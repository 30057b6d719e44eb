// XLSX bombs (issue [5/12], "holes found by probing"): a small upload whose sheet inflates to hundreds of MiB
// used to be inflated whole and parsed into a DOM — a 200 KB file took the server from 25 MB to 3.4 GB. The
// sheet is now streamed with limits checked while reading; this measures the peak memory (VmHWM / ru_maxrss)
// of the import command and of the server taking the upload, and checks the refusal says why.
//
// Figures (ASan debug build, 2026-12-07, the 198 MiB "cells" bomb, `import members --dry-run`): before, the
// process passed 4.3 GB (4,386,452 kB peak RSS when stopped after 15 minutes, still parsing); now it is refused
// after 2,000,000 cells at 262 MB peak (the same process importing a 1,000-row sheet: 139 MB, so the bomb costs
// about 125 MB, the 2 million cells kept). The server taking the same upload: below.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startServer, Client, BIN } from '../lib/harness.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// Memory a bomb may cost, in MB: the import process's peak resident memory above the same command's on a
// one-line file, and the growth of a running server's peak while it takes the bomb. Measured as growth, not
// as a whole peak: a sanitized binary's own pages grow with its code (the PIE relocations touch every page
// of its 60+ MB of sanitizer data at load: the small import went from 172 to 195 MB with the report
// feature, the bomb's cost stayed 120 MB). ASan's quarantine (freed memory it holds back, 256 MB by
// default) is cut to 8 MB: it is not the program's memory.
const IMPORT_GROWTH_BOUND_MB = 160;
const SERVER_GROWTH_BOUND_MB = 200;
process.env.ASAN_OPTIONS = 'detect_leaks=0:quarantine_size_mb=8';

let dir;
const bombs = {};
before(() => {
  dir = mkdtempSync(join(process.env.DANGVU_TEST_TMP || tmpdir(), 'dv-bomb-'));
  // cells: 198 MiB of 100-cell rows (about 13 million cells) in a 640 KB file; shared: one 32,000-character
  // shared string copied into every cell of a 20 MiB sheet; nest: 50 MiB of nested elements in one cell.
  for (const [kind, mib] of [['cells', 198], ['shared', 20], ['nest', 50]]) {
    bombs[kind] = join(dir, `${kind}.xlsx`);
    const r = spawnSync('python3', [join(ROOT, 'scripts', 'xlsx-bomb.py'), bombs[kind], kind, String(mib)], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  }
  assert.ok(readFileSync(bombs.cells).length < 1 << 20, 'the bomb is small');
});
after(() => { rmSync(dir, { recursive: true, force: true }); });

// The import command under /usr/bin/time: exit status, stderr, peak RSS in MB.
function importPeak(file) {
  const data = mkdtempSync(join(dir, 'data-'));
  const r = spawnSync('/usr/bin/time', ['-f', 'peak_kb=%M', BIN, '--data', data, 'import', 'members', file, '--dry-run'],
    { encoding: 'utf8', env: { ...process.env } });
  const m = r.stderr.match(/peak_kb=(\d+)/);
  assert.ok(m, r.stderr);
  return { status: r.status, stderr: r.stderr.replace(/peak_kb=\d+\n?/, ''), peakMb: Number(m[1]) / 1024 };
}

test('the import command refuses each bomb while reading, within bounded memory', () => {
  const small = join(dir, 'one.csv');
  writeFileSync(small, 'ho_ten\nNguyễn Văn An\n');
  const base = importPeak(small).peakMb;
  const expected = {
    cells: /has more than 2000000 cells/,
    shared: /holds over 64 MiB of cell text/,
    nest: /nests too deep/,
  };
  for (const kind of Object.keys(expected)) {
    const r = importPeak(bombs[kind]);
    console.log(`${kind} bomb: exit ${r.status}, peak ${r.peakMb.toFixed(1)} MB (one line: ${base.toFixed(1)} MB)`);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, expected[kind]);
    assert.ok(r.peakMb - base < IMPORT_GROWTH_BOUND_MB, `${kind}: peak ${r.peakMb.toFixed(1)} MB, ${base.toFixed(1)} MB for one line`);
  }
});

test('the server refuses an uploaded bomb in Vietnamese, its peak memory stays bounded, and it keeps answering', async () => {
  const server = await startServer();
  try {
    const peakMb = () => Number(readFileSync(`/proc/${server.proc.pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/)[1]) / 1024;
    const office = new Client(server);
    await office.login('vanphong');
    const start = peakMb();
    const form = new FormData();
    form.append('_csrf', office.csrf);
    form.append('dry_run', '1');
    form.append('file', new Blob([readFileSync(bombs.cells)]), 'bom.xlsx');
    const r = await office.request('POST', '/members/import', { body: form, csrf: false });
    assert.ok(r.status >= 400 && r.status < 500, `status ${r.status}`);
    assert.match(r.text, /Tệp quá lớn/);
    const grown = peakMb() - start;
    console.log(`server: peak ${start.toFixed(1)} MB before, ${peakMb().toFixed(1)} MB after the upload`);
    assert.ok(grown < SERVER_GROWTH_BOUND_MB, `the server grew by ${grown.toFixed(1)} MB`);
    const t0 = Date.now();
    const health = await fetch(server.base + '/healthz');
    assert.equal(health.status, 200);
    assert.ok(Date.now() - t0 < 2000);
  } finally {
    await server.stop();
  }
});
