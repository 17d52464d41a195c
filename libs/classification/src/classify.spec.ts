import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_STORIES } from '../../../infra/local/demo-stories';
import { classifyStory, DEFAULT_TAXONOMY, GAZETTEER, parseLabelledJsonl, type Classification, type StoryText, type Taxonomy } from './index';

const topicIds = (c: Classification) => c.topics.map((t) => t.topic);
const tickers = (c: Classification) => c.entities.map((e) => e.ticker);
const names = (c: Classification) => c.entities.map((e) => e.name);

/** One fixture per topic, written for these tests. */
const TOPIC_FIXTURES: Record<string, StoryText> = {
  'ai-models': {
    title: 'Hangzhou lab unveils reasoning model that rivals ChatGPT on maths benchmarks',
    summary: 'The new large language model solves competition problems step by step and beats GPT-4o on several coding tests.',
  },
  'ai-compute': {
    title: 'Hyperscalers race to secure GPUs as data centre build-out strains chip supply',
    summary: 'Orders for accelerators and high-bandwidth memory are running well ahead of what foundries can deliver this year.',
  },
  'export-controls': {
    title: 'US tightens export controls on advanced AI chips',
    summary: 'The Commerce Department added more firms to the entity list and closed loopholes that let sanctioned buyers obtain hardware through third countries.',
  },
  'market-move': {
    title: 'Chip stocks plunge as investors flee AI trade',
    summary: 'The selloff wiped hundreds of billions off the market value of semiconductor makers before a partial rebound late in the session.',
  },
  'ai-investment': {
    title: 'Cloud giants lift AI capex again as funding round values start-up at $60 billion',
    summary: 'Capital expenditure on servers keeps climbing, and venture capital firms are still chasing ever higher valuations.',
  },
  'open-source': {
    title: 'Lab releases open-weights model on Hugging Face under a permissive licence',
    summary: 'Developers can download the model weights and fine-tune them freely; the code is also on GitHub as open source.',
  },
  'ai-pricing': {
    title: 'Price war: new model undercuts rivals on inference cost',
    summary: 'The company charges a fraction of the cost per million tokens, and claims its training cost was far lower thanks to efficiency tricks.',
  },
  regulation: {
    title: 'European watchdog opens privacy probe into Chinese chatbot',
    summary: 'Regulators said the app may breach data protection law, and one country has already banned it on government devices.',
  },
  'consumer-adoption': {
    title: 'AI assistant tops App Store chart with millions of downloads',
    summary: 'The app became the most downloaded free app in the US within days and says daily active users have tripled.',
  },
  geopolitics: {
    title: 'Sputnik moment? Washington weighs national security risks of China’s AI advance',
    summary: 'Officials framed the episode as a new front in the US-China tech race and the wider rivalry between the two superpowers.',
  },
};

const FOOTBALL: StoryText = {
  title: 'Late header sends Riverside into the cup semi-final',
  summary:
    'Riverside came from a goal down to beat Northgate 2-1 in front of a sell-out crowd. The captain levelled before the break ' +
    'and a substitute headed the winner in stoppage time. The manager praised his players for their spirit in the second half.',
};

