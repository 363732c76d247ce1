import { createParamDecorator, Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Actor, Role } from '@ledger/domain';
import { ForbiddenError, UnauthenticatedError } from './errors.js';
import { TokenService } from './token.service.js';

const PUBLIC = 'ledger:public';
const ROLES_ALLOWED = 'ledger:roles';

/** Open to anyone, without a token (the health query, for load balancers). */
export const Public = () => SetMetadata(PUBLIC, true);

/** Only these roles may call the resolver; without this decorator any authenticated role may. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_ALLOWED, roles);

type AuthenticatedRequest = { headers: Record<string, string | string[] | undefined>; actor?: Actor };

const requestOf = (context: ExecutionContext): AuthenticatedRequest =>
  GqlExecutionContext.create(context).getContext<{ req: AuthenticatedRequest }>().req;

/** The actor the request's bearer token names. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = requestOf(context).actor;
  if (!actor) throw new UnauthenticatedError('Authentication required');
  return actor;
});

/** Authenticates every GraphQL operation by its bearer token, then checks the resolver's roles. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;

    const request = requestOf(context);
    const header = request.headers['authorization'];
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new UnauthenticatedError('Authentication required: send Authorization: Bearer <token>');
    const actor = this.tokens.verify(match[1]!);
    request.actor = actor;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_ALLOWED, targets);
    if (roles && !roles.includes(actor.role)) {
      throw new ForbiddenError(`The ${actor.role} role may not do this; allowed: ${roles.join(', ')}`);
    }
    return true;
  }
}
