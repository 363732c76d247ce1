import { expect } from '@jest/globals';
import axe from 'axe-core';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

// The functions given to page.evaluate run in the browser; this project compiles without the DOM library.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare const window: any;
declare function getComputedStyle(element: any): any;
type HTMLElement = any;
type HTMLAnchorElement = any;

/** Debian's chromium package: never a downloaded browser build (.ci/run installs the package when it is missing). */
export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Screenshots are kept as test artefacts (gitignored). */
export const ARTIFACTS = resolve(process.cwd(), 'test-artifacts');

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's package (apt-get install -y chromium); the tests never download a browser`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** A page as the crawl found it: its status, its whole HTML and its visible text. */
export type CrawledPage = Readonly<{ url: string; status: number; html: string; text: string; links: readonly string[] }>;

/**
 * Every page reachable from `start` by same-origin links, each once (fragments aside). Fails on a
 * page that does not answer 200, on any resource (stylesheet, font, script) that fails to load, on
 * a console error (a CSP violation is one), and on a link to a #fragment the target page lacks.
 */
export async function crawl(browser: Browser, start: string, visit: (page: Page, crawled: CrawledPage) => Promise<void>): Promise<CrawledPage[]> {
  const origin = new URL(start).origin;
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400 && response.request().resourceType() !== 'document') problems.push(`${response.status()} ${response.url()}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));

  const crawled: CrawledPage[] = [];
  const seen = new Set<string>([start]);
  const fragments: { url: string; id: string; from: string }[] = [];
  const queue = [start];
  try {
    while (queue.length > 0) {
      const url = queue.shift()!;
      const response = await page.goto(url, { waitUntil: 'load' });
      const links = await page.$$eval('a[href]', (anchors) => anchors.map((a: HTMLAnchorElement) => a.href as string));
      const found: CrawledPage = { url, status: response?.status() ?? 0, html: await page.content(), text: await page.innerText('body'), links };
      expect({ url, status: found.status }).toEqual({ url, status: 200 });
      crawled.push(found);
      await visit(page, found);
      for (const link of links) {
        const target = new URL(link);
        expect({ from: url, link, origin: target.origin }).toEqual({ from: url, link, origin });
        if (target.hash.length > 1) fragments.push({ url: target.href.split('#')[0]!, id: decodeURIComponent(target.hash.slice(1)), from: url });
        target.hash = '';
        if (!seen.has(target.href)) {
          seen.add(target.href);
          queue.push(target.href);
        }
      }
    }
    const byPage = new Map<string, typeof fragments>();
    for (const fragment of fragments) byPage.set(fragment.url, [...(byPage.get(fragment.url) ?? []), fragment]);
    for (const [url, wanted] of byPage) {
      await page.goto(url);
      for (const { id, from } of wanted) {
        expect({ from, url, id, exists: await page.evaluate((target) => document.getElementById(target) !== null, id) }).toEqual({ from, url, id, exists: true });
      }
    }
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
  return crawled;
}

/** Serious and critical axe-core violations of the page: none is the bar. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the debugging protocol, so the page's Content-Security-Policy need not allow it.
  await page.evaluate(axe.source);
  const results = await page.evaluate(() =>
    (window.axe as typeof axe).run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } }),
  );
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

/**
 * Presses Tab until focus comes round again, and returns the focusable elements it never reached
 * (links, buttons, form controls, anything with a tabindex ≥ 0, when shown).
 */
export async function unreachableByKeyboard(page: Page): Promise<string[]> {
  const count = await page.evaluate(() => {
    const focusable = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')].filter(
      (element) => element.tabIndex >= 0 && !element.hasAttribute('disabled') && element.getClientRects().length > 0 && getComputedStyle(element).visibility !== 'hidden',
    );
    focusable.forEach((element: HTMLElement, index: number) => element.setAttribute('data-tab-check', String(index)));
    (document.activeElement as HTMLElement | null)?.blur();
    return focusable.length;
  });
  const reached = new Set<string>();
  for (let press = 0; press < count + 5; press++) {
    await page.keyboard.press('Tab');
    const index = await page.evaluate(() => document.activeElement?.getAttribute('data-tab-check') ?? null);
    if (index !== null) reached.add(index);
  }
  return page.evaluate(
    (reachedIndexes) =>
      [...document.querySelectorAll('[data-tab-check]')]
        .filter((element) => !reachedIndexes.includes(element.getAttribute('data-tab-check')!))
        .map((element) => `${element.tagName.toLowerCase()} "${element.textContent?.trim().slice(0, 60)}"`),
    [...reached],
  );
}

/** A file name for a page's screenshot: its path, made safe. */
export function screenshotPath(folder: string, url: string): string {
  mkdirSync(join(ARTIFACTS, folder), { recursive: true });
  const { pathname, search } = new URL(url);
  const name = `${pathname}${search}`.replace(/^\/+/, '').replace(/[^a-zA-Z0-9-]+/g, '_').slice(0, 150) || 'index';
  return join(ARTIFACTS, folder, `${name}.png`);
}
