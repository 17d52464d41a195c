import { FIGURE_KINDS } from './figures';
import { GAZETTEER, type Company } from './gazetteer';
import { DEFAULT_TAXONOMY, type Taxonomy, type TopicBoost, type TopicCondition, type TopicRule } from './taxonomy';
import { parseTerm } from './tokens';

/**
 * Taxonomy files: JSON that replaces the default topics or extends them.
 *
 * ```json
 * {
 *   "extends": "default",
 *   "remove": ["consumer-adoption"],
 *   "topics": [
 *     {
 *       "id": "nvidia-results",
 *       "label": "Nvidia results: revenue, guidance, data-centre sales",
 *       "keywords": ["earnings", "guidance", "revenue*", "data centre revenue", "quarterly results"],
 *       "patterns": ["\\bq[1-4] (?:results|earnings)\\b", "/\\bFY ?20\\d\\d\\b/"],
 *       "requires": { "entities": ["NVDA"] },
 *       "boosts": [{ "entities": ["Nvidia"], "primary": true, "weight": 1.5 }, { "figures": ["money"], "weight": 0.5 }]
 *     }
 *   ]
 * }
 * ```
 *
 * - `extends`: "default" keeps the shipped topics (minus `remove`) and adds `topics`; without it the file
 *   replaces the default and must define at least one topic. A topic may not reuse a kept default id: remove
 *   it first to redefine it.
 * - topic fields: `id` (lowercase letters, digits, single hyphens), `label`, `keywords`, `weakKeywords`,
 *   `patterns`, `requires`, `boosts`, with the meaning given on TopicRule (taxonomy.ts). A topic needs at least
 *   one keyword, pattern or boost.
 * - conditions: `entities` (gazetteer names or tickers), `primary` (with entities), `figures` (figure kinds:
 *   percent, money, market-cap, index-move, price-per-unit); a boost also has a `weight` in (0, 10].
 * - "$comment" is allowed at the top level and in topics; any other unknown field is an error.
 *
 * parseTaxonomy reports every problem at once, each naming the file, the topic and the field.
 */
export class TaxonomyError extends Error {
  constructor(readonly errors: string[]) {
    super(errors.join('\n'));
    this.name = 'TaxonomyError';
  }
}

const FILE_FIELDS = ['$comment', 'extends', 'remove', 'topics'];
const TOPIC_FIELDS = ['$comment', 'id', 'label', 'keywords', 'weakKeywords', 'patterns', 'requires', 'boosts'];
const CONDITION_FIELDS = ['entities', 'primary', 'figures'];
const BOOST_FIELDS = [...CONDITION_FIELDS, 'weight'];
const ID_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_BOOST = 10;
const PATTERN_FLAGS = /^[imsu]*$/;

type Json = Record<string, unknown>;

/** Parses and validates a taxonomy file; throws TaxonomyError listing every problem. */
export function parseTaxonomy(text: string, source: string, gazetteer: Company[] = GAZETTEER): Taxonomy {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new TaxonomyError([`${source}: not valid JSON: ${(err as Error).message}`]);
  }
  const errors: string[] = [];
  const report = (where: string, problem: string) => errors.push(`${source}: ${where}${where ? ': ' : ''}${problem}`);
  if (!isObject(data)) throw new TaxonomyError([`${source}: expected a JSON object with "topics"`]);
  checkFields(data, FILE_FIELDS, '', report);

  const extending = data.extends !== undefined;
  if (extending && data.extends !== 'default') report('extends', `must be "default", got ${JSON.stringify(data.extends)}`);
  const removed = readRemove(data.remove, extending, report);
  const kept = extending ? DEFAULT_TAXONOMY.topics.filter((t) => !removed.has(t.id)) : [];

  const topics: TopicRule[] = [];
  if (!Array.isArray(data.topics)) {
    if (data.topics !== undefined || !extending) report('topics', 'must be an array of topics');
  } else {
    const known = entityKeys(gazetteer);
    const seen = new Set(kept.map((t) => t.id));
    data.topics.forEach((raw, i) => {
      const topic = readTopic(raw, `topics[${i}]`, known, report);
      if (!topic) return;
      if (seen.has(topic.id)) {
        const hint = extending && DEFAULT_TAXONOMY.topics.some((t) => t.id === topic.id) ? ' (add it to "remove" to redefine a default topic)' : '';
        report(`topics[${i}] ("${topic.id}").id`, `duplicate id${hint}`);
        return;
      }
      seen.add(topic.id);
      topics.push(topic);
    });
  }
  if (errors.length === 0 && kept.length + topics.length === 0) report('topics', 'the taxonomy has no topics');
  if (errors.length > 0) throw new TaxonomyError(errors);
  return { topics: [...kept.map(copyTopic), ...topics] };
}

