import { describe, expect, it } from '@jest/globals';
import type { DomainEvent } from '../projection.js';
import { describeEvent } from './describe-event.js';

const at = '2021-11-02T10:00:00.000Z';
const terms = { commitmentId: 'c1' };

/** One case per event type: the business date, the summary's gist and the old → new values an auditor must see. */
const CASES: readonly [DomainEvent, Partial<ReturnType<typeof describeEvent>>][] = [
  [
    { type: 'CommitmentMade', data: { ...terms, partnershipId: 'p1', owningOrganisationId: 'o1', contributingOrganisationIds: [], title: 'Action 7', description: 'd', priorityIds: [], targetDate: '2022-03-31', sourceReference: null, madeAt: at, madeOn: '2021-03-25' } },
    { businessDate: '2021-03-25', summary: 'Made commitment "Action 7", target 2022-03-31', reason: null },
  ],
  [{ type: 'CommitmentEndorsed', data: { ...terms, endorsedOn: '2021-04-01', meetingId: null, endorsedAt: at } }, { businessDate: '2021-04-01', changes: [{ field: 'status', from: 'PROPOSED', to: 'ACTIVE' }] }],
  [
    { type: 'CommitmentAmended', data: { ...terms, changes: { targetDate: '2023-03-31', title: 'New' }, previous: { targetDate: '2022-03-31', title: 'Old' }, reason: 'Board agreed', amendedAt: at } },
    {
      businessDate: null,
      summary: 'Amended targetDate, title: Board agreed',
      changes: [
        { field: 'targetDate', from: '2022-03-31', to: '2023-03-31' },
        { field: 'title', from: 'Old', to: 'New' },
      ],
      reason: 'Board agreed',
    },
  ],
  [
    { type: 'CommitmentClosed', data: { ...terms, outcome: 'ACHIEVED', reason: 'Done', closedActions: [{ actionId: 'a1', finalStatus: 'CANCELLED' }], closedAt: at } },
    { summary: 'Closed as ACHIEVED: Done', changes: [{ field: 'status', from: null, to: 'ACHIEVED' }, { field: 'action a1 status', from: null, to: 'CANCELLED' }], reason: 'Done' },
  ],
  [
    { type: 'ActionsPlanned', data: { ...terms, planId: 'plan', actions: [plannedAction('a1'), plannedAction('a2')] } },
    { businessDate: '2021-03-25', summary: 'Planned 2 actions: Adopt the tool' },
  ],
  [{ type: 'ActionPlanned', data: plannedAction('a1') }, { businessDate: '2021-03-25', summary: 'Planned "Adopt the tool", due 2021-10-30' }],
  [
    { type: 'ActionRescheduled', data: { actionId: 'a1', dueDate: '2027-03-31', previousDueDate: '2021-10-30', reason: 'Tool not procured', rescheduledAt: at } },
    { summary: 'Rescheduled from 2021-10-30 to 2027-03-31: Tool not procured', changes: [{ field: 'dueDate', from: '2021-10-30', to: '2027-03-31' }], reason: 'Tool not procured' },
  ],
  [
    { type: 'ActionReassigned', data: { actionId: 'a1', owningOrganisationId: null, previousOwningOrganisationId: 'o1', owningPartnershipId: 'p2', previousOwningPartnershipId: null, reason: 'Place leads', reassignedAt: at } },
    { changes: [{ field: 'owner', from: 'organisation o1', to: 'partnership p2' }], reason: 'Place leads' },
  ],
  [
    { type: 'ActionReopened', data: { actionId: 'a1', status: 'AT_RISK', previousStatus: 'COMPLETED', percentComplete: 60, reason: 'Audit found gaps', reopenedAt: at } },
    { summary: 'Reopened as AT_RISK: Audit found gaps', changes: [{ field: 'status', from: 'COMPLETED', to: 'AT_RISK' }] },
  ],
  [
    { type: 'IndicatorDefined', data: { indicatorId: 'i1', ...terms, partnershipId: 'p1', name: 'Smoking', unit: '%', direction: 'LOWER_IS_BETTER', baseline: { value: 20, date: '2020-01-01' }, target: { value: 15, date: '2025-01-01' }, owningOrganisationId: 'o1', definedAt: at } },
    { businessDate: '2020-01-01', changes: [{ field: 'name', from: null, to: 'Smoking' }, { field: 'baseline', from: null, to: '20 on 2020-01-01' }, { field: 'target', from: null, to: '15 on 2025-01-01' }] },
  ],
  [
    { type: 'IndicatorReadingRecorded', data: { indicatorId: 'i1', readingId: 'r1', value: 18, periodDate: '2021-06-30', source: 'ONS', recordedAt: at } },
    { businessDate: '2021-06-30', changes: [{ field: 'value', from: null, to: '18' }] },
  ],
  [
    { type: 'MeetingScheduled', data: { meetingId: 'm1', partnershipId: 'p1', date: '2021-09-16', startTime: '10:00', format: 'ONLINE', place: null, link: 'https://x', title: null, scheduledAt: at } },
    { businessDate: '2021-09-16', summary: 'Meeting scheduled for 2021-09-16 at 10:00 (ONLINE)' },
  ],
  [{ type: 'AttendanceRecorded', data: { meetingId: 'm1', attendance: [{ memberId: 's1', presence: 'PRESENT' }], declarations: [], correction: false, recordedAt: at } }, { summary: 'Attendance recorded: 1 listed, 0 declarations of interest' }],
  [
    { type: 'MinuteItemRecorded', data: { meetingId: 'm1', number: '9', position: 1, title: 'Health equity', presenter: { memberId: null, role: 'DPH' }, visibility: 'PUBLIC', text: 't', resolution: { kind: 'ENDORSE_COMMITMENT', commitmentId: 'c1' }, actionsRaised: [], recordedAt: at } },
    { summary: 'Minute item 9 "Health equity": RESOLVED endorsed commitment c1' },
  ],
  [{ type: 'MinutesConfirmed', data: { meetingId: 'm1', confirmedAtMeetingId: 'm2', confirmedOn: '2021-11-18', confirmedAt: at } }, { businessDate: '2021-11-18' }],
  [
    { type: 'AllyshipPairingProposed', data: { pairingId: 'x', partnershipId: 'p1', boardMemberId: 's1', allyPersonId: 'pe', allyOrganisationId: 'o2', allySector: 'VCSE', sectorException: null, focus: 'Equity', commitmentIds: ['c1'], proposedOn: '2021-05-01', proposedAt: at } },
    { businessDate: '2021-05-01', changes: [{ field: 'status', from: null, to: 'PROPOSED' }] },
  ],
  [{ type: 'AllyshipPairingActivated', data: { pairingId: 'x', previousStatus: 'PAUSED', activatedOn: '2021-06-01', reason: 'Back', activatedAt: at } }, { changes: [{ field: 'status', from: 'PAUSED', to: 'ACTIVE' }], reason: 'Back' }],
  [{ type: 'AllyshipPairingPaused', data: { pairingId: 'x', pausedOn: '2021-05-20', reason: 'Leave', pausedAt: at } }, { businessDate: '2021-05-20', changes: [{ field: 'status', from: 'ACTIVE', to: 'PAUSED' }] }],
  [{ type: 'AllyshipPairingEnded', data: { pairingId: 'x', previousStatus: 'ACTIVE', endedOn: '2021-12-01', reason: 'Term over', endedAt: at } }, { changes: [{ field: 'status', from: 'ACTIVE', to: 'ENDED' }] }],
  [
    { type: 'AllyshipCheckInLogged', data: { pairingId: 'x', checkInId: 'k', heldOn: '2021-07-01', summary: 'Met', challenges: [{ challengeId: 'ch', text: 'Why late?', commitmentId: 'c1', actionId: null }], followUps: [], loggedBy: 'ALLY', loggedAt: at } },
    { businessDate: '2021-07-01', summary: 'Check-in held on 2021-07-01: Met; challenge: Why late?' },
  ],
  [
    { type: 'AllyshipChallengeResponded', data: { pairingId: 'x', challengeId: 'ch', response: 'Procurement', respondedBy: 'BOARD_MEMBER', respondedOn: '2021-07-10', checkInId: null, respondedAt: at } },
    { businessDate: '2021-07-10', summary: 'Challenge ch answered by BOARD_MEMBER: Procurement' },
  ],
  [{ type: 'PartnershipFormed', data: { partnershipId: 'p1', name: 'LLR', level: 'SYSTEM', parentPartnershipId: null, formedAt: at } }, { summary: 'Formed partnership "LLR" (SYSTEM)' }],
  [{ type: 'OrganisationJoinedPartnership', data: { partnershipId: 'p1', organisationId: 'o1', joinedAt: at } }, { summary: 'Organisation o1 joined' }],
  [{ type: 'MemberAppointed', data: { partnershipId: 'p1', memberId: 's1', personId: 'pe', organisationId: 'o1', roleTitle: 'Chair', appointedAt: at } }, { summary: 'Member s1 appointed as Chair for organisation o1' }],
  [{ type: 'PriorityAdopted', data: { partnershipId: 'p1', priorityId: 'pr', code: 'P1', title: 'Equity', description: null, adoptedAt: at } }, { summary: 'Adopted priority P1 "Equity"' }],
  [{ type: 'PriorityRetired', data: { partnershipId: 'p1', priorityId: 'pr', reason: 'Met', retiredAt: at } }, { reason: 'Met' }],
  [
    { type: 'PartnershipSettingsChanged', data: { partnershipId: 'p1', changedAt: at, amberWithinDays: 7, silentAfterDays: 30, dueSoonDays: 14 } },
    { changes: [{ field: 'amberWithinDays', from: null, to: '7' }, { field: 'silentAfterDays', from: null, to: '30' }, { field: 'dueSoonDays', from: null, to: '14' }] },
  ],
  [{ type: 'OrganisationLeftPartnership', data: { partnershipId: 'p1', organisationId: 'o1', reason: 'Merged', leftAt: at } }, { summary: 'Organisation o1 left: Merged' }],
  [{ type: 'MemberVacated', data: { partnershipId: 'p1', memberId: 's1', reason: 'Retired', vacatedAt: at } }, { summary: 'Seat s1 vacated: Retired' }],
  [{ type: 'PartnershipDissolved', data: { partnershipId: 'p1', reason: 'Reorganised', dissolvedOn: '2022-07-01', dissolvedAt: at } }, { businessDate: '2022-07-01', reason: 'Reorganised' }],
  [{ type: 'OrganisationRegistered', data: { organisationId: 'o1', name: 'UHL', sector: 'HEALTH', registeredAt: at } }, { summary: 'Registered organisation "UHL" (HEALTH)' }],
  [
    { type: 'OrganisationRenamed', data: { organisationId: 'o1', name: 'New', previousName: 'Old', reason: 'Rebrand', renamedAt: at } },
    { changes: [{ field: 'name', from: 'Old', to: 'New' }], reason: 'Rebrand' },
  ],
  [{ type: 'OrganisationMerged', data: { organisationId: 'o1', survivorId: 'o2', reason: 'Duplicate', partnershipIds: [], actionIds: [], mergedAt: at } }, { summary: 'Merged into organisation o2: Duplicate' }],
  [{ type: 'OrganisationAbsorbed', data: { organisationId: 'o2', duplicateId: 'o1', reason: 'Duplicate', absorbedAt: at } }, { summary: 'Absorbed duplicate organisation o1: Duplicate' }],
  [{ type: 'RoleGranted', data: { grantId: 'g', personId: 'pe', role: 'AUDITOR', partnershipId: null, organisationId: null, reason: 'Annual audit', grantedAt: at } }, { summary: 'Granted AUDITOR: Annual audit' }],
  [{ type: 'RoleRevoked', data: { grantId: 'g', personId: 'pe', reason: 'Audit over', revokedAt: at } }, { summary: 'Revoked grant g: Audit over' }],
  [{ type: 'AuditRecordRead', data: { partnershipId: 'p1', personId: 'pe', grantId: 'g', what: 'COMMITMENT_HISTORY', subjectId: 'c1', at } }, { summary: 'Read COMMITMENT_HISTORY of c1' }],
  [
    { type: 'PublicationSettingsChanged', data: { partnershipId: 'p1', publicPages: true, publishUpdatesAutomatically: true, publishMinutesAutomatically: false, changedAt: at } },
    { summary: 'Publication settings: public pages on, updates published automatically on, minutes published automatically off', changes: [] },
  ],
  [{ type: 'CommitmentPublished', data: { commitmentId: 'c1', partnershipId: 'p1', publishedAt: at } }, { summary: 'Published the commitment' }],
  [{ type: 'ActionUpdatePublished', data: { actionId: 'a1', updateId: 'u1', automatically: true, publishedAt: at } }, { summary: 'Published update u1 (automatically, as it was recorded)' }],
  [{ type: 'MinutesPublished', data: { meetingId: 'm1', throughPosition: 3, automatically: false, publishedAt: at } }, { summary: 'Published the PUBLIC minute items through position 3' }],
  [
    { type: 'AnnualReturnDrafted', data: { partnershipId: 'p1', organisationId: 'o1', year: 2021, entries: [{ commitmentId: 'c1', whatHasHappened: 'a', whatMoreIsToBeDone: 'b' }], draftedAt: at } },
    { summary: 'Drafted the 2021 annual return of organisation o1 (1 commitment)' },
  ],
  [{ type: 'AnnualReturnPublished', data: { partnershipId: 'p1', organisationId: 'o1', year: 2021, publishedAt: at } }, { summary: 'Published the 2021 annual return of organisation o1' }],
];

