import type { CommandBus } from '@nestjs/cqrs';
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import { actionStream, type Actor } from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';
import { ActivateAllyshipPairingCommand, LogAllyshipCheckInCommand, ProposeAllyshipPairingCommand, RespondToChallengeCommand } from '../../../api/src/allyship/allyship.handlers.js';
import { PlanActionCommand, SubmitActionUpdateCommand } from '../../../api/src/actions/action.handlers.js';
import { EndorseCommitmentCommand, MakeCommitmentCommand } from '../../../api/src/commitments/commitment.handlers.js';
import { DefineIndicatorCommand, RecordIndicatorReadingCommand } from '../../../api/src/indicators/indicator.handlers.js';
import type { CommandContext } from '../../../api/src/ledger/command-context.js';
import type { LedgerCommand } from '../../../api/src/ledger/ledger-command.js';
import type { Ledger } from '../../../api/src/ledger/ledger.service.js';
import { meetingActionId } from '../../../api/src/meetings/meeting-actions.js';
import { RecordAttendanceCommand, RecordMinuteItemCommand, ScheduleMeetingCommand } from '../../../api/src/meetings/meeting.handlers.js';
import { RegisterOrganisationCommand } from '../../../api/src/organisations/register-organisation.handler.js';
import {
  ChangePublicationSettingsCommand,
  DraftAnnualReturnCommand,
  PublishActionUpdateCommand,
  PublishAnnualReturnCommand,
  PublishCommitmentCommand,
  PublishMinutesCommand,
} from '../../../api/src/publication/publication.handlers.js';
import { AdoptPriorityCommand, AppointMemberCommand, FormPartnershipCommand, JoinPartnershipCommand } from '../../../api/src/partnerships/partnership.handlers.js';
import {
  ACTIONS,
  actionInstances,
  ANNUAL_RETURNS,
  isUpdatePublished,
  PUBLIC_PARTNERSHIPS,
  COMMITMENTS,
  DEMO_TIME_ZONE,
  historyOf,
  INDICATORS,
  MEETINGS,
  ORGANISATIONS,
  PAIRINGS,
  PARTNERSHIPS,
  PRIORITIES,
  raisedActionInstances,
  readingsOf,
  SEATS,
  type DemoMinuteItem,
  type DemoOwner,
  type DemoUpdate,
  type DemoActionInstance,
} from './demo-data.js';

/**
 * Who sends the demo's commands: a fixed id rather than the operator's own, so every id the
 * commands mint (derived from caller and clientMutationId) is the same in every data folder.
 * The events' actor is still the operator, who authorised the load at the console.
 */
export const DEMO_LOADER_ID = '6a1e0c52-3b9d-5f47-8c21-d0e4f7a9b318';

/** Namespace of the demo's own ids (the action refs of minuted actions). */
const DEMO_NAMESPACE = 'c4f8d2a1-9e37-4b6c-a5d0-71e2b3f9c846';

/** A clientMutationId from stable names, within the characters the API allows. */
const keyOf = (...parts: string[]) => `demo:${parts.join(':')}`.replace(/[^A-Za-z0-9._:-]/g, '-').slice(0, 100);

type CommandClass<Input, Result> = new (input: Input, context: CommandContext) => LedgerCommand<Input & { clientMutationId?: string | null }, Result>;

/** One section's tally: commands sent, and how many of them wrote something (the rest were already loaded). */
export type SectionTally = Readonly<{ section: string; commands: number; written: number }>;

/**
 * Loads the demo through the API's command handlers, as the operator at the console, one section
 * at a time. Every command carries a clientMutationId made from stable names: a second run replays
 * each (the ledger finds the events it wrote the first time) and appends nothing.
 */
export class DemoLoader {
  private readonly ids = new Map<string, string>();
  /** Every update submitted, with its id, for the publication section. */
  private readonly submitted: { instance: DemoActionInstance; update: DemoUpdate; actionId: string; updateId: string }[] = [];
  private tally = { commands: 0, written: 0 };
  readonly sections: SectionTally[] = [];

