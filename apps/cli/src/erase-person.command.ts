import { Command, CommandRunner, Option } from 'nest-commander';
import { userInfo } from 'node:os';
import { dataFiles, loadConfig } from '@ledger/config';
import { IllegalStateError, NotFoundError, requireUuid } from '@ledger/domain';
import { createEventStore } from '@ledger/event-store';
import { PersonalDataStore } from '@ledger/personal-data';
import { forgetAsOperator } from '../../api/src/access/forget-person.js';
import { Ledger } from '../../api/src/ledger/ledger.service.js';
import { upgradeDataFolder } from '../../api/src/ledger/upgrade-data.js';

@Command({
  name: 'erase-person',
  arguments: '<personId>',
  description:
    'Erase everything personal about a person (name, email, declarations of interest made at meetings, the identities that sign in as them) and record PersonForgotten, as the forgetPerson mutation does. History still replays, naming them by id only; a running API forgets them within a minute.',
})
export class ErasePersonCommand extends CommandRunner {
  async run([personId]: string[], options: { reason: string }) {
    const config = loadConfig({ NODE_ENV: 'development', ...process.env });
    const id = requireUuid('personId', personId ?? '');
    upgradeDataFolder(config, (message) => process.stderr.write(`${message}\n`));
    const files = dataFiles(config);
    const store = createEventStore({ sqliteFilename: files.events, sqliteSynchronous: config.sqliteSynchronous, esdbConnectionString: config.esdbConnectionString });
    const personalData = new PersonalDataStore(files.personalData);
    try {
      const { appended } = await forgetAsOperator(new Ledger(store, config), personalData, userInfo().username, { personId: id, reason: options.reason });
      process.stdout.write(`Erased person ${id}\n`);
      process.stderr.write(`Recorded PersonForgotten at position ${appended.position}\n`);
    } catch (error) {
      if (!(error instanceof NotFoundError || error instanceof IllegalStateError)) throw error;
      // Rows left by an erasure interrupted after its event was written go now.
      const erased = personalData.erase(id);
      process.stdout.write(erased ? `Erased person ${id} (already forgotten in the ledger)\n` : `Nothing personal is kept about person ${id}; nothing was changed\n`);
    } finally {
      personalData.close();
      await store.close();
    }
  }

  @Option({ flags: '--reason <reason>', description: 'Kept in the ledger with PersonForgotten: must not name the person', defaultValue: 'Erased by the operator at the console' })
  parseReason(value: string) {
    return value;
  }
}
