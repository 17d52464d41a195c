import { ApiProperty } from '@nestjs/swagger';

/**
 * The answers of the query API, for the OpenAPI document: the same shapes as {@link QueryStoryView} and
 * {@link EventView} (views.ts) and the webhook's story (`AlertStoryView` of the delivery lib).
 */

export class StoryTopicDto {
  @ApiProperty({ description: 'the topic id', example: 'export-controls' })
  id: string;

  @ApiProperty({ description: 'how strongly the story is about it, 0–1', example: 0.82 })
  score: number;

  @ApiProperty({ description: 'the passages that support it', type: [String] })
  evidence: string[];
}

export class StoryEntityDto {
  @ApiProperty({ description: 'the entity (company, agency, person)', example: 'Nvidia' })
  name: string;

  @ApiProperty({ description: 'its ticker; null when it has none', type: String, nullable: true, example: 'NVDA' })
  ticker: string | null;

  @ApiProperty({ description: 'how much the story is about it, 0–100', type: Number, nullable: true, example: 85 })
  relevance: number | null;

  @ApiProperty({ description: 'whether it is the main entity of the story' })
  primary: boolean;

  @ApiProperty({ description: 'the sentiment towards it, −1 to 1', type: Number, nullable: true })
  sentiment: number | null;

  @ApiProperty({ description: 'the passages that mention it', type: [String] })
  evidence: string[];
}

export class StorySentimentDto {
  @ApiProperty({ description: 'the score, −1 (negative) to 1 (positive)', example: -0.4 })
  score: number;

  @ApiProperty({ description: 'the label of the score', enum: ['negative', 'neutral', 'positive'], example: 'negative' })
  label: string;
}

export class StoryFigureDto {
  @ApiProperty({ description: 'what the figure measures', enum: ['percent', 'money', 'market-cap', 'index-move', 'price-per-unit'], example: 'percent' })
  kind: string;

  @ApiProperty({ description: 'its value', example: -7.5 })
  value: number;

  @ApiProperty({ description: 'its unit', example: '%' })
  unit: string;

  @ApiProperty({ description: 'the text it was read from', example: 'fell 7.5%' })
  text: string;

  @ApiProperty({ description: 'what it is about', type: String, nullable: true, example: 'NVDA' })
  subject: string | null;

  @ApiProperty({ description: 'up or down, when the text says', type: String, enum: ['up', 'down'], nullable: true, example: 'down' })
  direction: string | null;
}

/** A story as webhooks, the stream and the query API all show it. */
export class AlertStoryDto {
  @ApiProperty({ description: 'the story id', example: 9876 })
  id: number;

  @ApiProperty({ description: 'its title' })
  title: string;

  @ApiProperty({ description: 'its link', type: String, format: 'uri', nullable: true })
  url: string | null;

  @ApiProperty({ description: "the outlet: the feed's name, else the story's host", example: 'reuters.com' })
  source: string;

  @ApiProperty({ description: 'when the outlet published it', type: String, format: 'date-time', nullable: true })
  published: string | null;

  @ApiProperty({ description: "the feed's summary of it", type: String, nullable: true })
  summary: string | null;

  @ApiProperty({ description: 'the topics it is about (empty until classified)', type: () => [StoryTopicDto] })
  topics: StoryTopicDto[];

  @ApiProperty({ description: 'the entities it mentions (empty until classified)', type: () => [StoryEntityDto] })
  entities: StoryEntityDto[];

  @ApiProperty({ description: 'its overall sentiment; null until classified', type: () => StorySentimentDto, nullable: true })
  sentiment: StorySentimentDto | null;

  @ApiProperty({ description: 'the figures it states', type: () => [StoryFigureDto] })
  figures: StoryFigureDto[];

  @ApiProperty({ description: 'how much it matters to markets, 0–100; null until classified', type: Number, nullable: true, example: 70 })
  severity: number | null;

  @ApiProperty({ description: 'how relevant it is to the monitored domain, 0–100', type: Number, nullable: true })
  relevance: number | null;

  @ApiProperty({ description: 'how new its information is, 0–100', type: Number, nullable: true })
  novelty: number | null;

  @ApiProperty({ description: 'the story it repeats, when it is a duplicate', type: 'integer', nullable: true })
  duplicateOf: number | null;

  @ApiProperty({ description: "the classifier's explanation, in words", type: String, nullable: true })
  explanation: string | null;
}

export class QueryStoryDto extends AlertStoryDto {
  @ApiProperty({ description: 'when the fetcher fetched it', type: String, format: 'date-time' })
  fetchedAt: string;

  @ApiProperty({ description: 'when it was classified; null while it waits', type: String, format: 'date-time', nullable: true })
  classifiedAt: string | null;

  @ApiProperty({ description: 'the event (the same story across outlets) it belongs to', type: 'integer', nullable: true })
  eventId: number | null;
}

export class StoriesPageDto {
  @ApiProperty({ description: 'the page of stories', type: () => [QueryStoryDto] })
  stories: QueryStoryDto[];

  @ApiProperty({ description: 'the `before` of the next page; null on the last page', type: 'integer', nullable: true })
  nextBefore: number | null;
}

export class EventDto {
  @ApiProperty({ description: 'the event id', example: 321 })
  id: number;

  @ApiProperty({ description: 'its title (that of its first story)' })
  title: string;

  @ApiProperty({ description: 'when its first story was seen', type: String, format: 'date-time' })
  firstSeenAt: string;

  @ApiProperty({ description: 'when its latest story was seen', type: String, format: 'date-time' })
  lastSeenAt: string;

  @ApiProperty({ description: 'how many stories it has', example: 4 })
  storyCount: number;

  @ApiProperty({ description: 'how many outlets reported it', example: 3 })
  sourceCount: number;

  @ApiProperty({ description: 'the outlets that reported it', type: [String], example: ['reuters.com', 'Bloomberg'] })
  sources: string[];

  @ApiProperty({ description: 'the entities its stories mention', type: [String] })
  entities: string[];

  @ApiProperty({ description: 'the highest severity of its stories', type: Number, nullable: true })
  maxSeverity: number | null;
}

export class EventWithStoriesDto extends EventDto {
  @ApiProperty({ description: 'all its stories, oldest first: how the story spread', type: () => [QueryStoryDto] })
  stories: QueryStoryDto[];
}

export class EventsPageDto {
  @ApiProperty({ description: 'the page of events', type: () => [EventDto] })
  events: EventDto[];

  @ApiProperty({ description: 'the `before` of the next page; null on the last page', type: 'integer', nullable: true })
  nextBefore: number | null;
}
