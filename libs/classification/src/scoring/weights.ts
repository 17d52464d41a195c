/**
 * Fixed weights behind relevance and severity. Kept in one place so the explanation can quote them and a desk
 * can argue with them.
 */

/** How directly a topic concerns the AI market (0..1). Market moves matter only through AI context. */
export const TOPIC_AI_WEIGHT: Readonly<Record<string, number>> = {
  'ai-models': 1,
  'ai-compute': 1,
  'ai-pricing': 0.9,
  'open-source': 0.8,
  'ai-investment': 0.8,
  'export-controls': 0.7,
  regulation: 0.5,
  'consumer-adoption': 0.5,
  geopolitics: 0.4,
  'market-move': 0.3,
};
export const DEFAULT_TOPIC_AI_WEIGHT = 0.3;

/** How central a company is to the AI market (0..1); companies not listed count DEFAULT_ENTITY_AI_WEIGHT. */
export const ENTITY_AI_WEIGHT: Readonly<Record<string, number>> = {
  Nvidia: 1,
  OpenAI: 1,
  DeepSeek: 1,
  Anthropic: 1,
  'Mistral AI': 0.9,
  xAI: 0.9,
  Microsoft: 0.8,
  Alphabet: 0.8,
  'Meta Platforms': 0.8,
  Amazon: 0.7,
  TSMC: 0.8,
  AMD: 0.8,
  Broadcom: 0.8,
  ASML: 0.7,
  'SK Hynix': 0.7,
  'Arm Holdings': 0.7,
  'SoftBank Group': 0.7,
  Oracle: 0.7,
  'Super Micro Computer': 0.7,
  Micron: 0.6,
  Marvell: 0.6,
  Palantir: 0.6,
  Alibaba: 0.6,
  Baidu: 0.6,
  Tencent: 0.5,
  'Hang Seng Tech': 0.4,
  'Nasdaq 100': 0.4,
};
export const DEFAULT_ENTITY_AI_WEIGHT = 0.4;

/**
 * How much a company's news moves markets (0..1): the largest listed names and the indices weigh most,
 * private labs least (no stock of their own to move).
 */
export const ENTITY_MARKET_WEIGHT: Readonly<Record<string, number>> = {
  Nvidia: 1,
  Microsoft: 1,
  Apple: 1,
  Alphabet: 1,
  Amazon: 1,
  'Meta Platforms': 1,
  Broadcom: 1,
  TSMC: 1,
  Tesla: 1,
  'Nasdaq 100': 1,
  'S&P 500': 1,
  'Nikkei 225': 0.8,
  'Hang Seng Tech': 0.8,
  OpenAI: 0.6,
  DeepSeek: 0.6,
  Anthropic: 0.5,
};
export const DEFAULT_ENTITY_MARKET_WEIGHT = 0.6;

/** Caps of the relevance parts; they add up to 100. */
export const RELEVANCE_CAPS = { topics: 50, entities: 40, figures: 10 } as const;

/** Caps of the severity parts; they add up to 100. */
export const SEVERITY_CAPS = {
  marketMove: 25,
  marketValue: 20,
  companies: 15,
  sentiment: 10,
  velocity: 10,
  sources: 10,
  novelty: 10,
} as const;
