import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import {
  actionStreamId,
  annualReturnStreamId,
  commitmentStreamId,
  indicatorStreamId,
  meetingStreamId,
  organisationStreamId,
  partnershipStreamId,
  type Actor,
} from '@ledger/domain';
import { ANY, SqliteEventStore } from '@ledger/event-store';
import { PersonalDataStore } from '@ledger/personal-data';
import type { DomainEvent } from '@ledger/projections';

/**
 * A partnership with public pages, written straight into the log through the event store port (the
 * publication commands are another branch's work): what is published, and beside it, everything a
 * public page must never show, each carrying a marker string a test can search every page for.
 */
export const MARKERS = {
  unpublishedUpdate: 'MARKER-UNPUBLISHED-UPDATE-7f3a',
  unpublishedWhatMore: 'MARKER-UNPUBLISHED-WHATMORE-2b9c',
  unpublishedCommitment: 'MARKER-UNPUBLISHED-COMMITMENT-4d1e',
  unpublishedCommitmentDescription: 'MARKER-UNPUBLISHED-DESCRIPTION-9a0f',
  unpublishedAction: 'MARKER-UNPUBLISHED-ACTION-5c2d',
  updateOfUnpublishedCommitment: 'MARKER-UPDATE-OF-UNPUBLISHED-COMMITMENT-8e4b',
  unpublishedIndicator: 'MARKER-UNPUBLISHED-INDICATOR-1f6a',
  privateItemTitle: 'MARKER-PRIVATE-ITEM-TITLE-3b7e',
  privateItemText: 'MARKER-PRIVATE-ITEM-TEXT-6d2c',
  privateResolution: 'MARKER-PRIVATE-RESOLUTION-0e9d',
  itemAfterPublication: 'MARKER-ITEM-NOT-YET-PUBLISHED-2a8f',
  unpublishedMeeting: 'MARKER-UNPUBLISHED-MEETING-7c1b',
  draftReturn: 'MARKER-DRAFT-RETURN-5e3a',
  hiddenPartnership: 'MARKER-PARTNERSHIP-WITHOUT-PAGES-9b4c',
  hiddenPartnershipCommitment: 'MARKER-COMMITMENT-OF-HIDDEN-PARTNERSHIP-3f8d',
  personName: 'Marker Personname Zqx',
  personEmail: 'marker.person.zqx@example.org',
  tokenSubject: 'marker-token-subject-zqx',
  declaration: 'MARKER-DECLARATION-OF-INTEREST-4c6e',
} as const;

/** Shown on the public pages: the test checks each of these does appear (so the crawl is not blind). */
export const PUBLISHED = {
  partnership: 'Leicester Health and Wellbeing Board',
  hostileTitle: '<script>window.__pwned = true</script> Mental Health Friendly City',
  publishedUpdate: 'The first Mental Health Friendly City campaign ran in June',
  automaticUpdate: 'Recruitment of the community champions is slower than planned',
  publicItem: 'Mental health friendly city update',
  returnThisYear: 'Champions recruited in every ward',
  returnLastYear: 'The campaign was planned with the VCSE sector',
  indicator: 'Adults reporting good mental wellbeing',
  officeTitle: 'Chair of the Board',
} as const;

export type SeededPublicPages = Readonly<{
  partnershipId: string;
  hiddenPartnershipId: string;
  commitmentId: string;
  unpublishedCommitmentId: string;
  hiddenCommitmentId: string;
  councilId: string;
  trustId: string;
  meetingIds: readonly string[];
  unpublishedMeetingId: string;
}>;

/** The ledger's "today" while these pages are read (LEDGER_CLOCK_NOW). */
export const SEEDED_NOW = '2021-11-01T12:00:00.000Z';

const at = (date: string, time = '10:00:00') => `${date}T${time}.000Z`;

