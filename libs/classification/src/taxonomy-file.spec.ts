import { classifyStory } from './classify';
import { DEFAULT_TAXONOMY } from './taxonomy';
import { compilePattern, parseTaxonomy, TaxonomyError, taxonomyToJson } from './taxonomy-file';

const file = (data: unknown) => JSON.stringify(data);

/** The problems parseTaxonomy reports for a file, or [] when it parses. */
function problems(data: unknown): string[] {
  try {
    parseTaxonomy(typeof data === 'string' ? data : file(data), 'topics.json');
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(TaxonomyError);
    return (err as TaxonomyError).errors;
  }
}

const EARNINGS = {
  id: 'nvidia-results',
  label: 'Nvidia results',
  keywords: ['earnings', 'guidance', 'Revenue*', 'data centre revenue'],
  patterns: ['\\bq[1-4] (?:results|earnings)\\b', '/\\bFY ?20\\d\\d\\b/'],
  requires: { entities: ['NVDA'] },
  boosts: [{ entities: ['Nvidia'], primary: true, weight: 1.5 }, { figures: ['money'], weight: 0.5 }],
};

describe('parseTaxonomy: extending and replacing', () => {
  it('extends the default: keeps its topics minus "remove" and appends the new ones', () => {
    const taxonomy = parseTaxonomy(file({ extends: 'default', remove: ['consumer-adoption'], topics: [EARNINGS] }), 'mine.json');
    const ids = taxonomy.topics.map((t) => t.id);
    expect(ids).toHaveLength(DEFAULT_TAXONOMY.topics.length);
    expect(ids).not.toContain('consumer-adoption');
    expect(ids[ids.length - 1]).toBe('nvidia-results');
    expect(taxonomy.topics.find((t) => t.id === 'nvidia-results')!.keywords).toEqual(['earnings', 'guidance', 'revenue*', 'data centre revenue']);
  });

  it('reads weakKeywords like keywords, with the same checks', () => {
    const topic = { ...EARNINGS, weakKeywords: ['Quarter', 'results*'] };
    expect(parseTaxonomy(file({ topics: [topic] }), 'weak.json').topics[0].weakKeywords).toEqual(['quarter', 'results*']);
    expect(() => parseTaxonomy(file({ topics: [{ ...EARNINGS, weakKeywords: ['q*x'] }] }), 'weak.json')).toThrow(
      `weak.json: topics[0] ("nvidia-results").weakKeywords[0]: "q*x": '*' is only allowed at the end`,
    );
  });

  it('replaces the default when there is no "extends"', () => {
    expect(parseTaxonomy(file({ topics: [EARNINGS] }), 'only.json').topics.map((t) => t.id)).toEqual(['nvidia-results']);
  });

  it('round-trips the shipped default through its JSON form', () => {
    expect(parseTaxonomy(taxonomyToJson(DEFAULT_TAXONOMY), 'default.json')).toEqual(DEFAULT_TAXONOMY);
    expect(JSON.parse(JSON.stringify(DEFAULT_TAXONOMY))).toEqual(DEFAULT_TAXONOMY);
  });

  it('does not share topic objects with the default (callers may mutate their copy)', () => {
    const taxonomy = parseTaxonomy(file({ extends: 'default', topics: [] }), 'same.json');
    expect(taxonomy.topics).toEqual(DEFAULT_TAXONOMY.topics);
    expect(taxonomy.topics[0]).not.toBe(DEFAULT_TAXONOMY.topics[0]);
  });
});

