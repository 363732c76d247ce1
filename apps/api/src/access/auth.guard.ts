import { Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { IdentityVerifier, UnauthenticatedError } from '@ledger/auth';
import type { AuthenticatedRequest } from '../ledger/command-context.js';
import { People } from './people.js';

const PUBLIC = 'ledger:public';

/**
 * Open without a token (the health query; the HTTP probes). A GraphQL caller that sends a token
 * anyway is authenticated, so the resolver can show it more.
 */
export const Public = () => SetMetadata(PUBLIC, true);

const requestOf = (context: ExecutionContext): AuthenticatedRequest =>
  GqlExecutionContext.create(context).getContext<{ req: AuthenticatedRequest }>().req;

/**
 * Every GraphQL operation proves who is calling with a bearer token; what they may do is decided
 * later, from their grants (commands by LedgerCommands, reads by RequestAccess).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly identities: IdentityVerifier,
    private readonly people: People,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic && context.getType<string>() !== 'graphql') return true;
    const request = requestOf(context);
    if (request.caller) return true;
    if (isPublic && request.headers['authorization'] === undefined) return true;
    await this.authenticate(request);
    return true;
  }

  private async authenticate(request: AuthenticatedRequest) {
    const header = request.headers['authorization'];
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new UnauthenticatedError('Authentication required: send Authorization: Bearer <token>');
    const identity = await this.identities.verify(match[1]!);
    request.caller = { personId: this.people.personOf(identity) };
  }
}
