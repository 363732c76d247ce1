import { dataFiles, type LedgerConfig } from '@ledger/config';
import { chainUnhashedEvents, migrateLegacyActors } from '@ledger/event-store';
import { PersonalDataStore } from '@ledger/personal-data';

/**
 * Before any store opens: events written before identities named their actor by token subject
 * (an email, in practice). An embedded log is rewritten in place so each names a person id, the
 * subject kept only in the personal-data store, where it can be erased. EventStoreDB logs cannot
 * be rewritten (see README, "Identity and access").
 *
 * Then events written before the log was chained get their hash and previousHash (README, "Tamper
 * evidence"); after the actors, since the hash covers the actor. EventStoreDB logs keep such events
 * unhashed, and `verify` reports them as unchained.
 */
export function upgradeDataFolder(config: LedgerConfig, log: (message: string) => void): void {
  if (config.esdbConnectionString) return;
  const files = dataFiles(config);
  const personalData = new PersonalDataStore(files.personalData);
  try {
    const migrated = migrateLegacyActors(
      files.events,
      (subject) => personalData.identify({ issuer: config.jwtIssuer, subject }),
      (done, total) => log(`Moving token subjects out of the event log: ${done}/${total} events`),
    );
    if (migrated > 0) log(`Moved the token subjects of ${migrated} events into the personal-data store; events now name person ids`);
    const chained = chainUnhashedEvents(files.events, (done, total) => log(`Chaining the event log: ${done}/${total} events`));
    if (chained > 0) log(`Chained ${chained} events written before tamper evidence: each now carries its hash and its stream predecessor's`);
  } finally {
    personalData.close();
  }
}
