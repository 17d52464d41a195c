import { DEFAULT_TOKENIZER, fieldTerms, isReadableTerm, tokenize } from './tokenize';

describe('tokenize', () => {
  it('lowercases, keeps letters and digits, drops single letters and punctuation', () => {
    expect(tokenize("DeepSeek's chatbot — topping the App Store!", DEFAULT_TOKENIZER)).toEqual([
      'deepseek',
      'chatbot',
      'topping',
      'the',
      'app',
      'store',
    ]);
  });

  it('normalises numbers so amounts and years share one term', () => {
    expect(tokenize('Nvidia fell 17% to lose $593bn; training cost $5.6m for 1,000 chips in 2025', DEFAULT_TOKENIZER)).toEqual([
      'nvidia',
      'fell',
      '0',
      'to',
      'lose',
      '0bn',
      'training',
      'cost',
      '0m',
      'for',
      '0',
      'chips',
      'in',
      '0',
    ]);
    expect(tokenize('$5.6m H800 R1', { ...DEFAULT_TOKENIZER, normaliseNumbers: false })).toEqual(['5.6m', 'h800', 'r1']);
  });

  it('keeps dotted acronyms as one token and ends numbers at a trailing full stop', () => {
    expect(tokenize('The U.S. and e.u. agreed. Sales rose 4.', DEFAULT_TOKENIZER)).toEqual(['the', 'us', 'and', 'eu', 'agreed', 'sales', 'rose', '0']);
  });

  it('handles accents, other scripts, compatibility forms and HTML tags', () => {
    expect(tokenize('<p>München&nbsp;<b>ＡＩ</b> 芯片 naïve</p>', DEFAULT_TOKENIZER)).toEqual(['münchen', 'nbsp', 'ai', '芯片', 'naïve']);
  });

  it('drops stop words only when asked', () => {
    expect(tokenize('The curbs on the chips', { ...DEFAULT_TOKENIZER, stopWords: true })).toEqual(['curbs', 'chips']);
  });
});

describe('fieldTerms', () => {
  it('adds adjacent bigrams after the unigrams when asked', () => {
    expect(fieldTerms(['export', 'controls', 'tighten'], true)).toEqual([
      'export',
      'controls',
      'tighten',
      'export controls',
      'controls tighten',
    ]);
    expect(fieldTerms(['export', 'controls'], false)).toEqual(['export', 'controls']);
  });
});

describe('isReadableTerm', () => {
  it('rejects lone stop words, bare numbers, and normalised numbers inside terms', () => {
    expect(isReadableTerm('export controls', DEFAULT_TOKENIZER)).toBe(true);
    expect(isReadableTerm('in', DEFAULT_TOKENIZER)).toBe(false);
    expect(isReadableTerm('in china', DEFAULT_TOKENIZER)).toBe(true);
    expect(isReadableTerm('0', DEFAULT_TOKENIZER)).toBe(false);
    expect(isReadableTerm('0bn', DEFAULT_TOKENIZER)).toBe(false);
    expect(isReadableTerm('nvidia 0', DEFAULT_TOKENIZER)).toBe(false);
    const raw = { ...DEFAULT_TOKENIZER, normaliseNumbers: false };
    expect(isReadableTerm('h800', raw)).toBe(true);
    expect(isReadableTerm('2025', raw)).toBe(false);
  });
});