/** A taxonomy as a standalone file (no "extends"); parseTaxonomy reads it back unchanged. */
export function taxonomyToJson(taxonomy: Taxonomy): string {
  return `${JSON.stringify({ topics: taxonomy.topics }, null, 2)}\n`;
}

/**
 * Compiles a topic pattern: "source" is case-insensitive, "/source/flags" uses the flags given (i, m, s, u).
 * Always global; Unicode-aware (u) when asked for or when the source needs it (\p{…}, \u{…}, characters beyond
 * U+FFFF): with u, V8 runs a case-insensitive expression about five times slower, over every story. Throws on a
 * bad expression or one that can match the empty string.
 */
export function compilePattern(pattern: string): RegExp {
  const literal = /^\/(.+)\/([a-z]*)$/s.exec(pattern);
  const source = literal ? literal[1] : pattern;
  const flags = literal ? literal[2] : 'i';
  if (!PATTERN_FLAGS.test(flags)) throw new Error(`unsupported flags "${flags}" (allowed: i, m, s, u)`);
  const unicode = flags.includes('u') || /\\[pP]\{|\\u\{|[\ud800-\udfff]/.test(source);
  const re = new RegExp(source, `g${flags.replace('u', '')}${unicode ? 'u' : ''}`);
  if (new RegExp(re.source, re.flags.replace('g', '')).test('')) throw new Error('matches the empty string');
  return re;
}

function readRemove(value: unknown, extending: boolean, report: (where: string, problem: string) => void): Set<string> {
  const removed = new Set<string>();
  if (value === undefined) return removed;
  if (!extending) {
    report('remove', 'only allowed with "extends": "default"');
    return removed;
  }
  if (!Array.isArray(value)) {
    report('remove', 'must be an array of topic ids');
    return removed;
  }
  value.forEach((id, i) => {
    if (typeof id !== 'string' || !DEFAULT_TAXONOMY.topics.some((t) => t.id === id)) {
      report(`remove[${i}]`, `${JSON.stringify(id)} is not a default topic id`);
    } else if (removed.has(id)) {
      report(`remove[${i}]`, `"${id}" is listed twice`);
    } else {
      removed.add(id);
    }
  });
  return removed;
}

function readTopic(raw: unknown, at: string, known: Set<string>, report: (where: string, problem: string) => void): TopicRule | null {
  if (!isObject(raw)) {
    report(at, 'must be an object');
    return null;
  }
  const id = typeof raw.id === 'string' ? raw.id : '';
  const where = id ? `${at} ("${id}")` : at;
  const before = countingReporter(report);
  checkFields(raw, TOPIC_FIELDS, where, before.report);
  if (!ID_RE.test(id)) before.report(`${where}.id`, 'must be lowercase letters and digits separated by single hyphens');
  if (typeof raw.label !== 'string' || !raw.label.trim()) before.report(`${where}.label`, 'must be a non-empty string');
  const keywords = readKeywords(raw.keywords, `${where}.keywords`, before.report);
  const weakKeywords = raw.weakKeywords === undefined ? undefined : readKeywords(raw.weakKeywords, `${where}.weakKeywords`, before.report);
  const patterns = readPatterns(raw.patterns, `${where}.patterns`, before.report);
  const requires = raw.requires === undefined ? undefined : readCondition(raw.requires, `${where}.requires`, CONDITION_FIELDS, known, before.report);
  const boosts = readBoosts(raw.boosts, `${where}.boosts`, known, before.report);
  if (keywords.length + (patterns?.length ?? 0) + (boosts?.length ?? 0) === 0) {
    before.report(where, 'needs at least one keyword, pattern or boost');
  }
  if (before.count > 0) return null;
  const topic: TopicRule = { id, label: (raw.label as string).trim(), keywords };
  if (weakKeywords?.length) topic.weakKeywords = weakKeywords;
  if (patterns) topic.patterns = patterns;
  if (requires) topic.requires = requires;
  if (boosts) topic.boosts = boosts;
  return topic;
}

function readKeywords(value: unknown, at: string, report: (where: string, problem: string) => void): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    report(at, 'must be an array of strings');
    return [];
  }
  const out: string[] = [];
  value.forEach((k, i) => {
    if (typeof k !== 'string' || !k.trim()) return report(`${at}[${i}]`, 'must be a non-empty string');
    const keyword = k.trim().toLowerCase();
    if (keyword.indexOf('*') !== -1 && keyword.indexOf('*') !== keyword.length - 1) {
      return report(`${at}[${i}]`, `"${k}": '*' is only allowed at the end`);
    }
    const term = parseTerm(keyword);
    if (!term) return report(`${at}[${i}]`, `"${k}" has no letters or digits`);
    if (term.prefix && term.lower[term.lower.length - 1].length < 2) return report(`${at}[${i}]`, `"${k}": a prefix needs at least 2 characters before '*'`);
    if (out.includes(keyword)) return report(`${at}[${i}]`, `"${k}" is listed twice`);
    out.push(keyword);
  });
  return out;
}

