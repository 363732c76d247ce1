import { describe, it, expect } from '@jest/globals';
import { DeciderSpecification } from '../testing/decider-specification.js';
import type { Actor } from '../shared/actor.js';
import { ForbiddenError, IllegalStateError, NotFoundError, ValidationError } from '../shared/errors.js';
import type { PartnershipFacts } from '../commitments/commitment.events.js';
import type { CommitmentMade } from '../commitments/commitment.events.js';
import { commitmentDecider } from '../commitments/commitment.js';
import type { ActionPlanned, ActionUpdateSubmitted, SubmitActionUpdate } from '../actions/action.events.js';
import { actionDecider } from '../actions/action.js';
import type { AttendanceRecorded, MeetingScheduled, MinuteItemRecorded, RecordMinuteItem } from '../meetings/meeting.events.js';
import { meetingDecider } from '../meetings/meeting.js';
import { partnershipDecider, partnershipFacts, type PartnershipFormed } from '../partnerships/partnership.js';
import { DEFAULT_PUBLICATION_SETTINGS, type AnnualReturnDrafted, type PublicationSettings, type PublicationSettingsChanged } from './publication.events.js';
import { annualReturnDecider, annualReturnStream, annualReturnKey, type DraftAnnualReturn } from './annual-return.js';

// The Leicester board publishes its Health Equity Audit commitment and the council's updates on it.
const now = new Date('2021-09-15T09:00:00.000Z');
const llr = '0190a1b2-0000-7000-8000-000000000002';
const otherPartnership = '0190a1b2-0000-7000-8000-000000000003';
const commitmentId = '0190a1b2-0000-7000-8000-0000000000a7';
const councilCommitment2 = '0190a1b2-0000-7000-8000-0000000000a8';
const hospitalsCommitment = '0190a1b2-0000-7000-8000-0000000000a9';
const actionId = '0190a1b2-0000-7000-8000-00000000007a';
const updateId = '0190a1b2-0000-7000-8000-0000000000e1';
const meetingId = '0190a1b2-0000-7000-8000-0000000000b1';
const council = '0190a1b2-0000-7000-8000-0000000000c1';
const hospitals = '0190a1b2-0000-7000-8000-0000000000c2';
const chair = '0190a1b2-0000-7000-8000-0000000000d1';

const secretariat: Actor = { personId: 'secretariat-1', grantId: 'grant-s', role: 'SECRETARIAT', organisationId: null };
const councilPartner: Actor = { personId: 'partner-council', grantId: 'grant-c', role: 'PARTNER', organisationId: council };

const withSettings = (publication: Partial<PublicationSettings>): PartnershipFacts => ({
  formed: true,
  parentPartnershipId: null,
  timeZone: 'Europe/London',
  organisationIds: [council, hospitals],
  memberIds: [chair],
  activePriorityIds: [],
  publication: { ...DEFAULT_PUBLICATION_SETTINGS, ...publication },
});
const privatePartnership = withSettings({});
const publicPartnership = withSettings({ publicPages: true });
const automatic = withSettings({ publicPages: true, publishUpdatesAutomatically: true, publishMinutesAutomatically: true });

const expectField = (field: string, rule: string) => (error: ValidationError) => {
  expect(error.field).toBe(field);
  expect(error.rule).toBe(rule);
};
const expectMessage = (pattern: RegExp) => (error: Error) => expect(error.message).toMatch(pattern);

