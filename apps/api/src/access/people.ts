import { Injectable } from '@nestjs/common';
import type { Identity } from '@ledger/auth';
import { PersonalDataStore } from '@ledger/personal-data';

/** A mapping is trusted this long before the personal-data store is asked again (it may have been erased). */
const REMEMBER_MS = 60_000;
const REMEMBER_AT_MOST = 10_000;

/**
 * The person a verified identity is: (issuer, subject) → person id, from the personal-data store,
 * created on first sight. Remembered briefly, so a busy caller costs no write per request.
 */
@Injectable()
export class People {
  private readonly remembered = new Map<string, { personId: string; name: string | null; email: string | null; at: number }>();

  constructor(private readonly personalData: PersonalDataStore) {}

  personOf(identity: Identity): string {
    const key = `${identity.issuer}\u0000${identity.subject}`;
    const now = Date.now();
    const known = this.remembered.get(key);
    if (known && now - known.at < REMEMBER_MS && known.name === identity.name && known.email === identity.email) return known.personId;
    const personId = this.personalData.identify(identity);
    if (this.remembered.size >= REMEMBER_AT_MOST) this.remembered.clear();
    this.remembered.set(key, { personId, name: identity.name, email: identity.email, at: now });
    return personId;
  }
}
