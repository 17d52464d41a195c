import {
  type AnalyzerConfig,
  analyzeStory,
  assessStory,
  classifyStory,
  EventClusterer,
  eventVelocity,
  evaluateTopics,
  formatEvaluation,
  parseLabelledJsonl,
  predictTopics,
  serializeTopicModel,
  type TopicModel,
  trainTopicModel,
} from '@wirewatch/classification';

/** One input line of `classify`. */
export interface CliStory {
  id: string | number;
  title: string;
  summary?: string | null;
  content?: string | null;
  url?: string | null;
  source?: string | null;
  published?: string | null;
}

/** One output line of `classify` (the shape the README documents). */
export interface CliRecord {
  id: string | number;
  topics: { id: string; score: number; evidence: string[] }[];
  entities: { name: string; ticker: string | null; exchange: string | null; relevance: number; primary: boolean; sentiment: number }[];
  sentiment: { score: number; label: 'negative' | 'neutral' | 'positive' };
  figures: { kind: string; value: number; unit: string; text: string; subject: string | null }[];
  eventId: string;
  novelty: number;
  duplicateOf: string | null;
  relevance: number;
  severity: number;
  explanation: string;
}

export interface CliError {
  id: string | number | null;
  error: string;
}

/**
 * `classify`: every JSONL story in, one JSON line out per input line, in input order. Events are clustered
 * within the batch, in publication order (stories without a date after the dated ones, in input order), so the
 * first report of an event is the earliest one whatever the line order. A bad line gets an `{"id", "error"}` line
 * naming the line number and loses nothing else.
 */
export function classifyLines(input: string, analyzer: AnalyzerConfig, now = Date.now()): (CliRecord | CliError)[] {
  const lines = input.split(/\r?\n/);
  if (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  const parsed = lines.map((line, i) => parseStoryLine(line, i + 1));
  const stories = parsed
    .map((p, index) => ({ p, index }))
    .filter((x): x is { p: { story: CliStory; at: number | null }; index: number } => 'story' in x.p)
    .sort((a, b) => (a.p.at ?? Infinity) - (b.p.at ?? Infinity) || a.index - b.index);

  const clusterer = new EventClusterer();
  const idOf = new Map(stories.map((s) => [String(s.index), s.p.story.id]));
  const out: (CliRecord | CliError)[] = parsed.map((p) => ('error' in p ? p : (null as never)));
  for (const { p, index } of stories) {
    const { story } = p;
    const at = p.at ?? now;
    const { classification: c, features } = analyzeStory(story, analyzer, at);
    const assigned = clusterer.assign(String(index), story.title, sourceOf(story), features);
    const assessment = assessStory(c, { sourceCount: assigned.event.sources.length, velocity: eventVelocity(assigned.event, at), novelty: assigned.novelty });
    out[index] = {
      id: story.id,
      topics: c.topics.map((t) => ({ id: t.topic, score: t.score, evidence: t.evidence })),
      entities: c.entities.map((e) => ({ name: e.name, ticker: e.ticker, exchange: e.exchange, relevance: e.relevance, primary: e.primary, sentiment: e.sentiment.score })),
      sentiment: { score: c.sentiment.score, label: c.sentiment.label },
      figures: c.figures.map((f) => ({ kind: f.kind, value: f.value, unit: f.unit, text: f.text, subject: f.subject })),
      eventId: assigned.eventId,
      novelty: assigned.novelty,
      duplicateOf: assigned.duplicateOf === null ? null : String(idOf.get(assigned.duplicateOf)),
      relevance: assessment.relevance,
      severity: assessment.severity,
      explanation: assessment.explanation.summary,
    };
  }
  return out;
}

function parseStoryLine(line: string, n: number): { story: CliStory; at: number | null } | CliError {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    return { id: null, error: `line ${n}: not JSON (${(e as Error).message})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { id: null, error: `line ${n}: expected a JSON object` };
  const s = value as Record<string, unknown>;
  const id = typeof s.id === 'string' || typeof s.id === 'number' ? s.id : null;
  const problem =
    id === null ? 'id must be a string or a number'
    : typeof s.title !== 'string' || !s.title.trim() ? 'title must be a non-empty string'
    : (['summary', 'content', 'url', 'source', 'published'] as const).map((k) => (s[k] != null && typeof s[k] !== 'string' ? `${k} must be a string` : null)).find(Boolean);
  if (problem) return { id, error: `line ${n}: ${problem}` };
  const published = typeof s.published === 'string' ? Date.parse(s.published) : NaN;
  return { story: s as unknown as CliStory, at: Number.isNaN(published) ? null : published };
}

/** The outlet: the `source` field, else the URL's host, else "unknown" (every undated source counts as one). */
function sourceOf(story: CliStory): string {
  if (story.source?.trim()) return story.source.trim();
  try {
    return new URL(story.url ?? '').hostname.replace(/^www\./, '') || 'unknown';
  } catch {
    return 'unknown';
  }
}

/** `train`: a model file's text from labelled JSONL, with a one-line summary for the terminal. */
export function trainCommand(input: string): { model: string; summary: string } {
  const examples = parseLabelledJsonl(input);
  if (!examples.length) throw new Error('no labelled stories in the input');
  const started = Date.now();
  const model = trainTopicModel(examples);
  const labels = model.labels.map((l) => `${l.id} (${l.support})`).join(', ');
  return {
    model: serializeTopicModel(model),
    summary: `trained on ${examples.length} stories in ${((Date.now() - started) / 1000).toFixed(1)} s: ${model.labels.length} topics: ${labels}`,
  };
}

/**
 * `evaluate`: per-topic precision, recall and F1 with micro and macro averages, of the given models — or of the
 * taxonomy's rules when no model is given.
 */
export function evaluateCommand(input: string, analyzer: AnalyzerConfig, models: readonly TopicModel[]): string {
  const examples = parseLabelledJsonl(input);
  const predicted = examples.map((ex) => ({
    id: ex.id,
    labels: models.length
      ? [...new Set(models.flatMap((m) => predictTopics(m, ex).map((t) => t.id)))]
      : classifyStory(ex, analyzer.taxonomy).topics.map((t) => t.topic),
  }));
  return formatEvaluation(evaluateTopics(examples.map((ex) => ({ id: ex.id, labels: ex.labels })), predicted));
}