  constructor(
    private readonly bus: CommandBus,
    private readonly ledger: Ledger,
    private readonly store: EventStore,
    private readonly operator: Actor,
    private readonly progress: (line: string) => void,
  ) {}

  async load(): Promise<readonly SectionTally[]> {
    await this.section('organisations', () => this.organisations());
    await this.section('partnerships and members', () => this.partnerships());
    await this.section('board seats', () => this.seats());
    await this.section('priorities', () => this.priorities());
    await this.section('commitments', () => this.commitments());
    await this.section('actions', () => this.actions());
    await this.section('meetings', () => this.meetings());
    await this.section('indicators and readings', () => this.indicators());
    await this.section('action updates', () => this.updates());
    await this.section('allyship pairings', () => this.pairings());
    await this.section('publication', () => this.publication());
    return this.sections;
  }

  /** The id the demo gave `name` (e.g. "partnership:llr"); for the summary and the tests. */
  idOf(name: string): string {
    const id = this.ids.get(name);
    if (!id) throw new Error(`The demo has not loaded ${name}`);
    return id;
  }

  private async section(section: string, run: () => Promise<void>) {
    this.tally = { commands: 0, written: 0 };
    await run();
    const { commands, written } = this.tally;
    this.sections.push({ section, commands, written });
    this.progress(`${section}: ${commands} commands, ${written === 0 ? 'nothing new' : `${written} wrote events`}`);
  }

  /** Sends one command as the operator; counts it as written when the log's head moved. */
  private async send<Input, Result>(type: CommandClass<Input, Result>, key: string, input: Omit<Input, 'clientMutationId'>): Promise<Result> {
    const command = new type({ ...input, clientMutationId: key } as Input, { caller: { personId: DEMO_LOADER_ID }, correlationId: uuidv7() });
    command.authorise(this.operator);
    const before = await this.store.headPosition();
    const result = await this.bus.execute<typeof command, Result>(command);
    const after = await this.store.headPosition();
    this.tally.commands++;
    if (after !== before) this.tally.written++;
    return result;
  }

  private remember(name: string, id: string) {
    this.ids.set(name, id);
    return id;
  }

  private async organisations() {
    for (const organisation of ORGANISATIONS) {
      const { id } = await this.send(RegisterOrganisationCommand, keyOf('organisation', organisation.key), { name: organisation.name, sector: organisation.sector, allowDuplicateName: false });
      this.remember(`organisation:${organisation.key}`, id);
    }
  }

  private async partnerships() {
    for (const partnership of PARTNERSHIPS) {
      const { id } = await this.send(FormPartnershipCommand, keyOf('partnership', partnership.key), {
        name: partnership.name,
        level: partnership.level,
        parentPartnershipId: partnership.parent ? this.idOf(`partnership:${partnership.parent}`) : null,
        timeZone: DEMO_TIME_ZONE,
      });
      this.remember(`partnership:${partnership.key}`, id);
      for (const member of partnership.members) {
        await this.send(JoinPartnershipCommand, keyOf('join', partnership.key, member), { partnershipId: id, organisationId: this.idOf(`organisation:${member}`) });
      }
    }
  }

  /** People are named by their role: the name goes to the personal-data store, never to the log. */
  private async seats() {
    for (const seat of SEATS) {
      const { memberId } = await this.send(AppointMemberCommand, keyOf('seat', seat.partnership, seat.key), {
        partnershipId: this.idOf(`partnership:${seat.partnership}`),
        organisationId: this.idOf(`organisation:${seat.organisation}`),
        name: `${seat.roleTitle} (demo)`,
        roleTitle: seat.roleTitle,
      });
      this.remember(`seat:${seat.partnership}:${seat.key}`, memberId);
    }
  }

  private async priorities() {
    for (const priority of PRIORITIES) {
      const { priorityId } = await this.send(AdoptPriorityCommand, keyOf('priority', priority.partnership, priority.code), {
        partnershipId: this.idOf(`partnership:${priority.partnership}`),
        code: priority.code,
        title: priority.title,
      });
      this.remember(`priority:${priority.partnership}:${priority.code}`, priorityId);
    }
  }