function plannedAction(actionId: string) {
  return {
    actionId,
    commitmentId: 'c1',
    partnershipId: 'p1',
    owningOrganisationId: 'o1',
    title: 'Adopt the tool',
    dueDate: '2021-10-30',
    leadMemberId: null,
    planId: 'plan',
    plannedAt: at,
    plannedOn: '2021-03-25',
  };
}

describe('describeEvent', () => {
  it.each(CASES.map(([event, expected]) => [event.type, event, expected] as const))('words %s with its date, changes and reason', (_type, event, expected) => {
    expect(describeEvent(event)).toMatchObject(expected);
  });

  it('has one case per event type, none twice', () => {
    expect(new Set(CASES.map(([event]) => event.type)).size).toBe(CASES.length);
  });

  it('shows an update’s status and percent complete as old → new, the old figure from what the stream held before', () => {
    const update = { type: 'ActionUpdateSubmitted', data: { actionId: 'a1', updateId: 'u', status: 'AT_RISK', previousStatus: 'ON_TRACK', percentComplete: 40, whatHasHappened: 'Tool chosen', whatMoreIsToBeDone: null, evidenceLinks: [], submittedAt: at, reportedOn: '2021-09-30' } } as const;
    expect(describeEvent(update, { percentCompleteBefore: 25 })).toEqual({
      businessDate: '2021-09-30',
      summary: 'Update: ON_TRACK → AT_RISK, 40% complete: Tool chosen',
      changes: [
        { field: 'status', from: 'ON_TRACK', to: 'AT_RISK' },
        { field: 'percentComplete', from: '25', to: '40' },
      ],
      reason: null,
    });
    // A completed action is 100% whatever was reported; an unchanged figure is no change.
    expect(describeEvent({ ...update, data: { ...update.data, status: 'COMPLETED', percentComplete: null } }, { percentCompleteBefore: 100 }).changes).toEqual([
      { field: 'status', from: 'ON_TRACK', to: 'COMPLETED' },
    ]);
    // An older business date is the partnership's date of submittedAt.
    expect(describeEvent({ ...update, data: { ...update.data, reportedOn: undefined } }).businessDate).toBe('2021-11-02');
  });

  it('shows a corrected reading’s old value from the reading it corrects', () => {
    const corrected = { type: 'IndicatorReadingCorrected', data: { indicatorId: 'i1', readingId: 'r2', correctsReadingId: 'r1', value: 17, periodDate: '2021-06-30', source: 'ONS', reason: 'Typo', correctedAt: at } } as const;
    expect(describeEvent(corrected, { correctedValue: 71 })).toMatchObject({ changes: [{ field: 'value', from: '71', to: '17' }], reason: 'Typo', summary: 'Corrected reading r1 to 17 for 2021-06-30: Typo' });
  });

  it('names an event type this build does not know rather than refusing to replay it', () => {
    expect(describeEvent({ type: 'SomethingNew', data: {} })).toEqual({ businessDate: null, summary: 'SomethingNew', changes: [], reason: null });
  });
});
