/** The JSON a webhook receives for one story that matched one subscription. */
export interface StoryAlertPayload {
  type: 'story.matched';
  timestamp: string;
  data: {
    deliveryId: number;
    subscription: { id: number; name: string };
    story: {
      id: number;
      title: string;
      url: string | null;
      summary: string | null;
      source: { feedId: number };
      publishedAt: string | null;
      fetchedAt: string;
      topics: { id: string; score: number; evidence: string[] }[];
      entities: { name: string; ticker: string | null; evidence: string[]; sentiment: number | null }[];
      sentiment: { score: number; label: string } | null;
      figures: { kind: string; value: number; unit: string; text: string; subject: string | null; direction: string | null }[];
    };
  };
}

type PayloadFigure = StoryAlertPayload['data']['story']['figures'][number];

export interface PayloadInput {
  deliveryId: number;
  subscription: { id: number; name: string };
  story: {
    id: number;
    feedId: number;
    title: string;
    url: string | null;
    summary: string | null;
    publishedAt: Date | null;
    fetchedAt: Date;
    sentiment: number | null;
    sentimentLabel: string | null;
    figures: PayloadFigure[] | null;
  };
  tags: { kind: 'topic' | 'entity'; key: string; label: string; score: number; evidence: string[]; sentiment: number | null }[];
  now: Date;
}

export function buildStoryAlert(input: PayloadInput): StoryAlertPayload {
  const { story } = input;
  return {
    type: 'story.matched',
    timestamp: input.now.toISOString(),
    data: {
      deliveryId: input.deliveryId,
      subscription: input.subscription,
      story: {
        id: story.id,
        title: story.title,
        url: story.url,
        summary: story.summary,
        source: { feedId: story.feedId },
        publishedAt: story.publishedAt ? story.publishedAt.toISOString() : null,
        fetchedAt: story.fetchedAt.toISOString(),
        topics: input.tags.filter((t) => t.kind === 'topic').map((t) => ({ id: t.key, score: t.score, evidence: t.evidence })),
        entities: input.tags
          .filter((t) => t.kind === 'entity')
          .map((t) => ({ name: t.label, ticker: t.key === t.label ? null : t.key, evidence: t.evidence, sentiment: t.sentiment })),
        sentiment: story.sentiment === null || story.sentimentLabel === null ? null : { score: story.sentiment, label: story.sentimentLabel },
        figures: story.figures ?? [],
      },
    },
  };
}

/** Delivery outcome of one HTTP answer: only 2xx is success; a 3xx is not followed and counts as failure. */
export function isDelivered(status: number): boolean {
  return status >= 200 && status < 300;
}