describe('parseTaxonomy: validation', () => {
  it('reports bad JSON and a non-object file', () => {
    expect(problems('{"topics": [')[0]).toMatch(/^topics\.json: not valid JSON/);
    expect(problems([])).toEqual(['topics.json: expected a JSON object with "topics"']);
  });

  it('names the topic and field of every problem, all at once', () => {
    const errors = problems({
      extends: 'default',
      topics: [
        { ...EARNINGS, patterns: ['(unclosed'], colour: 'red' },
        { id: 'Bad Id', label: '', keywords: ['ok', 'ch*ip', 'x*', '--'] },
      ],
    });
    expect(errors).toEqual([
      'topics.json: topics[0] ("nvidia-results").colour: unknown field (allowed: id, label, keywords, weakKeywords, patterns, requires, boosts)',
      expect.stringMatching(/^topics\.json: topics\[0\] \("nvidia-results"\)\.patterns\[0\]: invalid regular expression "\(unclosed": /),
      'topics.json: topics[1] ("Bad Id").id: must be lowercase letters and digits separated by single hyphens',
      'topics.json: topics[1] ("Bad Id").label: must be a non-empty string',
      `topics.json: topics[1] ("Bad Id").keywords[1]: "ch*ip": '*' is only allowed at the end`,
      `topics.json: topics[1] ("Bad Id").keywords[2]: "x*": a prefix needs at least 2 characters before '*'`,
      'topics.json: topics[1] ("Bad Id").keywords[3]: "--" has no letters or digits',
    ]);
  });

  it('rejects duplicate ids, and a default id unless it is removed first', () => {
    expect(problems({ topics: [EARNINGS, EARNINGS] })).toEqual(['topics.json: topics[1] ("nvidia-results").id: duplicate id']);
    const redefined = { ...EARNINGS, id: 'geopolitics' };
    expect(problems({ extends: 'default', topics: [redefined] })).toEqual([
      'topics.json: topics[0] ("geopolitics").id: duplicate id (add it to "remove" to redefine a default topic)',
    ]);
    expect(problems({ extends: 'default', remove: ['geopolitics'], topics: [redefined] })).toEqual([]);
  });

  it('checks extends, remove and topics at the top level', () => {
    expect(problems({ extends: 'base', topics: [] })).toEqual(['topics.json: extends: must be "default", got "base"']);
    expect(problems({ remove: ['ai-models'], topics: [EARNINGS] })).toEqual(['topics.json: remove: only allowed with "extends": "default"']);
    expect(problems({ extends: 'default', remove: ['nope', 'ai-models', 'ai-models'] })).toEqual([
      'topics.json: remove[0]: "nope" is not a default topic id',
      'topics.json: remove[2]: "ai-models" is listed twice',
    ]);
    expect(problems({ topics: [] })).toEqual(['topics.json: topics: the taxonomy has no topics']);
    expect(problems({})).toEqual(['topics.json: topics: must be an array of topics']);
    expect(problems({ topic: [] })[0]).toBe('topics.json: topic: unknown field (allowed: extends, remove, topics)');
  });

  it('checks conditions: known entities and figure kinds, primary only with entities, boost weights', () => {
    const errors = problems({
      topics: [
        {
          id: 'x',
          label: 'X',
          keywords: ['x1'],
          requires: { entities: ['NVDAA'], figures: ['percentage'] },
          boosts: [{ primary: true, weight: 1 }, { figures: ['percent'], weight: 0 }, { entities: ['nvidia'], weight: 1, why: 1 }],
        },
        { id: 'y', label: 'Y', keywords: [] },
      ],
    });
    expect(errors).toEqual([
      'topics.json: topics[0] ("x").requires.entities[0]: unknown entity "NVDAA"',
      'topics.json: topics[0] ("x").requires.figures[0]: unknown figure kind "percentage" (allowed: percent, money, market-cap, index-move, price-per-unit)',
      'topics.json: topics[0] ("x").boosts[0].primary: only applies together with "entities"',
      'topics.json: topics[0] ("x").boosts[0]: needs "entities" or "figures"',
      'topics.json: topics[0] ("x").boosts[1].weight: must be a number in (0, 10]',
      'topics.json: topics[0] ("x").boosts[2].why: unknown field (allowed: entities, primary, figures, weight)',
      'topics.json: topics[1] ("y"): needs at least one keyword, pattern or boost',
    ]);
  });
});

