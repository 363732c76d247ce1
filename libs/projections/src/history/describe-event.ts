import { percentCompleteAfter, type CommitmentTerms, type DatedValue, type MinuteResolution } from '@ledger/domain';
import type { DomainEvent } from '../projection.js';

/** One field an event changed, as an auditor reads it: old → new, each a printable value or null (none). */
export type FieldChange = Readonly<{ field: string; from: string | null; to: string | null }>;

/** What an event says, in words: its business date, a one-line summary, the fields it changed, and its reason. */
export type EventDescription = Readonly<{
  /** The date the event is about in the partnership's calendar (madeOn, plannedOn, reportedOn, periodDate…); null when it has none. */
  businessDate: string | null;
  summary: string;
  changes: FieldChange[];
  reason: string | null;
}>;

/**
 * What the stream held just before the event, for the old values an event does not carry itself:
 * an update's percent complete before it, a corrected reading's value. Absent: shown as unknown (null).
 */
export type DescribeContext = Readonly<{ percentCompleteBefore?: number | null; correctedValue?: number | null }>;

const text = (value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
};
const change = (field: string, from: unknown, to: unknown): FieldChange => ({ field, from: text(from), to: text(to) });
/** The first values of a record just created: each from none. */
const created = (fields: Readonly<Record<string, unknown>>): FieldChange[] => Object.entries(fields).map(([field, to]) => change(field, null, to));
const dated = ({ value, date }: DatedValue) => `${value} on ${date}`;
const withReason = (summary: string, reason: string | null | undefined) => (reason ? `${summary}: ${reason}` : summary);
const described = (summary: string, changes: FieldChange[] = [], businessDate: string | null = null, reason: string | null = null): EventDescription => ({
  businessDate,
  summary,
  changes,
  reason,
});
/** Which organisation or partnership owns an action, as one value: the change of owner reads as one field. */
const owner = (organisationId: string | null | undefined, partnershipId: string | null | undefined) =>
  organisationId ? `organisation ${organisationId}` : partnershipId ? `partnership ${partnershipId}` : null;

function resolutionText(resolution: MinuteResolution): string {
  switch (resolution.kind) {
    case 'CONFIRM_MINUTES':
      return `confirmed the minutes of meeting ${resolution.meetingId}`;
    case 'NOTE':
      return 'noted';
    case 'ENDORSE_COMMITMENT':
      return `endorsed commitment ${resolution.commitmentId}`;
    case 'REQUEST_UPDATE':
      return `requested an update by ${resolution.byDate}`;
    case 'OTHER':
      return resolution.text;
  }
}

/**
 * The summary and old → new values of one event: pure, one case per event type, so the API's history,
 * the CLI's replay and any export word an event the same way. An event type this build does not know
 * is named and left undescribed rather than refused: history must replay whatever the log holds.
 */
