import { Command, CommandRunner } from 'nest-commander';
import { dataFiles, loadConfig } from '@ledger/config';
import { createEventStore, type EventStore } from '@ledger/event-store';
import { openReadModelDatabase, ProjectionRunner } from '@ledger/projections';
import { PROJECTIONS } from '../../api/src/capabilities.js';
import { upgradeDataFolder } from '../../api/src/ledger/upgrade-data.js';
import { lockReadModels } from './read-models-lock.js';

/** Drops the named read models (all when none) and replays the log into them, reporting progress at most once a second. */
export async function rebuildReadModels(store: EventStore, readModelsFile: string, names: string[], write: (line: string) => void): Promise<string[]> {
  const db = openReadModelDatabase(readModelsFile);
  try {
    const runner = new ProjectionRunner(store, db, PROJECTIONS);
    let lastReport = 0;
    return await runner.rebuild(names, (name, done, total) => {
      if (done === total || Date.now() - lastReport > 1000) {
        lastReport = Date.now();
        write(`${name}: ${done}/${total} events\n`);
      }
    });
  } finally {
    db.close();
  }
}

@Command({
  name: 'rebuild',
  arguments: '[projections...]',
  description: `Drop read models and replay the event log into them (all when none named; known: ${PROJECTIONS.map((p) => p.name).join(', ')}). Refuses while the API runs on the same data folder.`,
})
export class RebuildCommand extends CommandRunner {
  async run(names: string[]) {
    const config = loadConfig({ NODE_ENV: 'development', ...process.env });
    const files = dataFiles(config);
    const lock = lockReadModels(files.readModelsLock, 'rebuild', 'Cannot rebuild');
    upgradeDataFolder(config, (message) => process.stdout.write(`${message}\n`));
    const store = createEventStore({
      sqliteFilename: files.events,
      sqliteSynchronous: config.sqliteSynchronous,
      esdbConnectionString: config.esdbConnectionString,
    });
    try {
      const started = Date.now();
      const rebuilt = await rebuildReadModels(store, files.readModels, names, (line) => process.stdout.write(line));
      process.stdout.write(`Rebuilt ${rebuilt.join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
    } finally {
      await store.close();
      lock.release();
    }
  }
}
