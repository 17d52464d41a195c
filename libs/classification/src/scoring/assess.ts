import type { Classification, EntityTag } from '../classify';
import type { Figure } from '../figures';
import {
  DEFAULT_ENTITY_AI_WEIGHT,
  DEFAULT_ENTITY_MARKET_WEIGHT,
  DEFAULT_TOPIC_AI_WEIGHT,
  ENTITY_AI_WEIGHT,
  ENTITY_MARKET_WEIGHT,
  RELEVANCE_CAPS,
  SEVERITY_CAPS,
  TOPIC_AI_WEIGHT,
} from './weights';

/** Classifications stored before per-entity relevance existed lack these two fields. */
type RankedEntity = Omit<EntityTag, 'relevance' | 'primary'> & Partial<Pick<EntityTag, 'relevance' | 'primary'>>;

/** What the event tells about a story's reception: how many outlets, how fast, how new. */
export interface EventSignals {
  sourceCount: number;
  /** Distinct sources per hour (see eventVelocity). */
  velocity: number;
  /** 0..100 (see noveltyFor). */
  novelty: number;
}

/** One part of a score: which factor, what in the story produced it, and how many points it added. */
export interface Contribution {
  factor: string;
  detail: string;
  points: number;
}

export interface Assessment {
  /** 0..100: how much the story concerns the AI market. */
  relevance: number;
  /** 0..100: how much a desk should care right now. */
  severity: number;
  contributions: { relevance: Contribution[]; severity: Contribution[] };
  /** The contributions as sentences, largest first, and a one-line summary. */
  explanation: { relevance: string[]; severity: string[]; summary: string };
}

/**
 * Scores a classified story. Every part is a saturating function of non-negative inputs with a fixed cap, and
 * the score is the sum of the parts, so adding a topic, company, larger figure, faster or newer event never
 * lowers it, and each point can be traced to what produced it. Pure.
 */
export function assessStory(c: Classification, event: EventSignals): Assessment {
  const relevanceExact = relevanceParts(c);
  const severityExact = severityParts(c, event);
  const relevanceScore = total(relevanceExact);
  const severityScore = total(severityExact);
  const relevance = relevanceExact.map(rounded);
  const severity = severityExact.map(rounded);
  // largest first, sorted once for both the sentences and the one-line summary
  const relevanceRanked = ranked(relevance);
  const severityRanked = ranked(severity);
  return {
    relevance: relevanceScore,
    severity: severityScore,
    contributions: { relevance, severity },
    explanation: {
      relevance: sentences(relevanceRanked),
      severity: sentences(severityRanked),
      summary: `relevance ${relevanceScore} (${headline(relevanceRanked)}); severity ${severityScore} (${headline(severityRanked)})`,
    },
  };
}

/** Parts are pushed into one array, in a fixed order, rather than concatenated from one array per factor. */
function relevanceParts(c: Classification): Contribution[] {
  const topics = c.topics.map((t) => ({
    detail: `topic ${t.topic} (score ${text(t.score)}, AI weight ${text(TOPIC_AI_WEIGHT[t.topic] ?? DEFAULT_TOPIC_AI_WEIGHT)})`,
    raw: t.score * (TOPIC_AI_WEIGHT[t.topic] ?? DEFAULT_TOPIC_AI_WEIGHT),
  }));
  const entities = c.entities.map((e) => ({
    detail: `company ${e.name} (AI weight ${text(ENTITY_AI_WEIGHT[e.name] ?? DEFAULT_ENTITY_AI_WEIGHT)}${prominenceNote(e)})`,
    raw: (ENTITY_AI_WEIGHT[e.name] ?? DEFAULT_ENTITY_AI_WEIGHT) * prominence(e),
  }));
  const parts: Contribution[] = [];
  apportion(parts, 'topics', topics, saturate(RELEVANCE_CAPS.topics, sum(topics), 0.7));
  const entitiesFrom = parts.length;
  apportion(parts, 'entities', entities, saturate(RELEVANCE_CAPS.entities, sum(entities), 1));
  // Figures make an AI story concrete; on their own (a bank's results) they say nothing about AI.
  const aiContext = Math.min(1, (points(parts, 0, entitiesFrom) + points(parts, entitiesFrom, parts.length)) / 45);
  const money = distinctFigures(c.figures.filter((f) => f.kind !== 'percent' && f.kind !== 'index-move'));
  if (money.length) {
    const figurePoints = saturate(RELEVANCE_CAPS.figures, money.length, 2) * aiContext;
    const detail = `${money.length} money figure(s): ${money.slice(0, 3).map((f) => f.text).join(', ')}`;
    parts.push({ factor: 'figures', detail, points: figurePoints });
  }
  return parts;
}