function readPatterns(value: unknown, at: string, report: (where: string, problem: string) => void): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    report(at, 'must be an array of regular expressions');
    return undefined;
  }
  value.forEach((p, i) => {
    if (typeof p !== 'string' || !p) return report(`${at}[${i}]`, 'must be a non-empty string');
    try {
      compilePattern(p);
    } catch (err) {
      report(`${at}[${i}]`, `invalid regular expression ${JSON.stringify(p)}: ${(err as Error).message}`);
    }
  });
  return value as string[];
}

function readBoosts(value: unknown, at: string, known: Set<string>, report: (where: string, problem: string) => void): TopicBoost[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    report(at, 'must be an array of conditions with a weight');
    return undefined;
  }
  const boosts: TopicBoost[] = [];
  value.forEach((raw, i) => {
    const condition = readCondition(raw, `${at}[${i}]`, BOOST_FIELDS, known, report);
    if (!condition || !isObject(raw)) return;
    const weight = raw.weight;
    if (typeof weight !== 'number' || !(weight > 0 && weight <= MAX_BOOST)) {
      return report(`${at}[${i}].weight`, `must be a number in (0, ${MAX_BOOST}]`);
    }
    boosts.push({ ...condition, weight });
  });
  return boosts;
}

function readCondition(
  raw: unknown,
  at: string,
  fields: string[],
  known: Set<string>,
  report: (where: string, problem: string) => void,
): TopicCondition | null {
  if (!isObject(raw)) {
    report(at, 'must be an object');
    return null;
  }
  const counter = countingReporter(report);
  checkFields(raw, fields, at, counter.report);
  const condition: TopicCondition = {};
  if (raw.entities !== undefined) {
    if (!Array.isArray(raw.entities) || raw.entities.length === 0) counter.report(`${at}.entities`, 'must be a non-empty array of names or tickers');
    else {
      raw.entities.forEach((e, i) => {
        if (typeof e !== 'string' || !known.has(e.toLowerCase())) counter.report(`${at}.entities[${i}]`, `unknown entity ${JSON.stringify(e)}`);
      });
      condition.entities = raw.entities as string[];
    }
  }
  if (raw.figures !== undefined) {
    if (!Array.isArray(raw.figures) || raw.figures.length === 0) counter.report(`${at}.figures`, 'must be a non-empty array of figure kinds');
    else {
      raw.figures.forEach((f, i) => {
        if (!(FIGURE_KINDS as readonly unknown[]).includes(f)) counter.report(`${at}.figures[${i}]`, `unknown figure kind ${JSON.stringify(f)} (allowed: ${FIGURE_KINDS.join(', ')})`);
      });
      condition.figures = raw.figures as TopicCondition['figures'];
    }
  }
  if (raw.primary !== undefined) {
    if (typeof raw.primary !== 'boolean') counter.report(`${at}.primary`, 'must be true or false');
    else if (raw.entities === undefined) counter.report(`${at}.primary`, 'only applies together with "entities"');
    else condition.primary = raw.primary;
  }
  if (raw.entities === undefined && raw.figures === undefined) counter.report(at, 'needs "entities" or "figures"');
  return counter.count > 0 ? null : condition;
}

function checkFields(obj: Json, allowed: string[], at: string, report: (where: string, problem: string) => void): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) report(at ? `${at}.${key}` : key, `unknown field (allowed: ${allowed.filter((f) => f !== '$comment').join(', ')})`);
  }
}

/** Wraps a reporter to count the problems found below one node, so a broken topic is left out but reported. */
function countingReporter(report: (where: string, problem: string) => void) {
  const counter = {
    count: 0,
    report: (where: string, problem: string) => {
      counter.count++;
      report(where, problem);
    },
  };
  return counter;
}

function entityKeys(gazetteer: Company[]): Set<string> {
  const keys = new Set<string>();
  for (const c of gazetteer) {
    keys.add(c.name.toLowerCase());
    if (c.ticker) keys.add(c.ticker.toLowerCase());
  }
  return keys;
}

function copyTopic(topic: TopicRule): TopicRule {
  return JSON.parse(JSON.stringify(topic)) as TopicRule;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
