import { Inject } from '@nestjs/common';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { ValidationError } from '@ledger/domain';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { CommitmentTrackerQueries } from '@ledger/projections';
import { toAction } from '../actions/action.model.js';
import { RequestContext, type CommandContext } from '../ledger/command-context.js';
import { PayloadReads, ReadYourWrites } from '../ledger/read-your-writes.js';
import { ActionLogImport, IMPORT_MAX_BYTES } from './action-log-import.js';
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
    const report = await this.importer.run(input.partnershipId, context.caller, await textOf(input), { dryRun: input.dryRun ?? false, skipInvalid: input.skipInvalid ?? false });
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

/** The file's text: uploaded (read up to the limit, never past it) or given as csv; exactly one of them. */
async function textOf(input: ImportActionsInput): Promise<string> {
  if ((input.file ? 1 : 0) + (typeof input.csv === 'string' ? 1 : 0) !== 1) throw new ValidationError('file', 'oneOf', 'Give exactly one of file (an upload) and csv');
  if (!input.file) return input.csv!;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of (await input.file).createReadStream()) {
      size += (chunk as Buffer).length;
      if (size > IMPORT_MAX_BYTES) break;
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    // The upload's own limit (the HTTP edge's MAX_UPLOAD_BYTES) ends the stream with a 413.
    if ((error as { status?: number }).status !== 413) throw error;
    size = IMPORT_MAX_BYTES + 1;
  }
  if (size > IMPORT_MAX_BYTES) throw new ValidationError('file', 'maxBytes', `The file is larger than ${IMPORT_MAX_BYTES} bytes, the most imported at once`);
  const text = new TextDecoder('utf-8', { fatal: true });
  try {
    return text.decode(Buffer.concat(chunks));
  } catch {
    throw new ValidationError('file', 'utf8', 'The file is not UTF-8 text: save the spreadsheet as "CSV UTF-8"');
  }
}
