import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommandRunner, Option } from 'nest-commander';
import { dataFiles, loadConfig } from '@ledger/config';
import { requireUuid, ValidationError } from '@ledger/domain';
import { createEventStore } from '@ledger/event-store';
import {
  allyshipPairingsProjection,
  AllyshipPairingsQueries,
  boardViewsProjection,
  BoardViewsQueries,
  commitmentTrackerProjection,
  CommitmentTrackerQueries,
  openReadModelDatabase,
  partnershipDirectoryProjection,
  PartnershipDirectoryQueries,
  readCheckpoint,
} from '@ledger/projections';
import { digestHtml, digestText, readDigest } from './digest.js';

const FORMATS = ['text', 'html'] as const;
type Format = (typeof FORMATS)[number];
type DigestOptions = { organisation?: string; partnership?: string; format?: Format; out?: string };

/** The read models a digest reads: each must show the log's head, or the digest would miss what was written. */
const READ = [partnershipDirectoryProjection, commitmentTrackerProjection, boardViewsProjection, allyshipPairingsProjection];

@Command({
  name: 'digest',
  description:
    'Write an organisation’s weekly digest (overdue, due soon, silent actions it owns and open allyship challenges, per partnership, judged on each partnership’s today) as text or HTML, from the read models. To stdout, or into --out <dir> (both formats unless --format). Sending it is your mail system’s job (README, "The weekly digest").',
})
export class DigestCommand extends CommandRunner {
  async run(_args: string[], options: DigestOptions) {
    if (!options.organisation) throw new ValidationError('--organisation', 'required', '--organisation <organisationId> is required');
    const config = loadConfig({ NODE_ENV: 'development', ...process.env });
    const files = dataFiles(config);
    const store = createEventStore({ sqliteFilename: files.events, sqliteSynchronous: config.sqliteSynchronous, esdbConnectionString: config.esdbConnectionString });
    const db = openReadModelDatabase(files.readModels);
    try {
      // Read only: beside a running API its projections keep these current; without one, they may lag the log.
      const head = await store.headPosition();
      for (const { name } of READ) {
        const checkpoint = readCheckpoint(db, 'projection_checkpoints', name);
        if (head !== null && (checkpoint === null || store.comparePositions(checkpoint, head) < 0)) {
          throw new Error(`The read model ${name} is behind the log (at ${checkpoint ?? 'the start'}, the log at ${head}): start the API to let it catch up, or run rebuild, then run digest again`);
        }
      }
      const digest = readDigest(
        {
          directory: new PartnershipDirectoryQueries(db),
          tracker: new CommitmentTrackerQueries(db),
          board: new BoardViewsQueries(db),
          allyship: new AllyshipPairingsQueries(db),
        },
        { organisationId: options.organisation, partnershipId: options.partnership ?? null, now: config.clock() },
      );
      const render = (format: Format) => (format === 'html' ? digestHtml(digest) : digestText(digest));
      if (!options.out) {
        process.stdout.write(render(options.format ?? 'text'));
        return;
      }
      mkdirSync(options.out, { recursive: true });
      const dated = digest.sections[0]?.today ?? config.clock().toISOString().slice(0, 10);
      for (const format of options.format ? [options.format] : FORMATS) {
        const file = join(options.out, `digest-${digest.organisationId}-${dated}.${format === 'html' ? 'html' : 'txt'}`);
        writeFileSync(file, render(format));
        process.stdout.write(`${file}\n`);
      }
    } finally {
      db.close();
      await store.close();
    }
  }

  @Option({ flags: '--organisation <organisationId>', description: 'The organisation the digest is for (required)' })
  parseOrganisation(value: string) {
    return requireUuid('--organisation', value);
  }

  @Option({ flags: '--partnership <partnershipId>', description: 'Only this partnership (one the organisation is a member of); default: every one it is in' })
  parsePartnership(value: string) {
    return requireUuid('--partnership', value);
  }

  @Option({ flags: '--format <format>', description: 'text (default) or html; with --out and no --format, both' })
  parseFormat(value: string): Format {
    if (!(FORMATS as readonly string[]).includes(value)) throw new ValidationError('--format', 'isEnum', `--format must be one of ${FORMATS.join(', ')} (got "${value}")`);
    return value as Format;
  }

  @Option({ flags: '--out <directory>', description: 'Write digest-<organisation>-<today>.txt/.html into this directory (made if missing) instead of stdout' })
  parseOut(value: string) {
    return value;
  }
}
