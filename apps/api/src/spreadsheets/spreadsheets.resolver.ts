import { Inject } from '@nestjs/common';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { CommitmentTrackerQueries } from '@ledger/projections';
import { toAction } from '../actions/action.model.js';
import { RequestContext, type CommandContext } from '../ledger/command-context.js';
import { PayloadReads, ReadYourWrites } from '../ledger/read-your-writes.js';
import { ActionLogImport } from './action-log-import.js';
import { ImportActionsInput, ImportActionsPayload } from './import-actions.dto.js';

@Resolver()
export class SpreadsheetsResolver {
  constructor(
    private readonly importer: ActionLogImport,
    private readonly tracker: CommitmentTrackerQueries,
    private readonly readYourWrites: ReadYourWrites,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Mutation(() => ImportActionsPayload, {
    nullable: true,
    description:
      "Imports a board's action log (CSV, the columns the exports write): a new external id plans an action, a known one changes only what differs, an unchanged row writes nothing. " +
      'Every bad row is named with its column; with any, nothing is written unless skipInvalid. Its SECRETARIAT; a PARTNER for updates on its own organisation’s actions.',
  })
  async importActions(@Args('input') input: ImportActionsInput, @RequestContext() context: CommandContext, @PayloadReads() reads: PayloadReads): Promise<ImportActionsPayload> {
    const report = await this.importer.run(input.partnershipId, context.caller, input.csv, { dryRun: input.dryRun ?? false, skipInvalid: input.skipInvalid ?? false });
    // Nothing written: the log's head (not empty: the partnership is in it), so waiting for "position" waits for nothing new.
    const position = report.position ?? (await this.store.headPosition())!;
    return this.readYourWrites.payload(reads, input, position, () => ({
      applied: report.applied,
      dryRun: report.dryRun,
      fileProblems: report.fileProblems,
      rows: report.rows.map((row) => {
        const action = row.actionId ? this.tracker.action(row.actionId) : undefined;
        return { ...row, action: action ? toAction(action) : null };
      }),
    }));
  }
}
