import { describe, expect, it } from '@jest/globals';
import {
  actionStreamId,
  annualReturnStreamId,
  commitmentStreamId,
  indicatorStreamId,
  meetingStreamId,
  partnershipStreamId,
  type MinuteItemRecorded,
} from '@ledger/domain';
import type { DomainEvent } from '../projection.js';
import type { ReadModelDatabase } from '../read-model-database.js';
import { inStream, ProjectionSpecification } from '../testing/index.js';
import { PUBLIC_PAGES_TABLES, publicPagesProjection } from './public-pages.projection.js';
import { PublicPagesQueries } from './public-pages.queries.js';

const id = (suffix: string) => `0190a1b2-0000-7000-8000-0000000000${suffix}`;
const [partnershipId, council, commitmentId, actionId, laterActionId, meetingId, indicatorId] = ['a1', 'b1', 'c1', 'd1', 'd2', 'e1', 'f1'].map(id) as [string, string, string, string, string, string, string];
const at = (date: string) => `${date}T10:00:00.000Z`;
const TODAY = '2021-11-01';
const SECRET = 'SECRET-unpublished-text';

const formed: DomainEvent = { type: 'PartnershipFormed', data: { partnershipId, name: 'Leicester HWB', level: 'PLACE', parentPartnershipId: null, timeZone: 'Europe/London', formedAt: at('2020-01-01') } };
const pages = (publicPages: boolean, changedOn = '2020-02-01', publishUpdatesAutomatically = false): DomainEvent => ({
  type: 'PublicationSettingsChanged',
  data: { partnershipId, changedAt: at(changedOn), publicPages, publishUpdatesAutomatically, publishMinutesAutomatically: false },
});
const made: DomainEvent = {
  type: 'CommitmentMade',
  data: { commitmentId, partnershipId, owningOrganisationId: council, contributingOrganisationIds: [], title: 'Mental Health Friendly City', description: 'By 2022', priorityIds: [], targetDate: '2022-03-31', sourceReference: null, madeAt: at('2020-03-01'), madeOn: '2020-03-01' },
};
const publishedCommitment: DomainEvent = { type: 'CommitmentPublished', data: { commitmentId, partnershipId, publishedAt: at('2020-03-05') } };
const planned = (action: string, title: string): DomainEvent => ({
  type: 'ActionPlanned',
  data: { actionId: action, commitmentId, partnershipId, owningOrganisationId: council, title, dueDate: '2021-12-31', leadMemberId: null, planId: null, plannedAt: at('2020-03-02') },
});
const submitted = (updateId: string, status: 'ON_TRACK' | 'OFF_TRACK', text: string, reportedOn: string): DomainEvent => ({
  type: 'ActionUpdateSubmitted',
  data: { actionId, updateId, status, previousStatus: 'NOT_STARTED', percentComplete: null, whatHasHappened: text, whatMoreIsToBeDone: null, evidenceLinks: [], submittedAt: at(reportedOn), reportedOn },
});
const publishedUpdate = (updateId: string): DomainEvent => ({ type: 'ActionUpdatePublished', data: { actionId, updateId, automatically: false, publishedAt: at('2021-06-02') } });
const item = (position: number, visibility: 'PUBLIC' | 'PRIVATE', title: string): DomainEvent => ({
  type: 'MinuteItemRecorded',
  data: { meetingId, number: String(position), position, title, presenter: { memberId: null, role: 'Director of Public Health' }, visibility, text: `${title} text`, resolution: { kind: 'NOTE' }, actionsRaised: [], recordedAt: at('2021-03-25') } satisfies MinuteItemRecorded['data'],
});
const minutesPublished = (throughPosition: number, on: string): DomainEvent => ({ type: 'MinutesPublished', data: { meetingId, throughPosition, automatically: false, publishedAt: at(on) } });
const returnStream = (year: number) => annualReturnStreamId(partnershipId, council, year);
const drafted = (year: number, whatHasHappened: string): DomainEvent => ({
  type: 'AnnualReturnDrafted',
  data: { partnershipId, organisationId: council, year, entries: [{ commitmentId, whatHasHappened, whatMoreIsToBeDone: 'More' }], draftedAt: at(`${year}-09-01`) },
});
const returned = (year: number): DomainEvent => ({ type: 'AnnualReturnPublished', data: { partnershipId, organisationId: council, year, publishedAt: at(`${year}-09-30`) } });

