import { createParamDecorator, Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Actor, Role } from '@ledger/domain';
import { ForbiddenError, UnauthenticatedError } from './errors.js';
import { TokenService } from './token.service.js';

const PUBLIC = 'ledger:public';
const ROLES_ALLOWED = 'ledger:roles';

/**
 * Open without a token (the health query; the HTTP probes). A GraphQL caller that sends a token
 * anyway is authenticated, so the resolver can show it more.
 */
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
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) {
      if (context.getType<string>() === 'graphql') {
        const request = requestOf(context);
        if (request.headers['authorization'] !== undefined) this.authenticate(request);
      }
      return true;
    }

    const actor = this.authenticate(requestOf(context));

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_ALLOWED, targets);
    if (roles && !roles.includes(actor.role)) {
      throw new ForbiddenError(`The ${actor.role} role may not do this; allowed: ${roles.join(', ')}`);
    }
    return true;
  }

  private authenticate(request: AuthenticatedRequest): Actor {
    const header = request.headers['authorization'];
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new UnauthenticatedError('Authentication required: send Authorization: Bearer <token>');
    request.actor = this.tokens.verify(match[1]!);
    return request.actor;
  }
}
