import { ConfigError } from './config-error.js';

/**
 * The options of an EventStoreDB connection string as client 6.2.1 reads them: keys match
 * case-insensitively with `-` and `_` ignored, so `THROW-ON-APPEND-FAILURE` is `throwOnAppendFailure`.
 */
function connectionSettings(connectionString: string): Map<string, string> {
  const query = connectionString.split('?').slice(1).join('&');
  const settings = new Map<string, string>();
  for (const pair of query.split('&')) {
    if (pair.trim() === '') continue;
    const [key = '', value = ''] = pair.split('=');
    settings.set(key.trim().toLowerCase().replace(/[_-]/g, ''), value.trim());
  }
  return settings;
}

/**
 * Outlasting a leader election: the client's own defaults (10 lookups, 100 ms apart) give up after one
 * second, and a failed lookup poisons that client (issue 15, gap 1). 30 × 500 ms is 15 s.
 */
export const ESDB_DISCOVERY_DEFAULTS = { maxDiscoverAttempts: 30, discoveryInterval: 500 } as const;

/**
 * Checks ESDB_CONNECTION_STRING and fills in what the ledger needs that the client defaults wrongly:
 * - `throwOnAppendFailure=false` is refused: the client's batch append then reports a conflict's current
 *   revision as BigInt of a boolean (1 for every existing stream), so a conflict could not be described.
 * - `maxDiscoverAttempts` and `discoveryInterval` are added unless given, to outlast an election.
 * `tlsVerifyCert=false` is parsed but ignored by client 6.2.1 (infra/README.md, "TLS settings").
 */
export function eventStoreDbConnectionString(value: string): string {
  const settings = connectionSettings(value);
  if (settings.get('throwonappendfailure')?.toLowerCase() === 'false') {
    throw new ConfigError(
      'ESDB_CONNECTION_STRING',
      "must not set throwOnAppendFailure=false: the ledger relies on the client throwing WrongExpectedVersionError, which carries the stream's real revision; remove the setting",
    );
  }
  const missing = Object.entries(ESDB_DISCOVERY_DEFAULTS).filter(([key]) => !settings.has(key.toLowerCase()));
  if (missing.length === 0) return value;
  const added = missing.map(([key, setting]) => `${key}=${setting}`).join('&');
  return value.includes('?') ? `${value}${value.endsWith('?') || value.endsWith('&') ? '' : '&'}${added}` : `${value}?${added}`;
}
