import { Module } from '@nestjs/common';
import { AccessGrantsQueries, accessGrantsProjection } from '@ledger/projections';
import { capability } from '../capability.js';
import { ACCESS_HANDLERS } from './access.handlers.js';
import { GrantsResolver, MeResolver, PeopleResolver } from './access.resolver.js';
import { ForgetPersonHandler, ForgetPersonResolver } from './forget-person.js';

@Module({ providers: [GrantsResolver, PeopleResolver, MeResolver, ...ACCESS_HANDLERS, ForgetPersonResolver, ForgetPersonHandler] })
export class AccessModule {}

/**
 * Granting and revoking roles, and who you are. The rules every command is checked against
 * (`Scopes`, `AccessService`) sit in the LedgerModule, and the guard in the AppModule, as every
 * capability needs them.
 */
export const access = capability(AccessModule, { projections: [accessGrantsProjection], queries: [AccessGrantsQueries] });
