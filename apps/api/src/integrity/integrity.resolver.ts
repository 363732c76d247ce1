import { Args, Query, Resolver } from '@nestjs/graphql';
import { Access, type RequestAccess } from '../access/request-access.js';
import { PLATFORM_ADMIN } from '../access/scopes.js';
import { decodeCursor, PageArgs, toConnection } from '../graphql/connection.js';
import { Checkpoint, CheckpointConnection, ConsistencyProof, ConsistencyProofArgs, InclusionProof, InclusionProofArgs } from './integrity.model.js';
import { Proofs } from './proofs.js';

const CURSOR_KIND = 'checkpoint';

/**
 * The global log's checkpoints and proofs, for a platform auditor or administrator: they cover
 * every partnership's events (as hashes only), so a partnership's own auditor does not see them.
 */
@Resolver()
export class IntegrityResolver {
  constructor(private readonly proofs: Proofs) {}

  private requireAuditor(access: RequestAccess) {
    return access.require([{ role: 'AUDITOR' }, PLATFORM_ADMIN], 'read checkpoints and proofs of the global log');
  }

  @Query(() => CheckpointConnection, { description: 'Signed checkpoints, oldest first. A platform AUDITOR or PLATFORM_ADMIN.' })
  async checkpoints(@Args() page: PageArgs, @Access() access: RequestAccess) {
    await this.requireAuditor(access);
    const afterTreeSize = decodeCursor(CURSOR_KIND, page.after);
    const rows = this.proofs.checkpoints(afterTreeSize, page.first + 1).map((checkpoint) => ({ ...checkpoint, sequence: checkpoint.treeSize }));
    return toConnection(CURSOR_KIND, page, { rows, totalCount: this.proofs.checkpointCount() }, ({ sequence: _sequence, ...checkpoint }) => checkpoint);
  }

  @Query(() => Checkpoint, { nullable: true, description: 'The latest signed checkpoint; null before the first. A platform AUDITOR or PLATFORM_ADMIN.' })
  async latestCheckpoint(@Access() access: RequestAccess) {
    await this.requireAuditor(access);
    return this.proofs.latestCheckpoint();
  }

  @Query(() => InclusionProof, { description: 'Proves the event at a position is in the tree of treeSize events. A platform AUDITOR or PLATFORM_ADMIN.' })
  async inclusionProof(@Args() { position, treeSize }: InclusionProofArgs, @Access() access: RequestAccess) {
    await this.requireAuditor(access);
    return this.proofs.inclusion(position, treeSize);
  }

  @Query(() => ConsistencyProof, { description: 'Proves an older tree is a prefix of a newer one. A platform AUDITOR or PLATFORM_ADMIN.' })
  async consistencyProof(@Args() { fromTreeSize, toTreeSize }: ConsistencyProofArgs, @Access() access: RequestAccess) {
    await this.requireAuditor(access);
    return this.proofs.consistency(fromTreeSize, toTreeSize);
  }
}