describe('publication settings', () => {
  const spec = DeciderSpecification.for(partnershipDecider);
  const formed: PartnershipFormed = {
    type: 'PartnershipFormed',
    data: { partnershipId: llr, name: 'Leicester HWB', level: 'PLACE', parentPartnershipId: null, timeZone: 'Europe/London', formedAt: now.toISOString() },
  };
  const changed = (settings: PublicationSettings): PublicationSettingsChanged => ({
    type: 'PublicationSettingsChanged',
    data: { partnershipId: llr, ...settings, changedAt: now.toISOString() },
  });
  const change = (data: Partial<Record<keyof PublicationSettings, boolean | null>>) => ({
    type: 'ChangePublicationSettings' as const,
    data: { partnershipId: llr, ...data },
    metadata: { now },
  });

  it('records the whole settings, those left out keeping their value', () => {
    spec
      .given([formed])
      .when(change({ publicPages: true }))
      .then([changed({ publicPages: true, publishUpdatesAutomatically: false, publishMinutesAutomatically: false })]);
    spec
      .given([formed, changed({ publicPages: true, publishUpdatesAutomatically: false, publishMinutesAutomatically: false })])
      .when(change({ publishUpdatesAutomatically: true, publishMinutesAutomatically: null }))
      .then([changed({ publicPages: true, publishUpdatesAutomatically: true, publishMinutesAutomatically: false })]);
  });

  it('carries the settings in the partnership facts, the defaults until changed', () => {
    const fold = (events: Parameters<typeof partnershipDecider.evolve>[1][]) => events.reduce(partnershipDecider.evolve, partnershipDecider.initialState());
    expect(partnershipFacts(fold([formed])).publication).toEqual(DEFAULT_PUBLICATION_SETTINGS);
    const settings = { publicPages: true, publishUpdatesAutomatically: true, publishMinutesAutomatically: false };
    expect(partnershipFacts(fold([formed, changed(settings)])).publication).toEqual(settings);
  });

  it('refuses automatic publication without public pages, and a change that changes nothing', () => {
    spec.given([formed]).when(change({ publishUpdatesAutomatically: true })).thenThrows(ValidationError, expectField('publishUpdatesAutomatically', 'needsPublicPages'));
    spec
      .given([formed, changed({ publicPages: true, publishUpdatesAutomatically: false, publishMinutesAutomatically: true })])
      .when(change({ publicPages: false }))
      .thenThrows(ValidationError, expectField('publishMinutesAutomatically', 'needsPublicPages'));
    spec.given([formed]).when(change({ publicPages: false })).thenThrows(ValidationError, expectField('settings', 'changed'));
  });

  it('refuses a partnership that was never formed', () => {
    spec.given([]).when(change({ publicPages: true })).thenThrows(NotFoundError);
  });
});

describe('publishing a commitment', () => {
  const spec = DeciderSpecification.for(commitmentDecider);
  const made: CommitmentMade = {
    type: 'CommitmentMade',
    data: {
      commitmentId,
      partnershipId: llr,
      owningOrganisationId: council,
      contributingOrganisationIds: [],
      title: 'Health Equity Audit at project planning',
      description: 'Each organisation adopts the HEA tool.',
      priorityIds: [],
      targetDate: null,
      sourceReference: null,
      madeAt: now.toISOString(),
      madeOn: '2021-09-15',
    },
  };
  const publish = (partnership: PartnershipFacts, id = commitmentId) => ({ type: 'PublishCommitment' as const, data: { commitmentId: id, partnership }, metadata: { now } });
  const published = { type: 'CommitmentPublished' as const, data: { commitmentId, partnershipId: llr, publishedAt: now.toISOString() } };

  it('publishes it when the partnership has public pages', () => {
    spec.given([made]).when(publish(publicPartnership)).then([published]);
  });

  it('refuses while the partnership has no public pages (FAILED_PRECONDITION)', () => {
    spec.given([made]).when(publish(privatePartnership)).thenThrows(IllegalStateError, expectMessage(/publicPages/));
  });

  it('refuses to publish it twice, saying since when', () => {
    spec.given([made, published]).when(publish(publicPartnership)).thenThrows(IllegalStateError, expectMessage(/already published, since 2021-09-15/));
  });

  it('refuses a commitment never made', () => {
    spec.given([]).when(publish(publicPartnership)).thenThrows(NotFoundError);
  });
});