describe('classifyStory: topics', () => {
  it('has exactly the ten agreed topic ids, each with 10-50 keywords', () => {
    expect(DEFAULT_TAXONOMY.topics.map((t) => t.id).sort()).toEqual(
      [
        'ai-compute', 'ai-investment', 'ai-models', 'ai-pricing', 'consumer-adoption', 'export-controls', 'geopolitics',
        'market-move', 'open-source', 'regulation',
      ].sort(),
    );
    for (const topic of DEFAULT_TAXONOMY.topics) {
      expect(topic.keywords.length).toBeGreaterThanOrEqual(10);
      expect(topic.keywords.length).toBeLessThanOrEqual(50);
      for (const k of [...topic.keywords, ...(topic.weakKeywords ?? [])]) expect(k).toBe(k.toLowerCase());
    }
  });

  it.each(Object.entries(TOPIC_FIXTURES))('tags a story meant for %s with that topic', (topic, story) => {
    const result = classifyStory(story);
    expect(topicIds(result)).toContain(topic);
    expect(result.topics.find((t) => t.topic === topic)!.score).toBeGreaterThanOrEqual(0.5);
  });

  it('gives an unrelated story no topics and no companies', () => {
    const result = classifyStory(FOOTBALL);
    expect({ topics: result.topics, entities: result.entities }).toEqual({ topics: [], entities: [] });
    expect(result.figures).toEqual([]);
  });

  it('keeps scores in 0..1, rounded to 2 decimals, sorted by score then id', () => {
    for (const story of [...Object.values(TOPIC_FIXTURES), ...DEMO_STORIES]) {
      const { topics } = classifyStory(story);
      for (const t of topics) {
        expect(t.score).toBeGreaterThanOrEqual(0.3);
        expect(t.score).toBeLessThanOrEqual(1);
        expect(Math.round(t.score * 100) / 100).toBe(t.score);
      }
      const sorted = [...topics].sort((a, b) => b.score - a.score || a.topic.localeCompare(b.topic));
      expect(topics).toEqual(sorted);
    }
  });

  it('records the matched spans as evidence, in original case, distinct and at most 5', () => {
    const { topics } = classifyStory(TOPIC_FIXTURES['export-controls']);
    const tag = topics.find((t) => t.topic === 'export-controls')!;
    expect(tag.evidence).toEqual(expect.arrayContaining(['export controls', 'Commerce Department', 'entity list', 'loopholes']));
    expect(tag.evidence).toContain('sanctioned'); // 'sanction*' is a prefix keyword
    const many = classifyStory({
      title: 'Shares slump',
      summary: 'Stocks tumbled, traders sold, investors fled, shares fell, the Nasdaq sank and the selloff spread; SHARES again.',
    });
    const market = many.topics.find((t) => t.topic === 'market-move')!;
    expect(market.evidence).toHaveLength(5);
    expect(market.evidence.slice(0, 2)).toEqual(['Shares', 'slump']);
    expect(new Set(market.evidence.map((e) => e.toLowerCase())).size).toBe(5);
  });

  it('does not tag on a single generic word in the body, but does on the same word in the title', () => {
    const body = classifyStory({ title: 'Quarterly update from the regional bakery chain', summary: 'Bread pricing was stable and costs fell.' });
    expect(topicIds(body)).not.toContain('ai-pricing');
    expect(body.topics).toEqual([]);
    const title = classifyStory({ title: 'Pricing changes at the regional bakery chain' });
    expect(topicIds(title)).toContain('ai-pricing');
  });

  it('does not tag on weak keywords alone, even in the title, but counts them beside a keyword', () => {
    const taxonomy: Taxonomy = { topics: [{ id: 'geo', label: 'Geo', keywords: ['national security'], weakKeywords: ['chinese', 'government*'] }] };
    expect(classifyStory({ title: 'Chinese app tops the charts', summary: 'The Chinese assistant was downloaded by many.' }, taxonomy).topics).toEqual([]);
    const strong = classifyStory({ title: 'Officials cite national security', summary: 'The government acted.' }, taxonomy).topics[0];
    const both = classifyStory({ title: 'Chinese app: officials cite national security', summary: 'The government acted.' }, taxonomy).topics[0];
    expect(both.score).toBeGreaterThan(strong.score);
    expect(both.evidence).toEqual(['national security', 'Chinese', 'government']);
  });

  it('leaves a chatbot app\'s popularity out of ai-models and a Chinese company alone out of geopolitics', () => {
    const app = classifyStory({ title: 'Chinese chatbot app climbs to the top of the App Store', summary: 'The assistant overtook ChatGPT in downloads.' });
    expect(topicIds(app)).toContain('consumer-adoption');
    expect(topicIds(app)).not.toContain('ai-models');
    expect(topicIds(app)).not.toContain('geopolitics');
    const release = classifyStory({ title: 'Lab releases reasoning model that tops maths benchmarks' });
    expect(topicIds(release)).toContain('ai-models');
  });

  it('matches phrases across hyphens and prefixes on word boundaries', () => {
    const taxonomy: Taxonomy = { topics: [{ id: 't', label: 'T', keywords: ['open source', 'chip*'] }] };
    expect(classifyStory({ title: 'An open-source chipmaker' }, taxonomy).topics[0].evidence).toEqual(['open-source', 'chipmaker']);
    expect(classifyStory({ title: 'A microchip made of potato crisps' }, taxonomy).topics).toEqual([]);
  });

  it('finds pattern matches wherever the regex would, with or without non-ASCII letters', () => {
    const taxonomy: Taxonomy = { topics: [{ id: 't', label: 'T', keywords: [], patterns: ['\\b(?:launch|releas)\\w* models?\\b', '/\\b(?:AI)\\b/'] }] };
    const evidence = (title: string) => classifyStory({ title }, taxonomy).topics[0]?.evidence ?? [];
    expect(evidence('Lab RELEASES models and AI tools; relaunches model')).toEqual(['RELEASES models', 'AI']);
    // no \w boundary inside "éreleased" or "\u212aAI" for a regex without the u flag: both match there
    expect(evidence('éreleased model by \u212aAI')).toEqual(['released model', 'AI']);
  });

  it('reads HTML content, decoding entities', () => {
    const result = classifyStory({ title: 'Markets', content: '<p>The <b>S&amp;P 500</b> and Nvidia&#8217;s shares fell.</p>' });
    expect(tickers(result)).toEqual(['SPX', 'NVDA']);
  });

  it('leaves unknown HTML entities as written, including names of Object.prototype properties', () => {
    // "&constructor;" used to be replaced by the source text of Object: "function Object() { [native code] }"
    const taxonomy: Taxonomy = { topics: [{ id: 't', label: 'T', keywords: ['native code', 'constructor'] }] };
    const result = classifyStory({ title: 'A &constructor; and a &bogus; entity' }, taxonomy);
    expect(result.topics).toEqual([{ topic: 't', score: 0.53, evidence: ['constructor'] }]);
  });

  it('is deterministic across calls and with explicit defaults', () => {
    const story = TOPIC_FIXTURES['ai-compute'];
    expect(classifyStory(story)).toEqual(classifyStory(story, DEFAULT_TAXONOMY, GAZETTEER));
  });
});

