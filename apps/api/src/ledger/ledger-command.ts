import { Command } from '@nestjs/cqrs';
import type { CommandContext } from './command-context.js';
import type { Written } from './written.js';

/**
 * A command for the bus: the mutation's input and who sent it. The bus routes by class, so each
 * mutation has its own subclass; `Result` is what its handler returns to the resolver.
 */
export abstract class LedgerCommand<Input, Result = Written> extends Command<Result> {
  constructor(
    readonly input: Input,
    readonly context: CommandContext,
  ) {
    super();
  }
}
