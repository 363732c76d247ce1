import { Command, CommandRunner, Option } from 'nest-commander';
import { mintIdentityToken } from '@ledger/auth';
import { loadConfig, parseDuration } from '@ledger/config';

type MintTokenOptions = { sub: string; name?: string; email?: string; expiresIn?: number; role?: string; org?: string };

const GRANTED_IN_THE_LEDGER = 'is gone: a token proves identity only, and roles are granted in the ledger with `cli grant`';

@Command({
  name: 'mint-token',
  description:
    'Print an identity token (issuer LEDGER_JWT_ISSUER, subject --sub) for local use, signed with LEDGER_JWT_SECRET ' +
    '(or the development secret in the data folder). It proves who the caller is; what they may do comes from their grants.',
})
export class MintTokenCommand extends CommandRunner {
  async run(_args: string[], options: MintTokenOptions) {
    if (options.role !== undefined) throw new Error(`--role ${GRANTED_IN_THE_LEDGER}`);
    if (options.org !== undefined) throw new Error(`--org ${GRANTED_IN_THE_LEDGER}`);
    const config = loadConfig({ NODE_ENV: 'development', ...process.env });
    if (config.jwtSecret === null) {
      throw new Error('LEDGER_JWT_SECRET is not set, so this ledger accepts only tokens of its OIDC issuers (LEDGER_OIDC_ISSUERS); set it to mint local tokens');
    }
    const token = await mintIdentityToken({
      secret: config.jwtSecret,
      issuer: config.jwtIssuer,
      subject: options.sub,
      name: options.name ?? null,
      email: options.email ?? null,
      expiresInSeconds: options.expiresIn,
      maxLifetimeSeconds: config.jwtMaxLifetimeSeconds,
    });
    process.stdout.write(`${token}\n`);
  }

  @Option({ flags: '--sub <subject>', description: 'Who the token is for (the JWT sub claim)', required: true })
  parseSub(value: string) {
    if (value.trim() === '') throw new Error('--sub must not be empty');
    return value;
  }

  @Option({ flags: '--name <name>', description: 'Display name (the name claim)' })
  parseName(value: string) {
    return value;
  }

  @Option({ flags: '--email <email>', description: 'Email address (the email claim)' })
  parseEmail(value: string) {
    return value;
  }

  @Option({ flags: '--expires-in <duration>', description: 'e.g. 30m, 8h; at most LEDGER_JWT_MAX_LIFETIME (default 8h, or that maximum if shorter)' })
  parseExpiresIn(value: string): number {
    const seconds = parseDuration(value);
    if (seconds === null) throw new Error(`--expires-in must be a duration such as 30m, 8h or 1d (got "${value}")`);
    return seconds;
  }

  // Gone: kept only to say where roles went instead of "unknown option".
  @Option({ flags: '--role <role>', description: 'Removed: roles are granted with `cli grant`' })
  parseRole(value: string) {
    return value;
  }

  @Option({ flags: '--org <organisationId>', description: 'Removed: roles are granted with `cli grant`' })
  parseOrg(value: string) {
    return value;
  }
}