describe('classifyStory: entities', () => {
  it('tags Nvidia from a possessive with a curly or straight apostrophe', () => {
    const curly = classifyStory({ title: 'Nvidia’s shares sink' });
    expect(curly.entities).toEqual([
      {
        name: 'Nvidia', ticker: 'NVDA', exchange: 'NASDAQ', evidence: ['Nvidia'], sentiment: expect.objectContaining({ label: 'negative' }),
        relevance: expect.any(Number), primary: true,
      },
    ]);
    expect(tickers(classifyStory({ title: "NVIDIA's results" }))).toEqual(['NVDA']);
  });

  it('does not mistake apples, metadata and other common words for companies', () => {
    const result = classifyStory({
      title: 'Orchards report a bumper apple harvest',
      summary:
        'Growers said every apple was tracked with metadata from field sensors. One farmer hurt his arm on a ladder, ' +
        'another joked that no oracle could have predicted the weather, and the season closed with a barn disco. ' +
        'A meta-analysis of yields is due next month.',
    });
    expect(names(result)).not.toContain('Apple');
    expect(names(result)).not.toContain('Meta Platforms');
    expect(result.entities).toEqual([]);
  });

  it('does tag the proper nouns', () => {
    const result = classifyStory({ title: 'Meta and Apple rise while Arm, Oracle and Disco slip' });
    expect(tickers(result)).toEqual(['META', 'AAPL', 'ARM', 'ORCL', '6146']);
  });

  it('returns one tag per company across aliases, in order of first appearance', () => {
    const result = classifyStory({
      title: 'Tokyo Electron and TSMC fall',
      summary: 'Google said capex will rise; its parent Alphabet reports next week. Taiwan Semiconductor fell 13%.',
    });
    expect(result.entities.map((e) => [e.ticker, e.exchange])).toEqual([
      ['8035', 'TSE'],
      ['TSM', 'NYSE'],
      ['GOOGL', 'NASDAQ'],
    ]);
    expect(result.entities[2].evidence).toEqual(['Google', 'Alphabet']);
    expect(result.entities[1].evidence).toEqual(['TSMC', 'Taiwan Semiconductor']);
  });

  it('covers private labs and indices', () => {
    const result = classifyStory({
      title: 'DeepSeek, OpenAI, Anthropic, Mistral AI and xAI',
      summary: 'The Nasdaq 100, the S&P 500, the Nikkei 225 and the Hang Seng Tech index all moved.',
    });
    expect(result.entities.map((e) => e.ticker)).toEqual([null, null, null, null, null, 'NDX', 'SPX', 'N225', 'HSTECH']);
    expect(result.entities.slice(5).every((e) => e.exchange === 'INDEX')).toBe(true);
    expect(result.entities[3].evidence).toEqual(['Mistral AI']);
  });

  it('lists at least 30 companies with unique names', () => {
    expect(GAZETTEER.length).toBeGreaterThanOrEqual(30);
    expect(new Set(GAZETTEER.map((c) => c.name)).size).toBe(GAZETTEER.length);
  });
});

