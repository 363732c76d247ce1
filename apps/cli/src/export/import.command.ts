import { Command, CommandRunner } from 'nest-commander';
import { join } from 'node:path';
import { dataFiles, loadConfig } from '@ledger/config';
import { ChainVerifier, SqliteEventStore, type RecordedEvent } from '@ledger/event-store';
import { PersonalDataStore } from '@ledger/personal-data';
import { rebuildReadModels } from '../rebuild.command.js';
import { lockReadModels } from '../read-models-lock.js';
import { progressReporter, readLines, readManifest, requireUnaltered, toRecordedEvent, type ExportedEvent, type PersonalDataRecord } from './log-export.js';

const BATCH = 500;

@Command({
  name: 'import',
  arguments: '<directory>',
  description:
    'Load an export into an EMPTY embedded store (refused otherwise): the same streams, revisions, ids, data, metadata and recorded times; then people.ndjson when present, then every read model is rebuilt. Progress on stderr. Refuses while the API runs on the same data folder.',
})
export class ImportCommand extends CommandRunner {
  async run([directory]: string[]) {
    const config = loadConfig({ NODE_ENV: 'development', ...process.env });
    if (config.esdbConnectionString) {
      // EventStoreDB assigns its own recorded times and positions, which an import must keep.
      throw new Error('import writes events with their exported recorded times, which only the embedded SQLite store allows: unset ESDB_CONNECTION_STRING; nothing was imported');
    }
    const manifest = readManifest(directory!);
    await requireUnaltered(directory!, manifest.events);
    if (manifest.personalData) await requireUnaltered(directory!, manifest.personalData);
    const files = dataFiles(config);
    const lock = lockReadModels(files.readModelsLock, 'import', 'Cannot import');
    const store = new SqliteEventStore({ filename: files.events, synchronous: config.sqliteSynchronous });
    const personalData = new PersonalDataStore(files.personalData);
    try {
      const head = await store.headPosition();
      if (head !== null) throw new Error(`Cannot import into ${files.events}: it already holds ${await store.countEventsAfter()} events; import writes only into an empty store. Point LEDGER_DATA_DIR at a new folder; nothing was imported`);
      if (manifest.personalData && !personalData.isEmpty()) {
        throw new Error(`Cannot import into ${files.personalData}: it already holds personal data; import writes only into an empty store. Point LEDGER_DATA_DIR at a new folder; nothing was imported`);
      }

      // Every chain checked before anything is written, so an altered export leaves the store empty.
      const check = progressReporter('checking chains');
      const chains = new ChainVerifier();
      let checked = 0;
      for await (const line of readLines<ExportedEvent>(join(directory!, manifest.events.file))) {
        const broken = chains.add(toRecordedEvent(line, ++checked));
        if (broken) throw new Error(`Cannot import ${directory}: chain broken at ${broken.message}; nothing was imported`);
        check(checked, manifest.events.count);
      }
      check(checked, manifest.events.count, true);

      const report = progressReporter('import');
      let batch: RecordedEvent[] = [];
      let count = 0;
      for await (const line of readLines<ExportedEvent>(join(directory!, manifest.events.file))) {
        batch.push(toRecordedEvent(line, ++count));
        if (batch.length === BATCH) {
          store.importRecorded(batch);
          batch = [];
          report(count, manifest.events.count);
        }
      }
      if (batch.length > 0) store.importRecorded(batch);
      report(count, manifest.events.count, true);
      if (count !== manifest.events.count) throw new Error(`import: ${manifest.events.file} holds ${count} events, manifest.json says ${manifest.events.count}`);

      let people = 0;
      if (manifest.personalData) {
        const records: PersonalDataRecord[] = [];
        for await (const record of readLines<PersonalDataRecord>(join(directory!, manifest.personalData.file))) records.push(record);
        people = personalData.restore(records);
        process.stderr.write(`personal data: ${people} rows\n`);
      }
      const rebuilt = await rebuildReadModels(store, files.readModels, [], (line) => process.stderr.write(line));
      process.stdout.write(`Imported ${count} events${manifest.personalData ? ` and ${people} personal-data rows` : ''} from ${directory}; rebuilt ${rebuilt.join(', ')}\n`);
    } finally {
      personalData.close();
      await store.close();
      lock.release();
    }
  }
}