describe('compilePattern', () => {
  it('is case-insensitive by default and honours /source/flags', () => {
    expect('Q3 Results'.match(compilePattern('q[1-4] results'))).toEqual(['Q3 Results']);
    expect('fy2025 FY2025'.match(compilePattern('/FY ?20\\d\\d/'))).toEqual(['FY2025']);
  });

  it('is Unicode-aware only when asked for or when the source needs it', () => {
    expect(compilePattern('q[1-4] results').flags).toBe('gi');
    expect(compilePattern('/chip/iu').flags).toBe('giu');
    expect('Ärger mit Ämtern'.match(compilePattern('/\\p{Lu}\\p{Ll}+/'))).toEqual(['Ärger', 'Ämtern']);
    expect('AI 🚀 launch'.match(compilePattern('\u{1F680}'))).toEqual(['🚀']);
  });

  it('rejects patterns that match the empty string and unsupported flags', () => {
    expect(() => compilePattern('a*')).toThrow(/empty string/);
    expect(() => compilePattern('/a/y')).toThrow(/unsupported flags/);
  });
});

describe('user topics in classifyStory', () => {
  const taxonomy = parseTaxonomy(file({ extends: 'default', topics: [EARNINGS] }), 'mine.json');
  const story = {
    title: 'Nvidia beats on Q4 earnings as data-centre revenue jumps',
    summary: 'The chipmaker raised guidance for FY2026 and said revenue reached $39.3 billion.',
  };

  it('scores user topics with evidence from keywords, patterns and boosts', () => {
    const tag = classifyStory(story, taxonomy).topics.find((t) => t.topic === 'nvidia-results')!;
    expect(tag.score).toBeGreaterThan(0.9);
    expect(tag.evidence).toEqual(['Q4 earnings', 'earnings', 'data-centre revenue', 'guidance', 'FY2026']);
  });

  it('leaves the topic out when its requirement fails', () => {
    const withoutNvidia = { title: 'AMD beats on Q4 earnings as data-centre revenue jumps' };
    expect(classifyStory(withoutNvidia, taxonomy).topics.map((t) => t.topic)).not.toContain('nvidia-results');
  });

  it('adds boost weight only when its condition holds', () => {
    const plain = parseTaxonomy(file({ topics: [{ id: 'results', label: 'Results', keywords: ['earnings'] }] }), 'a.json');
    const boosted = parseTaxonomy(
      file({ topics: [{ id: 'results', label: 'Results', keywords: ['earnings'], boosts: [{ figures: ['money'], weight: 1 }] }] }),
      'b.json',
    );
    const withMoney = { title: 'Earnings day', summary: 'Sales were $2 billion.' };
    const withoutMoney = { title: 'Earnings day', summary: 'Sales were flat.' };
    expect(classifyStory(withMoney, boosted).topics[0].score).toBeGreaterThan(classifyStory(withMoney, plain).topics[0].score);
    expect(classifyStory(withMoney, boosted).topics[0].evidence).toEqual(['Earnings', '$2 billion']);
    expect(classifyStory(withoutMoney, boosted).topics).toEqual(classifyStory(withoutMoney, plain).topics);
  });

  it('lets a boost alone tag a story (a topic for every story mainly about a company)', () => {
    const watch = parseTaxonomy(file({ topics: [{ id: 'tsmc-watch', label: 'TSMC', boosts: [{ entities: ['TSM'], primary: true, weight: 2 }] }] }), 'w.json');
    expect(classifyStory({ title: 'TSMC lifts its capex plan' }, watch).topics).toEqual([{ topic: 'tsmc-watch', score: 0.63, evidence: ['TSMC'] }]);
    expect(classifyStory({ title: 'Chip stocks fall', summary: 'Apple fell. TSMC was flat.' }, watch).topics).toEqual([]);
  });
});