  private async commitments() {
    for (const commitment of COMMITMENTS) {
      const { id } = await this.send(MakeCommitmentCommand, keyOf('commitment', commitment.key), {
        partnershipId: this.idOf(`partnership:${commitment.partnership}`),
        owningOrganisationId: this.idOf(`organisation:${commitment.owner}`),
        title: commitment.title,
        description: commitment.description,
        priorityIds: commitment.priorities.map((code) => this.idOf(`priority:${commitment.partnership}:${code}`)),
        targetDate: commitment.targetDate,
        sourceReference: commitment.sourceReference,
        madeOn: commitment.madeOn,
      });
      this.remember(`commitment:${commitment.key}`, id);
      // Endorsed at a meeting: the meeting's minute item endorses it (see meetings()).
      if (commitment.endorsedOn) {
        await this.send(EndorseCommitmentCommand, keyOf('endorse', commitment.key), { commitmentId: id, endorsedOn: commitment.endorsedOn });
      }
    }
  }

  /**
   * One PlanAction per action, with its owners as the framework writes them: one organisation, the
   * partnership itself ("ICS"), every member organisation, every place beneath ("each Place"), or a
   * named set ("key partner orgs"). Each action planned is then matched to its owner by its stream.
   */
  private async actions() {
    const keyOfId = new Map([...this.ids].map(([name, id]) => [id, name.replace(/^(organisation|partnership):/, '')]));
    for (const action of ACTIONS) {
      const partnership = COMMITMENTS.find((commitment) => commitment.key === action.commitment)!.partnership;
      const { actionIds } = await this.send(PlanActionCommand, keyOf('action', action.key), {
        commitmentId: this.idOf(`commitment:${action.commitment}`),
        ...this.ownersOf(action.owner, partnership),
        title: action.title,
        dueDate: action.dueDate,
        reportsTo: action.reportsTo,
        plannedOn: action.plannedOn,
      });
      for (const actionId of actionIds) {
        const state = await this.ledger.state(actionStream, actionId);
        const ownerId = 'owningOrganisationId' in state ? (state.owningOrganisationId ?? state.owningPartnershipId) : null;
        const owner = ownerId ? keyOfId.get(ownerId) : undefined;
        if (!owner) throw new Error(`Action ${actionId} (${action.key}) was planned for an owner the demo does not know`);
        this.remember(instanceName(action.key, owner), actionId);
      }
    }
  }

  private ownersOf(owner: DemoOwner, partnership: string) {
    switch (owner.kind) {
      case 'organisation':
        return { owningOrganisationId: this.idOf(`organisation:${owner.organisation}`) };
      case 'partnership':
        return { owningPartnershipId: this.idOf(`partnership:${partnership}`) };
      case 'everyMemberOrganisation':
        return { owners: { everyMemberOrganisation: true } };
      case 'everyPlace':
        return { owners: { everyPartnershipBeneath: true } };
      case 'organisations':
        return { owners: { organisationIds: owner.organisations.map((key) => this.idOf(`organisation:${key}`)) } };
    }
  }

