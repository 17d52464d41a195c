import { BadRequestException, Body, Controller, Delete, Get, HttpCode, Inject, NotFoundException, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { ApiAcceptedResponse, ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Queue } from 'bullmq';
import type { AppConfig } from '@wirewatch/config';
import { QueueName } from '@wirewatch/contracts';
import { type Filter, newWebhookSecret, validateFilter } from '@wirewatch/delivery';
import { DeliveryStore, type SubscriptionEntity, SubscriptionStore } from '@wirewatch/persistence';
import { ApiNotFound, ApiValidationError, ApiValidationOrBadIdError, InjectConfig } from '@wirewatch/platform';
import { enqueueBulk } from '@wirewatch/queueing';
import { deliveryJobOptions } from './delivery-job-options';
import {
  CreateSubscriptionDto,
  DeliveriesQueryDto,
  DeliveryLogEntryDto,
  RedeliveryDto,
  ReplayQueryDto,
  ReplayResultDto,
  RotateSecretDto,
  SubscriptionViewDto,
  UpdateSubscriptionDto,
} from './subscriptions.dto';
import { TOPIC_IDS } from './topic-ids';

export interface SubscriptionView {
  id: number;
  name: string;
  filter: Filter;
  webhook: { url: string; secret?: string; previousSecretExpiresAt: string | null } | null;
  stream: boolean;
  active: boolean;
  disabledReason: string | null;
  failingSince: Date | null;
  createdAt: Date;
}

const view = (s: SubscriptionEntity): SubscriptionView => ({
  id: s.id,
  name: s.name,
  filter: s.filter,
  webhook: s.webhookUrl ? { url: s.webhookUrl, previousSecretExpiresAt: s.previousSecretExpiresAt?.toISOString() ?? null } : null,
  stream: s.stream,
  active: s.active,
  disabledReason: s.disabledReason,
  failingSince: s.failingSince,
  createdAt: s.createdAt,
});

const DEFAULT_OVERLAP_SEC = 86_400;

const SubscriptionId = () => ApiParam({ name: 'id', description: 'the subscription id', type: 'integer', example: 12 });
const SubscriptionNotFound = () => ApiNotFound('no subscription with this id');

/**
 * Subscriptions (filter + channels), their secrets, and their delivery log. The webhook secret is shown only
 * when it is created: at creation and at rotation.
 */
@Controller()
export class SubscriptionsController {
  constructor(
    private readonly subs: SubscriptionStore,
    private readonly deliveries: DeliveryStore,
    @InjectQueue(QueueName.DeliveriesSend) private readonly sendQueue: Queue,
    @Inject(TOPIC_IDS) private readonly topicIds: readonly string[],
    @InjectConfig() private readonly cfg: AppConfig,
  ) {}

  @Post('subscriptions')
  @HttpCode(201)
  @ApiTags('subscriptions')
  @ApiOperation({
    summary: 'Create a subscription',
    description: 'A filter and at least one channel (a webhook and/or the live stream). The answer holds the webhook signing secret, shown only here and at rotation.',
  })
  @ApiCreatedResponse({ description: 'the subscription, with its webhook secret', type: SubscriptionViewDto })
  @ApiValidationError('invalid body or filter (each bad field named), or no channel')
  async create(@Body() body: CreateSubscriptionDto): Promise<SubscriptionView> {
    if (!body.webhook && !body.stream) throw new BadRequestException(['a subscription needs a channel: webhook {"url": …} and/or "stream": true']);
    const created = await this.subs.create({
      name: body.name,
      filter: this.filter(body.filter),
      webhookUrl: body.webhook?.url ?? null,
      webhookSecret: newWebhookSecret(),
      stream: body.stream ?? false,
    });
    // The signing secret is shown here, once; store it to verify the webhook-signature header.
    return withSecret(created);
  }

  @Get('subscriptions')
  @ApiTags('subscriptions')
  @ApiOperation({ summary: 'List subscriptions' })
  @ApiOkResponse({ description: 'every subscription (secrets are never shown here)', type: [SubscriptionViewDto] })
  async list(): Promise<SubscriptionView[]> {
    return (await this.subs.list()).map(view);
  }

  @Get('subscriptions/:id')
  @ApiTags('subscriptions')
  @ApiOperation({ summary: 'Get a subscription' })
  @SubscriptionId()
  @ApiOkResponse({ description: 'the subscription (without its secret)', type: SubscriptionViewDto })
  @ApiValidationOrBadIdError('the id is not a number')
  @SubscriptionNotFound()
  async get(@Param('id', ParseIntPipe) id: number): Promise<SubscriptionView> {
    return view(await this.found(id));
  }

  @Patch('subscriptions/:id')
  @ApiTags('subscriptions')
  @ApiOperation({ summary: 'Update a subscription', description: 'Rename it, replace its filter, or disable / re-enable it (`active`).' })
  @SubscriptionId()
  @ApiOkResponse({ description: 'the updated subscription (without its secret)', type: SubscriptionViewDto })
  @ApiValidationOrBadIdError('invalid body or filter (each bad field named)')
  @SubscriptionNotFound()
  async update(@Param('id', ParseIntPipe) id: number, @Body() body: UpdateSubscriptionDto): Promise<SubscriptionView> {
    await this.found(id);
    const updated = await this.subs.update(id, { ...body, ...(body.filter ? { filter: this.filter(body.filter) } : {}) });
    return view(updated!);
  }

  @Delete('subscriptions/:id')
  @HttpCode(204)
  @ApiTags('subscriptions')
  @ApiOperation({ summary: 'Delete a subscription', description: 'Its alerts and delivery log go with it.' })
  @SubscriptionId()
  @ApiNoContentResponse({ description: 'deleted' })
  @ApiValidationOrBadIdError('the id is not a number')
  @SubscriptionNotFound()
  async remove(@Param('id', ParseIntPipe) id: number): Promise<void> {
    if (!(await this.subs.delete(id))) throw new NotFoundException(`subscription ${id} not found`);
  }

  /** A new secret, shown once; the previous one keeps signing beside it for `overlapSec` (default 24 h). */
  @Post('subscriptions/:id/rotate-secret')
  @HttpCode(200)
  @ApiTags('subscriptions')
  @ApiOperation({
    summary: 'Rotate the webhook signing secret',
    description: 'A new secret, shown once in the answer; the previous one keeps signing beside it (two signatures) for `overlapSec`, default 24 h.',
  })
  @SubscriptionId()
  @ApiBody({ type: RotateSecretDto, required: false })
  @ApiOkResponse({ description: 'the subscription with its new secret', type: SubscriptionViewDto })
  @ApiValidationOrBadIdError('invalid overlapSec')
  @SubscriptionNotFound()
  async rotate(@Param('id', ParseIntPipe) id: number, @Body() body: RotateSecretDto): Promise<SubscriptionView> {
    await this.found(id);
    return withSecret((await this.subs.rotateSecret(id, newWebhookSecret(), body.overlapSec ?? DEFAULT_OVERLAP_SEC))!);
  }

  @Get('subscriptions/:id/deliveries')
  @ApiTags('deliveries')
  @ApiOperation({ summary: "A subscription's delivery log", description: 'Its deliveries, newest first, each with every attempt (status, latency, answer excerpt, error).' })
  @SubscriptionId()
  @ApiOkResponse({ description: 'one page of deliveries, newest first; the next page is `before=<id of the last one>`', type: [DeliveryLogEntryDto] })
  @ApiValidationOrBadIdError('invalid status, limit or before')
  @SubscriptionNotFound()
  async deliveryLog(@Param('id', ParseIntPipe) id: number, @Query() q: DeliveriesQueryDto) {
    await this.found(id);
    return this.deliveries.listBySubscription(id, { status: q.status, limit: q.limit ?? 50, beforeId: q.before });
  }

  @Post('deliveries/:id/redeliver')
  @HttpCode(202)
  @ApiTags('deliveries')
  @ApiOperation({ summary: 'Send a delivery again', description: 'Puts the delivery back to pending and queues it, whatever its state.' })
  @ApiParam({ name: 'id', description: 'the delivery id (from the delivery log)', type: 'integer', example: 345 })
  @ApiAcceptedResponse({ description: 'queued', type: RedeliveryDto })
  @ApiValidationOrBadIdError('the subscription has no webhook to deliver to')
  @ApiNotFound('no delivery with this id, or its subscription is gone')
  async redeliver(@Param('id', ParseIntPipe) id: number): Promise<{ deliveryId: number; queued: boolean }> {
    const delivery = await this.deliveries.get(id);
    if (!delivery) throw new NotFoundException(`delivery ${id} not found`);
    const sub = await this.found(delivery.subscriptionId);
    if (!sub.webhookUrl) throw new BadRequestException([`subscription ${sub.id} has no webhook to deliver to`]);
    await this.resend([id]);
    return { deliveryId: id, queued: true };
  }

  /** Sends again the subscription's deliveries of a period: failed ones, or all with `status=all`. */
  @Post('subscriptions/:id/replay')
  @HttpCode(202)
  @ApiTags('deliveries')
  @ApiOperation({
    summary: "Replay a period of a subscription's deliveries",
    description: 'Sends again the deliveries created in [since, until): the failed ones, or all with `status=all`.',
  })
  @SubscriptionId()
  @ApiAcceptedResponse({ description: 'how many deliveries were queued', type: ReplayResultDto })
  @ApiValidationOrBadIdError('invalid since / until / status, until not after since, or no webhook to deliver to')
  @SubscriptionNotFound()
  async replay(@Param('id', ParseIntPipe) id: number, @Query() q: ReplayQueryDto): Promise<{ queued: number }> {
    const sub = await this.found(id);
    if (!sub.webhookUrl) throw new BadRequestException([`subscription ${id} has no webhook to deliver to`]);
    const until = q.until ?? new Date();
    if (until <= q.since) throw new BadRequestException(['until must be after since']);
    const ids = await this.deliveries.findForReplay(id, q.since, until, q.status === 'all' ? ['failed', 'delivered', 'pending'] : ['failed']);
    return { queued: await this.resend(ids) };
  }

  private async resend(ids: number[]): Promise<number> {
    const reopened = await this.deliveries.reopen(ids);
    await enqueueBulk(
      this.sendQueue,
      QueueName.DeliveriesSend,
      reopened.map((d) => ({ deliveryId: d.id, correlationId: d.correlationId ?? '', round: d.round })),
      deliveryJobOptions(this.cfg),
    );
    return reopened.length;
  }

  private filter(raw: Record<string, unknown>): Filter {
    const result = validateFilter(raw, { topicIds: this.topicIds });
    if ('errors' in result) throw new BadRequestException(result.errors);
    return result.filter;
  }

  private async found(id: number): Promise<SubscriptionEntity> {
    const sub = await this.subs.get(id);
    if (!sub) throw new NotFoundException(`subscription ${id} not found`);
    return sub;
  }
}

function withSecret(s: SubscriptionEntity): SubscriptionView {
  const v = view(s);
  return { ...v, webhook: v.webhook ? { ...v.webhook, secret: s.webhookSecret } : null };
}
