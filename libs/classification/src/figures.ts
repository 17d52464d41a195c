/**
 * Pulls numeric facts out of financial news text: percentage moves (with direction and subject), money
 * amounts with scale and currency, market-value changes, index moves and prices per unit. Pure and
 * deterministic; regular expressions only.
 */
export type FigureKind = 'percent' | 'money' | 'market-cap' | 'index-move' | 'price-per-unit';
export const FIGURE_KINDS: readonly FigureKind[] = ['percent', 'money', 'market-cap', 'index-move', 'price-per-unit'];

export interface Figure {
  kind: FigureKind;
  /** Signed: a fall or a loss of market value is negative. Money is in whole units (5.6e6 for "$5.6 million"). */
  value: number;
  /** '%' for percentages; an ISO currency code for money and market value; 'USD per million tokens' etc. for prices. */
  unit: string;
  /** The figure as written. */
  text: string;
  /** The nearest preceding company/index/capitalised name in the same clause, null when unclear. */
  subject: string | null;
  direction: 'up' | 'down' | null;
}

const NUM = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;
const SCALE = String.raw`trillion|billion|million|thousand|trn|tn|bn|mn|mln|m|b|k`;
const SCALES: Record<string, number> = {
  trillion: 1e12, trn: 1e12, tn: 1e12, billion: 1e9, bn: 1e9, b: 1e9, million: 1e6, mn: 1e6, mln: 1e6, m: 1e6,
  thousand: 1e3, k: 1e3,
};
const SYMBOLS: Record<string, string> = { $: 'USD', 'US$': 'USD', '€': 'EUR', '£': 'GBP', '¥': 'JPY', 'HK$': 'HKD' };
const WORD_CURRENCIES: Record<string, string> = {
  dollar: 'USD', dollars: 'USD', usd: 'USD', euro: 'EUR', euros: 'EUR', eur: 'EUR', pound: 'GBP', pounds: 'GBP',
  gbp: 'GBP', yuan: 'CNY', renminbi: 'CNY', cny: 'CNY', yen: 'JPY', jpy: 'JPY', cents: 'USD', cent: 'USD',
};

/** ISO codes written before an amount, as company reports do ("EUR 13.1 mn", "SEK 20 million"). */
const CODES = String.raw`USD|EUR|GBP|JPY|CNY|HKD|CHF|SEK|NOK|DKK|CAD|AUD|INR|KRW|TWD`;

/**
 * Money: "$5.6 million", "US$1tn", "€2bn", "EUR 13.1 mn", "590 billion dollars", "1.4 cents", optionally "per
 * million tokens".
 */
const MONEY_RE = new RegExp(
  String.raw`(?<sym>US\$|HK\$|[$€£¥])\s?(?<n1>${NUM})(?:\s?(?<s1>${SCALE})\b)?` +
    String.raw`|\b(?<code>${CODES})\s?(?<n3>${NUM})(?:\s?(?<s3>${SCALE})\b)?` +
    String.raw`|(?<![\w.])(?<n2>${NUM})\s?(?:(?<s2>${SCALE})\s)?\s*(?<cur>dollars?|usd|euros?|eur|pounds?|gbp|yuan|renminbi|cny|yen|jpy|cents?)\b`,
  // no u flag where none is needed: V8 runs a case-insensitive /u expression several times slower
  'gi',
);
const PER_RE = new RegExp(
  String.raw`^\s*(?:per|an?|\/)\s*(?<scale>(?:million|thousand|billion|1m|1,000,000|1,000)\s+)?(?<adj>(?:input|output)\s+)?(?<noun>tokens?|shares?|hours?|months?|users?|chips?|gpus?|units?|queries|query|requests?|words?|seats?|barrels?|ounces?)\b`,
  'i',
);
const PERCENT_RE = new RegExp(String.raw`(?<![\w.])(?<sign>[+\-\u2212]?)(?<n>${NUM})\s?(?:%|per\s?cent\b|percent\b)`, 'gi');

const DOWN_WORDS = new Set(
  ('fell fall falls falling down lower dropped drop drops dropping declined decline declines declining slid slide slides ' +
    'sliding sank sink sinks sinking lost lose loses losing shed sheds shedding plunged plunge plunges plunging tumbled ' +
    'tumble tumbles tumbling slumped slump slumps slumping tanked tank cratered sunk dipped dip dips slipped slip slips ' +
    'eased ease eases retreated retreat skidded plummeted plummet decreased decrease decreases shrank shrink shrinks ' +
    'contracted cut cuts slashed off lowered reduced falling weaker negative decline drop fall plunge slump loss losses').split(' '),
);
const UP_WORDS = new Set(
  ('rose rise rises rising up higher gained gain gains gaining jumped jump jumps jumping surged surge surges surging ' +
    'soared soar soars soaring climbed climb climbs climbing rallied rally rallies rallying rebounded rebound rebounds ' +
    'added add adds grew grow grows growing increased increase increases advanced advance advances leapt leaped ' +
    'raised raise lifted boosted stronger positive').split(' '),
);
/** Nouns after the figure that give its direction: "a 22% rise", "a 17% drop". */
const DOWN_NOUNS = /^\s+(?:lower|down|drop|fall|decline|plunge|slump|loss|decrease|slide|cut|tumble|contraction)\b/i;
const UP_NOUNS = /^\s+(?:higher|up|rise|gain|jump|increase|surge|rally|rebound|growth|climb|advance|leap)\b/i;

