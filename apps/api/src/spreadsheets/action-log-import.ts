import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { CLOSED_ACTION_STATUSES, DomainError, EXTERNAL_ID_MAX_LENGTH, ForbiddenError, NotFoundError, requireNotDissolved, ValidationError, type ActionStatus } from '@ledger/domain';
import { ActionExternalIdsQueries, CommitmentTrackerQueries, PartnershipDirectoryQueries, type ActionRow, type ActionUpdateRow, type CommitmentRow } from '@ledger/projections';
import { PlanActionCommand, ReassignActionCommand, ReopenActionCommand, RescheduleActionCommand, SubmitActionUpdateCommand } from '../actions/action.handlers.js';
import { AccessService } from '../access/access.service.js';
import { partnerFor, Scopes, secretariatOf } from '../access/scopes.js';
import { CaughtUp } from '../ledger/caught-up.js';
import type { Position } from '@ledger/event-store';
import type { Caller, CommandContext } from '../ledger/command-context.js';
import type { LedgerCommand } from '../ledger/ledger-command.js';
import { LedgerCommands } from '../ledger/ledger-commands.js';
import { ACTION_LOG_COLUMNS, ActionLogFileError, dueDateOf, readActionLog, statusOf, type ActionLogColumn, type NumberedRow, type RowProblem } from './action-log.csv.js';

/** The largest action log imported at once, in bytes and in actions; a board's log is a few hundred rows. */
export const IMPORT_MAX_BYTES = 1024 * 1024;
export const IMPORT_MAX_ROWS = 5000;

export type ImportOptions = Readonly<{ dryRun: boolean; skipInvalid: boolean; progress?: (line: string) => void }>;

/** What became of one row: CREATED, CHANGED, UNCHANGED, INVALID (not written), or FAILED (the ledger refused it while writing). */
export type RowOutcomeKind = 'CREATED' | 'CHANGED' | 'UNCHANGED' | 'INVALID' | 'FAILED';
export type RowOutcome = {
  row: number;
  externalId: string;
  actionId: string | null;
  outcome: RowOutcomeKind;
  /** What it changes (or, in a dry run, would change), in words: "reschedule from 2025-03-31 to 2025-06-30". */
  changes: string[];
  problems: RowProblem[];
};

export type ImportReport = Readonly<{
  partnershipId: string;
  dryRun: boolean;
  /** True when the import went through (unchanged rows write nothing); false for a dry run, or bad rows without skipInvalid. */
  applied: boolean;
  rows: RowOutcome[];
  /** The file's own problems (no such column, not CSV, too large); then there are no rows. */
  fileProblems: RowProblem[];
  /** The log position of the last event written, null when none was. */
  position: Position | null;
}>;

/** One command to send for a row, the column it answers to (for a refusal) and what it does in words. */
type Command = LedgerCommand<{ clientMutationId?: string | null }, unknown>;
type Step = Readonly<{ column: ActionLogColumn; describe: string; command: (actionId: string) => Command }>;
type PlannedRow = { outcome: RowOutcome; steps: Step[]; plan: PlanActionCommand | null };

const columnHeader = (key: ActionLogColumn) => ACTION_LOG_COLUMNS.find((column) => column.key === key)!.header;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const sameText = (a: string | null | undefined, b: string | null | undefined) => (a ?? '').trim() === (b ?? '').trim();
const key = (name: string) => name.trim().toLowerCase().replace(/\s+/g, ' ');

