import { Inject } from '@nestjs/common';
import { Args, ArgsType, Field, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsIn, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { NotFoundError, webhookStream } from '@ledger/domain';
import { requireWebhookSecretKey, type LedgerConfig } from '@ledger/config';
import { secretariatOf } from '../access/scopes.js';
import { Access, type RequestAccess } from '../access/request-access.js';
import { PageArgs, pageOf, toConnection } from '../graphql/connection.js';
import type { MutationInput } from '../graphql/mutation.js';
import { RequestContext, type CommandContext } from '../ledger/command-context.js';
import { LedgerCommands } from '../ledger/ledger-commands.js';
import { LEDGER_CONFIG } from '../ledger/ledger-tokens.js';
import { Ledger } from '../ledger/ledger.service.js';
import { PayloadReads, ReadYourWrites } from '../ledger/read-your-writes.js';
import type { Written } from '../ledger/written.js';
import {
  RegisterWebhookInput,
  RegisterWebhookPayload,
  RemoveWebhookInput,
  RemoveWebhookPayload,
  ReplayWebhookDeliveryInput,
  ReplayWebhookDeliveryPayload,
  RotateWebhookSecretInput,
  RotateWebhookSecretPayload,
} from './dto/webhook.inputs.js';
import { webhookSecret } from './signing.js';
import { RegisterWebhookCommand, RemoveWebhookCommand, ReplayWebhookDeliveryCommand, RotateWebhookSecretCommand } from './webhook.handlers.js';
import {
  toAttempt,
  toDelivery,
  toWebhook,
  Webhook,
  WebhookDelivery,
  WebhookDeliveryAttempt,
  WebhookDeliveryConnection,
  WebhookConnection,
  WebhookDeliveryStatus,
} from './webhook.model.js';
import { DELIVERY_STATUSES, WebhookStore, type DeliveryStatus } from './webhook-store.js';

@ArgsType()
class WebhooksArgs extends PageArgs {
  @Field(() => ID) @IsUUID() partnershipId!: string;
}

@ArgsType()
class WebhookDeliveriesArgs extends PageArgs {
  @Field(() => ID) @IsUUID() webhookId!: string;
  @Field(() => WebhookDeliveryStatus, { nullable: true }) @IsOptional() @IsIn(DELIVERY_STATUSES) status?: DeliveryStatus | null;
}

@ArgsType()
class AttemptsArgs {
  @Field(() => Int, { defaultValue: 20, description: 'The latest this many, oldest first; at most 100.' }) @Min(1) @Max(100) last: number = 20;
}

/**
 * Webhooks of a partnership and their delivery log: its SECRETARIAT's alone, to register, read and
 * replay (a secret and a receiver's URL are the secretariat's business, not an auditor's or partner's).
 */
@Resolver(() => WebhookDelivery)
export class WebhooksResolver {
  constructor(
    private readonly commands: LedgerCommands,
    private readonly ledger: Ledger,
    private readonly readYourWrites: ReadYourWrites,
    private readonly store: WebhookStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  private async requireSecretariat(access: RequestAccess, partnershipId: string, what: string) {
    await access.require([secretariatOf(partnershipId)], what);
  }

  @Query(() => WebhookConnection, { description: 'The partnership’s webhooks, removed ones included, in the order registered. Its SECRETARIAT.' })
  async webhooks(@Args() args: WebhooksArgs, @Access() access: RequestAccess): Promise<WebhookConnection> {
    await this.requireSecretariat(access, args.partnershipId, `read the webhooks of partnership ${args.partnershipId}`);
    return toConnection('webhook', args, this.store.webhooks(args.partnershipId, pageOf('webhook', args)), toWebhook);
  }

  @Query(() => WebhookDeliveryConnection, { description: 'A webhook’s delivery log, oldest first: status, attempts, next attempt. Its partnership’s SECRETARIAT.' })
  async webhookDeliveries(@Args() args: WebhookDeliveriesArgs, @Access() access: RequestAccess): Promise<WebhookDeliveryConnection> {
    const webhook = await this.liveOrRemoved(args.webhookId);
    await this.requireSecretariat(access, webhook.partnershipId, `read the deliveries of webhook ${args.webhookId}`);
    return toConnection('webhookDelivery', args, this.store.deliveries(args.webhookId, args.status ?? null, pageOf('webhookDelivery', args)), toDelivery);
  }

  @ResolveField(() => [WebhookDeliveryAttempt])
  attempts(@Parent() delivery: WebhookDelivery, @Args() { last }: AttemptsArgs): WebhookDeliveryAttempt[] {
    return this.store.attempts(delivery.id, last).map(toAttempt);
  }

  /** The webhook as its stream has it (the log is the truth; the delivery worker may not have read it yet). */
  private async liveOrRemoved(webhookId: string, field = 'webhookId') {
    const state = await this.ledger.state(webhookStream, webhookId);
    if (!state.exists) throw new NotFoundError('Webhook', webhookId, field);
    return state;
  }

  private async written(reads: PayloadReads, input: MutationInput, { id, appended }: Written, withSecret: boolean) {
    const webhook = await this.liveOrRemoved(id);
    const secret = withSecret ? webhookSecret(requireWebhookSecretKey(this.config), id, webhook.secretVersion) : null;
    return this.readYourWrites.payload(reads, input, appended.position, () => ({ webhook: toWebhook(webhook), ...(secret ? { secret } : {}) }));
  }

  @Mutation(() => RegisterWebhookPayload, {
    nullable: true,
    description: 'Registers a receiver for some of the partnership’s events; answers with its signing secret, shown this once. Its SECRETARIAT.',
  })
  async registerWebhook(@Args('input') input: RegisterWebhookInput, @RequestContext() context: CommandContext, @PayloadReads() reads: PayloadReads): Promise<RegisterWebhookPayload> {
    return (await this.written(reads, input, await this.commands.execute(new RegisterWebhookCommand(input, context)), true)) as RegisterWebhookPayload;
  }

  @Mutation(() => RotateWebhookSecretPayload, { nullable: true, description: 'A new signing secret, shown this once; the old one stops signing at once. Its partnership’s SECRETARIAT.' })
  async rotateWebhookSecret(@Args('input') input: RotateWebhookSecretInput, @RequestContext() context: CommandContext, @PayloadReads() reads: PayloadReads): Promise<RotateWebhookSecretPayload> {
    return (await this.written(reads, input, await this.commands.execute(new RotateWebhookSecretCommand(input, context)), true)) as RotateWebhookSecretPayload;
  }

  @Mutation(() => RemoveWebhookPayload, { nullable: true, description: 'Sends nothing more to it; its pending deliveries are dropped. Its partnership’s SECRETARIAT.' })
  async removeWebhook(@Args('input') input: RemoveWebhookInput, @RequestContext() context: CommandContext, @PayloadReads() reads: PayloadReads): Promise<RemoveWebhookPayload> {
    return this.written(reads, input, await this.commands.execute(new RemoveWebhookCommand(input, context)), false);
  }

  @Mutation(() => ReplayWebhookDeliveryPayload, {
    nullable: true,
    description: 'Sends a delivery again, with the same webhook-id and body, and a fresh round of attempts. Its partnership’s SECRETARIAT.',
  })
  async replayWebhookDelivery(
    @Args('input') input: ReplayWebhookDeliveryInput,
    @RequestContext() context: CommandContext,
    @PayloadReads() reads: PayloadReads,
  ): Promise<ReplayWebhookDeliveryPayload> {
    const payload = await this.written(reads, input, await this.commands.execute(new ReplayWebhookDeliveryCommand(input, context)), false);
    return { ...payload, deliveryId: input.deliveryId };
  }
}

