import { Command, CommandRunner, Option } from 'nest-commander';
import { TokenService } from '@ledger/auth';
import { loadConfig, parseDuration } from '@ledger/config';
import { ROLES, type Role } from '@ledger/domain';

type MintTokenOptions = { role: Role; sub: string; org?: string; expiresIn: number };

@Command({
  name: 'mint-token',
  description: 'Print a bearer token for local use, signed with LEDGER_JWT_SECRET (or the development secret in the data folder)',
})
export class MintTokenCommand extends CommandRunner {
  async run(_args: string[], options: MintTokenOptions) {
    const config = loadConfig({ NODE_ENV: 'development', ...process.env });
    if (options.role === 'PARTNER' && !options.org) throw new Error('--org is required for the PARTNER role');
    const tokens = new TokenService(config.jwtSecret, { maxLifetimeSeconds: config.jwtMaxLifetimeSeconds });
    const token = tokens.mint({
      subjectId: options.sub,
      role: options.role,
      organisationId: options.org ?? null,
      expiresInSeconds: options.expiresIn,
    });
    process.stdout.write(`${token}\n`);
  }

  @Option({ flags: '--role <role>', description: `One of ${ROLES.join(', ')}`, required: true })
  parseRole(value: string): Role {
    if (!(ROLES as readonly string[]).includes(value)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
    return value as Role;
  }

  @Option({ flags: '--sub <subject>', description: 'Who the token is for (the JWT sub claim)', required: true })
  parseSub(value: string) {
    return value;
  }

  @Option({ flags: '--org <organisationId>', description: 'The organisation a PARTNER acts for' })
  parseOrg(value: string) {
    return value;
  }

  @Option({ flags: '--expires-in <duration>', description: 'e.g. 30m, 8h; at most LEDGER_JWT_MAX_LIFETIME (default 24h)', defaultValue: 8 * 3600 })
  parseExpiresIn(value: string): number {
    const seconds = parseDuration(value);
    if (seconds === null) throw new Error(`--expires-in must be a duration such as 30m, 8h or 1d (got "${value}")`);
    return seconds;
  }
}