describe('publishing action updates', () => {
  const spec = DeciderSpecification.for(actionDecider);
  const planned: ActionPlanned = {
    type: 'ActionPlanned',
    data: {
      actionId,
      commitmentId,
      partnershipId: llr,
      owningOrganisationId: council,
      title: 'HEA tool adopted',
      dueDate: '2021-10-30',
      leadMemberId: null,
      planId: null,
      plannedAt: now.toISOString(),
      plannedOn: '2021-09-01',
    },
  };
  const submitted: ActionUpdateSubmitted = {
    type: 'ActionUpdateSubmitted',
    data: {
      actionId,
      updateId,
      status: 'ON_TRACK',
      previousStatus: 'NOT_STARTED',
      percentComplete: null,
      whatHasHappened: 'HEA tool piloted on two capital projects',
      whatMoreIsToBeDone: null,
      evidenceLinks: [],
      submittedAt: now.toISOString(),
      reportedOn: '2021-09-15',
    },
  };
  const published = (automatically: boolean) => ({ type: 'ActionUpdatePublished' as const, data: { actionId, updateId, automatically, publishedAt: now.toISOString() } });
  const publish = (partnership: PartnershipFacts, id = updateId, actor = secretariat) => ({
    type: 'PublishActionUpdate' as const,
    data: { actionId, updateId: id, partnership },
    metadata: { now, actor },
  });
  const submit = (partnership: PartnershipFacts): SubmitActionUpdate => ({
    type: 'SubmitActionUpdate',
    data: { actionId, updateId, status: 'ON_TRACK', whatHasHappened: 'HEA tool piloted on two capital projects', commitment: { exists: true, status: 'ACTIVE', partnershipId: llr }, partnership },
    metadata: { now, actor: councilPartner },
  });

  it('publishes a submitted update', () => {
    spec.given([planned, submitted]).when(publish(publicPartnership)).then([published(false)]);
  });

  it('refuses an update the action does not have, without public pages, or published already', () => {
    const unknown = '0190a1b2-0000-7000-8000-0000000000e9';
    spec.given([planned, submitted]).when(publish(publicPartnership, unknown)).thenThrows(NotFoundError, (error) => expect(error.field).toBe('updateId'));
    spec.given([planned, submitted]).when(publish(privatePartnership)).thenThrows(IllegalStateError, expectMessage(/publicPages/));
    spec.given([planned, submitted, published(false)]).when(publish(publicPartnership)).thenThrows(IllegalStateError, expectMessage(/already published/));
  });

  it('is the board’s step: a partner may not publish, even its own organisation’s update', () => {
    spec.given([planned, submitted]).when(publish(publicPartnership, updateId, councilPartner)).thenThrows(ForbiddenError);
  });

  it('publishes an update in the same append when the partnership publishes updates automatically', () => {
    spec.given([planned]).when(submit(automatic)).then([submitted, published(true)]);
  });

  it('leaves an update unpublished otherwise', () => {
    spec.given([planned]).when(submit(publicPartnership)).then([submitted]);
  });
});