  private async meetings() {
    for (const meeting of MEETINGS) {
      const partnershipId = this.idOf(`partnership:${meeting.partnership}`);
      const { id: meetingId } = await this.send(ScheduleMeetingCommand, keyOf('meeting', meeting.key), {
        partnershipId,
        date: meeting.date,
        startTime: meeting.startTime,
        format: 'ONLINE',
        link: meeting.link,
        title: meeting.title,
      });
      this.remember(`meeting:${meeting.key}`, meetingId);
      // Everyone seated on the board is listed: present, or sent apologies.
      const seats = SEATS.filter((seat) => seat.partnership === meeting.partnership);
      await this.send(RecordAttendanceCommand, keyOf('attendance', meeting.key), {
        meetingId,
        attendance: seats.map((seat) => ({
          memberId: this.idOf(`seat:${seat.partnership}:${seat.key}`),
          presence: meeting.present.includes(seat.key) ? 'PRESENT' : 'APOLOGIES',
        })),
      });
      for (const item of meeting.minutes) {
        await this.send(RecordMinuteItemCommand, keyOf('minute', meeting.key, item.number), {
          meetingId,
          number: item.number,
          title: item.title,
          presenter: item.presenter.seat ? { memberId: this.idOf(`seat:${meeting.partnership}:${item.presenter.seat}`) } : { role: item.presenter.role },
          visibility: item.visibility ?? 'PUBLIC',
          text: item.text,
          resolution: this.resolution(item.resolution),
          actionsRaised: (item.actionsRaised ?? []).map((raised) => ({
            actionRef: actionRefOf(meeting.key, raised.ref),
            title: raised.title,
            ...(raised.owner === 'everyMemberOrganisation' ? { everyMemberOrganisation: true } : { owningOrganisationId: this.idOf(`organisation:${raised.owner}`) }),
            leadMemberId: raised.lead ? this.idOf(`seat:${meeting.partnership}:${raised.lead}`) : null,
            dueDate: raised.dueDate,
          })),
        });
      }
    }
    // The actions the minutes raised: their ids follow from the meeting, the item's ref and the owner.
    for (const instance of raisedActionInstances()) {
      const [meetingKey, ref] = instance.action.key.split('/') as [string, string];
      this.remember(instanceName(instance.action.key, instance.owner), meetingActionId(this.idOf(`meeting:${meetingKey}`), actionRefOf(meetingKey, ref), this.idOf(`organisation:${instance.owner}`)));
    }
  }

  private resolution(resolution: DemoMinuteItem['resolution']) {
    switch (resolution.kind) {
      case 'CONFIRM_MINUTES':
        return { kind: resolution.kind, meetingId: this.idOf(`meeting:${resolution.meeting}`) };
      case 'ENDORSE_COMMITMENT':
        return { kind: resolution.kind, commitmentId: this.idOf(`commitment:${resolution.commitment}`) };
      case 'REQUEST_UPDATE':
        return { kind: resolution.kind, byDate: resolution.byDate, fromOrganisationId: resolution.from ? this.idOf(`organisation:${resolution.from}`) : null };
      case 'OTHER':
        return { kind: resolution.kind, text: resolution.text };
      case 'NOTE':
        return { kind: resolution.kind };
    }
  }

  private async indicators() {
    for (const indicator of INDICATORS) {
      const { id } = await this.send(DefineIndicatorCommand, keyOf('indicator', indicator.key), {
        commitmentId: this.idOf(`commitment:${indicator.commitment}`),
        name: indicator.name,
        unit: indicator.unit,
        direction: indicator.direction,
        baseline: indicator.baseline,
        target: indicator.target,
        owningOrganisationId: this.idOf(`organisation:${indicator.owner}`),
      });
      this.remember(`indicator:${indicator.key}`, id);
      for (const reading of readingsOf(indicator)) {
        await this.send(RecordIndicatorReadingCommand, keyOf('reading', indicator.key, reading.readingDate), {
          indicatorId: id,
          value: reading.value,
          readingDate: reading.readingDate,
          source: indicator.source,
        });
      }
    }
  }

  /** The seeded year of updates, in the order they were reported, so each action's history reads forwards. */
  private async updates() {
    const updates = [...actionInstances(), ...raisedActionInstances()].flatMap((instance) =>
      historyOf(instance).updates.map((update, index) => ({ instance, update, index })),
    );
    updates.sort((a, b) => a.update.reportedOn.localeCompare(b.update.reportedOn));
    for (const { instance, update, index } of updates) {
      const actionId = this.idOf(instanceName(instance.action.key, instance.owner));
      const { updateId } = await this.send(SubmitActionUpdateCommand, keyOf('update', instance.action.key, instance.owner, String(index)), { actionId, ...update });
      this.submitted.push({ instance, update, actionId, updateId });
    }
  }

