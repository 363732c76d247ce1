import { Command, CommandRunner, Option } from 'nest-commander';
import { dataFiles, loadConfig } from '@ledger/config';
import { requireUuid } from '@ledger/domain';
import { createEventStore } from '@ledger/event-store';
import { MerkleLog, type SignedCheckpoint } from '@ledger/integrity';
import { PersonalDataStore } from '@ledger/personal-data';
import { upgradeDataFolder } from '../../../api/src/ledger/upgrade-data.js';
import { exportLog, progressReporter } from './log-export.js';

type ExportOptions = { partnership?: string; withPersonalData?: boolean };

@Command({
  name: 'export',
  arguments: '<directory>',
  description:
    'Write the whole event log, or one partnership’s streams, as events.ndjson with manifest.json into a new or empty directory; personal data (people.ndjson) only with --with-personal-data. Progress on stderr. Safe beside a running API.',
})
export class ExportCommand extends CommandRunner {
  async run([directory]: string[], options: ExportOptions) {
    const config = loadConfig({ NODE_ENV: 'development', ...process.env });
    upgradeDataFolder(config, (message) => process.stderr.write(`${message}\n`));
    const files = dataFiles(config);
    const store = createEventStore({ sqliteFilename: files.events, sqliteSynchronous: config.sqliteSynchronous, esdbConnectionString: config.esdbConnectionString });
    const personalData = options.withPersonalData ? new PersonalDataStore(files.personalData) : null;
    const tree = new MerkleLog(files.integrity);
    const key = config.checkpointSigningKey;
    /**
     * The checkpoint of exactly the exported events: one already signed at that size, or a new one
     * when the log has not grown since the export began. Without a signing key, or when the log grew
     * meanwhile and no checkpoint sits at that size, none: the manifest says so, and the auditor takes
     * a later checkpoint and a newer export.
     */
    const checkpoint = async (treeSize: number, position: string): Promise<SignedCheckpoint | null> => {
      await tree.sync(store);
      const signed = tree.checkpointAt(treeSize) ?? (key && tree.size() === treeSize ? await tree.checkpoint(store, key, config.clock()) : null);
      if (!signed) process.stderr.write(`export: no signed checkpoint at ${treeSize} events (position ${position})${key ? ': the log grew during the export' : ': no signing key configured'}\n`);
      return signed;
    };
    try {
      const manifest = await exportLog(store, {
        directory: directory!,
        partnershipId: options.partnership ?? null,
        personalData,
        report: progressReporter('export'),
        checkpoint,
      });
      const people = manifest.personalData ? `, ${manifest.personalData.count} personal-data rows` : '';
      const head = manifest.checkpoint ? `, signed tree head ${manifest.checkpoint.rootHash}` : manifest.treeHead ? `, tree head ${manifest.treeHead.rootHash} (unsigned)` : '';
      process.stdout.write(`Exported ${manifest.events.count} events in ${manifest.streams} streams${people} to ${directory} (last position ${manifest.lastPosition ?? 'none'}${head})\n`);
    } finally {
      personalData?.close();
      tree.close();
      await store.close();
    }
  }

  @Option({ flags: '--partnership <partnershipId>', description: 'Only this partnership’s streams (see README, "Export, import and forgetting a person")' })
  parsePartnership(value: string) {
    return requireUuid('--partnership', value);
  }

  @Option({ flags: '--with-personal-data', description: 'Also write people.ndjson: names, emails, identities and declarations, kept apart from the events' })
  parseWithPersonalData() {
    return true;
  }
}