/** A refusal of one cell, for the report. */
class CellProblem extends Error {
  constructor(
    readonly column: ActionLogColumn,
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Imports a board's action log (CSV) into a partnership: a new external id plans an action, a known
 * one changes only what differs (reschedules, reassigns, reopens, submits an update), an unchanged row
 * writes nothing. Every command goes through LedgerCommands, so the importer's grants decide as they
 * would over GraphQL. All rows are checked first; if any is bad, nothing is written unless skipInvalid.
 */
@Injectable()
export class ActionLogImport {
  constructor(
    private readonly commands: LedgerCommands,
    private readonly access: AccessService,
    private readonly scopes: Scopes,
    private readonly caughtUp: CaughtUp,
    private readonly directory: PartnershipDirectoryQueries,
    private readonly tracker: CommitmentTrackerQueries,
    private readonly externalIds: ActionExternalIdsQueries,
  ) {}

  async run(partnershipId: string, caller: Caller, text: string, options: ImportOptions): Promise<ImportReport> {
    const report = { partnershipId, dryRun: options.dryRun, applied: false, rows: [] as RowOutcome[], fileProblems: [] as RowProblem[], position: null as Position | null };
    const bytes = Buffer.byteLength(text);
    if (bytes > IMPORT_MAX_BYTES) throw new ValidationError('file', 'maxBytes', `The file is ${bytes} bytes; at most ${IMPORT_MAX_BYTES} bytes are imported at once`);
    const partnership = this.directory.partnership(partnershipId);
    if (!partnership) throw new NotFoundError('Partnership', partnershipId, 'partnershipId');
    const grants = await this.access.grantsOf(caller.personId);
    const members = this.directory.organisationsOfEach([partnershipId], { afterSequence: 0, limit: 100_000 });
    // Its secretariat imports anything; a partner, updates on its own organisation's actions.
    await this.access.authorise(caller.personId, grants, [secretariatOf(partnershipId), ...members.map((member) => partnerFor(member.id))], `import actions into partnership ${partnershipId}`);
    // Read-only once dissolved: said once, not once a row.
    requireNotDissolved(partnership);
    let rows: NumberedRow[];
    try {
      rows = readActionLog(text, IMPORT_MAX_ROWS);
    } catch (error) {
      if (!(error instanceof ActionLogFileError)) throw error;
      report.fileProblems.push(error.problem);
      return report;
    }
    // What earlier imports planned must be visible before this one decides what is new.
    await this.caughtUp.withLog('the actions imported before are');
    const context: CommandContext = { caller, correlationId: uuidv7() };
    const lookups = this.lookups(partnershipId, members, rows);
    const planned: PlannedRow[] = [];
    const seen = new Map<string, number>();
    for (const [index, row] of rows.entries()) {
      planned.push(await this.plan(row, seen, lookups, context, grants));
      if ((index + 1) % 500 === 0) options.progress?.(`checked ${index + 1} of ${rows.length} rows`);
    }
    report.rows = planned.map((row) => row.outcome);
    const invalid = report.rows.some((row) => row.outcome === 'INVALID');
    if (options.dryRun || (invalid && !options.skipInvalid)) return report;
    report.applied = true;
    let done = 0;
    let stoppedAt: number | null = null;
    for (const row of planned) {
      if (row.outcome.outcome === 'INVALID' || row.outcome.outcome === 'UNCHANGED') continue;
      if (stoppedAt !== null) {
        row.outcome.outcome = 'FAILED';
        row.outcome.problems.push({ row: row.outcome.row, column: null, rule: 'notAttempted', message: `Row ${row.outcome.row}: not written, as the ledger refused row ${stoppedAt} first; fix it and import again` });
        continue;
      }
      try {
        report.position = (await this.apply(row)) ?? report.position;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        row.outcome.outcome = 'FAILED';
        row.outcome.problems.push({ row: row.outcome.row, column: null, rule: error.constructor.name, message: error.message });
        // Rows before it are written; without skipInvalid the rest wait for the file to be fixed.
        if (!options.skipInvalid) stoppedAt = row.outcome.row;
      }
      if (++done % 100 === 0) options.progress?.(`wrote ${done} rows`);
    }
    return report;
  }

  private async apply({ outcome, steps, plan }: PlannedRow): Promise<Position | null> {
    let position: Position | null = null;
    if (plan) {
      const result = await this.commands.execute(plan);
      outcome.actionId = result.actionIds[0]!;
      position = result.position;
    }
    for (const step of steps) {
      const written = (await this.commands.execute(step.command(outcome.actionId!))) as { appended: { position: Position } };
      position = written.appended.position;
    }
    return position;
  }

  private lookups(partnershipId: string, members: readonly { id: string; name: string }[], rows: readonly NumberedRow[]) {
    const partnerships = this.directory.partnershipsById([partnershipId, ...this.directory.partnershipIdsBeneath(partnershipId)]);
    const owners = [
      ...members.map((member) => ({ kind: 'organisation' as const, id: member.id, name: member.name })),
      ...partnerships.map((partnership) => ({ kind: 'partnership' as const, id: partnership.id, name: partnership.name })),
    ];
    const commitments = this.tracker.commitments(partnershipId, null, { afterSequence: 0, limit: 100_000 });
    const externalIds = [...new Set(rows.map((row) => row.cells.externalId).filter(Boolean))];
    return { partnershipId, owners, commitments, actionIds: this.externalIds.actionIdsOf(partnershipId, externalIds) };
  }

  /** Checks one row and works out the commands it needs; a bad row is INVALID with every problem named. */
  private async plan(row: NumberedRow, seen: Map<string, number>, lookups: ReturnType<ActionLogImport['lookups']>, context: CommandContext, grants: Awaited<ReturnType<AccessService['grantsOf']>>): Promise<PlannedRow> {
    const { cells } = row;
    const outcome: RowOutcome = { row: row.row, externalId: cells.externalId, actionId: null, outcome: 'UNCHANGED', changes: [], problems: [] };
    const problems: CellProblem[] = [];
    const check = <T>(work: () => T): T | undefined => {
      try {
        return work();
      } catch (error) {
        if (!(error instanceof CellProblem)) throw error;
        problems.push(error);
        return undefined;
      }
    };
    const externalId = check(() => this.externalIdOf(cells.externalId, row.row, seen));
    const status = check(() => statusOf(cells.status) ?? fail('status', 'oneOf', `Status "${cells.status}" is not one of Not started, On track, At risk, Off track, Completed, Cancelled`));
    const dueDate = check(() => dueDateOf(cells.dueDate) ?? fail('dueDate', 'date', `Due date "${cells.dueDate}" is not a date (YYYY-MM-DD or DD/MM/YYYY)`));
    const owner = check(() => this.ownerOf(cells.owner, lookups.owners));
    const commitment = check(() => this.commitmentOf(cells.commitment, lookups.commitments));
    check(() => cells.action || fail('action', 'required', 'Action is empty: every row names its action'));
    const existing = externalId === undefined ? undefined : check(() => this.existingAction(externalId, lookups));
    let steps: Step[] = [];
    let plan: PlanActionCommand | null = null;
    if (problems.length === 0) {
      const wanted = { status: status!, dueDate: dueDate!, owner: owner!, commitment };
      const reason = `Changed in the board's action log (external id ${externalId})`;
      if (existing) {
        outcome.actionId = existing.id;
        steps = check(() => this.changesTo(existing, wanted, cells, reason, context)) ?? [];
      } else {
        const planned = check(() => this.newAction(externalId!, wanted, cells, context));
        if (planned) ({ plan, steps } = planned);
      }
      // Refused grants are found now, not half-way through writing: each command's own rule, as LedgerCommands checks it.
      // A new action's update is its partnership secretariat's to send, as planning it is.
      const checks = plan ? [{ command: plan as Command, column: 'externalId' as const }] : steps.map((step) => ({ command: step.command(existing!.id), column: step.column }));
      for (const { command, column } of checks) {
        try {
          await this.authorised(command, column, grants, context);
        } catch (error) {
          if (!(error instanceof CellProblem)) throw error;
          problems.push(error);
        }
      }
    }
    outcome.problems = problems.map((problem) => ({ row: row.row, column: columnHeader(problem.column), rule: problem.rule, message: `Row ${row.row}, column "${columnHeader(problem.column)}": ${problem.message}` }));
    if (outcome.problems.length > 0) outcome.outcome = 'INVALID';
    else if (plan) outcome.outcome = 'CREATED';
    else if (steps.length > 0) outcome.outcome = 'CHANGED';
    outcome.changes = [...(plan ? [`plan "${cells.action}" due ${dueDate}`] : []), ...steps.map((step) => step.describe)];
    return { outcome, steps, plan };
  }

  private async authorised(command: Command, column: ActionLogColumn, grants: Awaited<ReturnType<AccessService['grantsOf']>>, context: CommandContext) {
    try {
      await this.access.authorise(context.caller.personId, grants, await command.requires(this.scopes), command.what);
    } catch (error) {
      if (error instanceof ForbiddenError) throw new CellProblem(column, 'forbidden', error.message);
      throw error;
    }
  }

  private externalIdOf(value: string, row: number, seen: Map<string, number>): string {
    if (!value) fail('externalId', 'required', 'External id is empty: every row needs the id the board gives the action');
    if (value.length > EXTERNAL_ID_MAX_LENGTH || /[\u0000-\u001f\u007f]/.test(value)) fail('externalId', 'format', `External id must be 1 to ${EXTERNAL_ID_MAX_LENGTH} characters on one line`);
    const first = seen.get(value);
    if (first !== undefined) fail('externalId', 'unique', `External id "${value}" is already on row ${first}`);
    seen.set(value, row);
    return value;
  }

  /** The action an external id names: one an earlier import planned with it, or an action of this partnership by its ledger id (as exports write it). */
  private existingAction(externalId: string, lookups: ReturnType<ActionLogImport['lookups']>): ActionRow | undefined {
    const mapped = lookups.actionIds.get(externalId);
    if (mapped) return this.tracker.action(mapped);
    if (!UUID.test(externalId)) return undefined;
    const action = this.tracker.action(externalId.toLowerCase());
    // Another partnership's action is named exactly as one that does not exist: nothing about it is told.
    if (!action || action.partnershipId !== lookups.partnershipId) {
      fail('externalId', 'unknownAction', `External id ${externalId} is a ledger action id, but no action of this partnership has it; give a new action an id of the board's own`);
    }
    return action;
  }

  private ownerOf(value: string, owners: ReturnType<ActionLogImport['lookups']>['owners']) {
    if (!value) fail('owner', 'required', 'Owner is empty: name a member organisation, this partnership or a place beneath it');
    const matches = owners.filter((owner) => owner.id === value.toLowerCase() || key(owner.name) === key(value));
    if (matches.length === 0) fail('owner', 'known', `Owner "${value}" is not a member organisation of this partnership, the partnership itself or a place beneath it (give its name as the directory has it, or its id)`);
    if (matches.length > 1) fail('owner', 'unambiguous', `Owner "${value}" names ${matches.length} organisations or partnerships; give its id instead`);
    return matches[0]!;
  }

  private commitmentOf(value: string, commitments: readonly CommitmentRow[]): CommitmentRow | null {
    if (!value) return null;
    const matches = commitments.filter((commitment) => commitment.id === value.toLowerCase() || key(commitment.title) === key(value));
    if (matches.length === 0) fail('commitment', 'known', `Commitment "${value}" is not one of this partnership's commitments (give its title or its id)`);
    if (matches.length > 1) fail('commitment', 'unambiguous', `Commitment "${value}" names ${matches.length} commitments; give its id instead`);
    return matches[0]!;
  }

  private newAction(externalId: string, wanted: Wanted, cells: NumberedRow['cells'], context: CommandContext): { plan: PlanActionCommand; steps: Step[] } {
    if (!wanted.commitment) fail('commitment', 'required', 'Commitment is empty: a new action is planned under one of the partnership\'s commitments');
    if (wanted.commitment!.status !== 'ACTIVE') fail('commitment', 'active', `Commitment "${wanted.commitment!.title}" is ${wanted.commitment!.status}: only an active commitment takes new actions`);
    const owner = wanted.owner.kind === 'organisation' ? { owningOrganisationId: wanted.owner.id } : { owningPartnershipId: wanted.owner.id };
    const plan = new PlanActionCommand(
      // Keyed by partnership and external id: a retried import after a crash completes the same plan.
      { commitmentId: wanted.commitment!.id, ...owner, title: cells.action, dueDate: wanted.dueDate, externalId, clientMutationId: `csv:${digest(wanted.commitment!.partnershipId, externalId)}` },
      context,
    );
    const steps: Step[] = [];
    if (wanted.status !== 'NOT_STARTED' || cells.update || cells.whatMoreIsToBeDone) steps.push(this.update(wanted.status, cells, context, null));
    return { plan, steps };
  }

  /** The commands that bring an existing action to the row, in the order a board would make them. */
  private changesTo(action: ActionRow, wanted: Wanted, cells: NumberedRow['cells'], reason: string, context: CommandContext): Step[] {
    const steps: Step[] = [];
    if (wanted.commitment && wanted.commitment.id !== action.commitmentId) fail('commitment', 'unchanged', 'An action stays under the commitment it was planned under; plan a new action (a new external id) instead');
    if (!sameText(cells.action, action.title)) fail('action', 'unchanged', `The ledger does not rename actions: this one is "${action.title}"`);
    const latest = action.latestUpdateId ? this.tracker.update(action.latestUpdateId) : undefined;
    const closed = CLOSED_ACTION_STATUSES.includes(action.status);
    const reopening = closed && !CLOSED_ACTION_STATUSES.includes(wanted.status);
    const ownerId = action.owningOrganisationId ?? action.owningPartnershipId;
    const changesOtherwise = wanted.dueDate !== action.dueDate || wanted.owner.id !== ownerId;
    if (action.commitmentClosed && (changesOtherwise || wanted.status !== action.status || narrativeChanged(cells, latest))) {
      fail('status', 'commitmentOpen', 'Its commitment is closed: its actions take no more changes');
    }
    if (closed && !reopening && (changesOtherwise || wanted.status !== action.status || narrativeChanged(cells, latest))) {
      fail('status', 'open', `The action is ${action.status}: set an open status to reopen it before changing it`);
    }
    if (reopening) steps.push({ column: 'status', describe: `reopen (was ${action.status})`, command: (actionId) => new ReopenActionCommand({ actionId, reason }, context) });
    if (wanted.dueDate !== action.dueDate) {
      steps.push({ column: 'dueDate', describe: `reschedule from ${action.dueDate} to ${wanted.dueDate}`, command: (actionId) => new RescheduleActionCommand({ actionId, dueDate: wanted.dueDate, reason }, context) });
    }
    if (wanted.owner.id !== ownerId) {
      const owner = wanted.owner.kind === 'organisation' ? { owningOrganisationId: wanted.owner.id } : { owningPartnershipId: wanted.owner.id };
      steps.push({ column: 'owner', describe: `reassign to ${wanted.owner.name}`, command: (actionId) => new ReassignActionCommand({ actionId, ...owner, reason }, context) });
    }
    if (reopening || wanted.status !== action.status || narrativeChanged(cells, latest)) steps.push(this.update(wanted.status, cells, context, action.status));
    return steps;
  }

  private update(status: ActionStatus, cells: NumberedRow['cells'], context: CommandContext, previous: ActionStatus | null): Step {
    if (!cells.update) fail('update', 'required', 'Update is empty: a change of status or of what more is to be done is reported with what has happened');
    const describe = previous && previous !== status ? `update: ${previous} → ${status}` : `update: ${status}`;
    return {
      column: 'status',
      describe,
      command: (actionId) => new SubmitActionUpdateCommand({ actionId, status, whatHasHappened: cells.update, whatMoreIsToBeDone: cells.whatMoreIsToBeDone || null }, context),
    };
  }
}

type Wanted = Readonly<{ status: ActionStatus; dueDate: string; owner: Readonly<{ kind: 'organisation' | 'partnership'; id: string; name: string }>; commitment: CommitmentRow | null | undefined }>;

/** The row's narrative differs from the latest update's (an empty "what more" matches none). */
const narrativeChanged = (cells: NumberedRow['cells'], latest: ActionUpdateRow | undefined) =>
  !sameText(cells.update, latest?.whatHasHappened) || !sameText(cells.whatMoreIsToBeDone, latest?.whatMoreIsToBeDone);

const digest = (partnershipId: string, externalId: string) => createHash('sha256').update(`${partnershipId}\u0000${externalId}`).digest('hex').slice(0, 40);

function fail(column: ActionLogColumn, rule: string, message: string): never {
  throw new CellProblem(column, rule, message);
}
