import { type CompiledFilter, type Matchable, PreparedStory, type TaggedStory, compileFilter, matchesCompiled } from './match';
import { anchorWords } from './query';

interface Entry<S> {
  sub: S;
  filter: CompiledFilter;
}

/** How the index filed its subscriptions: each is filed under exactly one kind of key, or left unindexed. */
export interface SubscriptionIndexStats {
  subscriptions: number;
  byTicker: number;
  byQueryWord: number;
  bySource: number;
  byTopic: number;
  /** Checked against every story: no topic, ticker, source or query word narrows them. */
  unindexed: number;
  /** Refused because the stored filter no longer compiles (e.g. a query limit was lowered). */
  rejected: number;
}

/**
 * All active subscriptions compiled once, so that matching a story only checks the subscriptions that could match.
 *
 * Every criterion of a filter must hold, so a subscription can be filed under the values of any one of its lists:
 * a story that carries none of them cannot match. Each subscription is filed under the most selective list it
 * has — tickers (many distinct values), then its query's anchor words (words of which a matching text must contain
 * one), then sources, then topics (few distinct values, so big buckets). A story looks up its own tickers, text
 * words, source keys and topics, and runs the full filter only on those candidates plus the unindexed
 * subscriptions (those with none of these lists, e.g. `{}` or only a minimum severity, or a pure `NOT` query).
 * The cost per story is thus proportional to the candidates and the story's own words, not to the number of
 * subscriptions — except for the unindexed ones, which every story checks (cheaply: they carry no query words).
 *
 * Rebuild it whenever any subscription changes; it is immutable once built.
 */
export class SubscriptionIndex<S extends Matchable> {
  /** Subscriptions whose filter did not compile, with the reason; they match nothing. */
  readonly rejected: { subscription: S; error: string }[] = [];
  private readonly entries: Entry<S>[] = [];
  private readonly byTicker = new Map<string, number[]>();
  private readonly byWord = new Map<string, number[]>();
  private readonly bySource = new Map<string, number[]>();
  private readonly byTopic = new Map<string, number[]>();
  private readonly unindexed: number[] = [];
  /** Per entry, the number of the last `match` call that already collected it (dedupes without allocation). */
  private readonly seenIn: Uint32Array;
  private call = 0;

  constructor(subscriptions: Iterable<S>) {
    for (const sub of [...subscriptions].sort((a, b) => a.id - b.id)) {
      try {
        this.entries.push({ sub, filter: compileFilter(sub.filter) });
      } catch (e) {
        this.rejected.push({ subscription: sub, error: e instanceof Error ? e.message : String(e) });
      }
    }
    this.entries.forEach((e, rank) => this.file(e.filter, rank));
    this.seenIn = new Uint32Array(this.entries.length);
  }

  /** The subscriptions matching the story, in id order. */
  match(story: TaggedStory): S[] {
    const prepared = new PreparedStory(story);
    const call = this.nextCall();
    const candidates: number[] = [];
    const collect = (ranks: readonly number[] | undefined): void => {
      for (const r of ranks ?? []) {
        if (this.seenIn[r] !== call) {
          this.seenIn[r] = call;
          candidates.push(r);
        }
      }
    };
    for (const t of prepared.tickers) collect(this.byTicker.get(t));
    for (const k of prepared.sourceKeys) collect(this.bySource.get(k));
    for (const t of prepared.topics) collect(this.byTopic.get(t));
    if (this.byWord.size > 0) this.collectByWords(prepared, collect);
    collect(this.unindexed);
    return candidates
      .filter((r) => matchesCompiled(this.entries[r].filter, prepared))
      .sort((a, b) => a - b)
      .map((r) => this.entries[r].sub);
  }

  stats(): SubscriptionIndexStats {
    const filed = (m: Map<string, number[]>) => new Set([...m.values()].flat()).size;
    return {
      subscriptions: this.entries.length,
      byTicker: filed(this.byTicker),
      byQueryWord: filed(this.byWord),
      bySource: filed(this.bySource),
      byTopic: filed(this.byTopic),
      unindexed: this.unindexed.length,
      rejected: this.rejected.length,
    };
  }

  private file(f: CompiledFilter, rank: number): void {
    const words = f.query ? anchorWords(f.query) : null;
    if (f.tickers) addAll(this.byTicker, f.tickers, rank);
    else if (words) addAll(this.byWord, words, rank);
    else if (f.sources) addAll(this.bySource, f.sources, rank);
    else if (f.topics) addAll(this.byTopic, f.topics, rank);
    else this.unindexed.push(rank);
  }

  /** Walks whichever is smaller: the story's distinct words or the indexed words. */
  private collectByWords(story: PreparedStory, collect: (ranks: readonly number[] | undefined) => void): void {
    const text = story.text;
    if (text.distinctWordCount <= this.byWord.size) {
      for (const w of text.distinctWords) collect(this.byWord.get(w));
    } else {
      for (const [w, ranks] of this.byWord) if (text.has(w)) collect(ranks);
    }
  }

  private nextCall(): number {
    if (this.call === 0xffffffff) {
      this.seenIn.fill(0);
      this.call = 0;
    }
    return ++this.call;
  }
}

function addAll(map: Map<string, number[]>, keys: Iterable<string>, rank: number): void {
  for (const key of keys) {
    const list = map.get(key);
    if (list) list.push(rank);
    else map.set(key, [rank]);
  }
}
