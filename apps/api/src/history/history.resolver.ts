import { Args, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { HistoryQueries, historySubject, type HistoryEventRow } from '@ledger/projections';
import { PersonalDataStore } from '@ledger/personal-data';
import { Access, type RequestAccess } from '../access/request-access.js';
import { Scopes } from '../access/scopes.js';
import { pageOf, toConnection } from '../graphql/connection.js';
import { Loaders, type ReadLoaders } from '../graphql/loaders.js';
import { Organisation, organisationOf } from '../organisations/organisation.model.js';
import { AuditReads } from './audit-reads.js';
import { AuditAccessLogArgs, AuditActor, AuditEntryConnection, AuditReadConnection, HistoryArgs, toAuditEntry, toAuditRead } from './history.model.js';
import { displayNamesOf, type PersonNames } from './display-names.js';

const RULE = 'AUDITOR of the partnership (or of the platform) and its SECRETARIAT.';

/**
 * The auditor's histories: every event of a commitment (with its actions, indicators, minute items
 * and allyship challenges), of an action, or of a partnership, in log order, worded by
 * `describeEvent`. Each read is recorded in the audit access log before it is answered.
 */
@Resolver()
export class HistoryResolver {
  constructor(
    private readonly history: HistoryQueries,
    private readonly scopes: Scopes,
    private readonly audit: AuditReads,
    private readonly personalData: PersonalDataStore,
  ) {}

  @Query(() => AuditEntryConnection, { description: `Every event of the commitment and of its actions, indicators, updates, readings, minute items and linked allyship challenges, in log order. ${RULE}` })
  async commitmentHistory(@Args() args: HistoryArgs, @Access() access: RequestAccess): Promise<AuditEntryConnection> {
    const partnershipId = await this.scopes.partnershipOfCommitment(args.id, 'id');
    return this.audit.audited(access, partnershipId, 'COMMITMENT_HISTORY', args.id, () => this.page(historySubject('commitment', args.id), args));
  }

  @Query(() => AuditEntryConnection, { description: `Every event of the action, in order. ${RULE}` })
  async actionHistory(@Args() args: HistoryArgs, @Access() access: RequestAccess): Promise<AuditEntryConnection> {
    const { partnershipId } = await this.scopes.action(args.id);
    return this.audit.audited(access, partnershipId, 'ACTION_HISTORY', args.id, () => this.page(historySubject('action', args.id), args));
  }

  @Query(() => AuditEntryConnection, { description: `Every event of the partnership’s own stream (forming, members, priorities, settings), in order. ${RULE}` })
  async partnershipHistory(@Args() args: HistoryArgs, @Access() access: RequestAccess): Promise<AuditEntryConnection> {
    await this.scopes.requireFormed(args.id, 'id');
    return this.audit.audited(access, args.id, 'PARTNERSHIP_HISTORY', args.id, () => this.page(historySubject('partnership', args.id), args));
  }

  @Query(() => AuditReadConnection, { description: `Who read the partnership’s histories and as-of views, and when, oldest first (this read included, once recorded). ${RULE}` })
  async auditAccessLog(@Args() args: AuditAccessLogArgs, @Access() access: RequestAccess): Promise<AuditReadConnection> {
    await this.scopes.requireFormed(args.partnershipId);
    return this.audit.audited(access, args.partnershipId, 'AUDIT_ACCESS_LOG', args.partnershipId, () => {
      const page = this.history.auditReads(args.partnershipId, pageOf('audit-read', args));
      return toConnection('audit-read', args, page, toAuditRead(this.namesOf(page.rows.map((row) => row.personId))));
    });
  }

  private page(subject: string, args: HistoryArgs): AuditEntryConnection {
    const page = this.history.history(subject, pageOf('history', args));
    return toConnection('history', args, page, toAuditEntry(this.namesOf(page.rows.map((row: HistoryEventRow) => row.metadata.actor.personId))));
  }

  private namesOf(personIds: readonly string[]): PersonNames {
    return displayNamesOf(this.personalData, personIds);
  }
}

@Resolver(() => AuditActor)
export class AuditActorResolver {
  @ResolveField(() => Organisation, { nullable: true, description: 'The organisation a PARTNER acted for.' })
  organisation(@Parent() actor: AuditActor, @Loaders() loaders: ReadLoaders): Promise<Organisation> | null {
    return actor.organisationId ? organisationOf(loaders, actor.organisationId) : null;
  }
}
