import type { EntityTag } from './classify';
import type { Company } from './gazetteer';
import { entitySentiment, type SentenceSentiment } from './sentiment';
import type { AliasRef, TermRef } from './terms';
import { parseTerm, SPACE_GAP, writtenAs, type TermTrie, type WordTokens } from './tokens';
import type { StoryLayout } from './topics';

const MAX_EVIDENCE = 5;
/** An entity is primary only from this relevance: a lone passing mention in the body stays below it. */
export const PRIMARY_MIN_RELEVANCE = 40;
const HEADLINE_POINTS = 40;
const LEAD_POINTS = 20;
const MENTION_POINTS = 25;
const SHARE_POINTS = 15;
/** Mentions at which MENTION_POINTS are reached: log2(1 + 7) = 3. */
const MENTION_LOG_CAP = 3;

/** Words after a common-word alias in a Title Case headline that show it names the company. */
const COMPANY_CUES = new Set([
  'shares', 'stock', 'stocks', 'inc', 'corp', 'corporation', 'co', 'ltd', 'plc', 'holdings', 'group', 'platforms',
  'technology', 'technologies', 'ceo', 'chief', 'earnings', 'results', 'revenue', 'sales', 'profit', 'shareholders',
]);
/** "Apple-designed", "Intel-based": a compound with these still names the company; "Meta-analysis" does not. */
const COMPOUND_OK = new Set(['made', 'built', 'like', 'style', 'era']);

interface CompiledGazetteer {
  companies: Company[];
  notBefore: Set<string>[];
  notAfter: Set<string>[];
}

interface Mention {
  company: number;
  first: number;
  last: number;
  start: number;
  end: number;
  inTitle: boolean;
  /** A common-word alias with no company cue after it: in a Title Case headline it needs confirming. */
  uncued: boolean;
  /** An uncued mention in a Title Case headline: counts only if the story names the company elsewhere. */
  weak: boolean;
}

const cache = new WeakMap<Company[], CompiledGazetteer>();

/** Acronyms ("IBM", "SOX", "S&P 500") are written in capitals and only count as written. */
function isAcronym(alias: string): boolean {
  return alias === alias.toUpperCase() && /[A-Z]/.test(alias);
}

/** Adds every alias of every company to the shared trie (see terms.ts). */
export function addAliases(trie: TermTrie<TermRef>, gazetteer: Company[]): void {
  gazetteer.forEach((c, company) => {
    for (const alias of new Set(c.aliases.map((a) => a.trim()).filter(Boolean))) {
      const common = !!c.commonWords?.includes(alias);
      const cased = c.caseSensitive || common || isAcronym(alias) ? parseTerm(alias)?.words ?? null : null;
      trie.add(alias, { company, common, cased });
    }
  });
}

function compileGazetteer(gazetteer: Company[]): CompiledGazetteer {
  let compiled = cache.get(gazetteer);
  if (!compiled) {
    compiled = {
      companies: gazetteer,
      notBefore: gazetteer.map((c) => new Set(c.notBefore ?? [])),
      notAfter: gazetteer.map((c) => new Set(c.notAfter ?? [])),
    };
    cache.set(gazetteer, compiled);
  }
  return compiled;
}

/**
 * Title Case headlines capitalise ordinary words, so a capital letter says nothing about a name there. Judged
 * on the headline's words of 4+ characters outside the names found, so "Nvidia, Broadcom, Oracle fall" is not.
 */
function isTitleCase(tokens: WordTokens, titleEnd: number, mentions: Mention[]): boolean {
  const covered = new Uint8Array(titleEnd);
  for (const m of mentions) for (let k = m.first; k <= m.last && k < titleEnd; k++) covered[k] = 1;
  let words = 0;
  let capitalised = 0;
  for (let k = 0; k < titleEnd; k++) {
    if (covered[k] || tokens.ends[k] - tokens.starts[k] < 4) continue;
    const first = tokens.text[tokens.starts[k]];
    if (first === first.toLowerCase() && first === first.toUpperCase()) continue;
    words++;
    if (first !== first.toLowerCase()) capitalised++;
  }
  return words >= 3 && capitalised / words >= 0.8;
}

/** The gap before token k as written is a single hyphen or dash (a compound such as "Meta-analysis"). */
function hyphenBefore(tokens: WordTokens, k: number): boolean {
  if (tokens.ends[k - 1] + 1 !== tokens.starts[k]) return false;
  const code = tokens.text.charCodeAt(tokens.starts[k] - 1);
  return code === 45 || code === 0x2010 || code === 0x2011;
}

/**
 * Context checks for a matched alias spanning tokens first..last: null when it is not the company, else
 * whether it is a common word with no company cue after it ("Apple Shares", "Apple's" are cued).
 */
function judge(g: CompiledGazetteer, ref: AliasRef, tokens: WordTokens, first: number, last: number): { uncued: boolean } | null {
  const next = last + 1 < tokens.count ? last + 1 : -1;
  const spacedNext = next >= 0 && tokens.gap(next) === SPACE_GAP;
  const spacedPrev = first > 0 && tokens.gap(first) === SPACE_GAP;
  if (spacedNext && g.notBefore[ref.company].has(tokens.lower(next))) return null;
  if (spacedPrev && g.notAfter[ref.company].has(tokens.lower(first - 1))) return null;
  if (!ref.common) return { uncued: false };
  if (next >= 0 && hyphenBefore(tokens, next)) {
    const word = tokens.lower(next);
    if (!word.endsWith('ed') && !COMPOUND_OK.has(word)) return null;
  }
  if (spacedPrev && /^\d/.test(tokens.lower(first - 1))) return null;
  const possessive = next >= 0 && tokens.gap(next) === "'" && tokens.lower(next) === 's';
  const cue = possessive || (spacedNext && COMPANY_CUES.has(tokens.lower(next)));
  return { uncued: !cue };
}