const onPartnership = (...events: DomainEvent[]) => inStream(partnershipStreamId(partnershipId), ...events);
const onCommitment = (...events: DomainEvent[]) => inStream(commitmentStreamId(commitmentId), ...events);
const onAction = (...events: DomainEvent[]) => inStream(actionStreamId(actionId), ...events);
const onMeeting = (...events: DomainEvent[]) => inStream(meetingStreamId(meetingId), ...events);

/** Every text in every table, held or public: what the read model holds at all. */
const everything = (db: ReadModelDatabase) => JSON.stringify(PUBLIC_PAGES_TABLES.map((table) => db.prepare(`SELECT * FROM ${table}`).all()));
/** Only the public tables: what a page could ever read. */
const publicTables = (db: ReadModelDatabase) => JSON.stringify(PUBLIC_PAGES_TABLES.filter((table) => !table.startsWith('public_held_')).map((table) => db.prepare(`SELECT * FROM ${table}`).all()));
const partnership = (db: ReadModelDatabase) => new PublicPagesQueries(db).partnership(partnershipId)!;

describe('public-pages read model', () => {
  const spec = ProjectionSpecification.for(publicPagesProjection);

  it('lists a partnership only while its public pages are on, public since they were turned on', async () => {
    await spec.given(onPartnership(formed)).then((db) => new PublicPagesQueries(db).partnerships().length, 0);
    await spec.given(onPartnership(formed, pages(true))).then((db) => new PublicPagesQueries(db).partnerships().map((p) => p.name), ['Leicester HWB']);
    await spec.given(onPartnership(formed, pages(true), pages(false))).then((db) => new PublicPagesQueries(db).partnership(partnershipId), null);
    await spec
      .given(onPartnership(formed, pages(true), pages(true, '2020-05-01', true), pages(false, '2020-06-01'), pages(true, '2020-07-01')))
      .then((db) => new PublicPagesQueries(db).partnership(partnershipId)?.publicSince, at('2020-07-01'));
    await spec.given(onPartnership(formed, pages(true), pages(true, '2020-05-01', true))).then((db) => new PublicPagesQueries(db).partnership(partnershipId)?.publicSince, at('2020-02-01'));
  });

  it('links a partnership to the public one above it and the public places beneath it', async () => {
    const place = id('a2');
    const hiddenPlace = id('a3');
    const formedPlace = (placeId: string, name: string): DomainEvent => ({ type: 'PartnershipFormed', data: { partnershipId: placeId, name, level: 'PLACE', parentPartnershipId: partnershipId, formedAt: at('2020-01-02') } });
    const placePages: DomainEvent = { type: 'PublicationSettingsChanged', data: { partnershipId: place, changedAt: at('2020-02-01'), publicPages: true, publishUpdatesAutomatically: false, publishMinutesAutomatically: false } };
    const given = spec.given([
      ...onPartnership(formed, pages(true)),
      ...inStream(partnershipStreamId(place), formedPlace(place, 'Leicester place'), placePages),
      ...inStream(partnershipStreamId(hiddenPlace), formedPlace(hiddenPlace, 'Rutland place')),
    ]);
    await given.then((db) => new PublicPagesQueries(db).neighboursOf(partnershipId).places.map((p) => p.name), ['Leicester place']);
    await given.then((db) => new PublicPagesQueries(db).neighboursOf(place).parent?.name, 'Leicester HWB');
  });

  it('holds a commitment back until it is published, then shows it with the actions planned before and after', async () => {
    const before = [...onPartnership(formed, pages(true)), ...onCommitment(made), ...onAction(planned(actionId, 'Run a campaign'))];
    await spec.given(before).then((db) => [new PublicPagesQueries(db).commitment(commitmentId), publicTables(db).includes('Mental Health Friendly City')], [null, false]);
    const after = [...before, ...onCommitment(publishedCommitment), ...inStream(actionStreamId(laterActionId), planned(laterActionId, 'Recruit champions'))];
    await spec.given(after).then(
      (db) => new PublicPagesQueries(db).actions(partnership(db), TODAY, { commitmentId }).map((a) => [a.title, a.status]),
      [
        ['Run a campaign', 'NOT_STARTED'],
        ['Recruit champions', 'NOT_STARTED'],
      ],
    );
  });

  it('takes an action’s status from its latest PUBLISHED update only, and keeps an unpublished update out of every public table', async () => {
    const given = spec.given([
      ...onPartnership(formed, pages(true)),
      ...onCommitment(made, publishedCommitment),
      ...onAction(planned(actionId, 'Run a campaign'), submitted('u1', 'ON_TRACK', 'Campaign ran', '2021-06-01'), publishedUpdate('u1'), submitted('u2', 'OFF_TRACK', SECRET, '2021-10-01')),
    ]);
    await given.then((db) => new PublicPagesQueries(db).actions(partnership(db), TODAY, {}).map((a) => [a.status, a.latest?.whatHasHappened]), [['ON_TRACK', 'Campaign ran']]);
    await given.then((db) => publicTables(db).includes(SECRET), false);
    // The published text is kept once, in the public table, no longer held.
    await given.then('SELECT update_id FROM public_held_updates', [{ update_id: 'u2' }]);
  });

  it('never stores a PRIVATE minute item, and shows PUBLIC ones only up to the position published', async () => {
    const given = spec.given(
      onMeeting(
        { type: 'MeetingScheduled', data: { meetingId, partnershipId, date: '2021-03-25', startTime: '09:30', format: 'IN_PERSON', place: 'City Hall', link: null, title: 'HWB', scheduledAt: at('2021-01-01') } },
        item(1, 'PUBLIC', 'Apologies'),
        item(2, 'PRIVATE', SECRET),
        item(3, 'PUBLIC', 'Campaign'),
        minutesPublished(2, '2021-04-01'),
      ).concat(onPartnership(formed, pages(true))),
    );
    await given.then(everything, expect.not.stringContaining(SECRET));
    await given.then((db) => new PublicPagesQueries(db).minuteItems(meetingId).map((i) => i.title), ['Apologies']);
  });

  it('publishes minutes again through a later position', async () => {
    await spec
      .given(
        onMeeting(
          { type: 'MeetingScheduled', data: { meetingId, partnershipId, date: '2021-03-25', startTime: '09:30', format: 'IN_PERSON', place: null, link: null, title: null, scheduledAt: at('2021-01-01') } },
          item(1, 'PUBLIC', 'Apologies'),
          minutesPublished(1, '2021-04-01'),
          item(2, 'PUBLIC', 'Campaign'),
          minutesPublished(2, '2021-04-10'),
        ).concat(onPartnership(formed, pages(true))),
      )
      .then(
        (db) => [new PublicPagesQueries(db).minuteItems(meetingId).map((i) => [i.title, i.publishedAt]), new PublicPagesQueries(db).meeting(meetingId)?.firstPublishedAt],
        [
          [
            ['Apologies', at('2021-04-01')],
            ['Campaign', at('2021-04-10')],
          ],
          at('2021-04-01'),
        ],
      );
  });

  it('shows the latest published version of an annual return, not a later draft', async () => {
    await spec
      .given([
        ...onPartnership(formed, pages(true)),
        ...onCommitment(made, publishedCommitment),
        ...inStream(returnStream(2020), drafted(2020, 'Planned'), returned(2020)),
        ...inStream(returnStream(2021), drafted(2021, 'First'), returned(2021), drafted(2021, 'Second'), returned(2021), drafted(2021, SECRET)),
      ])
      .then(
        (db) => new PublicPagesQueries(db).annualReturns(partnershipId, council).map((r) => [r.year, r.version, r.entries.map((e) => [e.whatHasHappened, e.commitmentTitle])]),
        [
          [2021, 2, [['Second', 'Mental Health Friendly City']]],
          [2020, 1, [['Planned', 'Mental Health Friendly City']]],
        ],
      );
  });

  it('shows an indicator of a published commitment with the readings in force', async () => {
    await spec
      .given([
        ...onPartnership(formed, pages(true)),
        ...onCommitment(made),
        ...inStream(
          indicatorStreamId(indicatorId),
          {
            type: 'IndicatorDefined',
            data: { indicatorId, commitmentId, partnershipId, name: 'Wellbeing', unit: '%', direction: 'HIGHER_IS_BETTER', baseline: { value: 40, date: '2020-04-01' }, target: { value: 60, date: '2022-03-31' }, owningOrganisationId: council, definedAt: at('2020-03-03') },
          },
          { type: 'IndicatorReadingRecorded', data: { indicatorId, readingId: 'r1', value: 50, periodDate: '2021-04-01', source: 'Survey', recordedAt: at('2021-04-10') } },
          { type: 'IndicatorReadingCorrected', data: { indicatorId, readingId: 'r2', correctsReadingId: 'r1', value: 52, periodDate: '2021-04-01', source: 'Survey', reason: 'Late', correctedAt: at('2021-05-01') } },
        ),
        // Published after the indicator and its readings: they become public with it.
        ...onCommitment(publishedCommitment),
      ])
      .then((db) => new PublicPagesQueries(db).indicators(commitmentId).map((i) => [i.name, i.baseline.value, i.target.value, i.readings.map((r) => [r.value, r.corrected])]), [['Wellbeing', 40, 60, [[52, true]]]]);
  });
});
