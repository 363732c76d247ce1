import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { ForbiddenError, type Actor, type Grant } from '@ledger/domain';
import { UnauthenticatedError } from '@ledger/auth';
import type { AuthenticatedRequest, Caller } from '../ledger/command-context.js';
import type { AccessService } from './access.service.js';

/**
 * What the caller of one GraphQL request may read. Their grants and the partnerships those let
 * them see are looked up once per request, on first use, and never shared with another request.
 */
export class RequestAccess {
  private grants?: Promise<Grant[]>;
  private visible?: Promise<string[] | null>;

  constructor(
    private readonly request: AuthenticatedRequest,
    private readonly access: AccessService,
  ) {}

  get caller(): Caller {
    if (!this.request.caller) throw new UnauthenticatedError('Authentication required');
    return this.request.caller;
  }

  grantsNow(): Promise<Grant[]> {
    return (this.grants ??= this.access.grantsOf(this.caller.personId));
  }

  /** The partnerships this caller may read; null for all of them. */
  visiblePartnershipIds(): Promise<string[] | null> {
    return (this.visible ??= this.grantsNow().then((grants) => this.access.visiblePartnershipIds(grants)));
  }

  async canRead(partnershipId: string): Promise<boolean> {
    const visible = await this.visiblePartnershipIds();
    return visible === null || visible.includes(partnershipId);
  }

  /** Refuses, naming the grants that would allow it, unless the caller may read the partnership. */
  async requireRead(partnershipId: string, what = `read partnership ${partnershipId}`): Promise<void> {
    if (await this.canRead(partnershipId)) return;
    throw new ForbiddenError(
      `You may not ${what}: this needs SECRETARIAT or AUDITOR of partnership ${partnershipId} (or a partnership above it), or PARTNER for one of its organisations`,
      [
        { role: 'SECRETARIAT', partnershipId },
        { role: 'AUDITOR', partnershipId },
      ],
    );
  }

  /** Refuses unless one of the caller's grants meets one of `anyOf`; answers with the actor (and grant) it allows. */
  async require(anyOf: Parameters<AccessService['authorise']>[2], what: string): Promise<Actor> {
    return this.access.authorise(this.caller.personId, await this.grantsNow(), anyOf, what);
  }
}

/** The request's access, for a resolver parameter. */
export const Access = createParamDecorator(
  (_data: unknown, context: ExecutionContext): RequestAccess => GqlExecutionContext.create(context).getContext<{ access: RequestAccess }>().access,
);
