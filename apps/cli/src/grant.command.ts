import { Command, CommandRunner, Option } from 'nest-commander';
import { userInfo } from 'node:os';
import { dataFiles, loadConfig } from '@ledger/config';
import { ROLES, type Role } from '@ledger/domain';
import { createEventStore } from '@ledger/event-store';
import { PersonalDataStore } from '@ledger/personal-data';
import { grantAsOperator } from '../../api/src/access/access.handlers.js';
import { Ledger } from '../../api/src/ledger/ledger.service.js';
import { upgradeDataFolder } from '../../api/src/ledger/upgrade-data.js';

type GrantOptions = { issuer?: string; subject: string; role: Role; partnership?: string; organisation?: string; reason: string };

@Command({
  name: 'grant',
  description:
    'Grant a role to the person a token names (issuer and subject), as the operator at the console: how the first PLATFORM_ADMIN is made. Recorded in the ledger like any grant.',
})
export class GrantCommand extends CommandRunner {
  async run(_args: string[], options: GrantOptions) {
    const config = loadConfig({ NODE_ENV: 'development', ...process.env });
    upgradeDataFolder(config, (message) => process.stderr.write(`${message}\n`));
    const files = dataFiles(config);
    const store = createEventStore({ sqliteFilename: files.events, sqliteSynchronous: config.sqliteSynchronous, esdbConnectionString: config.esdbConnectionString });
    const personalData = new PersonalDataStore(files.personalData);
    try {
      const { id, personId, appended } = await grantAsOperator(new Ledger(store, config), personalData, config, userInfo().username, {
        issuer: options.issuer ?? config.jwtIssuer,
        subject: options.subject,
        role: options.role,
        partnershipId: options.partnership ?? null,
        organisationId: options.organisation ?? null,
        reason: options.reason,
      });
      process.stdout.write(`Granted ${options.role} to person ${personId} (grant ${id}, position ${appended.position})\n`);
    } finally {
      personalData.close();
      await store.close();
    }
  }

  @Option({ flags: '--issuer <issuer>', description: 'The `iss` of their tokens; defaults to LEDGER_JWT_ISSUER (partnership-ledger), the issuer of tokens from mint-token' })
  parseIssuer(value: string) {
    return value;
  }

  @Option({ flags: '--subject <subject>', description: 'The `sub` of their tokens', required: true })
  parseSubject(value: string) {
    return value;
  }

  @Option({ flags: '--role <role>', description: `One of ${ROLES.join(', ')}`, required: true })
  parseRole(value: string): Role {
    if (!(ROLES as readonly string[]).includes(value)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
    return value as Role;
  }

  @Option({ flags: '--partnership <partnershipId>', description: 'For SECRETARIAT and AUDITOR' })
  parsePartnership(value: string) {
    return value;
  }

  @Option({ flags: '--organisation <organisationId>', description: 'For PARTNER' })
  parseOrganisation(value: string) {
    return value;
  }

  @Option({ flags: '--reason <reason>', description: 'Kept with the grant for auditors', defaultValue: 'Granted by the operator at the console' })
  parseReason(value: string) {
    return value;
  }
}
