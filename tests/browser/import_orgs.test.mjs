// Browser test of the organization import: an admin opens it from the tree page, uploads a file with two bad
// rows, sees both rows named with their reasons, fixes the file, uploads it again and sees the new units in the
// tree. Screenshots at 360 and 1280 px into build/screenshots/ (import-orgs-*.png).
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer, DEMO_PASSWORD } from '../lib/harness.mjs';
import { PageChecks } from '../lib/page_checks.mjs';

const shots = fileURLToPath(new URL('../../build/screenshots/', import.meta.url));
let server;
let browser;
let checks;  // axe-core and html-validate on every page the test opens (tests/lib/page_checks.mjs)

before(async () => {
  mkdirSync(shots, { recursive: true });
  server = await startServer();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  checks = new PageChecks(browser);
});

afterEach(() => checks.assertClean());

after(async () => {
  await checks?.close();
  await browser?.close();
  await server?.stop();
});

// A CSV as Excel writes it in a Vietnamese locale: ';' between cells, a BOM.
const csv = (rows) => Buffer.from('\uFEFF' + rows.map((r) => r.join(';')).join('\r\n') + '\r\n', 'utf8');
const HEADER = ['STT', 'Mã tổ chức', 'Tên tổ chức', 'Loại tổ chức', 'Mã tổ chức cấp trên', 'Ngày thành lập'];

for (const width of [360, 1280]) {
  test(`an admin imports organizations at ${width}px: two bad rows named, fixed, then the tree`, async () => {
    const context = await browser.newContext({ viewport: { width, height: width < 500 ? 800 : 900 }, locale: 'vi-VN' });
    const page = await context.newPage();
    checks.watch(page);
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('response', (r) => {
      if (r.status() >= 400 && r.request().resourceType() !== 'document') problems.push(`${r.status()} ${r.url()}`);
    });

    await page.goto(server.base + '/');
    await page.getByLabel('Tên đăng nhập').fill('admin');
    await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(server.base + '/');
    await page.goto(server.base + '/orgs');
    await page.getByRole('link', { name: 'Nhập danh sách tổ chức từ tệp' }).click();
    await page.waitForURL(server.base + '/orgs/import');

    const p = `W${width}`;  // codes of this run
    const rows = [
      ['1', `${p}-CB1`, 'Chi bộ Phòng Kế hoạch', 'Chi bộ trực thuộc', `${p}-DB`, ''],
      ['2', `${p}-DB`, `Đảng bộ Ban Quản lý dự án ${width}`, 'Đảng bộ cơ sở', 'DBUB', '31/02/2026'],
      ['3', `${p}-CB2`, 'Chi bộ Phòng Tài vụ', 'Đảng bộ cơ sở', `${p}-CB1`, ''],
    ];
    await page.getByLabel('Kiểm tra trước, chưa ghi').uncheck();
    await page.getByLabel('Tệp danh sách tổ chức').setInputFiles({ name: 'to-chuc.csv', mimeType: 'text/csv', buffer: csv([HEADER, ...rows]) });
    await page.getByRole('button', { name: 'Nhập danh sách tổ chức' }).click();
    await page.waitForLoadState();
    await assert.doesNotReject(page.getByText('Chưa ghi gì vì có 2 dòng lỗi').waitFor());
    const cells = await page.locator('table.stack tbody').first().locator('tr').evaluateAll(
      (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())));
    assert.deepEqual(cells, [
      ['3', 'Ngày thành lập', '31/02/2026', 'ngày không có thật'],
      ['4', 'Loại tổ chức', 'Đảng bộ cơ sở', 'Đảng bộ cơ sở không thể trực thuộc Chi bộ trực thuộc'],
    ]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the report overflows by ${overflow}px`);
    await page.screenshot({ path: join(shots, `import-orgs-rejects-${width}.png`), fullPage: true });

    rows[1][5] = '28/02/2026';  // the demo's DBUB stands from 1/6/2025
    rows[2][3] = 'Tổ đảng';
    await page.getByLabel('Kiểm tra trước, chưa ghi').uncheck();
    await page.getByLabel('Tệp danh sách tổ chức').setInputFiles({ name: 'to-chuc.csv', mimeType: 'text/csv', buffer: csv([HEADER, ...rows]) });
    await page.getByRole('button', { name: 'Nhập danh sách tổ chức' }).click();
    await page.waitForURL(server.base + '/orgs?expand=all');
    await assert.doesNotReject(page.getByText('Đã nhập danh sách tổ chức.').waitFor());
    for (const name of [`Đảng bộ Ban Quản lý dự án ${width}`, 'Chi bộ Phòng Kế hoạch', 'Chi bộ Phòng Tài vụ'])
      assert.equal(await page.getByRole('link', { name }).first().isVisible(), true, name);
    await page.getByRole('link', { name: `Đảng bộ Ban Quản lý dự án ${width}` }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, `import-orgs-tree-${width}.png`), fullPage: false });
    assert.deepEqual(problems, []);
    await context.close();
  });
}