const INDEX_RE =
  /\b(?:Nasdaq(?: Composite| 100)?|S&P ?500|S&P|Dow(?: Jones)?|Nikkei(?: 225)?|Hang Seng(?: Tech| TECH)?(?: Index)?|FTSE(?: 100)?|DAX|Stoxx(?: Europe)?(?: 600| 50)?|CAC 40|Kospi|Russell 2000|Philadelphia Semiconductor Index|SOX|Topix|CSI 300|Shanghai Composite)\b/;

const MARKET_VALUE_RE = /\b(?:market (?:value|cap|capitali[sz]ation)|in value|of value|valuation|value)\b/i;
const LOSS_RE = /\b(?:wip(?:e|ed|es|ing)|eras(?:e|ed|es|ing)|lost|los(?:e|es|ing)|shed(?:s|ding)?|off|knock(?:ed|s|ing)?|slash(?:ed|es|ing)?|vanish(?:ed)?|evaporat(?:e|ed)|destroy(?:ed)?|sank|fell|dropped|plunged|tumbled)\b/i;
const GAIN_RE = /\b(?:add(?:ed|s|ing)?|gain(?:ed|s|ing)?|rose|jump(?:ed)?|surg(?:ed|e)|climb(?:ed)?|regain(?:ed)?|recover(?:ed)?)\b/i;

