import nunjucks from 'nunjucks';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PUBLIC_PAGE_TEMPLATES } from './public-pages.templates.js';

const require = createRequire(import.meta.url);

/** GOV.UK Frontend's dist folder in the installed package: its templates, styles, scripts, fonts and images. */
export const GOVUK_FRONTEND_DIST = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');

/** Our templates by name; anything else (govuk/…) falls through to the package's own files. */
const ownTemplates: nunjucks.ILoader = {
  getSource: (name: string) =>
    (Object.hasOwn(PUBLIC_PAGE_TEMPLATES, name) ? { src: PUBLIC_PAGE_TEMPLATES[name]!, path: name, noCache: false } : null) as nunjucks.LoaderSource,
};

const words = (value: string) => value.charAt(0) + value.slice(1).toLowerCase().replace(/_/g, ' ');

const TAG_COLOURS: Readonly<Record<string, string>> = {
  NOT_STARTED: 'govuk-tag--grey',
  ON_TRACK: 'govuk-tag--green',
  AT_RISK: 'govuk-tag--yellow',
  OFF_TRACK: 'govuk-tag--red',
  COMPLETED: 'govuk-tag--blue',
  CANCELLED: 'govuk-tag--grey',
  PROPOSED: 'govuk-tag--grey',
  ACTIVE: 'govuk-tag--blue',
  ACHIEVED: 'govuk-tag--green',
  MISSED: 'govuk-tag--red',
  WITHDRAWN: 'govuk-tag--grey',
  GREEN: 'govuk-tag--green',
  AMBER: 'govuk-tag--yellow',
  RED: 'govuk-tag--red',
  GREY: 'govuk-tag--grey',
};

/** "2026-11-24" as "24 November 2026". */
export const longDate = (date: string) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));

/** An instant as the partnership's clock read it: "24 November 2026 at 22:15". */
export const publishedAt = (instant: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone }).format(new Date(instant));

/**
 * Nunjucks over our templates and GOV.UK Frontend's, autoescaping every value: a commitment titled
 * `<script>` is shown as text. Templates are compiled once and kept.
 */
export function publicPageRenderer() {
  const environment = new nunjucks.Environment([ownTemplates, new nunjucks.FileSystemLoader(GOVUK_FRONTEND_DIST)], { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true });
  environment.addFilter('statusLabel', (status: string) => words(status));
  environment.addFilter('ragLabel', (rag: string) => words(rag));
  environment.addFilter('levelLabel', (level: string) => words(level));
  environment.addFilter('statusColour', (status: string) => TAG_COLOURS[status] ?? '');
  environment.addFilter('ragColour', (rag: string) => TAG_COLOURS[rag] ?? '');
  environment.addFilter('longDate', longDate);
  environment.addFilter('publishedAt', publishedAt);
  return (template: string, context: object): string => environment.render(template, context);
}