function severityParts(c: Classification, event: EventSignals): Contribution[] {
  const companies = c.entities.map((e) => ({
    detail: `company ${e.name} (market weight ${text(ENTITY_MARKET_WEIGHT[e.name] ?? DEFAULT_ENTITY_MARKET_WEIGHT)}${prominenceNote(e)})`,
    raw: (ENTITY_MARKET_WEIGHT[e.name] ?? DEFAULT_ENTITY_MARKET_WEIGHT) * prominence(e),
  }));
  const parts: Contribution[] = [];
  marketMovePart(parts, c);
  marketValuePart(parts, c.figures);
  apportion(parts, 'companies', companies, saturate(SEVERITY_CAPS.companies, sum(companies), 2));
  sentimentPart(parts, c);
  // the detail is written only for a part that counts
  const velocity = saturate(SEVERITY_CAPS.velocity, Math.max(0, event.velocity), 4);
  if (velocity > 0) parts.push({ factor: 'velocity', detail: `${text(event.velocity)} sources/hour`, points: velocity });
  const sources = saturate(SEVERITY_CAPS.sources, Math.max(0, event.sourceCount - 1), 5);
  if (sources > 0) parts.push({ factor: 'sources', detail: `${text(event.sourceCount)} source(s) on the event`, points: sources });
  const novelty = (SEVERITY_CAPS.novelty * clamp(event.novelty, 0, 100)) / 100;
  if (novelty > 0) parts.push({ factor: 'novelty', detail: `novelty ${text(event.novelty)}`, points: novelty });
  return parts;
}

/**
 * The largest price move: a stock's percentage as written, an index move three times (a 3% index day is as
 * notable as a 9% single stock). Percentages in a story without market-move language (e.g. revenue growth)
 * count half.
 */
function marketMovePart(parts: Contribution[], c: Classification): void {
  const marketStory = c.topics.some((t) => t.topic === 'market-move');
  let best: { figure: Figure; raw: number } | null = null;
  for (const f of c.figures) {
    if ((f.kind !== 'percent' && f.kind !== 'index-move') || f.direction === null) continue;
    const raw = Math.abs(f.value) * (f.kind === 'index-move' ? 3 : 1) * (marketStory ? 1 : 0.5);
    if (!best || raw > best.raw) best = { figure: f, raw };
  }
  if (!best) return;
  const { figure } = best;
  const who = figure.subject ? `${figure.subject} ` : '';
  const note = figure.kind === 'index-move' ? ', index move x3' : marketStory ? '' : ', no market-move language: x0.5';
  const detail = `${who}${figure.direction} ${text(Math.abs(figure.value))}%${note}`;
  parts.push({ factor: 'market-move', detail, points: saturate(SEVERITY_CAPS.marketMove, best.raw, 8) });
}

/**
 * The largest amount on a log scale: nothing below 1 billion, the full cap from about 3 trillion. A change in
 * market value counts fully; other money (investment pledges, revenue) half.
 */
function marketValuePart(parts: Contribution[], figures: Figure[]): void {
  let best: { figure: Figure; points: number } | null = null;
  for (const f of figures) {
    if (f.kind !== 'market-cap' && f.kind !== 'money') continue;
    const scale = clamp((Math.log10(Math.abs(f.value) || 1) - 9) / 3.5, 0, 1);
    const pts = SEVERITY_CAPS.marketValue * scale * (f.kind === 'market-cap' ? 1 : 0.5);
    if (!best || pts > best.points) best = { figure: f, points: pts };
  }
  if (!best || best.points === 0) return;
  const kind = best.figure.kind === 'market-cap' ? 'market value change' : 'amount (x0.5)';
  const detail = `${kind} ${best.figure.text}${best.figure.subject ? ` (${best.figure.subject})` : ''}`;
  parts.push({ factor: 'market-value', detail, points: best.points });
}

/** Strong tone makes news urgent; bad news a little more than good news. */
function sentimentPart(parts: Contribution[], c: Classification): void {
  const strength = Math.abs(c.sentiment.score) * (c.sentiment.score < 0 ? 1 : 0.7);
  if (strength === 0) return;
  const detail = `${c.sentiment.label} tone (score ${text(c.sentiment.score)})`;
  parts.push({ factor: 'sentiment', detail, points: SEVERITY_CAPS.sentiment * Math.min(1, strength) });
}

