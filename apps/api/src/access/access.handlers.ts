import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { LedgerConfig } from '@ledger/config';
import { accessStream, type GrantRequirement, OPERATOR, ValidationError } from '@ledger/domain';
import { PersonalDataStore } from '@ledger/personal-data';
import { v7 as uuidv7 } from 'uuid';
import { LedgerCommand } from '../ledger/ledger-command.js';
import { LEDGER_CONFIG } from '../ledger/ledger-tokens.js';
import { Ledger } from '../ledger/ledger.service.js';
import type { Written } from '../ledger/written.js';
import type { GrantRoleInput, RevokeRoleInput } from './dto/access.inputs.js';
import { PLATFORM_ADMIN, Scopes, secretariatOf } from './scopes.js';

type GrantScope = Readonly<{ role: string; partnershipId?: string | null; organisationId?: string | null }>;

/**
 * Who may grant (or revoke) a role in a scope: an administrator any; a partnership's secretariat
 * PARTNER for its organisations and AUDITOR of it (or of the partnerships beneath it).
 */
async function whoMayGrant(scopes: Scopes, { role, partnershipId, organisationId }: GrantScope): Promise<GrantRequirement[]> {
  if (role === 'PARTNER' && organisationId) return [PLATFORM_ADMIN, ...scopes.partnershipsOfOrganisation(organisationId).map(secretariatOf)];
  if (role === 'AUDITOR' && partnershipId) {
    await scopes.requireFormed(partnershipId);
    return [PLATFORM_ADMIN, secretariatOf(partnershipId)];
  }
  return [PLATFORM_ADMIN];
}

export class GrantRoleCommand extends LedgerCommand<GrantRoleInput> {
  readonly what = 'grant this role';
  /** An auditor may still be granted, or a grant revoked, on a dissolved partnership's history. */
  override readonly changesPartnershipRecord = false;
  requires(scopes: Scopes) {
    return whoMayGrant(scopes, this.input);
  }
}

export class RevokeRoleCommand extends LedgerCommand<RevokeRoleInput> {
  readonly what = 'revoke this grant';
  override readonly changesPartnershipRecord = false;
  requires(scopes: Scopes) {
    return whoMayGrant(scopes, scopes.grant(this.input.grantId));
  }
}

@CommandHandler(GrantRoleCommand)
export class GrantRoleHandler implements ICommandHandler<GrantRoleCommand> {
  constructor(
    private readonly ledger: Ledger,
    private readonly personalData: PersonalDataStore,
    @Inject(LEDGER_CONFIG) private readonly config: Pick<LedgerConfig, 'jwtSecret' | 'jwtIssuer' | 'oidcIssuers'>,
  ) {}

  async execute(command: GrantRoleCommand): Promise<Written> {
    const { role, partnershipId, organisationId, reason } = command.input;
    const personId = this.personOf(command.input);
    const grantId = command.newId('grantId');
    const scopeExists = partnershipId
      ? (await this.ledger.facts.partnership(partnershipId)).formed
      : organisationId
        ? await this.ledger.facts.organisationIsRegistered(organisationId)
        : true;
    const { appended } = await this.ledger.handle(accessStream, personId, { type: 'GrantRole', data: { grantId, personId, role, partnershipId, organisationId, reason, scopeExists } }, command);
    return { id: grantId, appended };
  }

  /** A person already known, or the person a token's issuer and subject will name (known from now on). */
  private personOf({ personId, issuer, subject }: GrantRoleInput): string {
    if (personId) {
      if (issuer || subject) throw new ValidationError('personId', 'exactlyOne', 'Give either personId, or issuer and subject, not both');
      if (!this.personalData.knows(personId)) throw new ValidationError('personId', 'isKnownPerson', `No person ${personId} is known here`);
      return personId;
    }
    if (!issuer || !subject) {
      throw new ValidationError(issuer ? 'subject' : 'issuer', 'required', 'Give personId, or both issuer and subject of the person’s token');
    }
    // A typo here would grant a role to someone who can never sign in.
    const trusted = [...(this.config.jwtSecret ? [this.config.jwtIssuer] : []), ...this.config.oidcIssuers];
    if (!trusted.includes(issuer)) {
      throw new ValidationError('issuer', 'isTrustedIssuer', `issuer must be one whose tokens this server accepts: ${trusted.map((i) => `"${i}"`).join(', ')}`);
    }
    return this.personalData.identify({ issuer, subject });
  }
}

@CommandHandler(RevokeRoleCommand)
export class RevokeRoleHandler implements ICommandHandler<RevokeRoleCommand> {
  constructor(
    private readonly ledger: Ledger,
    private readonly scopes: Scopes,
  ) {}

  async execute(command: RevokeRoleCommand): Promise<Written> {
    const { grantId, reason, expectedRevision } = command.input;
    const { personId } = this.scopes.grant(grantId);
    const { appended } = await this.ledger.handle(accessStream, personId, { type: 'RevokeRole', data: { grantId, reason } }, command, expectedRevision);
    return { id: grantId, appended };
  }
}

export const ACCESS_HANDLERS = [GrantRoleHandler, RevokeRoleHandler];

/** The issuer of operators at the console: they are known by their login name on the machine. */
export const OPERATOR_ISSUER = 'urn:partnership-ledger:operator';

/**
 * A grant made by the operator at the console (the CLI's `grant`), through the same handler as
 * `grantRole`: how the first administrator is made. Whoever can run it can write the data folder,
 * so this is the one place no grant is needed; the event names the operator as its actor.
 */
export async function grantAsOperator(
  ledger: Ledger,
  personalData: PersonalDataStore,
  config: Pick<LedgerConfig, 'jwtSecret' | 'jwtIssuer' | 'oidcIssuers'>,
  operator: string,
  input: Omit<GrantRoleInput, 'clientMutationId'>,
): Promise<Written & { personId: string }> {
  const operatorId = personalData.identify({ issuer: OPERATOR_ISSUER, subject: operator });
  const command = new GrantRoleCommand(input as GrantRoleInput, { caller: { personId: operatorId }, correlationId: uuidv7() });
  command.authorise({ personId: operatorId, grantId: null, role: OPERATOR, organisationId: null });
  const written = await new GrantRoleHandler(ledger, personalData, config).execute(command);
  const personId = input.personId ?? personalData.personIdOf(input.issuer ?? '', input.subject ?? '');
  return { ...written, personId: personId ?? '' };
}