describe('publishing minutes', () => {
  const spec = DeciderSpecification.for(meetingDecider);
  const at = now.toISOString();
  const scheduled: MeetingScheduled = {
    type: 'MeetingScheduled',
    data: { meetingId, partnershipId: llr, date: '2021-09-15', startTime: '09:00', format: 'ONLINE', place: null, link: 'https://zoom.us/j/1', title: null, scheduledAt: at },
  };
  const held: AttendanceRecorded = {
    type: 'AttendanceRecorded',
    data: { meetingId, attendance: [{ memberId: chair, presence: 'PRESENT' }], declarations: [], correction: false, recordedAt: at },
  };
  const recorded = (position: number, visibility: 'PUBLIC' | 'PRIVATE'): MinuteItemRecorded => ({
    type: 'MinuteItemRecorded',
    data: {
      meetingId,
      number: String(position + 8),
      position,
      title: `Item ${position}`,
      presenter: { memberId: null, role: 'Chair' },
      visibility,
      text: 'The Board noted the report.',
      resolution: { kind: 'NOTE' },
      actionsRaised: [],
      recordedAt: at,
    },
  });
  const published = (throughPosition: number, automatically = false) => ({
    type: 'MinutesPublished' as const,
    data: { meetingId, throughPosition, automatically, publishedAt: at },
  });
  const publish = (partnership: PartnershipFacts, throughPosition?: number | null) => ({
    type: 'PublishMinutes' as const,
    data: { meetingId, throughPosition, partnership },
    metadata: { now },
  });
  const record = (visibility: 'PUBLIC' | 'PRIVATE', partnership: PartnershipFacts): RecordMinuteItem => ({
    type: 'RecordMinuteItem',
    data: {
      meetingId,
      number: '11',
      title: 'Item 3',
      presenter: { role: 'Chair' },
      visibility,
      text: 'The Board noted the report.',
      resolution: { kind: 'NOTE' },
      partnership,
    },
    metadata: { now },
  });
  const minutes = [scheduled, held, recorded(1, 'PUBLIC'), recorded(2, 'PRIVATE')];

  it('publishes every item recorded so far by default, or through a position', () => {
    spec.given(minutes).when(publish(publicPartnership)).then([published(2)]);
    spec.given(minutes).when(publish(publicPartnership, 1)).then([published(1)]);
    spec.given([...minutes, published(1)]).when(publish(publicPartnership, 2)).then([published(2)]);
  });

  it('refuses a position not recorded, minutes not yet taken, no public pages, or a position already published', () => {
    spec.given(minutes).when(publish(publicPartnership, 3)).thenThrows(ValidationError, expectField('throughPosition', 'recordedItem'));
    spec.given(minutes).when(publish(publicPartnership, 0)).thenThrows(ValidationError, expectField('throughPosition', 'recordedItem'));
    spec.given([scheduled, held]).when(publish(publicPartnership)).thenThrows(IllegalStateError, expectMessage(/no minutes to publish/));
    spec.given(minutes).when(publish(privatePartnership)).thenThrows(IllegalStateError, expectMessage(/publicPages/));
    spec.given([...minutes, published(2)]).when(publish(publicPartnership, 1)).thenThrows(IllegalStateError, expectMessage(/already published through item position 2/));
    spec.given([]).when(publish(publicPartnership)).thenThrows(NotFoundError);
  });

  it('publishes a PUBLIC item as it is recorded when the partnership publishes minutes automatically, never a PRIVATE one', () => {
    const third = { ...recorded(3, 'PUBLIC'), data: { ...recorded(3, 'PUBLIC').data, number: '11', title: 'Item 3' } };
    spec.given(minutes).when(record('PUBLIC', automatic)).then([third, published(3, true)]);
    const privateThird = { ...third, data: { ...third.data, visibility: 'PRIVATE' as const } };
    spec.given(minutes).when(record('PRIVATE', automatic)).then([privateThird]);
    spec.given(minutes).when(record('PUBLIC', publicPartnership)).then([third]);
  });
});

