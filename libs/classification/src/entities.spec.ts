import { classifyStory, PRIMARY_MIN_RELEVANCE, type StoryText } from './classify';
import { GAZETTEER } from './gazetteer';
import { parseTerm } from './tokens';

const names = (story: StoryText) => classifyStory(story).entities.map((e) => e.name);
const entity = (story: StoryText, name: string) => classifyStory(story).entities.find((e) => e.name === name);

describe('gazetteer', () => {
  it('has no alias claimed by two entries, and common words are aliases of their entry', () => {
    const owner = new Map<string, string>();
    for (const c of GAZETTEER) {
      for (const alias of c.aliases) {
        const key = parseTerm(alias)!.lower.join(' ');
        expect([alias, owner.get(key) ?? c.name]).toEqual([alias, c.name]);
        owner.set(key, c.name);
      }
      for (const word of c.commonWords ?? []) expect(c.aliases).toContain(word);
    }
  });

  it.each([
    ['Qualcomm and Applied Materials rose, Lam Research and KLA fell', ['QCOM', 'AMAT', 'LRCX', 'KLAC']],
    ['Texas Instruments, Salesforce, IBM, Dell and HPE report this week', ['TXN', 'CRM', 'IBM', 'DELL', 'HPE']],
    ['Cisco, Arista Networks, Vertiv and CoreWeave extend gains', ['CSCO', 'ANET', 'VRT', 'CRWV']],
    ['SMIC, Hua Hong, MediaTek and Foxconn slip in Asia', ['0981', '1347', '2454', '2317']],
    ['Renesas, Lasertec and Screen Holdings lead Tokyo chip shares lower', ['6723', '6920', '7735']],
    ['Xiaomi and JD.com climb in Hong Kong', ['1810', 'JD']],
  ])('knows %s', (title, tickers) => {
    expect(classifyStory({ title }).entities.map((e) => e.ticker)).toEqual(tickers);
  });

  it('knows private labs and companies', () => {
    expect(names({ title: 'Huawei, ByteDance, Moonshot AI, Zhipu AI and MiniMax race to match DeepSeek' })).toEqual([
      'Huawei', 'ByteDance', 'Moonshot AI', 'Zhipu AI', 'MiniMax', 'DeepSeek',
    ]);
    expect(names({ title: 'OpenAI, Anthropic, Mistral, xAI, Cohere, Perplexity and Safe Superintelligence raise money' })).toEqual([
      'OpenAI', 'Anthropic', 'Mistral AI', 'xAI', 'Cohere', 'Perplexity', 'Safe Superintelligence',
    ]);
  });

  it('tells the indices apart, taking the longest name', () => {
    const result = classifyStory({
      title: 'Markets',
      summary:
        'The Nasdaq 100 fell 3%, the Nasdaq Composite 3.1% and the Nasdaq again later; the S&P 500, the Dow Jones Industrial ' +
        'Average and the Philadelphia Semiconductor Index (SOX) followed. The Hang Seng Tech index fell more than the Hang Seng. ' +
        'The Nikkei 225, Kospi, Taiex, Stoxx 600 and CSI 300 were mixed.',
    });
    expect(result.entities.map((e) => e.ticker)).toEqual(['NDX', 'IXIC', 'SPX', 'DJI', 'SOX', 'HSTECH', 'HSI', 'N225', 'KS11', 'TWII', 'SXXP', '000300']);
    expect(result.entities.every((e) => e.exchange === 'INDEX')).toBe(true);
    expect(result.entities[1].evidence).toEqual(['Nasdaq Composite', 'Nasdaq']);
  });
});