export async function seedPublicPages(dataDir: string): Promise<SeededPublicPages> {
  const ids = () => uuidv7();
  const [partnershipId, hiddenPartnershipId, councilId, trustId] = [ids(), ids(), ids(), ids()];
  const [commitmentId, unpublishedCommitmentId, hiddenCommitmentId] = [ids(), ids(), ids()];
  const [councilAction, trustAction, unpublishedAction, hiddenAction] = [ids(), ids(), ids(), ids()];
  const [march, july, unpublishedMeetingId] = [ids(), ids(), ids()];
  const [indicatorId, unpublishedIndicatorId] = [ids(), ids()];
  const [chairMember] = [ids()];
  const declarationId = ids();

  // The people: their names, emails and token subject live only in the personal-data store.
  const people = new PersonalDataStore(join(dataDir, 'personal-data.sqlite'));
  const personId = people.identify({ issuer: 'partnership-ledger', subject: MARKERS.tokenSubject, name: MARKERS.personName, email: MARKERS.personEmail });
  people.record(personId, { name: MARKERS.personName, email: MARKERS.personEmail });
  people.recordDeclaration(declarationId, { memberId: chairMember, personId, text: MARKERS.declaration });
  people.close();
  const actor: Actor = { personId, grantId: ids(), role: 'SECRETARIAT', organisationId: null };

  const log: [string, DomainEvent][] = [];
  const on = (streamId: string, ...events: DomainEvent[]) => events.forEach((event) => log.push([streamId, event]));
  const onPartnership = (id: string, ...events: DomainEvent[]) => on(partnershipStreamId(id), ...events);

  on(organisationStreamId(councilId), { type: 'OrganisationRegistered', data: { organisationId: councilId, name: 'Leicester City Council', sector: 'LOCAL_GOVERNMENT', registeredAt: at('2020-01-06') } });
  on(organisationStreamId(trustId), { type: 'OrganisationRegistered', data: { organisationId: trustId, name: 'Leicestershire Partnership NHS Trust', sector: 'HEALTH', registeredAt: at('2020-01-06') } });
  for (const [id, name] of [[partnershipId, PUBLISHED.partnership], [hiddenPartnershipId, MARKERS.hiddenPartnership]] as const) {
    onPartnership(
      id,
      { type: 'PartnershipFormed', data: { partnershipId: id, name, level: 'PLACE', parentPartnershipId: null, timeZone: 'Europe/London', formedAt: at('2020-01-07') } },
      { type: 'OrganisationJoinedPartnership', data: { partnershipId: id, organisationId: councilId, joinedAt: at('2020-01-07') } },
      { type: 'OrganisationJoinedPartnership', data: { partnershipId: id, organisationId: trustId, joinedAt: at('2020-01-07') } },
    );
  }
  onPartnership(
    partnershipId,
    { type: 'MemberAppointed', data: { partnershipId, memberId: chairMember, personId, organisationId: councilId, roleTitle: PUBLISHED.officeTitle, appointedAt: at('2020-01-07') } },
    { type: 'PublicationSettingsChanged', data: { partnershipId, changedAt: at('2020-02-01'), publicPages: true, publishUpdatesAutomatically: false, publishMinutesAutomatically: false } },
  );
  // Public pages off: everything in this partnership stays off the public pages, published or not.
  onPartnership(hiddenPartnershipId, {
    type: 'PublicationSettingsChanged',
    data: { partnershipId: hiddenPartnershipId, changedAt: at('2020-02-01'), publicPages: false, publishUpdatesAutomatically: true, publishMinutesAutomatically: true },
  });

  const commitment = (id: string, partnership: string, title: string, description: string): DomainEvent => ({
    type: 'CommitmentMade',
    data: {
      commitmentId: id,
      partnershipId: partnership,
      owningOrganisationId: councilId,
      contributingOrganisationIds: [trustId],
      title,
      description,
      priorityIds: [],
      targetDate: '2022-03-31',
      sourceReference: 'LLR framework v10.1, Action 7',
      madeAt: at('2020-03-02'),
      madeOn: '2020-03-02',
    },
  });
  const action = (actionId: string, commitment: string, partnership: string, owner: string, title: string, dueDate: string): DomainEvent => ({
    type: 'ActionPlanned',
    data: { actionId, commitmentId: commitment, partnershipId: partnership, owningOrganisationId: owner, title, dueDate, leadMemberId: null, planId: null, plannedAt: at('2020-03-03'), plannedOn: '2020-03-03' },
  });
  const update = (actionId: string, updateId: string, status: 'ON_TRACK' | 'AT_RISK' | 'OFF_TRACK', previousStatus: 'NOT_STARTED' | 'ON_TRACK', whatHasHappened: string, whatMore: string, reportedOn: string): DomainEvent => ({
    type: 'ActionUpdateSubmitted',
    data: { actionId, updateId, status, previousStatus, percentComplete: 40, whatHasHappened, whatMoreIsToBeDone: whatMore, evidenceLinks: [], submittedAt: at(reportedOn), reportedOn },
  });
  const published = (actionId: string, updateId: string, publishedOn: string, automatically = false): DomainEvent => ({
    type: 'ActionUpdatePublished',
    data: { actionId, updateId, automatically, publishedAt: at(publishedOn, '12:00:00') },
  });

  on(
    commitmentStreamId(commitmentId),
    commitment(commitmentId, partnershipId, PUBLISHED.hostileTitle, 'Leicester becomes a Mental Health Friendly City by 2022.'),
    { type: 'CommitmentEndorsed', data: { commitmentId, endorsedOn: '2020-03-10', meetingId: null, endorsedAt: at('2020-03-10') } },
    { type: 'CommitmentPublished', data: { commitmentId, partnershipId, publishedAt: at('2020-03-11') } },
  );
  on(commitmentStreamId(unpublishedCommitmentId), commitment(unpublishedCommitmentId, partnershipId, MARKERS.unpublishedCommitment, MARKERS.unpublishedCommitmentDescription));
  on(
    commitmentStreamId(hiddenCommitmentId),
    commitment(hiddenCommitmentId, hiddenPartnershipId, MARKERS.hiddenPartnershipCommitment, 'Published, in a partnership without public pages.'),
    { type: 'CommitmentPublished', data: { commitmentId: hiddenCommitmentId, partnershipId: hiddenPartnershipId, publishedAt: at('2020-03-11') } },
  );

  const [published1, unpublished1, automatic1, ofUnpublished, ofHidden] = [ids(), ids(), ids(), ids(), ids()];
  on(
    actionStreamId(councilAction),
    action(councilAction, commitmentId, partnershipId, councilId, 'Run a Mental Health Friendly City campaign', '2021-09-30'),
    update(councilAction, published1, 'ON_TRACK', 'NOT_STARTED', PUBLISHED.publishedUpdate, 'A second campaign in the autumn', '2021-06-10'),
    published(councilAction, published1, '2021-06-11'),
    // Submitted after the published one and never published: the public status stays ON_TRACK.
    update(councilAction, unpublished1, 'OFF_TRACK', 'ON_TRACK', MARKERS.unpublishedUpdate, MARKERS.unpublishedWhatMore, '2021-10-20'),
  );
  on(
    actionStreamId(trustAction),
    action(trustAction, commitmentId, partnershipId, trustId, 'Recruit community mental health champions', '2021-12-31'),
    update(trustAction, automatic1, 'AT_RISK', 'NOT_STARTED', PUBLISHED.automaticUpdate, 'Widen the recruitment to schools', '2021-10-01'),
    published(trustAction, automatic1, '2021-10-01', true),
  );
  on(
    actionStreamId(unpublishedAction),
    action(unpublishedAction, unpublishedCommitmentId, partnershipId, councilId, MARKERS.unpublishedAction, '2021-12-31'),
    update(unpublishedAction, ofUnpublished, 'ON_TRACK', 'NOT_STARTED', MARKERS.updateOfUnpublishedCommitment, 'Nothing', '2021-07-01'),
    // Published, but its commitment is not: still not shown.
    published(unpublishedAction, ofUnpublished, '2021-07-02'),
  );
  on(
    actionStreamId(hiddenAction),
    action(hiddenAction, hiddenCommitmentId, hiddenPartnershipId, councilId, `${MARKERS.hiddenPartnershipCommitment} action`, '2021-12-31'),
    update(hiddenAction, ofHidden, 'ON_TRACK', 'NOT_STARTED', `${MARKERS.hiddenPartnershipCommitment} update`, 'Nothing', '2021-07-01'),
    published(hiddenAction, ofHidden, '2021-07-02'),
  );

  const indicator = (id: string, commitment: string, name: string): DomainEvent => ({
    type: 'IndicatorDefined',
    data: {
      indicatorId: id,
      commitmentId: commitment,
      partnershipId,
      name,
      unit: '%',
      direction: 'HIGHER_IS_BETTER',
      baseline: { value: 40, date: '2020-04-01' },
      target: { value: 60, date: '2022-03-31' },
      owningOrganisationId: councilId,
      definedAt: at('2020-03-12'),
    },
  });
  const [reading1, reading2, correction] = [ids(), ids(), ids()];
  on(
    indicatorStreamId(indicatorId),
    indicator(indicatorId, commitmentId, PUBLISHED.indicator),
    { type: 'IndicatorReadingRecorded', data: { indicatorId, readingId: reading1, value: 45, periodDate: '2020-10-01', source: 'Annual wellbeing survey', recordedAt: at('2020-10-15') } },
    { type: 'IndicatorReadingRecorded', data: { indicatorId, readingId: reading2, value: 50, periodDate: '2021-04-01', source: 'Annual wellbeing survey', recordedAt: at('2021-04-15') } },
    {
      type: 'IndicatorReadingCorrected',
      data: { indicatorId, readingId: correction, correctsReadingId: reading2, value: 52.5, periodDate: '2021-04-01', source: 'Annual wellbeing survey', reason: 'Late returns', correctedAt: at('2021-05-01') },
    },
  );
  on(indicatorStreamId(unpublishedIndicatorId), indicator(unpublishedIndicatorId, unpublishedCommitmentId, MARKERS.unpublishedIndicator));

  const item = (meetingId: string, position: number, title: string, text: string, visibility: 'PUBLIC' | 'PRIVATE', resolution: Extract<DomainEvent, { type: 'MinuteItemRecorded' }>['data']['resolution'], recordedOn: string): DomainEvent => ({
    type: 'MinuteItemRecorded',
    data: { meetingId, number: String(position + 2), position, title, presenter: { memberId: chairMember, role: null }, visibility, text, resolution, actionsRaised: [], recordedAt: at(recordedOn) },
  });
  const meeting = (meetingId: string, date: string, title: string): DomainEvent[] => [
    { type: 'MeetingScheduled', data: { meetingId, partnershipId, date, startTime: '09:30', format: 'IN_PERSON', place: 'City Hall, Leicester', link: null, title, scheduledAt: at('2020-12-01') } },
  ];
  const attended = (meetingId: string, date: string): DomainEvent => ({
    type: 'AttendanceRecorded',
    data: { meetingId, attendance: [{ memberId: chairMember, presence: 'PRESENT' }], declarations: [{ declarationId, memberId: chairMember }], correction: false, recordedAt: at(date, '12:00:00') },
  });
  on(
    meetingStreamId(march),
    ...meeting(march, '2021-03-25', 'Health and Wellbeing Board'),
    attended(march, '2021-03-25'),
    item(march, 1, 'Declarations of interest', 'None beyond those recorded.', 'PUBLIC', { kind: 'NOTE' }, '2021-03-25'),
    item(march, 2, MARKERS.privateItemTitle, MARKERS.privateItemText, 'PRIVATE', { kind: 'OTHER', text: MARKERS.privateResolution }, '2021-03-25'),
    item(march, 3, PUBLISHED.publicItem, 'The Board heard how the campaign is planned.', 'PUBLIC', { kind: 'ENDORSE_COMMITMENT', commitmentId }, '2021-03-25'),
    { type: 'MinutesPublished', data: { meetingId: march, throughPosition: 3, automatically: false, publishedAt: at('2021-04-01') } },
    // Recorded after the publication: not public until minutes are published through it.
    item(march, 4, MARKERS.itemAfterPublication, MARKERS.itemAfterPublication, 'PUBLIC', { kind: 'NOTE' }, '2021-04-02'),
  );
  on(
    meetingStreamId(july),
    ...meeting(july, '2021-07-15', 'Health and Wellbeing Board'),
    attended(july, '2021-07-15'),
    item(july, 1, 'Minutes of the previous meeting', 'The minutes of 25 March 2021 were confirmed as a correct record.', 'PUBLIC', { kind: 'CONFIRM_MINUTES', meetingId: march }, '2021-07-15'),
    { type: 'MinutesPublished', data: { meetingId: july, throughPosition: 1, automatically: false, publishedAt: at('2021-07-20') } },
  );
  on(meetingStreamId(march), { type: 'MinutesConfirmed', data: { meetingId: march, confirmedAtMeetingId: july, confirmedOn: '2021-07-15', confirmedAt: at('2021-07-15') } });
  on(meetingStreamId(unpublishedMeetingId), ...meeting(unpublishedMeetingId, '2021-10-14', MARKERS.unpublishedMeeting), attended(unpublishedMeetingId, '2021-10-14'));

  const entry = (whatHasHappened: string, whatMoreIsToBeDone: string) => [{ commitmentId, whatHasHappened, whatMoreIsToBeDone }];
  const returnOf = (year: number) => annualReturnStreamId(partnershipId, councilId, year);
  const drafted = (year: number, entries: ReturnType<typeof entry>, on: string): DomainEvent => ({
    type: 'AnnualReturnDrafted',
    data: { partnershipId, organisationId: councilId, year, entries, draftedAt: at(on) },
  });
  const returned = (year: number, on: string): DomainEvent => ({ type: 'AnnualReturnPublished', data: { partnershipId, organisationId: councilId, year, publishedAt: at(on) } });
  on(returnOf(2020), drafted(2020, entry(PUBLISHED.returnLastYear, 'Run the first campaign'), '2021-01-10'), returned(2020, '2021-01-20'));
  on(
    returnOf(2021),
    drafted(2021, entry('A first draft', 'To be written'), '2021-09-01'),
    drafted(2021, entry(PUBLISHED.returnThisYear, 'Reach every school'), '2021-09-20'),
    returned(2021, '2021-09-30'),
    // Redrafted after publication: the public page keeps the published version.
    drafted(2021, entry(MARKERS.draftReturn, MARKERS.draftReturn), '2021-10-15'),
  );

  const store = new SqliteEventStore({ filename: join(dataDir, 'events.sqlite') });
  try {
    for (const [streamId, { type, data }] of log) {
      await store.appendToStream(streamId, [{ id: uuidv7(), type, data, metadata: { actor, correlationId: 'seed', causationId: 'seed', schemaVersion: 1 } }], { expectedRevision: ANY });
    }
  } finally {
    await store.close();
  }
  return { partnershipId, hiddenPartnershipId, commitmentId, unpublishedCommitmentId, hiddenCommitmentId, councilId, trustId, meetingIds: [march, july], unpublishedMeetingId };
}