/** Words that start with a capital but are not subjects. */
const NOT_SUBJECT = new Set(
  ('The A An Its It This That These Those Their His Her Shares Stocks Stock On In At By For From As After Before When ' +
    'While Despite Although But And Or Of To With Analysts Investors Traders Revenue Sales Profit Earnings Net Quarterly ' +
    'Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September ' +
    'October November December Q1 Q2 Q3 Q4 He She They We I Its Overall Meanwhile Still Yet Some Most Many All Both ' +
    'Chip Tech US U.S. UK EU CEO CFO AI Adjusted Operating Data Cloud Market Markets Index About Around Nearly Roughly ' +
    'Almost Over Just Elsewhere Overnight Together Combined Including').split(' '),
);
const NAME_RE =
  /(?:S&P ?500|[A-Z][\p{L}\p{N}&'’.\-]*(?:\s+(?:[A-Z][\p{L}\p{N}&.\-]*|100|225|500|600|50|40|2000))*)/gu;

const DIGIT_RE = /\d/g;

/** Position of the first ASCII digit at or after `from`, or -1. */
function nextDigit(text: string, from: number): number {
  DIGIT_RE.lastIndex = from;
  return DIGIT_RE.exec(text)?.index ?? -1;
}

/**
 * Splits into sentences (simple: ., !, ? followed by space + capital, or a line break): the same split as
 * sentiment's `splitSentences`, so a caller that has those spans passes them to `extractFigures`.
 */
function sentences(text: string): { start: number; text: string }[] {
  const out: { start: number; text: string }[] = [];
  const re = /[.!?]+["'”’)]?(?=\s+["'“‘(]?[\p{Lu}\d$€£])|\n+/gu;
  let start = 0;
  for (const m of text.matchAll(re)) {
    const end = (m.index ?? 0) + m[0].length;
    out.push({ start, text: text.slice(start, end) });
    start = end;
  }
  out.push({ start, text: text.slice(start) });
  return out.filter((s) => s.text.trim());
}

/**
 * Global regexes below are run with exec loops from lastIndex 0, not matchAll, which copies the regex on
 * every call; none matches '', and no loop's body runs its own regex again.
 */
const CLAUSE_BREAK_RE = /[;:()\u2013\u2014]|,(?!\d)|\s(?:but|while|whereas|and then)\s/g;

/** Start of the clause containing `pos` (after the last ; : — – ( or a comma not inside a number). */
function clauseStart(sentence: string, pos: number): number {
  const before = sentence.slice(0, pos);
  let best = 0;
  CLAUSE_BREAK_RE.lastIndex = 0;
  for (let m; (m = CLAUSE_BREAK_RE.exec(before)); ) best = m.index + m[0].length;
  return best;
}

/** Nearest capitalised name in `text` (the last one), with possessives and leading stop words removed. */
function lastName(text: string): string | null {
  let found: string | null = null;
  NAME_RE.lastIndex = 0;
  for (let m; (m = NAME_RE.exec(text)); ) {
    let words = m[0].replace(/['’]s?$/u, '').split(/\s+/);
    // drop leading non-names ("The Nasdaq" -> "Nasdaq"); "On Monday Nvidia" keeps "Nvidia"
    while (words.length && NOT_SUBJECT.has(words[0].replace(/['’]s?$/u, ''))) words = words.slice(1);
    while (words.length && NOT_SUBJECT.has(words[words.length - 1].replace(/['’]s?$/u, ''))) words = words.slice(0, -1);
    if (!words.length) continue;
    if (/^\d/.test(words[0])) continue;
    // a lone sentence-initial word like "Analysts" is filtered above; other sentence-initial words are kept
    found = words.join(' ').replace(/['’]s$/u, '');
  }
  return found;
}

function parseNumber(s: string): number {
  return parseFloat(s.replace(/,/g, ''));
}

/** Trims float noise to 12 significant digits; whole numbers below 1e12 already are (and are most figures). */
function round(n: number): number {
  if (Number.isInteger(n) && Math.abs(n) < 1e12) return n;
  return Number.parseFloat(n.toPrecision(12));
}

/** The last n runs of a-z in the lowercased text (anything else separates words). */
function wordsBefore(text: string, n: number): string[] {
  return (text.toLowerCase().match(/[a-z]+/g) ?? []).slice(-n);
}

function directionOf(before: string, after: string, sign: string): 'up' | 'down' | null {
  if (sign === '+') return 'up';
  if (sign === '-' || sign === '\u2212') return 'down';
  if (DOWN_NOUNS.test(after)) return 'down';
  if (UP_NOUNS.test(after)) return 'up';
  const words = wordsBefore(before, 4).reverse();
  for (const w of words) {
    if (w === 'by' || w === 'nearly' || w === 'almost' || w === 'about' || w === 'around' || w === 'roughly' || w === 'some' || w === 'more' || w === 'than' || w === 'over' || w === 'as' || w === 'much' || w === 'a' || w === 'another' || w === 'further' || w === 'sharply' || w === 'close' || w === 'to') continue;
    if (DOWN_WORDS.has(w)) return 'down';
    if (UP_WORDS.has(w)) return 'up';
    return null;
  }
  return null;
}

/**
 * Extracts figures in order of appearance. Amounts that belong to a price per unit or a market-value change
 * are reported once, with that kind. `spans` are the text's sentences from `splitSentences`, when the caller
 * already has them (the classifier does, from sentiment).
 */
export function extractFigures(text: string, spans?: readonly { start: number; end: number }[]): Figure[] {
  const figures: { at: number; figure: Figure }[] = [];
  const split = spans ?? sentences(text).map((s) => ({ start: s.start, end: s.start + s.text.length }));
  // every figure has a digit: most sentences have none and are skipped unsliced. `digit` is the first digit at
  // or after `searched` (-1: none), so it answers for any sentence starting between the two.
  let searched = 0;
  let digit = nextDigit(text, 0);
  for (const s of split) {
    if (s.start < searched || (digit >= 0 && s.start > digit)) digit = nextDigit(text, (searched = s.start));
    if (digit < 0 || digit >= s.end) continue;
    const sentence = text.slice(s.start, s.end);
    const taken: [number, number][] = [];
    const subjectAt = (pos: number): string | null => lastName(sentence.slice(clauseStart(sentence, pos), pos));

    // every match holds a digit, money at most 4 characters after its start ("US$ 5") and a percentage at most
    // 1 ("-5%"): no match starts further before the sentence's first digit, so the scans start there
    const firstDigit = digit - s.start;
    MONEY_RE.lastIndex = Math.max(0, firstDigit - 4);
    for (let m; (m = MONEY_RE.exec(sentence)); ) {
      const g = m.groups!;
      const index = m.index ?? 0;
      let end = index + m[0].length;
      const n = parseNumber(g.n1 ?? g.n3 ?? g.n2);
      const scaleWord = (g.s1 ?? g.s3 ?? g.s2)?.toLowerCase();
      // a bare "m"/"b"/"k" must be glued to the number ("$2bn", "$5m"), not a following word
      let scale = scaleWord ? SCALES[scaleWord] ?? 1 : 1;
      let currency = g.sym ? SYMBOLS[g.sym] ?? 'USD' : g.code ? g.code.toUpperCase() : WORD_CURRENCIES[g.cur.toLowerCase()] ?? 'USD';
      if (g.cur && /^cents?$/i.test(g.cur)) scale *= 0.01;
      if (g.cur && g.sym === undefined && g.cur.toLowerCase() === 'cents') currency = 'USD';
      let value = round(n * scale);
      const per = PER_RE.exec(sentence.slice(end));
      if (per) {
        const pg = per.groups!;
        const unitScale = pg.scale ? `${pg.scale.trim().toLowerCase().replace(/^1m$|^1,000,000$/, 'million').replace(/^1,000$/, 'thousand')} ` : '';
        const unit = `${currency} per ${unitScale}${pg.adj ? pg.adj.toLowerCase() : ''}${pg.noun.toLowerCase()}`;
        end += per[0].length;
        figures.push({
          at: s.start + index,
          figure: { kind: 'price-per-unit', value, unit, text: sentence.slice(index, end), subject: subjectAt(index), direction: null },
        });
        taken.push([index, end]);
        continue;
      }
      // market value: "wiped $600 billion off Nvidia's market value", "lost $590bn in market value"
      const clauseFrom = clauseStart(sentence, index);
      const clauseTo = (() => {
        const rest = sentence.slice(end);
        const stop = rest.search(/[;:()\u2013\u2014]|,(?!\d)|\s(?:but|while|whereas)\s/);
        return stop < 0 ? sentence.length : end + stop;
      })();
      const around = sentence.slice(clauseFrom, clauseTo);
      const after = sentence.slice(end, clauseTo);
      const before0 = sentence.slice(clauseFrom, index);
      const wipedOff =
        /^\s*(?:(?:was|were|has been|have been|had been|is)\s+)?(?:wiped|knocked|erased|shaved|lopped|taken)\s+off\b/i.test(after) ||
        (/\b(?:wip|knock|eras|shav|lopp)\w*\s*$/i.test(before0) && /^\s*off\b/i.test(after));
      if (wipedOff || (MARKET_VALUE_RE.test(after.slice(0, 60)) && (LOSS_RE.test(around) || GAIN_RE.test(around)))) {
        const before = sentence.slice(clauseFrom, index);
        const lossVerb = LOSS_RE.exec(around);
        const gainVerb = GAIN_RE.exec(around);
        const down = !!lossVerb && (!gainVerb || (lossVerb.index ?? 0) <= (gainVerb.index ?? 0));
        if (down) value = -value;
        // subject: "off Nvidia's market value" / "from Nvidia's valuation", else the name before the amount
        const owner =
          /^\s*(?:(?:was|were|has been|have been|had been|is)\s+)?(?:(?:wiped|knocked|erased|shaved|lopped|taken)\s+)?(?:of|off|from|in)\s+(?:the\s+)?((?:S&P ?500|[A-Z][\p{L}\p{N}&.\-]*)(?:\s(?:[A-Z][\p{L}\p{N}&.\-]*|100|500))*)/u.exec(after);
        const subject = owner ? owner[1].trim() : lastName(before) ?? lastName(sentence.slice(0, index));
        const capEnd = end + (after.match(MARKET_VALUE_RE)?.index ?? 0) + (after.match(MARKET_VALUE_RE)?.[0].length ?? 0);
        figures.push({
          at: s.start + index,
          figure: { kind: 'market-cap', value, unit: currency, text: sentence.slice(index, end), subject, direction: down ? 'down' : 'up' },
        });
        taken.push([index, Math.max(end, capEnd)]);
        continue;
      }
      figures.push({
        at: s.start + index,
        figure: { kind: 'money', value, unit: currency, text: sentence.slice(index, end).trim(), subject: subjectAt(index), direction: null },
      });
      taken.push([index, end]);
    }

    PERCENT_RE.lastIndex = Math.max(0, firstDigit - 1);
    for (let m; (m = PERCENT_RE.exec(sentence)); ) {
      const index = m.index ?? 0;
      if (taken.some(([a, b]) => index >= a && index < b)) continue;
      const g = m.groups!;
      // a hyphen glued to a preceding word ("one-5%") is not a sign
      const prev = sentence[index - 1];
      const sign = g.sign && !(prev && /[\p{L}\p{N}]/u.test(prev)) ? g.sign : '';
      const n = parseNumber(g.n);
      const clauseText = sentence.slice(clauseStart(sentence, index), index);
      const direction = directionOf(clauseText, sentence.slice(index + m[0].length), sign);
      const value = direction === 'down' ? -n : n;
      const subject = lastName(clauseText);
      const isIndex = direction !== null && (INDEX_RE.test(clauseText) || /\b(?:index|benchmark|composite)\b/i.test(clauseText));
      const indexName = isIndex ? INDEX_RE.exec(clauseText)?.[0] ?? subject : subject;
      figures.push({
        at: s.start + index,
        figure: {
          kind: isIndex ? 'index-move' : 'percent',
          value: round(value),
          unit: '%',
          text: m[0].trim(),
          subject: isIndex ? indexName : subject,
          direction,
        },
      });
    }
  }
  return figures.sort((a, b) => a.at - b.at).map((f) => f.figure);
}