describe('ambiguous names', () => {
  it.each([
    ['Nvidia’s', 'curly possessive'],
    ["Nvidia's", 'straight possessive'],
    ['NVIDIA', 'capitals'],
  ])('matches %s (%s)', (word) => {
    expect(names({ title: `${word} shares sink` })).toEqual(['Nvidia']);
  });

  it.each([
    ['Meta', 'A meta-analysis of metadata found the meta trend', 'Meta-analysis of studies due'],
    ['Apple', 'She ate an apple', 'Apple pie sales climb in the Big Apple'],
    ['Oracle', 'No oracle saw it coming', 'The Oracle of Omaha is buying'],
    ['Alphabet', 'Learning the alphabet at school', 'Alphabet Soup Makers Cheer Harvest'],
    ['Arm Holdings', 'He broke his arm', 'Arm-wrestling final draws a crowd'],
    ['Disco', 'A barn disco closed the fair', 'Disco Fever Returns To Tokyo Clubs'],
    ['Intel', 'Analysts gathered intel on the intelligence agencies', 'Spy Chiefs Share Intel Report With Allies'],
    ['Micron', 'A 5 micron process', 'Engineers Move To A 3 Micron Process Node'],
    ['Screen Holdings', 'Screen time rules tighten for children', 'A Screen And Keyboard Deal'],
    ['Mistral AI', 'A mistral blew across Provence', 'Mistral winds close ski lifts'],
  ])('does not take the ordinary word for %s: "%s", "%s"', (name, lower, tricky) => {
    expect(names({ title: lower })).not.toContain(name);
    expect(names({ title: tricky })).not.toContain(name);
  });

  it('does not take the publisher or the chemicals company for the Dow index', () => {
    expect(names({ title: 'Dow Jones Newswires and Dow Chemical staff' })).toEqual([]);
    expect(names({ title: 'The Dow closed higher' })).toEqual(['Dow Jones Industrial Average']);
  });

  it('treats Gemini as a model, not a company', () => {
    expect(names({ title: 'Gemini tops the benchmark' })).toEqual([]);
    expect(names({ title: 'Google’s Gemini tops the benchmark' })).toEqual(['Alphabet']);
  });

  it('keeps the company in ordinary headlines, compounds like "Apple-designed" and Title Case with a cue', () => {
    expect(names({ title: 'Apple-designed chips and Intel-based servers' })).toEqual(['Apple', 'Intel']);
    expect(names({ title: 'Apple Shares Jump After Strong Quarter' })).toEqual(['Apple']);
    expect(names({ title: 'Why Oracle’s Cloud Bet Matters Now' })).toEqual(['Oracle']);
    expect(names({ title: 'Nvidia -17%, Broadcom -17%, Oracle -14%.' })).toEqual(['Nvidia', 'Broadcom', 'Oracle']);
  });

  it('accepts a Title Case headline mention when the body confirms the company', () => {
    const story = { title: 'Apple Unveils Cheaper Model', summary: 'Apple said the new phone will ship in March.' };
    expect(entity(story, 'Apple')!.evidence).toEqual(['Apple']);
    expect(names({ title: 'Apple Unveils Cheaper Model' })).toEqual([]);
  });
});

describe('relevance and primary', () => {
  const story: StoryText = {
    title: 'Nvidia sinks as cheap Chinese model rattles chip investors',
    summary: 'Nvidia lost 17% on Monday after DeepSeek released its R1 model.',
    content:
      'Analysts said Nvidia faces questions about demand. Broadcom and Marvell also fell, and the Nasdaq slid 3%. ' +
      'Nvidia has not commented. Some investors noted that Microsoft and Meta still plan heavy spending.',
  };

  it('scores headline, lead and repeated mentions highest and marks one primary', () => {
    const { entities } = classifyStory(story);
    const nvidia = entities.find((e) => e.name === 'Nvidia')!;
    const others = entities.filter((e) => e.name !== 'Nvidia');
    expect(nvidia).toMatchObject({ primary: true });
    expect(nvidia.relevance).toBeGreaterThanOrEqual(70);
    expect(nvidia.relevance).toBeLessThanOrEqual(100);
    for (const e of others) {
      expect(e.primary).toBe(false);
      expect(e.relevance).toBeLessThan(nvidia.relevance);
      expect(e.relevance).toBeGreaterThanOrEqual(0);
    }
    const deepseek = others.find((e) => e.name === 'DeepSeek')!;
    const marvell = others.find((e) => e.name === 'Marvell')!;
    expect(deepseek.relevance).toBeGreaterThan(marvell.relevance); // DeepSeek is in the lead sentence
  });

  it('gives no primary when every mention is in passing', () => {
    const passing = classifyStory({
      title: 'Rates hold steady as inflation cools',
      summary: 'Bond yields eased. Among equities, Apple edged up and the S&P 500 was flat.',
    });
    expect(passing.entities.map((e) => e.name)).toEqual(['Apple', 'S&P 500']);
    expect(passing.entities.every((e) => !e.primary && e.relevance < PRIMARY_MIN_RELEVANCE)).toBe(true);
  });

  it('shares primary between entities tied in the headline', () => {
    const tied = classifyStory({ title: 'AMD and Intel cut prices' });
    expect(tied.entities.map((e) => [e.name, e.primary])).toEqual([
      ['AMD', true],
      ['Intel', true],
    ]);
  });

  it('ranks the same mention lower when many companies share the story', () => {
    const alone = entity({ title: 'Chip update', summary: 'Marvell fell.' }, 'Marvell')!;
    const crowded = entity({ title: 'Chip update', summary: 'Marvell, Broadcom, AMD, Intel and Qualcomm fell.' }, 'Marvell')!;
    expect(crowded.relevance).toBeLessThan(alone.relevance);
  });
});
