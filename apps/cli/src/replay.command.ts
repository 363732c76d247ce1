import { Command, CommandRunner, Option } from 'nest-commander';
import { dataFiles, loadConfig } from '@ledger/config';
import { createEventStore, type RecordedEvent } from '@ledger/event-store';
import { describeContext, describeEvent } from '@ledger/projections';
import { PersonalDataStore } from '@ledger/personal-data';
import { displayNamesOf } from '../../api/src/history/display-names.js';

/** Events read from the store at a time: a long stream is never held whole, and progress is told batch by batch. */
const BATCH = 500;
/** A stream this long or longer reports its progress on stderr. */
const PROGRESS_FROM = 2 * BATCH;

type ReplayOptions = { json?: boolean };

/**
 * One event as the timeline prints it: where and when it was recorded, the date it is about, who did
 * it (by name, "erased", or by id when no name was ever given), what happened and what changed.
 */
function timelineLine(entry: ReturnType<typeof entryOf>): string {
  const who = `${entry.actor.name ?? entry.actor.personId} (${entry.actor.role}${entry.actor.organisationId ? ` for ${entry.actor.organisationId}` : ''})`;
  const changes = entry.changes.map((change) => `${change.field}: ${change.from ?? '—'} → ${change.to ?? '—'}`).join('; ');
  return [`#${entry.position}`, entry.recordedAt, entry.businessDate ?? '-', who, `${entry.type}: ${entry.summary}`, ...(changes ? [`[${changes}]`] : [])].join('  ');
}

function entryOf(event: RecordedEvent, name: string | null, context: ReturnType<typeof describeContext>) {
  const { actor } = event.metadata;
  return {
    position: event.position,
    streamId: event.streamId,
    revision: String(event.streamRevision),
    type: event.type,
    recordedAt: event.recordedAt.toISOString(),
    actor: { personId: actor.personId, name, role: actor.role, organisationId: actor.organisationId, grantId: actor.grantId },
    ...describeEvent(event, context),
  };
}

@Command({
  name: 'replay',
  arguments: '<streamId>',
  description:
    'Print a stream’s history as a timeline, one line per event: position, recorded time, business date, actor (name, or "erased"), summary and old → new values. --json prints NDJSON, one entry a line. Reads the log directly; safe while the API runs.',
})
export class ReplayCommand extends CommandRunner {
  async run([streamId]: string[], options: ReplayOptions = {}) {
    const config = loadConfig({ NODE_ENV: 'development', ...process.env });
    const files = dataFiles(config);
    const store = createEventStore({ sqliteFilename: files.events, sqliteSynchronous: config.sqliteSynchronous, esdbConnectionString: config.esdbConnectionString });
    const personalData = new PersonalDataStore(files.personalData);
    try {
      const id = (streamId ?? '').trim();
      if (!id) throw new Error('replay needs a stream id, e.g. commitment-<uuid> or action-<uuid>');
      const figures = new Map<string, unknown>();
      const names = new Map<string, string | null>();
      const nameOf = (personId: string) => {
        if (!names.has(personId)) names.set(personId, displayNamesOf(personalData, [personId]).get(personId) ?? null);
        return names.get(personId) ?? null;
      };
      let revision = 0n;
      let printed = 0;
      for (;;) {
        const batch = await store.readStream(id, { fromRevision: revision, maxCount: BATCH });
        if (batch.length === 0) break;
        for (const event of batch) {
          const entry = entryOf(event, nameOf(event.metadata.actor.personId), describeContext(event, figures));
          process.stdout.write(`${options.json ? JSON.stringify(entry) : timelineLine(entry)}\n`);
        }
        printed += batch.length;
        revision = batch.at(-1)!.streamRevision + 1n;
        if (printed >= PROGRESS_FROM) process.stderr.write(`${id}: ${printed} events replayed\n`);
        if (batch.length < BATCH) break;
      }
      if (printed === 0) throw new Error(`No stream ${id} in the log: give a stream id such as commitment-<uuid>, action-<uuid> or partnership-<uuid>`);
      if (printed >= PROGRESS_FROM) process.stderr.write(`${id}: done, ${printed} events\n`);
    } finally {
      personalData.close();
      await store.close();
    }
  }

  @Option({ flags: '--json', description: 'NDJSON: one history entry per line, as the API gives it.' })
  parseJson(): boolean {
    return true;
  }
}