  private async pairings() {
    const partnershipId = this.idOf('partnership:leeds');
    for (const pairing of PAIRINGS) {
      const { id: pairingId } = await this.send(ProposeAllyshipPairingCommand, keyOf('pairing', pairing.key), {
        partnershipId,
        boardMemberId: this.idOf(`seat:leeds:${pairing.boardMember}`),
        ally: { name: `${pairing.ally.name} (demo)`, organisationId: this.idOf(`organisation:${pairing.ally.organisation}`) },
        focus: pairing.focus,
        commitmentIds: pairing.commitments.map((key) => this.idOf(`commitment:${key}`)),
        proposedOn: pairing.proposedOn,
      });
      this.remember(`pairing:${pairing.key}`, pairingId);
      if (!pairing.activatedOn) continue;
      await this.send(ActivateAllyshipPairingCommand, keyOf('activate', pairing.key), { pairingId, activatedOn: pairing.activatedOn, reason: 'Both agreed at the introductory meeting' });
      const challengeIds: string[] = [];
      for (const checkIn of pairing.checkIns) {
        const written = await this.send(LogAllyshipCheckInCommand, keyOf('check-in', pairing.key, checkIn.heldOn), {
          pairingId,
          heldOn: checkIn.heldOn,
          summary: checkIn.summary,
          challenges: (checkIn.challenges ?? []).map((text) => ({ text })),
          followUps: checkIn.followUps ? [...checkIn.followUps] : null,
        });
        challengeIds.push(...written.challengeIds);
      }
      for (const response of pairing.responses ?? []) {
        await this.send(RespondToChallengeCommand, keyOf('response', pairing.key, String(response.challenge)), {
          pairingId,
          challengeId: challengeIds[response.challenge]!,
          response: response.response,
          respondedOn: response.respondedOn,
        });
      }
    }
  }

  /**
   * The secretariats of the public partnerships turn their pages on and publish by hand: every
   * commitment, the updates reviewed so far (see isUpdatePublished), each meeting's minutes (the
   * last meeting's only part-way), and the annual returns marked published; one return stays a draft.
   */
  private async publication() {
    for (const key of PUBLIC_PARTNERSHIPS) {
      await this.send(ChangePublicationSettingsCommand, keyOf('public-pages', key), { partnershipId: this.idOf(`partnership:${key}`), publicPages: true });
    }
    for (const commitment of COMMITMENTS.filter((c) => PUBLIC_PARTNERSHIPS.includes(c.partnership))) {
      await this.send(PublishCommitmentCommand, keyOf('publish', commitment.key), { commitmentId: this.idOf(`commitment:${commitment.key}`) });
    }
    for (const { instance, update, actionId, updateId } of this.submitted) {
      if (!isUpdatePublished(instance, update)) continue;
      await this.send(PublishActionUpdateCommand, keyOf('publish-update', updateId), { actionId, updateId });
    }
    for (const meeting of MEETINGS.filter((m) => PUBLIC_PARTNERSHIPS.includes(m.partnership))) {
      await this.send(PublishMinutesCommand, keyOf('publish-minutes', meeting.key), {
        meetingId: this.idOf(`meeting:${meeting.key}`),
        throughPosition: meeting.minutesPublishedThrough ?? null,
      });
    }
    for (const annualReturn of ANNUAL_RETURNS) {
      const id = {
        partnershipId: this.idOf(`partnership:${annualReturn.partnership}`),
        organisationId: this.idOf(`organisation:${annualReturn.organisation}`),
        year: annualReturn.year,
      };
      const name = `${annualReturn.partnership}:${annualReturn.organisation}:${annualReturn.year}`;
      await this.send(DraftAnnualReturnCommand, keyOf('annual-return', name), {
        ...id,
        entries: annualReturn.entries.map(({ commitment, ...texts }) => ({ commitmentId: this.idOf(`commitment:${commitment}`), ...texts })),
      });
      if (annualReturn.published) await this.send(PublishAnnualReturnCommand, keyOf('publish-return', name), id);
    }
  }
}

/** The name of one action as planned for one owner (organisation or partnership key). */
export const instanceName = (actionKey: string, owner: string) => `action:${actionKey}:${owner}`;

/** The action ref a minute item gives an action it raises: a UUID, from the meeting and the minutes' own name for it. */
const actionRefOf = (meetingKey: string, ref: string) => uuidv5(`${meetingKey}/${ref}`, DEMO_NAMESPACE);