export function describeEvent(event: Readonly<{ type: string; data: object }>, context: DescribeContext = {}): EventDescription {
  const known = event as DomainEvent;
  switch (known.type) {
    case 'CommitmentMade': {
      const { data } = known;
      return described(
        `Made commitment "${data.title}"${data.targetDate ? `, target ${data.targetDate}` : ''}`,
        [
          ...created({ title: data.title, targetDate: data.targetDate, owningOrganisationId: data.owningOrganisationId }),
          change('status', null, 'PROPOSED'),
        ],
        data.madeOn ?? data.madeAt.slice(0, 10),
      );
    }
    case 'CommitmentEndorsed': {
      const { data } = known;
      return described(`Endorsed on ${data.endorsedOn}${data.meetingId ? ` at meeting ${data.meetingId}` : ''}`, [change('status', 'PROPOSED', 'ACTIVE')], data.endorsedOn);
    }
    case 'CommitmentAmended': {
      const { data } = known;
      const fields = Object.keys(data.changes) as (keyof CommitmentTerms)[];
      return described(
        withReason(`Amended ${fields.join(', ')}`, data.reason),
        fields.map((field) => change(field, data.previous[field], data.changes[field])),
        null,
        data.reason,
      );
    }
    case 'CommitmentClosed': {
      const { data } = known;
      return described(
        withReason(`Closed as ${data.outcome}`, data.reason),
        [
          change('status', null, data.outcome),
          ...(data.closedActions ?? []).map((closed) => change(`action ${closed.actionId} status`, null, closed.finalStatus)),
        ],
        null,
        data.reason,
      );
    }
    case 'ActionsPlanned': {
      const { data } = known;
      return described(
        `Planned ${data.actions.length} action${data.actions.length === 1 ? '' : 's'}: ${[...new Set(data.actions.map((action) => action.title))].join('; ')}`,
        [],
        data.actions[0]?.plannedOn ?? null,
      );
    }
    case 'ActionPlanned': {
      const { data } = known;
      return described(
        `Planned "${data.title}", due ${data.dueDate}`,
        created({ title: data.title, dueDate: data.dueDate, owner: owner(data.owningOrganisationId, data.owningPartnershipId), status: 'NOT_STARTED' }),
        data.plannedOn ?? data.plannedAt.slice(0, 10),
      );
    }
    case 'ActionRescheduled': {
      const { data } = known;
      return described(withReason(`Rescheduled from ${data.previousDueDate} to ${data.dueDate}`, data.reason), [change('dueDate', data.previousDueDate, data.dueDate)], null, data.reason);
    }
    case 'ActionReassigned': {
      const { data } = known;
      const from = owner(data.previousOwningOrganisationId, data.previousOwningPartnershipId);
      const to = owner(data.owningOrganisationId, data.owningPartnershipId);
      return described(withReason(`Reassigned from ${from} to ${to}`, data.reason), [change('owner', from, to)], null, data.reason);
    }
    case 'ActionUpdateSubmitted': {
      const { data } = known;
      const before = context.percentCompleteBefore;
      const after = percentCompleteAfter(data.status, data.percentComplete, before ?? null);
      return described(
        `Update: ${data.previousStatus === data.status ? data.status : `${data.previousStatus} → ${data.status}`}${after === null ? '' : `, ${after}% complete`}: ${data.whatHasHappened}`,
        [
          ...(data.previousStatus === data.status ? [] : [change('status', data.previousStatus, data.status)]),
          ...(before === after && before !== undefined ? [] : [change('percentComplete', before ?? null, after)]),
        ],
        data.reportedOn ?? data.submittedAt.slice(0, 10),
      );
    }
    case 'ActionReopened': {
      const { data } = known;
      return described(withReason(`Reopened as ${data.status}`, data.reason), [change('status', data.previousStatus, data.status)], null, data.reason);
    }
    case 'IndicatorDefined': {
      const { data } = known;
      return described(
        `Defined indicator "${data.name}" (${data.unit}): baseline ${dated(data.baseline)}, target ${dated(data.target)}`,
        created({ name: data.name, baseline: dated(data.baseline), target: dated(data.target) }),
        data.baseline.date,
      );
    }
    case 'IndicatorReadingRecorded': {
      const { data } = known;
      return described(`Reading ${data.value} for ${data.periodDate} (${data.source})`, [change('value', null, data.value)], data.periodDate);
    }
    case 'IndicatorReadingCorrected': {
      const { data } = known;
      return described(
        withReason(`Corrected reading ${data.correctsReadingId} to ${data.value} for ${data.periodDate}`, data.reason),
        [change('value', context.correctedValue ?? null, data.value)],
        data.periodDate,
        data.reason,
      );
    }
    case 'MeetingScheduled': {
      const { data } = known;
      return described(`Meeting scheduled for ${data.date} at ${data.startTime} (${data.format})`, [], data.date);
    }
    case 'AttendanceRecorded': {
      const { data } = known;
      return described(`${data.correction ? 'Attendance corrected' : 'Attendance recorded'}: ${data.attendance.length} listed, ${data.declarations.length} declarations of interest`);
    }
    case 'MinuteItemRecorded': {
      const { data } = known;
      const raised = data.actionsRaised.length ? `; ${data.actionsRaised.length} action${data.actionsRaised.length === 1 ? '' : 's'} raised` : '';
      return described(`Minute item ${data.number} "${data.title}": RESOLVED ${resolutionText(data.resolution)}${raised}`);
    }
    case 'MinutesConfirmed': {
      const { data } = known;
      return described(`Minutes confirmed on ${data.confirmedOn} at meeting ${data.confirmedAtMeetingId}`, [change('status', null, 'MINUTES_CONFIRMED')], data.confirmedOn);
    }
    case 'AllyshipPairingProposed': {
      const { data } = known;
      return described(`Allyship pairing proposed: ${data.focus}`, [change('status', null, 'PROPOSED')], data.proposedOn, data.sectorException?.reason ?? null);
    }
    case 'AllyshipPairingActivated': {
      const { data } = known;
      return described(withReason('Allyship pairing activated', data.reason), [change('status', data.previousStatus, 'ACTIVE')], data.activatedOn, data.reason);
    }
    case 'AllyshipPairingPaused': {
      const { data } = known;
      return described(withReason('Allyship pairing paused', data.reason), [change('status', 'ACTIVE', 'PAUSED')], data.pausedOn, data.reason);
    }
    case 'AllyshipPairingEnded': {
      const { data } = known;
      return described(withReason('Allyship pairing ended', data.reason), [change('status', data.previousStatus, 'ENDED')], data.endedOn, data.reason);
    }
    case 'AllyshipCheckInLogged': {
      const { data } = known;
      const challenges = data.challenges.map((challenge) => `challenge: ${challenge.text}`);
      return described([`Check-in held on ${data.heldOn}: ${data.summary}`, ...challenges].join('; '), [], data.heldOn);
    }
    case 'AllyshipChallengeResponded': {
      const { data } = known;
      return described(`Challenge ${data.challengeId} answered by ${data.respondedBy}: ${data.response}`, [], data.respondedOn);
    }
    case 'PartnershipFormed': {
      const { data } = known;
      return described(`Formed partnership "${data.name}" (${data.level})`, created({ name: data.name, level: data.level }));
    }
    case 'OrganisationJoinedPartnership':
      return described(`Organisation ${known.data.organisationId} joined`);
    case 'MemberAppointed':
      return described(`Member ${known.data.memberId} appointed as ${known.data.roleTitle} for organisation ${known.data.organisationId}`);
    case 'PriorityAdopted':
      return described(`Adopted priority ${known.data.code} "${known.data.title}"`);
    case 'PriorityRetired':
      return described(withReason(`Retired priority ${known.data.priorityId}`, known.data.reason), [], null, known.data.reason);
    case 'PartnershipSettingsChanged': {
      const { data } = known;
      return described(
        'Board settings changed',
        created({ amberWithinDays: data.amberWithinDays, silentAfterDays: data.silentAfterDays, dueSoonDays: data.dueSoonDays }),
      );
    }
    case 'OrganisationLeftPartnership':
      return described(withReason(`Organisation ${known.data.organisationId} left`, known.data.reason), [], null, known.data.reason);
    case 'MemberVacated':
      return described(withReason(`Seat ${known.data.memberId} vacated`, known.data.reason), [], null, known.data.reason);
    case 'PartnershipDissolved':
      return described(withReason(`Dissolved on ${known.data.dissolvedOn}`, known.data.reason), [], known.data.dissolvedOn, known.data.reason);
    case 'OrganisationRegistered':
      return described(`Registered organisation "${known.data.name}" (${known.data.sector})`, created({ name: known.data.name, sector: known.data.sector }));
    case 'OrganisationRenamed':
      return described(withReason(`Renamed from "${known.data.previousName}" to "${known.data.name}"`, known.data.reason), [change('name', known.data.previousName, known.data.name)], null, known.data.reason);
    case 'OrganisationMerged':
      return described(withReason(`Merged into organisation ${known.data.survivorId}`, known.data.reason), [], null, known.data.reason);
    case 'OrganisationAbsorbed':
      return described(withReason(`Absorbed duplicate organisation ${known.data.duplicateId}`, known.data.reason), [], null, known.data.reason);
    case 'RoleGranted':
      return described(withReason(`Granted ${known.data.role}`, known.data.reason), [], null, known.data.reason);
    case 'RoleRevoked':
      return described(withReason(`Revoked grant ${known.data.grantId}`, known.data.reason), [], null, known.data.reason);
    case 'AuditRecordRead':
      return described(`Read ${known.data.what} of ${known.data.subjectId}`);
    case 'PublicationSettingsChanged': {
      // The event carries the whole settings, not the ones before: the summary states them.
      const onOff = (value: boolean) => (value ? 'on' : 'off');
      const { publicPages, publishUpdatesAutomatically, publishMinutesAutomatically } = known.data;
      return described(
        `Publication settings: public pages ${onOff(publicPages)}, updates published automatically ${onOff(publishUpdatesAutomatically)}, minutes published automatically ${onOff(publishMinutesAutomatically)}`,
      );
    }
    case 'CommitmentPublished':
      return described('Published the commitment');
    case 'ActionUpdatePublished':
      return described(`Published update ${known.data.updateId}${known.data.automatically ? ' (automatically, as it was recorded)' : ''}`);
    case 'MinutesPublished':
      return described(`Published the PUBLIC minute items through position ${known.data.throughPosition}${known.data.automatically ? ' (automatically, as recorded)' : ''}`);
    case 'AnnualReturnDrafted': {
      const count = known.data.entries.length;
      return described(`Drafted the ${known.data.year} annual return of organisation ${known.data.organisationId} (${count} ${count === 1 ? 'commitment' : 'commitments'})`);
    }
    case 'AnnualReturnPublished':
      return described(`Published the ${known.data.year} annual return of organisation ${known.data.organisationId}`);
    default:
      return described(event.type);
  }
}

