import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { type SubscriptionEntity, SubscriptionStore } from '@wirewatch/persistence';
import { newWebhookSecret } from '@wirewatch/delivery';
import { CreateSubscriptionDto } from './subscriptions.dto';

export interface SubscriptionView {
  id: number;
  name: string;
  filter: { topics?: string[]; tickers?: string[] };
  webhook: { url: string; secret?: string };
  active: boolean;
  createdAt: Date;
}

const view = (s: SubscriptionEntity): SubscriptionView => ({
  id: s.id,
  name: s.name,
  filter: s.filter,
  webhook: { url: s.webhookUrl },
  active: s.active,
  createdAt: s.createdAt,
});

@Controller('subscriptions')
export class SubscriptionsController {
  constructor(private readonly subs: SubscriptionStore) {}

  @Post()
  @HttpCode(201)
  async create(@Body() body: CreateSubscriptionDto): Promise<SubscriptionView> {
    const filter = {
      ...(body.filter.topics?.length ? { topics: [...new Set(body.filter.topics)] } : {}),
      ...(body.filter.tickers?.length ? { tickers: [...new Set(body.filter.tickers.map((t) => t.toUpperCase()))] } : {}),
    };
    const created = await this.subs.create({ name: body.name, filter, webhookUrl: body.webhook.url, webhookSecret: newWebhookSecret() });
    // The signing secret is shown here, once; store it to verify the webhook-signature header.
    return { ...view(created), webhook: { url: created.webhookUrl, secret: created.webhookSecret } };
  }

  @Get()
  async list(): Promise<SubscriptionView[]> {
    return (await this.subs.list()).map(view);
  }
}