/** The same amount repeated in title and body is one fact, however it is written. */
function distinctFigures(figures: Figure[]): Figure[] {
  const seen = new Set<string>();
  return figures.filter((f) => {
    const key = `${f.kind}:${text(f.value)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * How prominent a company is in the story: 1 when the classifier does not say (or marks it primary), else its
 * relevance share, at least 0.3 so a passing mention still counts a little.
 */
function prominence(e: RankedEntity): number {
  if (e.primary || e.relevance === undefined) return 1;
  return Math.max(0.3, clamp(e.relevance, 0, 100) / 100);
}

function prominenceNote(e: RankedEntity): string {
  if (e.primary) return ', primary';
  return e.relevance === undefined ? '' : `, relevance ${text(e.relevance)}`;
}

/** cap * (1 - e^(-raw/scale)): grows with raw, never above cap; scale is the raw value giving 63% of the cap. */
function saturate(cap: number, raw: number, scale: number): number {
  return cap * (1 - Math.exp(-Math.max(0, raw) / scale));
}

/** Splits a part's points among its items in proportion to their raw weight. */
function apportion(parts: Contribution[], factor: string, items: { detail: string; raw: number }[], pts: number): void {
  const rawTotal = sum(items);
  if (rawTotal <= 0) return;
  for (const i of items) if (i.raw > 0) parts.push({ factor, detail: i.detail, points: (pts * i.raw) / rawTotal });
}

function sum(items: { raw: number }[]): number {
  return items.reduce((s, i) => s + i.raw, 0);
}

/** The points of parts[from, to), summed in order. */
function points(parts: Contribution[], from: number, to: number): number {
  let s = 0;
  for (let k = from; k < to; k++) s += parts[k].points;
  return s;
}

/** Parts are computed exactly and rounded only for display, so rounding never makes a score go down. */
function rounded(part: Contribution): Contribution {
  return { factor: part.factor, detail: part.detail, points: round1(part.points) };
}

function total(parts: Contribution[]): number {
  return Math.round(clamp(points(parts, 0, parts.length), 0, 100));
}

/** The contributions, largest first (a stable sort: equal ones keep their order). */
function ranked(parts: Contribution[]): Contribution[] {
  return [...parts].sort((a, b) => b.points - a.points);
}

function sentences(ranked: Contribution[]): string[] {
  return ranked.map((p) => `${p.detail}: +${text(p.points)}`);
}

/** The three largest contributions, for the one-line summary. */
function headline(ranked: Contribution[]): string {
  const top = ranked.slice(0, 3);
  return top.length ? top.map((p) => withoutNote(p.detail)).join('; ') : 'no signal';
}

/**
 * detail.replace(/ \(.*\)$/, ''), without a regex: the note is the first " (" after the last line terminator
 * (which "." does not match), when the detail ends with ")".
 */
function withoutNote(detail: string): string {
  if (detail.charCodeAt(detail.length - 1) !== CLOSE_PAREN) return detail;
  const lastBreak = Math.max(detail.lastIndexOf('\n'), detail.lastIndexOf('\r'), detail.lastIndexOf('\u2028'), detail.lastIndexOf('\u2029'));
  const open = detail.indexOf(' (', lastBreak + 1);
  return open < 0 ? detail : detail.slice(0, open);
}

const CLOSE_PAREN = 41;

/**
 * `${n}`. Printing a fraction (a score, a weight, points) the general way costs about 0.2 µs, and an assessment
 * prints dozens; numbers with at most three decimals are written from their thousandths instead. The same text:
 * below 1e9 such a number is the double nearest its three-decimal form, and no shorter decimal comes near it.
 */
function text(n: number): string {
  const thousandths = Math.round(n * 1000);
  if (!(Math.abs(n) < 1e9 && thousandths / 1000 === n)) return `${n}`;
  if (n === 0) return '0';
  const size = Math.abs(thousandths);
  const whole = `${(size - (size % 1000)) / 1000}${FRACTIONS[size % 1000]}`;
  return n < 0 ? `-${whole}` : whole;
}

/** ".001" … ".999" without trailing zeros, and "" for none. */
const FRACTIONS = Array.from({ length: 1000 }, (_, f) => (f === 0 ? '' : `.${String(f).padStart(3, '0')}`.replace(/0+$/, '')));

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