/** Where a reader of the log keeps what `describeContext` remembers between events: a Map, or a read-model table. */
export type RememberedFigures = Readonly<{ get(key: string): unknown; set(key: string, value: unknown): void }>;

/**
 * The context `describeEvent` needs for one event, read from what earlier events left in `figures`,
 * which it then updates: an action's percent complete, each reading's value. Call it on every event
 * in log order (the projection and the CLI's replay both do), so an old value is the one the stream held.
 */
export function describeContext(event: Readonly<{ type: string; data: object }>, figures: RememberedFigures): DescribeContext {
  const known = event as DomainEvent;
  switch (known.type) {
    case 'ActionUpdateSubmitted': {
      const { actionId, status, percentComplete } = known.data;
      const before = (figures.get(`percent:${actionId}`) as number | null | undefined) ?? null;
      figures.set(`percent:${actionId}`, percentCompleteAfter(status, percentComplete, before));
      return { percentCompleteBefore: before };
    }
    case 'ActionReopened':
      if (known.data.percentComplete !== undefined) figures.set(`percent:${known.data.actionId}`, known.data.percentComplete);
      return {};
    case 'IndicatorReadingRecorded':
      figures.set(`reading:${known.data.readingId}`, known.data.value);
      return {};
    case 'IndicatorReadingCorrected': {
      const correctedValue = (figures.get(`reading:${known.data.correctsReadingId}`) as number | undefined) ?? null;
      figures.set(`reading:${known.data.readingId}`, known.data.value);
      return { correctedValue };
    }
    default:
      return {};
  }
}