describe('demo stories', () => {
  it.each(DEMO_STORIES.map((s) => [s.guid, s] as const))('%s gets at least one topic', (_guid, story) => {
    expect(classifyStory(story).topics.length).toBeGreaterThanOrEqual(1);
  });

  it('mostly mention a listed company, with unique guids and links', () => {
    const withEntities = DEMO_STORIES.filter((s) => classifyStory(s).entities.length > 0);
    expect(withEntities.length).toBeGreaterThanOrEqual(Math.ceil(DEMO_STORIES.length * 0.75));
    expect(new Set(DEMO_STORIES.map((s) => s.guid)).size).toBe(DEMO_STORIES.length);
    for (const s of DEMO_STORIES) {
      expect(s.guid).toBe(`demo-${s.link.split('/').pop()}`);
      expect(s.publishedOffsetMin).toBeGreaterThanOrEqual(5);
      expect(s.publishedOffsetMin).toBeLessThanOrEqual(180);
    }
  });
});

/**
 * The taxonomy's rules against labelled stories: dev/topics/dev.jsonl (200, also the model's training set) and
 * dev/topics/holdout.jsonl (50, written later and first scored blind: micro-F1 0.78 before the weak keywords
 * and list changes made on the development set, 0.885 after).
 */
describe('taxonomy rules on the labelled topic sets', () => {
  function microF1(file: string): number {
    const rows = parseLabelledJsonl(readFileSync(join(__dirname, '../dev/topics', file), 'utf8'));
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const row of rows) {
      const got = new Set(topicIds(classifyStory(row)));
      for (const t of got) if (row.labels.includes(t)) tp++; else fp++;
      for (const t of row.labels) if (!got.has(t)) fn++;
    }
    const f1 = (2 * tp) / (2 * tp + fp + fn);
    console.log(`taxonomy rules on ${file}: ${rows.length} stories, micro-F1 ${f1.toFixed(3)}`);
    return f1;
  }

  it('reaches micro-F1 >= 0.75 on the development set and >= 0.85 on the hold-out', () => {
    // measured: 0.797 and 0.885
    expect(microF1('dev.jsonl')).toBeGreaterThanOrEqual(0.75);
    expect(microF1('holdout.jsonl')).toBeGreaterThanOrEqual(0.85);
  });
});
