import type { FigureKind } from './figures';

/**
 * A topic and the rules that signal it.
 *
 * - `keywords`: words, phrases and prefixes, matched case-insensitively on whole words. A space or hyphen in a
 *   phrase matches any run of spaces, hyphens or dashes ("open source" finds "open-source"); a trailing '*' is
 *   a prefix match on the last word ("chip*" finds "chips" and "chipmakers", never "microchip"). Other
 *   punctuation between words must appear as written ("s&p 500"). A word weighs 1, a phrase 1.5.
 * - `patterns`: regular expressions (JavaScript syntax), case-insensitive unless written as "/source/flags"
 *   without an i flag; each distinct match weighs as a phrase.
 * - `requires`: the topic is reported only when the story satisfies this condition.
 * - `boosts`: weight added when a condition holds (on the same scale as a keyword in the title: 1.5).
 * See classify.ts for how weights become a score and taxonomy-file.ts for the JSON file format.
 */
export interface TopicRule {
  id: string;
  label: string;
  keywords: string[];
  patterns?: string[];
  requires?: TopicCondition;
  boosts?: TopicBoost[];
}

/**
 * Holds when every field given holds: one of `entities` (gazetteer names or tickers, any case) is in the story
 * (as a primary entity when `primary` is set), and one of `figures` kinds was extracted.
 */
export interface TopicCondition {
  entities?: string[];
  primary?: boolean;
  figures?: FigureKind[];
}

export interface TopicBoost extends TopicCondition {
  weight: number;
}

export interface Taxonomy {
  topics: TopicRule[];
}

/** The shipped topics. Plain data: `JSON.stringify(DEFAULT_TAXONOMY)` is a valid taxonomy file (see taxonomy-file.ts). */
export const DEFAULT_TAXONOMY: Taxonomy = {
  topics: [
    {
      id: 'ai-models',
      label: 'AI models: releases, capabilities, benchmarks',
      keywords: [
        'ai model*', 'language model*', 'llm*', 'reasoning model*', 'frontier model*', 'foundation model*',
        'chatbot*', 'chatgpt', 'gpt*', 'gemini', 'claude', 'llama', 'grok', 'deepseek r1', 'deepseek v3',
        'reasoning', 'benchmark*', 'generative ai', 'genai', 'multimodal', 'distillation', 'distilled',
        'fine tun*', 'artificial general intelligence', 'agi', 'chain of thought', 'model release*',
      ],
    },
    {
      id: 'ai-compute',
      label: 'AI compute: chips, GPUs, data centres, semiconductor supply',
      keywords: [
        'chip*', 'semiconductor*', 'gpu*', 'graphics processor*', 'accelerator*', 'data cent*', 'datacent*',
        'h100*', 'h800*', 'h20', 'blackwell', 'hbm', 'high bandwidth memory', 'memory chip*', 'foundr*',
        'wafer*', 'lithography', 'euv', 'compute', 'computing power', 'ai infrastructure', 'supercomputer*',
        'cuda', 'fabs', 'chip equipment', 'server*',
      ],
    },
    {
      id: 'export-controls',
      label: 'Export controls: chip export restrictions, sanctions, tech trade and tariff policy',
      keywords: [
        'export control*', 'export restriction*', 'export ban*', 'export curb*', 'export rule*', 'export licen*',
        'chip ban*', 'sanction*', 'entity list', 'blacklist*', 'commerce department', 'department of commerce',
        'bureau of industry and security', 'tariff*', 'trade war*', 'trade restriction*', 'trade polic*',
        'ai diffusion rule', 'smuggl*', 'loophole*', 'curbs', 'restrictions',
      ],
    },
    {
      id: 'market-move',
      label: 'Market moves: stock, index and market-cap moves, selloffs, rallies',
      keywords: [
        'shares', 'stock', 'stocks', 'stock market*', 'share price*', 'selloff*', 'sell off*', 'rout',
        'plunge*', 'plummet*', 'tumbl*', 'slump*', 'sank', 'market cap*', 'market value', 'wiped',
        'rally', 'rallied', 'rebound*', 'soar*', 'nasdaq', 's&p 500', 'dow jones', 'nikkei',
        'hang seng', 'investors', 'traders', 'trading', 'single day',
      ],
    },
    {
      id: 'ai-investment',
      label: 'AI investment: funding, capex, valuations, spending programmes',
      keywords: [
        'capex', 'capital expenditure*', 'capital spending', 'funding round*', 'fundrais*', 'raised',
        'valuation*', 'investment*', 'invests', 'investing', 'stargate', 'venture capital', 'ipo',
        'ai spending', 'spending', 'spend', 'bubble', 'return on investment', 'stake', 'acquisition*',
        'backed', 'backer*', 'financing', 'war chest',
      ],
    },
    {
      id: 'open-source',
      label: 'Open source: open-source and open-weights releases',
      keywords: [
        'open sourc*', 'open weight*', 'open model*', 'openly available', 'freely available',
        'model weights', 'weights', 'hugging face', 'github', 'mit licen*', 'apache 2.0',
        'permissive licen*', 'free to download', 'open release', 'community models',
      ],
    },
    {
      id: 'ai-pricing',
      label: 'AI pricing: training and inference cost, token prices, cost efficiency',
      keywords: [
        'training cost*', 'cost to train', 'cost of training', 'inference cost*', 'cost per token',
        'per million tokens', 'token price*', 'tokens', 'training run*', 'price war*', 'price cut*', 'cheap', 'cheaper', 'cheaply',
        'low cost', 'cost effective', 'cost efficien*', 'efficien*', 'frugal', 'fraction of the cost',
        'affordable', 'pricing', 'api price*', 'cost', 'costs', 'costly',
      ],
    },
    {
      id: 'regulation',
      label: 'Regulation: AI laws and policy, legal disputes, terms-of-use fights, bans',
      keywords: [
        'regulat*', 'ai act', 'legislation', 'lawmaker*', 'law', 'laws', 'lawsuit*', 'sued', 'court',
        'copyright*', 'terms of service', 'terms of use', 'ban', 'bans', 'banned', 'banning', 'prohibit*',
        'privacy', 'data protection', 'gdpr', 'watchdog*', 'investigat*', 'probe', 'antitrust',
        'intellectual property', 'compliance',
      ],
    },
    {
      id: 'consumer-adoption',
      label: 'Consumer adoption: app rankings, downloads, user counts',
      keywords: [
        'app store*', 'play store', 'google play', 'download*', 'most downloaded', 'top free app*',
        'chart*', 'number one', 'users', 'user base', 'monthly active users', 'daily active users',
        'sign up*', 'signups', 'subscriber*', 'consumer*', 'viral', 'app', 'apps', 'smartphone*', 'iphone',
      ],
    },
    {
      id: 'geopolitics',
      label: 'Geopolitics: US-China rivalry, national security',
      keywords: [
        'china', 'chinese', 'beijing', 'washington', 'us china', 'national security', 'sputnik',
        'sputnik moment', 'rivalry', 'tech race', 'ai race', 'arms race', 'cold war', 'superpower*',
        'taiwan', 'geopolitic*', 'white house', 'pentagon', 'espionage', 'decoupl*', 'tech war',
        'american dominance', 'wake up call',
      ],
    },
  ],
};