describe('the annual assessment return', () => {
  const spec = DeciderSpecification.for(annualReturnDecider);
  const commitments = {
    [commitmentId]: { exists: true, partnershipId: llr, owningOrganisationId: council },
    [councilCommitment2]: { exists: true, partnershipId: otherPartnership, owningOrganisationId: council },
    [hospitalsCommitment]: { exists: true, partnershipId: llr, owningOrganisationId: hospitals },
  };
  const entry = { commitmentId, whatHasHappened: 'HEA tool adopted for all capital projects', whatMoreIsToBeDone: 'Extend it to revenue projects' };
  const draft = (data: Partial<DraftAnnualReturn['data']> = {}, actor: Actor = councilPartner): DraftAnnualReturn => ({
    type: 'DraftAnnualReturn',
    data: { partnershipId: llr, organisationId: council, year: 2021, entries: [entry], partnership: publicPartnership, commitments, ...data },
    metadata: { now, actor },
  });
  const drafted: AnnualReturnDrafted = {
    type: 'AnnualReturnDrafted',
    data: { partnershipId: llr, organisationId: council, year: 2021, entries: [entry], draftedAt: now.toISOString() },
  };
  const publish = (partnership = publicPartnership) => ({
    type: 'PublishAnnualReturn' as const,
    data: { partnershipId: llr, organisationId: council, year: 2021, partnership },
    metadata: { now, actor: secretariat },
  });
  const published = { type: 'AnnualReturnPublished' as const, data: { partnershipId: llr, organisationId: council, year: 2021, publishedAt: now.toISOString() } };

  it('is drafted by the organisation’s partner, text trimmed', () => {
    spec.given([]).when(draft({ entries: [{ ...entry, whatHasHappened: `  ${entry.whatHasHappened}\n` }] })).then([drafted]);
  });

  it('refuses a partner drafting another organisation’s return', () => {
    spec.given([]).when(draft({ organisationId: hospitals, entries: [{ ...entry, commitmentId: hospitalsCommitment }] })).thenThrows(ForbiddenError);
  });

  it('refuses commitments not the organisation’s in this partnership, unknown, repeated, or none', () => {
    spec.given([]).when(draft({ entries: [{ ...entry, commitmentId: hospitalsCommitment }] }, secretariat)).thenThrows(ValidationError, expectField('entries.0.commitmentId', 'organisationsCommitment'));
    spec.given([]).when(draft({ entries: [{ ...entry, commitmentId: councilCommitment2 }] })).thenThrows(ValidationError, expectField('entries.0.commitmentId', 'samePartnership'));
    spec.given([]).when(draft({ entries: [{ ...entry, commitmentId: '0190a1b2-0000-7000-8000-0000000000af' }] })).thenThrows(NotFoundError);
    spec.given([]).when(draft({ entries: [entry, entry] })).thenThrows(ValidationError, expectField('entries.1.commitmentId', 'distinct'));
    spec.given([]).when(draft({ entries: [] })).thenThrows(ValidationError, expectField('entries', 'notEmpty'));
  });

  it('requires both texts, within the narrative length', () => {
    spec.given([]).when(draft({ entries: [{ ...entry, whatMoreIsToBeDone: ' ' }] })).thenThrows(ValidationError, expectField('entries.0.whatMoreIsToBeDone', 'notEmpty'));
    spec.given([]).when(draft({ entries: [{ ...entry, whatHasHappened: 'x'.repeat(4001) }] })).thenThrows(ValidationError, expectField('entries.0.whatHasHappened', 'maxLength'));
  });

  it('refuses a year to come, or before 2000', () => {
    spec.given([]).when(draft({ year: 2022 })).thenThrows(ValidationError, expectField('year', 'returnYear'));
    spec.given([]).when(draft({ year: 1999 })).thenThrows(ValidationError, expectField('year', 'returnYear'));
  });

  it('refuses a redraft that changes nothing', () => {
    spec.given([drafted]).when(draft()).thenThrows(ValidationError, expectField('entries', 'changed'));
  });

  it('is published by the secretariat once drafted, and again only after a redraft', () => {
    spec.given([drafted]).when(publish()).then([published]);
    spec.given([]).when(publish()).thenThrows(IllegalStateError, expectMessage(/draft it before publishing/));
    spec.given([drafted]).when(publish(privatePartnership)).thenThrows(IllegalStateError, expectMessage(/publicPages/));
    spec.given([drafted, published]).when(publish()).thenThrows(IllegalStateError, expectMessage(/already published/));
    const redrafted = { ...drafted, data: { ...drafted.data, entries: [{ ...entry, whatMoreIsToBeDone: 'Extend it to revenue projects by March' }] } };
    spec.given([drafted, published, redrafted]).when(publish()).then([published]);
  });

  it('names its stream by partnership, organisation and year', () => {
    expect(annualReturnStream.streamId(annualReturnKey(llr, council, 2021))).toBe(`annual-return-${llr}-${council}-2021`);
  });
});
