import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import type { LedgerConfig } from '@ledger/config';
import { calendarDateIn } from '@ledger/domain';
import { PublicPagesQueries, type PublicChanges, type PublicPartnership } from '@ledger/projections';
import { Public } from '../access/auth.guard.js';
import { LEDGER_CONFIG } from '../ledger/ledger-tokens.js';
import { indicatorChart } from './indicator-chart.js';
import { GOVUK_FRONTEND_DIST, publicPageRenderer } from './public-page-renderer.js';

/** Fastify's reply, as far as the pages need it. */
type Reply = { code(status: number): Reply; header(name: string, value: string): Reply; type(type: string): Reply; send(body: string | Buffer): void };

export const PUBLIC_PAGES_PATH = '/public';
/** GOV.UK Frontend's stylesheet asks for its fonts and images under /assets. */
export const GOVUK_ASSETS_PATH = '/assets/';

/** Nothing from another host; the template's one inline script carries the request's nonce. */
const contentSecurityPolicy = (nonce: string) =>
  `default-src 'none'; script-src 'self' 'nonce-${nonce}'; style-src 'self'; img-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

const HOME = { text: 'Public pages', href: PUBLIC_PAGES_PATH };

/** A partnership page lists the most recent changes only: a board without a published meeting would list every update. */
const CHANGES_ON_PARTNERSHIP_PAGE = 25;
const latest = (changes: PublicChanges) => ({ ...changes, updates: changes.updates.slice(0, CHANGES_ON_PARTNERSHIP_PAGE), total: changes.updates.length });

/**
 * The public accountability pages: no login, server-rendered with GOV.UK Frontend, reading only the
 * public-pages read model. An id that is unknown, unpublished, or of a partnership without public
 * pages gets the same 404 page, so a page never tells that something unpublished exists.
 */
@Public()
@Controller(PUBLIC_PAGES_PATH.slice(1))
export class PublicPagesController {
  private readonly render = publicPageRenderer();

  constructor(
    private readonly queries: PublicPagesQueries,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  @Get()
  index(@Res() reply: Reply) {
    this.page(reply, 200, 'index.njk', { title: 'Public accountability pages', partnerships: this.queries.partnerships() });
  }

  @Get('partnerships/:id')
  partnership(@Param('id') id: string, @Res() reply: Reply) {
    const partnership = this.queries.partnership(id);
    if (!partnership) return this.notFound(reply);
    this.page(reply, 200, 'partnership.njk', {
      title: partnership.name,
      breadcrumbs: [HOME],
      partnership,
      ...this.queries.neighboursOf(partnership.id),
      commitments: this.queries.commitments(partnership.id),
      meetings: this.queries.meetings(partnership.id),
      organisations: this.queries.organisationsOf(partnership.id),
      officeHolders: this.queries.officeHolders(partnership.id),
      sinceLastMeeting: latest(this.queries.changesSince(partnership, this.today(partnership), null)),
    });
  }

  @Get('commitments/:id')
  commitment(@Param('id') id: string, @Res() reply: Reply) {
    const commitment = this.queries.commitment(id);
    if (!commitment) return this.notFound(reply);
    const { partnership } = commitment;
    this.page(reply, 200, 'commitment.njk', {
      title: commitment.title,
      breadcrumbs: [HOME, { text: partnership.name, href: `${PUBLIC_PAGES_PATH}/partnerships/${partnership.id}` }],
      commitment,
      actions: this.queries.actions(partnership, this.today(partnership), { commitmentId: commitment.id }),
      indicators: this.queries.indicators(commitment.id).map((indicator) => ({ indicator, chart: indicatorChart(indicator) })),
    });
  }

  /** An organisation in each public partnership it belongs to, or in the one `?partnership=` names. */
  @Get('organisations/:id')
  organisation(@Param('id') id: string, @Query('partnership') partnershipId: unknown, @Res() reply: Reply) {
    const organisation = this.queries.organisation(id);
    const partnerships = this.queries.partnershipsOf(id).filter((p) => typeof partnershipId !== 'string' || p.id === partnershipId);
    if (!organisation || partnerships.length === 0) return this.notFound(reply);
    const sections = partnerships.map((partnership) => {
      const returns = this.queries.annualReturns(partnership.id, organisation.id);
      return {
        partnership,
        commitments: this.queries.commitments(partnership.id, organisation.id),
        actions: this.queries.actions(partnership, this.today(partnership), { owningOrganisationId: organisation.id }),
        // Each year's return beside the year before's, as the assessment is read.
        returns: returns.map((current) => ({ current, previous: returns.find((r) => r.year === current.year - 1) ?? null, previousYear: current.year - 1 })),
      };
    });
    const breadcrumbs = [HOME, ...(partnerships.length === 1 ? [{ text: partnerships[0]!.name, href: `${PUBLIC_PAGES_PATH}/partnerships/${partnerships[0]!.id}` }] : [])];
    this.page(reply, 200, 'organisation.njk', { title: organisation.name, breadcrumbs, organisation, sections });
  }

  @Get('meetings/:id')
  meeting(@Param('id') id: string, @Res() reply: Reply) {
    const meeting = this.queries.meeting(id);
    if (!meeting) return this.notFound(reply);
    const { partnership } = meeting;
    this.page(reply, 200, 'meeting.njk', {
      title: `${meeting.title ?? 'Board meeting'}, ${meeting.date}`,
      breadcrumbs: [HOME, { text: partnership.name, href: `${PUBLIC_PAGES_PATH}/partnerships/${partnership.id}` }],
      meeting,
      items: this.queries.minuteItems(meeting.id),
      sinceLastMeeting: this.queries.changesSince(partnership, this.today(partnership), meeting.id),
    });
  }

  /** Any other path under /public: the HTML 404 page, not the API's JSON one. */
  @Get('*')
  unknown(@Res() reply: Reply) {
    this.notFound(reply);
  }

  private today(partnership: PublicPartnership): string {
    return calendarDateIn(partnership.timeZone, this.config.clock());
  }

  private notFound(reply: Reply) {
    this.page(reply, 404, 'not-found.njk', { title: 'Page not found' });
  }

  private page(reply: Reply, status: number, template: string, context: object) {
    const cspNonce = randomBytes(16).toString('base64');
    const html = this.render(template, { ...context, cspNonce });
    reply
      .code(status)
      .header('content-security-policy', contentSecurityPolicy(cspNonce))
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(html);
  }
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** Starts GOV.UK Frontend's components (the service navigation's menu button on a narrow screen). */
const INIT_SCRIPT = `import { initAll } from './govuk-frontend.min.js';\ninitAll();\n`;

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(folder, entry.name)) : [join(folder, entry.name)],
  );
}

/**
 * GOV.UK Frontend's files, served from the installed package (never copied into the repository):
 * only the files listed when the server starts, so no request path reaches the disk.
 */
@Public()
@Controller(GOVUK_ASSETS_PATH.slice(1, -1))
export class GovukAssetsController {
  private readonly files = new Map<string, () => Buffer | string>([
    ...filesUnder(join(GOVUK_FRONTEND_DIST, 'govuk/assets')).map((file) => [relative(join(GOVUK_FRONTEND_DIST, 'govuk/assets'), file), () => readFileSync(file)] as const),
    ['govuk-frontend.min.css', () => readFileSync(join(GOVUK_FRONTEND_DIST, 'govuk/govuk-frontend.min.css'))],
    ['govuk-frontend.min.js', () => readFileSync(join(GOVUK_FRONTEND_DIST, 'govuk/govuk-frontend.min.js'))],
    ['init.js', () => INIT_SCRIPT],
  ]);
  private readonly loaded = new Map<string, Buffer | string>();

  @Get('*')
  serve(@Req() request: { url: string }, @Res() reply: Reply) {
    const name = request.url.split('?')[0]!.slice(GOVUK_ASSETS_PATH.length);
    const load = this.files.get(name);
    if (!load) {
      reply.code(404).type('text/plain; charset=utf-8').send('Not found');
      return;
    }
    if (!this.loaded.has(name)) this.loaded.set(name, load());
    reply
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'public, max-age=3600')
      .type(CONTENT_TYPES[extname(name)] ?? 'application/octet-stream')
      .send(this.loaded.get(name)!);
  }
}