/** The longest alias of match group g whose case fits (see Company), with its last token; null when none. */
function longestAt(story: StoryLayout, g: number): { ref: AliasRef; last: number } | null {
  const { tokens } = story;
  const { at, from, matches } = story.matches;
  for (let k = from[g + 1] - 1; k >= from[g]; k--) {
    const { payloads, last } = matches[k];
    for (let q = 0; q < payloads.length; q++) {
      const p = payloads[q];
      // aliases come before topic keywords in every payload list (see terms.ts)
      if (typeof p === 'number') break;
      if (p.cased === null || writtenAs(tokens, at[g], p.cased)) return { ref: p, last };
    }
  }
  return null;
}

/** Mentions left to right; a mention's tokens start no other (only tokens that start a match can start one). */
function findMentions(g: CompiledGazetteer, story: StoryLayout): Mention[] {
  const { tokens, titleEnd } = story;
  const { at } = story.matches;
  const mentions: Mention[] = [];
  let free = 0;
  for (let group = 0; group < at.length; group++) {
    const i = at[group];
    if (i < free) continue;
    const match = longestAt(story, group);
    const verdict = match ? judge(g, match.ref, tokens, i, match.last) : null;
    if (!match || !verdict) continue;
    const { company } = match.ref;
    mentions.push({ company, first: i, last: match.last, start: tokens.starts[i], end: tokens.ends[match.last], inTitle: i < titleEnd, uncued: verdict.uncued, weak: false });
    free = match.last + 1;
  }
  if (mentions.some((m) => m.inTitle && m.uncued) && isTitleCase(tokens, titleEnd, mentions)) {
    for (const m of mentions) m.weak = m.inTitle && m.uncued;
  }
  return mentions;
}

/**
 * 0..100: a headline mention 40, a mention in the lead (first body sentence) 20, mention count up to 25
 * (log-scaled, full at 7), and up to 15 for the entity's share of all entity mentions, so an entity among
 * many companies ranks lower than the same entity alone.
 */
function relevanceOf(mentions: Mention[], lead: { start: number; end: number } | null, totalMentions: number): number {
  const headline = mentions.some((m) => m.inTitle);
  const inLead = !!lead && mentions.some((m) => m.start >= lead.start && m.start < lead.end);
  const count = mentions.length;
  const points =
    (headline ? HEADLINE_POINTS : 0) +
    (inLead ? LEAD_POINTS : 0) +
    MENTION_POINTS * Math.min(1, Math.log2(1 + count) / MENTION_LOG_CAP) +
    SHARE_POINTS * (count / totalMentions);
  return Math.round(points);
}

/** Distinct mention texts (case and separators aside), in order of appearance, at most MAX_EVIDENCE. */
function distinctEvidence(tokens: WordTokens, mentions: Mention[]): string[] {
  const seen = new Map<string, string>();
  for (const m of mentions) {
    const span = tokens.text.slice(m.start, m.end);
    const key = m.first === m.last ? tokens.lower(m.first) : span.toLowerCase().replace(/[\s\-\u2010-\u2014]+/g, ' ');
    if (!seen.has(key)) seen.set(key, span);
  }
  return [...seen.values()].slice(0, MAX_EVIDENCE);
}

/**
 * Companies, labs and indices in the story, in order of first mention, with evidence, sentiment, relevance
 * and the primary flag: the entities with the highest relevance, when it is at least PRIMARY_MIN_RELEVANCE
 * (ties share it; passing mentions give no primary).
 */
export function findEntities(gazetteer: Company[], story: StoryLayout, sentences: SentenceSentiment[]): EntityTag[] {
  const g = compileGazetteer(gazetteer);
  const byCompany = new Map<number, Mention[]>();
  for (const m of findMentions(g, story)) {
    const list = byCompany.get(m.company);
    if (list) list.push(m);
    else byCompany.set(m.company, [m]);
  }
  for (const [company, list] of byCompany) if (list.every((m) => m.weak)) byCompany.delete(company);

  const total = [...byCompany.values()].reduce((n, list) => n + list.length, 0);
  const bodyStart = story.title.length + 1;
  const lead = sentences.find((s) => s.start >= bodyStart) ?? null;
  const { text } = story.tokens;
  const tags = [...byCompany].map(([company, list]) => {
    const c = g.companies[company];
    const spans = list.map((m) => ({ index: m.start, length: m.end - m.start }));
    const tag: EntityTag = {
      name: c.name,
      ticker: c.ticker,
      exchange: c.exchange,
      evidence: distinctEvidence(story.tokens, list),
      sentiment: entitySentiment(text, spans, sentences),
      relevance: relevanceOf(list, lead, total),
      primary: false,
    };
    return { first: list[0].start, tag };
  });
  const top = Math.max(0, ...tags.map((t) => t.tag.relevance));
  for (const { tag } of tags) tag.primary = top >= PRIMARY_MIN_RELEVANCE && tag.relevance === top;
  return tags.sort((a, b) => a.first - b.first).map((t) => t.tag);
}
