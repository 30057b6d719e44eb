// The OpenAPI document the server generates from its route table passes `@redocly/cli lint` with the
// recommended rules (redocly.yaml at the top of the repository), with no error. Runs offline.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../lib/harness.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let server;
before(async () => { server = await startServer({ seed: false }); });
after(async () => { await server?.stop(); });

test('redocly lint (recommended rules): 0 errors', async () => {
  const res = await fetch(server.base + '/api/v1/openapi.json');
  assert.equal(res.status, 200);
  const file = join(server.dataDir, 'openapi.json');
  writeFileSync(file, await res.text());
  const cli = join(ROOT, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
  const r = spawnSync(process.execPath, [cli, 'lint', '--config', join(ROOT, 'redocly.yaml'), '--format', 'json', file], {
    encoding: 'utf8', env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    timeout: 240000,
  });
  let report;
  try { report = JSON.parse(r.stdout); } catch { assert.fail(`redocly printed no report (status ${r.status}): ${r.stderr}`); }
  const errors = report.problems.filter((p) => p.severity === 'error')
    .map((p) => `${p.ruleId}: ${p.message} at ${p.location?.[0]?.pointer}`);
  assert.deepEqual(errors, [], errors.join('\n'));
  assert.equal(r.status, 0, r.stderr);
});
