import { Command, CommandRunner } from 'nest-commander';
import { dataFiles, loadConfig } from '@ledger/config';
import { requireUuid } from '@ledger/domain';
import { PersonalDataStore } from '@ledger/personal-data';

@Command({
  name: 'erase-person',
  arguments: '<personId>',
  description:
    'Erase everything personal about a person (name, email, declarations of interest made at meetings, the identities that sign in as them). History still replays, naming them by id only; a running API forgets them within a minute.',
})
export class ErasePersonCommand extends CommandRunner {
  async run([personId]: string[]) {
    const config = loadConfig({ NODE_ENV: 'development', ...process.env });
    const id = requireUuid('personId', personId ?? '');
    const personalData = new PersonalDataStore(dataFiles(config).personalData);
    try {
      const erased = personalData.erase(id);
      process.stdout.write(erased ? `Erased person ${id}\n` : `Nothing personal is kept about person ${id}; nothing was changed\n`);
    } finally {
      personalData.close();
    }
  }
}
