import { describe, it } from '@jest/globals';
import {
  actionStreamId,
  annualReturnStreamId,
  commitmentStreamId,
  meetingStreamId,
  partnershipStreamId,
  type AnnualReturnEntry,
} from '@ledger/domain';
import { inStream, ProjectionSpecification } from '../testing/index.js';
import { publicationProjection } from './publication.projection.js';
import { PublicationQueries } from './publication.queries.js';

const partnershipId = '0190a1b2-0000-7000-8000-0000000000a1';
const council = '0190a1b2-0000-7000-8000-0000000000c1';
const ccg = '0190a1b2-0000-7000-8000-0000000000c2';
const commitmentId = '0190a1b2-0000-7000-8000-0000000000d1';
const actionId = '0190a1b2-0000-7000-8000-0000000000e1';
const [update1, update2] = ['f1', 'f2'].map((suffix) => `0190a1b2-0000-7000-8000-0000000000${suffix}`) as [string, string];
const meetingId = '0190a1b2-0000-7000-8000-0000000000b1';
const [at, later] = ['2021-09-15T10:00:00.000Z', '2021-10-01T10:00:00.000Z'];
const spec = ProjectionSpecification.for(publicationProjection);

const entry = (whatHasHappened: string): AnnualReturnEntry => ({ commitmentId, whatHasHappened, whatMoreIsToBeDone: 'More' });
const drafted = (organisationId: string, year: number, entries: AnnualReturnEntry[], draftedAt = at) =>
  inStream(annualReturnStreamId(partnershipId, organisationId, year), { type: 'AnnualReturnDrafted', data: { partnershipId, organisationId, year, entries, draftedAt } });
const published = (organisationId: string, year: number, publishedAt = at) =>
  inStream(annualReturnStreamId(partnershipId, organisationId, year), { type: 'AnnualReturnPublished', data: { partnershipId, organisationId, year, publishedAt } });

describe('the publication read model', () => {
  it('keeps the latest settings of each partnership; one never changed has none here (the defaults)', async () => {
    const settings = (publicPages: boolean, publishUpdatesAutomatically: boolean) =>
      ({ type: 'PublicationSettingsChanged', data: { partnershipId, publicPages, publishUpdatesAutomatically, publishMinutesAutomatically: false, changedAt: at } }) as const;
    await spec
      .given(inStream(partnershipStreamId(partnershipId), settings(true, false), settings(true, true)))
      .then((db) => new PublicationQueries(db).settingsOf([partnershipId, council]), [
        { partnershipId, publicPages: true, publishUpdatesAutomatically: true, publishMinutesAutomatically: false },
      ]);
  });

  it('records what is published and when: commitments, updates (by hand or automatically), minutes through the furthest position', async () => {
    const events = [
      ...inStream(commitmentStreamId(commitmentId), { type: 'CommitmentPublished', data: { commitmentId, partnershipId, publishedAt: at } }),
      ...inStream(
        actionStreamId(actionId),
        { type: 'ActionUpdatePublished', data: { actionId, updateId: update1, automatically: false, publishedAt: at } },
        { type: 'ActionUpdatePublished', data: { actionId, updateId: update2, automatically: true, publishedAt: later } },
      ),
      ...inStream(
        meetingStreamId(meetingId),
        { type: 'MinutesPublished', data: { meetingId, throughPosition: 2, automatically: false, publishedAt: at } },
        { type: 'MinutesPublished', data: { meetingId, throughPosition: 3, automatically: true, publishedAt: later } },
      ),
    ];
    await spec.given(events).then((db) => {
      const queries = new PublicationQueries(db);
      return {
        commitments: queries.commitmentsPublished([commitmentId, actionId]),
        updates: queries.updatesPublished([update1, update2]),
        minutes: queries.minutesPublished([meetingId]),
      };
    }, {
      commitments: [{ id: commitmentId, publishedAt: at }],
      updates: [
        { id: update1, publishedAt: at, automatically: false },
        { id: update2, publishedAt: later, automatically: true },
      ],
      minutes: [{ meetingId, throughPosition: 3, publishedAt: later }],
    });
  });

  it('keeps a return’s latest draft and the version last published, which a redraft leaves public', async () => {
    const events = [
      ...drafted(council, 2021, [entry('First draft')]),
      ...published(council, 2021),
      ...drafted(council, 2021, [entry('Second draft')], later),
      ...drafted(council, 2020, [entry('Last year')]),
      ...drafted(ccg, 2021, [entry('The CCG')]),
    ];
    await spec.given(events).then((db) => new PublicationQueries(db).annualReturn(partnershipId, council, 2021), {
      partnershipId,
      organisationId: council,
      year: 2021,
      status: 'DRAFTED',
      entries: [entry('Second draft')],
      draftedAt: later,
      publishedEntries: [entry('First draft')],
      publishedAt: at,
      revision: 2,
    });
    await spec.given(events).then((db) => {
      const queries = new PublicationQueries(db);
      const years = (filter: Parameters<PublicationQueries['annualReturns']>[0]) =>
        queries.annualReturns(filter, { afterSequence: 0, limit: 10 }).map((row) => `${row.organisationId === council ? 'council' : 'ccg'} ${row.year}`);
      return {
        all: years({ partnershipId }),
        council: years({ partnershipId, organisationId: council }),
        in2021: queries.annualReturnCount({ partnershipId, year: 2021 }),
        elsewhere: queries.annualReturnCount({ partnershipId: council }),
      };
    }, { all: ['council 2021', 'ccg 2021', 'council 2020'], council: ['council 2021', 'council 2020'], in2021: 2, elsewhere: 0 });
  });
});
