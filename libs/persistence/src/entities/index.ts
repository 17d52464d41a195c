import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

/** bigint ids come back from pg as numbers (see data-source.ts); they stay far below 2^53. */

export type FeedStatus = 'active' | 'paused' | 'gone';

@Entity({ name: 'feeds' })
export class FeedEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: number;
  @Column({ type: 'text', unique: true }) url: string;
  @Column({ type: 'text', nullable: true }) name: string | null;
  @Column({ type: 'text', default: 'active' }) status: FeedStatus;
  @Column({ name: 'poll_interval_sec', type: 'integer' }) pollIntervalSec: number;
  @Index() @Column({ name: 'next_poll_at', type: 'timestamptz', default: () => 'now()' }) nextPollAt: Date;
  @Column({ type: 'text', nullable: true }) etag: string | null;
  @Column({ name: 'last_modified', type: 'text', nullable: true }) lastModified: string | null;
  @Column({ name: 'last_polled_at', type: 'timestamptz', nullable: true }) lastPolledAt: Date | null;
  @Column({ name: 'last_success_at', type: 'timestamptz', nullable: true }) lastSuccessAt: Date | null;
  @Column({ name: 'error_count', type: 'integer', default: 0 }) errorCount: number;
  @Column({ name: 'last_error_category', type: 'text', nullable: true }) lastErrorCategory: string | null;
  @Column({ name: 'last_error_message', type: 'text', nullable: true }) lastErrorMessage: string | null;
  /** why the feed is paused or gone */
  @Column({ name: 'status_reason', type: 'text', nullable: true }) statusReason: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

@Entity({ name: 'stories' })
@Unique('stories_feed_dedup_key', ['feedId', 'dedupKey'])
export class StoryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: number;
  @Column({ name: 'feed_id', type: 'bigint' }) feedId: number;
  @Column({ name: 'dedup_key', type: 'text' }) dedupKey: string;
  @Column({ type: 'text', nullable: true }) guid: string | null;
  @Column({ type: 'text', nullable: true }) url: string | null;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text', nullable: true }) summary: string | null;
  @Column({ type: 'text', nullable: true }) content: string | null;
  @Column({ type: 'text', nullable: true }) author: string | null;
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true }) publishedAt: Date | null;
  @Column({ name: 'fetched_at', type: 'timestamptz', default: () => 'now()' }) fetchedAt: Date;
  @Column({ name: 'classified_at', type: 'timestamptz', nullable: true }) classifiedAt: Date | null;
  @Column({ name: 'alerted_at', type: 'timestamptz', nullable: true }) alertedAt: Date | null;
  @Column({ name: 'correlation_id', type: 'text', nullable: true }) correlationId: string | null;
  /** −1…1, set when classified */
  @Column({ type: 'real', nullable: true }) sentiment: number | null;
  @Column({ name: 'sentiment_label', type: 'text', nullable: true }) sentimentLabel: 'negative' | 'neutral' | 'positive' | null;
  /** the figures quoted (percent moves, money amounts …), as the classifier extracted them */
  @Column({ type: 'jsonb', nullable: true }) figures: StoryFigure[] | null;
}

export interface StoryFigure {
  kind: string;
  value: number;
  unit: string;
  text: string;
  subject: string | null;
  direction: 'up' | 'down' | null;
}

export type TagKind = 'topic' | 'entity';

@Entity({ name: 'story_tags' })
export class StoryTagEntity {
  @PrimaryColumn({ name: 'story_id', type: 'bigint' }) storyId: number;
  @PrimaryColumn({ type: 'text' }) kind: TagKind;
  /** topic id, or the entity's ticker (its name when it has none) */
  @PrimaryColumn({ type: 'text' }) key: string;
  @Column({ type: 'text' }) label: string;
  @Column({ type: 'real' }) score: number;
  @Column({ type: 'jsonb', default: () => `'[]'::jsonb` }) evidence: string[];
  /** an entity's own sentiment (−1…1); null for topics */
  @Column({ type: 'real', nullable: true }) sentiment: number | null;
}

export interface SubscriptionFilter {
  topics?: string[];
  tickers?: string[];
}

@Entity({ name: 'subscriptions' })
export class SubscriptionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: number;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'jsonb' }) filter: SubscriptionFilter;
  @Column({ name: 'webhook_url', type: 'text' }) webhookUrl: string;
  /** Standard Webhooks signing secret (`whsec_…`); shown to the subscriber once, at creation */
  @Column({ name: 'webhook_secret', type: 'text', select: true }) webhookSecret: string;
  @Column({ type: 'boolean', default: true }) active: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

@Entity({ name: 'deliveries' })
@Unique('deliveries_subscription_story', ['subscriptionId', 'storyId'])
export class DeliveryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: number;
  @Column({ name: 'subscription_id', type: 'bigint' }) subscriptionId: number;
  @Column({ name: 'story_id', type: 'bigint' }) storyId: number;
  @Column({ type: 'text', default: 'pending' }) status: DeliveryStatus;
  @Column({ type: 'integer', default: 0 }) attempts: number;
  @Column({ name: 'last_status_code', type: 'integer', nullable: true }) lastStatusCode: number | null;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError: string | null;
  @Column({ name: 'correlation_id', type: 'text', nullable: true }) correlationId: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true }) deliveredAt: Date | null;
}

export const ENTITIES = [FeedEntity, StoryEntity, StoryTagEntity, SubscriptionEntity, DeliveryEntity];
