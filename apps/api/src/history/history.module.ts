import { Global, Module } from '@nestjs/common';
import { HistoryQueries, historyProjection } from '@ledger/projections';
import { capability } from '../capability.js';
import { AuditReads } from './audit-reads.js';
import { AuditActorResolver, HistoryResolver } from './history.resolver.js';

/** Global: the as-of reads of the dashboard, commitment, meeting and changes resolvers are recorded through AuditReads too. */
@Global()
@Module({ providers: [HistoryResolver, AuditActorResolver, AuditReads], exports: [AuditReads] })
export class HistoryModule {}

/** The auditor's side: histories of commitments, actions and partnerships, and the audit access log of who read them. */
export const history = capability(HistoryModule, { projections: [historyProjection], queries: [HistoryQueries] });
