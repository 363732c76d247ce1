import { Command, CommandRunner } from 'nest-commander';
import { dataFiles, loadConfig } from '@ledger/config';
import { createEventStore, type EventStore } from '@ledger/event-store';
import { describeProgress, openReadModelDatabase, ProjectionRunner } from '@ledger/projections';
import { PROJECTIONS } from '../../api/src/capabilities.js';
import { upgradeDataFolder } from '../../api/src/ledger/upgrade-data.js';
import { lockReadModels } from './read-models-lock.js';

/**
 * Drops the named read models (all when none) and replays the log into them, every one in the same pass;
 * resumes a rebuild that was stopped part-way. `write` gets progress lines (events done of total, rate,
 * time left) after the first batch, then at most once a second, and at the end.
 */
export async function rebuildReadModels(store: EventStore, readModelsFile: string, names: string[], write: (line: string) => void): Promise<string[]> {
  const db = openReadModelDatabase(readModelsFile);
  try {
    const runner = new ProjectionRunner(store, db, PROJECTIONS);
    const resumed = runner.interruptedRebuilds().filter((name) => names.length === 0 || names.includes(name));
    if (resumed.length > 0) write(`Resuming the stopped rebuild of ${resumed.join(', ')} from where it got to\n`);
    let lastReport: number | null = null;
    return await runner.rebuild(names, (progress) => {
      if (lastReport === null || progress.done === progress.total || Date.now() - lastReport >= 1000) {
        lastReport = Date.now();
        write(`Rebuilding: ${describeProgress(progress)}\n`);
      }
    });
  } finally {
    db.close();
  }
}

@Command({
  name: 'rebuild',
  arguments: '[projections...]',
  description: `Drop read models and replay the event log into them, with progress on stderr (all when none named; known: ${PROJECTIONS.map((p) => p.name).join(', ')}). Refuses while the API runs on the same data folder.`,
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
      const rebuilt = await rebuildReadModels(store, files.readModels, names, (line) => process.stderr.write(line));
      process.stdout.write(`Rebuilt ${rebuilt.join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
    } finally {
      await store.close();
      lock.release();
    }
  }
}
