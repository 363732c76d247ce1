import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { organisationStream } from '@ledger/domain';
import { CommitmentTrackerQueries, PartnershipDirectoryQueries } from '@ledger/projections';
import { PLATFORM_ADMIN } from '../access/scopes.js';
import { LedgerCommand } from '../ledger/ledger-command.js';
import { Ledger } from '../ledger/ledger.service.js';
import type { Written } from '../ledger/written.js';
import type { MergeOrganisationsInput, RenameOrganisationInput } from './dto/register-organisation.input.js';
import { OrganisationMerges } from './organisation-merges.js';
import { sameNameAs } from './register-organisation.handler.js';

/** Organisations are the platform's, shared by every partnership: like registering, a platform administrator's. */
export class RenameOrganisationCommand extends LedgerCommand<RenameOrganisationInput> {
  readonly what = 'rename an organisation';
  async requires() {
    return [PLATFORM_ADMIN];
  }
}

/** A merge reaches into every partnership the duplicate was in, so it is the platform's alone. */
export class MergeOrganisationsCommand extends LedgerCommand<MergeOrganisationsInput> {
  readonly what = 'merge organisations';
  async requires() {
    return [PLATFORM_ADMIN];
  }
}

@CommandHandler(RenameOrganisationCommand)
export class RenameOrganisationHandler implements ICommandHandler<RenameOrganisationCommand> {
  constructor(
    private readonly ledger: Ledger,
    private readonly directory: PartnershipDirectoryQueries,
  ) {}

  async execute(command: RenameOrganisationCommand): Promise<Written> {
    const { organisationId, name, reason, allowDuplicateName } = command.input;
    const sameName = sameNameAs(this.directory, name);
    return this.ledger.handle(organisationStream, organisationId, { type: 'RenameOrganisation', data: { organisationId, name, reason, sameName, allowDuplicateName } }, command);
  }
}

/**
 * Records the merge on the duplicate's stream with what it hands over (its partnerships, from the
 * directory; its open actions, from the tracker: both read models, so something joined or planned in
 * the moments before the merge may be missed, and is then reassigned by hand), then completes it.
 */
@CommandHandler(MergeOrganisationsCommand)
export class MergeOrganisationsHandler implements ICommandHandler<MergeOrganisationsCommand> {
  constructor(
    private readonly ledger: Ledger,
    private readonly directory: PartnershipDirectoryQueries,
    private readonly tracker: CommitmentTrackerQueries,
    private readonly merges: OrganisationMerges,
  ) {}

  async execute(command: MergeOrganisationsCommand): Promise<Written> {
    const { survivorId, duplicateId, reason } = command.input;
    const survivor = await this.ledger.state(organisationStream, survivorId);
    const written = await this.ledger.handle(
      organisationStream,
      duplicateId,
      {
        type: 'MergeOrganisation',
        data: {
          organisationId: duplicateId,
          survivorId,
          reason,
          survivor: { registered: survivor.status === 'Registered', mergedInto: survivor.status === 'Merged' ? survivor.mergedInto : null },
          partnershipIds: this.directory.partnershipIdsOfOrganisation(duplicateId),
          actionIds: this.tracker.openActionIdsOwnedBy(duplicateId, null),
        },
      },
      command,
    );
    // A retry (same clientMutationId) answers with the record written first, and completes it if it was interrupted.
    const record = await this.merges.recordOf(duplicateId);
    if (!record) throw new Error(`${written.events[0]?.type ?? 'MergeOrganisation'} left no merge record on ${duplicateId}`);
    const position = await this.merges.complete(record);
    return { id: survivorId, appended: { ...written.appended, position } };
  }
}

export const ORGANISATION_CORRECTION_HANDLERS = [RenameOrganisationHandler, MergeOrganisationsHandler];
