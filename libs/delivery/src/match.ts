/** What a subscription asks for. An absent or empty list does not restrict; lists are OR within, AND across. */
export interface Filter {
  topics?: string[];
  tickers?: string[];
}

export interface TaggedStory {
  topics: string[];
  tickers: string[];
}

export interface Matchable {
  id: number;
  filter: Filter;
}

export function matches(filter: Filter, story: TaggedStory): boolean {
  const topics = filter.topics ?? [];
  const tickers = (filter.tickers ?? []).map((t) => t.toUpperCase());
  if (topics.length && !story.topics.some((t) => topics.includes(t))) return false;
  if (tickers.length && !story.tickers.some((t) => tickers.includes(t.toUpperCase()))) return false;
  return true;
}

/** The subscriptions a story matches, in subscription order. */
export function matchSubscriptions<S extends Matchable>(subs: readonly S[], story: TaggedStory): S[] {
  return subs.filter((s) => matches(s.filter, story));
}
