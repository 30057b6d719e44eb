// Accessibility and markup checks for the browser tests. Every HTML page a watched browser page receives (GET or
// POST, 200 or an error page) is checked twice, apart from the test's own page so that the test cannot navigate
// away in the middle of a check:
// - html-validate (recommended preset, configured by .htmlvalidate.json at the top of the repository) on the
//   HTML exactly as served;
// - axe-core (WCAG 2.0/2.1 A and AA plus best practices) in a separate checking page of the same width, which
//   renders that same HTML with the site's CSS: once as served, then once more on the content of the <details>
//   that were closed, opened (tree branches, the phone menu, change tables).
// Usage: `checks = new PageChecks(browser)` in before(), `checks.watch(page)` on every page a test opens,
// `afterEach(() => checks.assertClean())`, `checks.close()` in after(). assertClean() fails the test with one
// line per finding: the tool, the rule id, the target selector and the URLs where it was seen.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { HtmlValidate, FileSystemConfigLoader } from 'html-validate';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const AXE_OPTIONS = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  resultTypes: ['violations'],
};

export class PageChecks {
  constructor(browser) {
    this.browser = browser;
    this.validator = new HtmlValidate(new FileSystemConfigLoader());
    this.checkers = new Map();  // viewport width -> { context, page }
    this.queue = Promise.resolve();
    this.findings = new Map();  // "tool rule target: message" -> Set of "URL (width)"
    this.served = null;  // the page the checking page is showing: { url, status, type, html }
    this.seen = new Map();  // width + hash of the HTML -> the findings it gave (the same page again gives the same)
    this.stats = { pages: 0, checked: 0, ms: 0 };
  }

  // Checks every HTML document that `page`'s main frame receives from now on.
  watch(page) {
    const width = page.viewportSize()?.width ?? 1280;
    // A test may close its context right after the last page loaded: the bodies are read before it closes.
    const bodies = new Set();
    const context = page.context();
    const close = context.close.bind(context);
    context.close = async (...args) => {
      await Promise.allSettled([...bodies]);
      return close(...args);
    };
    page.on('response', (response) => {
      const request = response.request();
      if (request.resourceType() !== 'document' || request.frame() !== page.mainFrame()) return;
      const status = response.status();
      const type = response.headers()['content-type'] || '';
      if ((status >= 300 && status < 400) || !type.startsWith('text/html')) return;
      // The body is asked for at once: the browser may drop it after the next navigation.
      const body = response.text();
      bodies.add(body);
      body.catch(() => {}).finally(() => bodies.delete(body));
      const url = response.url();
      this.queue = this.queue.then(async () => {
        let html;
        try {
          html = await body;
        } catch (e) {
          // The test moved on to the next page before the browser handed this one's body over (a page
          // answered from the page cache is quick to leave): that load is not checked, the next one is.
          if (/navigated away|No resource with given identifier/.test(e.message)) {
            this.stats.unread = (this.stats.unread ?? 0) + 1;
            return;
          }
          this.add(`${url} (${width}px)`, `page-checks: could not read the served HTML: ${e.message}`);
          return;
        }
        await this.check({ url, status, type, html }, width);
      });
    });
  }

  // Waits for the pending checks and fails with every finding since the last call.
  async assertClean() {
    await this.queue;
    const findings = [...this.findings].map(([what, where]) => {
      const urls = [...where];
      return `${what}\n    on ${urls.slice(0, 4).join(', ')}${urls.length > 4 ? ` and ${urls.length - 4} more` : ''}`;
    });
    this.findings.clear();
    if (findings.length) throw new Error(`${findings.length} accessibility or markup finding(s):\n  ${findings.join('\n  ')}`);
  }

  async close() {
    await this.queue.catch(() => {});
    const { pages, checked, ms } = this.stats;
    const unread = this.stats.unread ? `, ${this.stats.unread} left before their body was read` : '';
    process.stderr.write(`page checks: ${pages} pages, ${checked} distinct${unread}, ${(ms / 1000).toFixed(1)} s checking\n`);
    for (const { context } of this.checkers.values()) await context.close();
  }

  add(where, what) {
    if (!this.findings.has(what)) this.findings.set(what, new Set());
    this.findings.get(what).add(where);
  }

  async check(served, width) {
    const where = `${served.url} (${width}px)`;
    this.stats.pages++;
    const key = `${width} ${createHash('sha256').update(served.html).digest('hex')}`;
    if (this.seen.has(key)) {
      for (const [what, suffix] of this.seen.get(key)) this.add(where + suffix, what);
      return;
    }
    const found = [];
    this.seen.set(key, found);
    this.stats.checked++;
    const started = performance.now();
    const add = (what, suffix = '') => { found.push([what, suffix]); this.add(where + suffix, what); };
    try {
      const report = await this.validator.validateString(served.html, `${repoRoot}served.html`);
      for (const result of report.results) {
        for (const m of result.messages) {
          add(`html-validate ${m.ruleId} ${m.selector ?? `line ${m.line}:${m.column}`}: ${m.message}`);
        }
      }
      const page = await this.checker(width);
      this.served = served;
      await page.goto(served.url, { waitUntil: 'load' });
      await page.evaluate(axeSource);
      for (const opened of [false, true]) {
        const results = await page.evaluate(async ([options, opened]) => {
          let context = document;
          if (opened) {  // the second pass checks only what the opened <details> show, which is what is new
            const closed = [...document.querySelectorAll('details:not([open])')];
            if (!closed.length) return [];
            for (const d of closed) d.open = true;
            context = { include: closed };
          }
          const r = await window.axe.run(context, options);
          return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
        }, [AXE_OPTIONS, opened]);
        for (const v of results) {
          for (const target of v.targets) add(`axe ${v.id} (${v.impact}) ${target}: ${v.help}`, opened ? ' with <details> opened' : '');
        }
      }
    } catch (e) {
      add(`page-checks: the check failed: ${e.message}`);
    }
    this.stats.ms += performance.now() - started;
  }

  // The checking page for one width: its document requests are answered with the HTML being checked; the
  // style sheet, script and icon come from the server.
  async checker(width) {
    if (!this.checkers.has(width)) {
      const context = await this.browser.newContext({ viewport: { width, height: width < 500 ? 800 : 900 }, locale: 'vi-VN' });
      await context.route(() => true, (route) => {
        const request = route.request();
        if (request.resourceType() !== 'document') return route.continue();
        const { status, type, html } = this.served;
        return route.fulfill({ status, contentType: type, body: html });
      });
      this.checkers.set(width, { context, page: await context.newPage() });
    }
    return this.checkers.get(width).page;
  }
}
