import { access } from './access/access.module.js';
import { actions } from './actions/actions.module.js';
import { allyship } from './allyship/allyship.module.js';
import { asOf } from './as-of/as-of.module.js';
import { commitments } from './commitments/commitments.module.js';
import { health } from './health/health.module.js';
import { history } from './history/history.module.js';
import { indicators } from './indicators/indicators.module.js';
import { integrity } from './integrity/integrity.module.js';
import { meetings } from './meetings/meetings.module.js';
import { organisations } from './organisations/organisations.module.js';
import { partnerships } from './partnerships/partnerships.module.js';
import { subscriptions } from './subscriptions/subscriptions.module.js';
import { publication } from './publication/publication.module.js';
import { spreadsheets } from './spreadsheets/spreadsheets.module.js';
import { publicPages } from './public-pages/public-pages.module.js';
import { views } from './views/views.module.js';
import { webhooks } from './webhooks/webhooks.module.js';

/** Every capability the API serves, once. A new one is its folder with a module file, and a line here. */
export const CAPABILITIES = [partnerships, organisations, commitments, actions, indicators, allyship, meetings, access, health, views, history, integrity, asOf, publication, publicPages, spreadsheets, subscriptions, webhooks] as const;

/** Every read model the service keeps: the API runs them and the CLI's `rebuild` replays them. */
export const PROJECTIONS = CAPABILITIES.flatMap((capability) => capability.projections);
