import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '@ledger/domain';
import { UnauthenticatedError } from '@ledger/auth';

/** Who sent a command and which request it belongs to: becomes every event's metadata. */
export type CommandContext = Readonly<{ actor: Actor; correlationId: string }>;

export const RequestContext = createParamDecorator((_data: unknown, context: ExecutionContext): CommandContext => {
  const req = GqlExecutionContext.create(context).getContext<{ req: { actor?: Actor; id?: unknown } }>().req;
  if (!req.actor) throw new UnauthenticatedError('Authentication required');
  return { actor: req.actor, correlationId: String(req.id ?? uuidv7()) };
});
