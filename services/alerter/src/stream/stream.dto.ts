import { ApiProperty } from '@nestjs/swagger';
import { AlertStoryDto } from '../queries/responses.dto';

/** The body of a stream message (and of a webhook): documentation of `AlertPayload` of the delivery lib. */
export class AlertEventDto {
  @ApiProperty({ description: 'the event id', example: 321 })
  id: number;

  @ApiProperty({ description: 'its title' })
  title: string;

  @ApiProperty({ description: 'when its first story was seen', type: String, format: 'date-time' })
  firstSeenAt: string;

  @ApiProperty({ description: 'how many outlets reported it', example: 3 })
  sourceCount: number;

  @ApiProperty({ description: 'the outlets that reported it', type: [String] })
  sources: string[];
}

export class AlertTimingsDto {
  @ApiProperty({ description: 'when the outlet published the story', type: String, format: 'date-time', nullable: true })
  publishedAt: string | null;

  @ApiProperty({ description: 'when the fetcher fetched it', type: String, format: 'date-time' })
  fetchedAt: string;

  @ApiProperty({ description: 'when it was classified', type: String, format: 'date-time', nullable: true })
  classifiedAt: string | null;

  @ApiProperty({ description: 'when the alert was decided', type: String, format: 'date-time' })
  alertedAt: string;
}

export class AlertDataDto {
  @ApiProperty({ description: "the alert's id; null for an ad-hoc filter's match", type: 'integer', nullable: true })
  alertId: number | null;

  @ApiProperty({ description: "the delivery's id; null for an ad-hoc filter's match", type: 'integer', nullable: true })
  deliveryId: number | null;

  @ApiProperty({ description: "the subscription's id; null for an ad-hoc filter's match", type: 'integer', nullable: true })
  subscriptionId: number | null;

  @ApiProperty({ description: 'the event the story belongs to', type: () => AlertEventDto })
  event: AlertEventDto;

  @ApiProperty({ description: 'the story', type: () => AlertStoryDto })
  story: AlertStoryDto;

  @ApiProperty({ description: 'when the story was published, fetched, classified and alerted', type: () => AlertTimingsDto })
  timings: AlertTimingsDto;
}

export class AlertPayloadDto {
  @ApiProperty({
    description: "`alert.created` for the first story of an event that matched, `alert.updated` for a later one (the SSE message's `event:` too)",
    enum: ['alert.created', 'alert.updated'],
  })
  type: string;

  @ApiProperty({ description: 'when the message was made', type: String, format: 'date-time' })
  timestamp: string;

  @ApiProperty({ description: 'the alert', type: () => AlertDataDto })
  data: AlertDataDto;
}
