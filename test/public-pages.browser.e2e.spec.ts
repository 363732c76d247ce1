import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { ApiProcess, newDataDir } from './support/api-process.js';
import { ARTIFACTS, crawl, launchChromium, screenshotPath, seriousViolations, unreachableByKeyboard, type CrawledPage } from './support/browser.js';
import { MARKERS, PUBLISHED, SEEDED_NOW, seedPublicPages, type SeededPublicPages } from './support/public-pages-seed.js';

/**
 * The public pages in a real headless browser (Debian's chromium, driven by playwright-core), over a
 * partnership seeded through the event store port with published data and, beside it, everything a
 * public page must never show.
 */
describe('public pages in a browser', () => {
  let api: ApiProcess;
  let browser: Browser;
  let seeded: SeededPublicPages;
  let base: string;
  let pages: CrawledPage[] = [];
  const accessibility = new Map<string, string[]>();
  const keyboard = new Map<string, string[]>();

  beforeAll(async () => {
    // This run's screenshots only.
    rmSync(join(ARTIFACTS, 'public-pages'), { recursive: true, force: true });
    const dataDir = newDataDir();
    seeded = await seedPublicPages(dataDir);
    api = await ApiProcess.start({ dataDir, env: { LEDGER_CLOCK_NOW: SEEDED_NOW } });
    base = api.url.replace(/\/graphql$/, '');
    browser = await launchChromium();
    // One crawl from the index: every page it reaches is checked for axe, keyboard reach and a screenshot.
    pages = await crawl(browser, `${base}/public`, async (page, found) => {
      await page.screenshot({ path: screenshotPath('public-pages', found.url), fullPage: true });
      accessibility.set(found.url, await seriousViolations(page));
      keyboard.set(found.url, await unreachableByKeyboard(page));
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  const pathsOf = () => pages.map((page) => new URL(page.url).pathname + new URL(page.url).search);

  it('reaches every kind of page from the index, and every link on every page resolves', () => {
    const paths = pathsOf();
    expect(paths).toEqual(
      expect.arrayContaining([
        '/public',
        `/public/partnerships/${seeded.partnershipId}`,
        `/public/commitments/${seeded.commitmentId}`,
        `/public/organisations/${seeded.councilId}?partnership=${seeded.partnershipId}`,
        `/public/organisations/${seeded.trustId}?partnership=${seeded.partnershipId}`,
        ...seeded.meetingIds.map((id) => `/public/meetings/${id}`),
      ]),
    );
  });

  it('finds no serious or critical accessibility violation on any page', () => {
    expect(pages.length).toBeGreaterThan(5);
    expect(Object.fromEntries(accessibility)).toEqual(Object.fromEntries(pages.map((page) => [page.url, []])));
  });

  it('reaches every link and control with the Tab key', () => {
    expect(Object.fromEntries(keyboard)).toEqual(Object.fromEntries(pages.map((page) => [page.url, []])));
  });

  it('shows what was published, with when it was published', () => {
    const all = pages.map((page) => page.text).join('\n');
    for (const text of [PUBLISHED.partnership, PUBLISHED.publishedUpdate, PUBLISHED.automaticUpdate, PUBLISHED.publicItem, PUBLISHED.returnThisYear, PUBLISHED.returnLastYear, PUBLISHED.indicator, PUBLISHED.officeTitle]) {
      expect({ text, shown: all.includes(text) }).toEqual({ text, shown: true });
    }
    const commitment = pages.find((page) => page.url.endsWith(`/public/commitments/${seeded.commitmentId}`))!;
    expect(commitment.text).toMatch(/Published\s+11 March 2020/);
    // The council's action reads ON_TRACK: its later OFF_TRACK update was never published.
    expect(commitment.text).toMatch(/Run a Mental Health Friendly City campaign[\s\S]*On track/);
    expect(commitment.text).not.toContain('Off track');
    // The indicator: an SVG chart, and the same points in a table (the corrected reading replaces the first).
    expect(commitment.html).toMatch(/<svg[^>]*role="img"/);
    expect(commitment.text).toMatch(/Baseline\s+2020-04-01\s+40/);
    expect(commitment.text).toMatch(/Reading \(corrected\)\s+2021-04-01\s+52\.5/);
    expect(commitment.text).toMatch(/Target\s+2022-03-31\s+60/);
    expect(commitment.text).not.toMatch(/2021-04-01\s+50\b/);
  });

  it('shows what changed since the previous meeting, and each year’s return beside the year before', () => {
    const july = pages.find((page) => page.url.endsWith(`/public/meetings/${seeded.meetingIds[1]}`))!;
    expect(july.text).toContain('What changed since the previous meeting');
    expect(july.text).toContain(PUBLISHED.publishedUpdate);
    expect(july.text).not.toContain(PUBLISHED.automaticUpdate);
    const partnership = pages.find((page) => page.url.endsWith(`/public/partnerships/${seeded.partnershipId}`))!;
    expect(partnership.text).toMatch(/What changed since the last meeting[\s\S]*15 July 2021[\s\S]*Recruitment of the community champions/);
    const council = pages.find((page) => page.url.includes(`/public/organisations/${seeded.councilId}`))!;
    expect(council.text).toMatch(/2021 return[\s\S]*Champions recruited in every ward[\s\S]*2020 \(the year before\)[\s\S]*The campaign was planned with the VCSE sector/);
  });

  // Hostile: a commitment titled with a script is shown as text and never runs.
  it('escapes a commitment title that holds a script', async () => {
    const commitment = pages.find((page) => page.url.endsWith(`/public/commitments/${seeded.commitmentId}`))!;
    expect(commitment.text).toContain(PUBLISHED.hostileTitle);
    expect(commitment.html).not.toContain('<script>window.__pwned');
    expect(commitment.html).toContain('&lt;script&gt;window.__pwned');
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(commitment.url);
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    await context.close();
  });

  it('never shows anything unpublished, private or personal on any public route', async () => {
    const seededIds = Object.values(seeded).flat();
    // Every route with every id the seed made (published or not), as well as every page the crawl found.
    const routes = [
      ...pathsOf(),
      ...seededIds.flatMap((id) => ['partnerships', 'commitments', 'organisations', 'meetings'].map((kind) => `/public/${kind}/${id}`)),
      `/public/organisations/${seeded.councilId}?partnership=${seeded.hiddenPartnershipId}`,
      '/public/no-such-page',
      // Hostile: an id far longer than any real one.
      `/public/commitments/${'x'.repeat(5000)}`,
    ];
    const answers = await Promise.all(routes.map(async (path) => ({ path, response: await fetch(`${base}${path}`) })));
    const bodies = await Promise.all(answers.map(async ({ path, response }) => ({ path, status: response.status, body: await response.text() })));
    const leaks = bodies.flatMap(({ path, body }) => Object.values(MARKERS).filter((marker) => body.includes(marker)).map((marker) => `${path}: ${marker}`));
    const rendered = pages.flatMap(({ url, html }) => Object.values(MARKERS).filter((marker) => html.includes(marker)).map((marker) => `${url}: ${marker}`));
    expect([...leaks, ...rendered]).toEqual([]);
    // Unpublished things, and the partnership without public pages, are simply not found.
    for (const path of [
      `/public/commitments/${seeded.unpublishedCommitmentId}`,
      `/public/commitments/${seeded.hiddenCommitmentId}`,
      `/public/partnerships/${seeded.hiddenPartnershipId}`,
      `/public/meetings/${seeded.unpublishedMeetingId}`,
      `/public/organisations/${seeded.councilId}?partnership=${seeded.hiddenPartnershipId}`,
      '/public/no-such-page',
    ]) {
      const answer = bodies.find((body) => body.path === path)!;
      expect({ path, status: answer.status, notFoundPage: answer.body.includes('Page not found') }).toEqual({ path, status: 404, notFoundPage: true });
    }
    // Every answer is either a page or the 404 page: nothing else (no JSON error, no 500).
    expect(bodies.filter(({ status }) => status !== 200 && status !== 404).map(({ path, status }) => `${path}: ${status}`)).toEqual([]);
  });
});
