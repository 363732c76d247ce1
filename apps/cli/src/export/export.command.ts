import { Command, CommandRunner, Option } from 'nest-commander';
import { dataFiles, loadConfig } from '@ledger/config';
import { requireUuid } from '@ledger/domain';
import { createEventStore } from '@ledger/event-store';
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
    try {
      const manifest = await exportLog(store, {
        directory: directory!,
        partnershipId: options.partnership ?? null,
        personalData,
        report: progressReporter('export'),
      });
      const people = manifest.personalData ? `, ${manifest.personalData.count} personal-data rows` : '';
      process.stdout.write(`Exported ${manifest.events.count} events in ${manifest.streams} streams${people} to ${directory} (last position ${manifest.lastPosition ?? 'none'})\n`);
    } finally {
      personalData?.close();
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
