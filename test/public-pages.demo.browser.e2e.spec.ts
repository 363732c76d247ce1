import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import {
  actionInstances,
  ANNUAL_RETURNS,
  COMMITMENTS,
  historyOf,
  isUpdatePublished,
  MEETINGS,
  ORGANISATIONS,
  PAIRINGS,
  PARTNERSHIPS,
  PUBLIC_PARTNERSHIPS,
  SEATS,
} from '../apps/cli/src/demo/demo-data.js';
import { ApiProcess, newDataDir, runCli, TEST_JWT_SECRET } from './support/api-process.js';
import { ARTIFACTS, crawl, launchChromium, screenshotPath, seriousViolations, unreachableByKeyboard, type CrawledPage } from './support/browser.js';

/** The demo's "today" while its pages are read: the Monday after the framework's deadline. */
const TODAY = '2021-11-01';
const FOLDER = 'public-pages-demo';

/**
 * The demo partnership's public pages (`npm run -s cli -- demo`) in Debian's chromium: LLR and the
 * Leicester board have public pages, with some of their records still unpublished, a private minute
 * item, and a draft annual return; Leeds and Northamptonshire have none.
 */
describe('the demo partnership’s public pages in a browser', () => {
  const dataDir = newDataDir();
  let api: ApiProcess;
  let browser: Browser;
  let base: string;
  let pages: CrawledPage[] = [];
  const partnershipIds = new Map<string, string>();
  const accessibility = new Map<string, string[]>();
  const keyboard = new Map<string, string[]>();

  beforeAll(async () => {
    rmSync(join(ARTIFACTS, FOLDER), { recursive: true, force: true });
    const loaded = await runCli(['demo'], { LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: TEST_JWT_SECRET });
    if (loaded.code !== 0) throw new Error(`cli demo failed (${loaded.code}): ${loaded.stderr}`);
    api = await ApiProcess.start({ dataDir, env: { LEDGER_CLOCK_NOW: `${TODAY}T12:00:00Z` } });
    base = api.url.replace(/\/graphql$/, '');
    const { data } = await api.graphql<{ partnerships: { nodes: { id: string; name: string }[] } }>('{ partnerships(first: 100) { nodes { id name } } }', {}, await api.adminToken());
    for (const partnership of PARTNERSHIPS) partnershipIds.set(partnership.key, data!.partnerships.nodes.find((node) => node.name === partnership.name)!.id);
    browser = await launchChromium();
    pages = await crawl(browser, `${base}/public`, async (page, found) => {
      await page.screenshot({ path: screenshotPath(FOLDER, found.url), fullPage: true });
      accessibility.set(found.url, await seriousViolations(page));
      keyboard.set(found.url, await unreachableByKeyboard(page));
    });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  it('has pages for the partnerships with public pages, and every link on every page resolves', () => {
    const paths = pages.map((page) => new URL(page.url).pathname);
    for (const key of PUBLIC_PARTNERSHIPS) expect(paths).toContain(`/public/partnerships/${partnershipIds.get(key)}`);
    for (const partnership of PARTNERSHIPS.filter((p) => !PUBLIC_PARTNERSHIPS.includes(p.key))) expect(paths).not.toContain(`/public/partnerships/${partnershipIds.get(partnership.key)}`);
    for (const kind of ['commitments', 'organisations', 'meetings']) expect(paths.some((path) => path.startsWith(`/public/${kind}/`))).toBe(true);
  });

  it('finds no serious or critical accessibility violation, and Tab reaches every link and control, on every page', () => {
    expect(Object.fromEntries(accessibility)).toEqual(Object.fromEntries(pages.map((page) => [page.url, []])));
    expect(Object.fromEntries(keyboard)).toEqual(Object.fromEntries(pages.map((page) => [page.url, []])));
  });

  it('shows the published records: commitments, reviewed updates, the public minutes, the returns beside the year before', () => {
    const all = pages.map((page) => page.text).join('\n');
    for (const commitment of COMMITMENTS.filter((c) => PUBLIC_PARTNERSHIPS.includes(c.partnership))) expect(all).toContain(commitment.title);
    const published = ANNUAL_RETURNS.filter((r) => r.published).flatMap((r) => r.entries.map((entry) => entry.whatHasHappened));
    for (const text of published) expect(all).toContain(text);
    // Each action's latest reviewed update is on its commitment's page.
    const latestPublished = actionInstances()
      .filter(({ action }) => action.commitment && PUBLIC_PARTNERSHIPS.includes(COMMITMENTS.find((c) => c.key === action.commitment)!.partnership))
      .flatMap((instance) => historyOf(instance).updates.filter((update) => isUpdatePublished(instance, update)).slice(-1))
      .map((update) => update.whatHasHappened);
    expect(latestPublished.length).toBeGreaterThan(10);
    expect(latestPublished.filter((text) => !all.includes(text))).toEqual([]);
    // The system has no published meeting: its page lists the most recent updates, not all of them.
    const llr = pages.find((page) => page.url.endsWith(`/public/partnerships/${partnershipIds.get('llr')}`))!;
    expect(llr.text).toMatch(/The 25 most recent of \d+ published updates/);
    const ccg = ORGANISATIONS.find((o) => o.key === 'lc-ccg')!.name;
    const ccgPage = pages.find((page) => page.text.includes(`${ccg}\n`) && page.text.includes('2021 return'))!;
    expect(ccgPage.text).toMatch(/2021 return[\s\S]*2020 \(the year before\)/);
  });

  it('never shows anything unpublished, private or personal on any public route', async () => {
    const instances = actionInstances();
    const publishedTexts = new Set(instances.flatMap((instance) => historyOf(instance).updates.filter((u) => isUpdatePublished(instance, u)).flatMap((u) => [u.whatHasHappened, u.whatMoreIsToBeDone])));
    const publicItems = new Set(MEETINGS.flatMap((m) => m.minutes.filter((item, index) => item.visibility !== 'PRIVATE' && index < (m.minutesPublishedThrough ?? Infinity)).flatMap((item) => [item.title, item.text])));
    const publicTitles = new Set(COMMITMENTS.filter((c) => PUBLIC_PARTNERSHIPS.includes(c.partnership)).map((c) => c.title));
    const never = [
      // Updates the secretariat has not reviewed.
      ...instances.flatMap((instance) => historyOf(instance).updates.filter((u) => !isUpdatePublished(instance, u)).flatMap((u) => [u.whatHasHappened, u.whatMoreIsToBeDone])).filter((text): text is string => !!text && !publishedTexts.has(text)),
      // Private minute items, and public ones not yet published.
      ...MEETINGS.flatMap((m) => m.minutes.flatMap((item) => [item.title, item.text])).filter((text) => !publicItems.has(text)),
      // A return still a draft.
      ...ANNUAL_RETURNS.filter((r) => !r.published).flatMap((r) => r.entries.flatMap((entry) => [entry.whatHasHappened, entry.whatMoreIsToBeDone])),
      // Commitments of the partnerships without public pages.
      ...COMMITMENTS.filter((c) => !PUBLIC_PARTNERSHIPS.includes(c.partnership)).map((c) => c.title).filter((title) => !publicTitles.has(title)),
      // People: board members and allies are named in the personal-data store only.
      ...SEATS.map((seat) => `${seat.roleTitle} (demo)`),
      ...PAIRINGS.map((pairing) => `${pairing.ally.name} (demo)`),
    ];
    expect(never.length).toBeGreaterThan(10);
    const routes = [
      ...pages.map((page) => new URL(page.url).pathname + new URL(page.url).search),
      ...[...partnershipIds.values()].map((id) => `/public/partnerships/${id}`),
    ];
    const bodies = await Promise.all(routes.map(async (path) => ({ path, response: await fetch(`${base}${path}`) })).map(async (answer) => {
      const { path, response } = await answer;
      return { path, status: response.status, body: await response.text() };
    }));
    const leaks = bodies.flatMap(({ path, body }) => never.filter((text) => body.includes(text) || body.includes(escapeHtml(text))).map((text) => `${path}: ${text.slice(0, 80)}`));
    expect(leaks).toEqual([]);
    for (const partnership of PARTNERSHIPS.filter((p) => !PUBLIC_PARTNERSHIPS.includes(p.key))) {
      expect(bodies.find((b) => b.path === `/public/partnerships/${partnershipIds.get(partnership.key)}`)!.status).toBe(404);
    }
  });
});

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
