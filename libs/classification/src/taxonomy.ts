import type { FigureKind } from './figures';

/**
 * A topic and the rules that signal it.
 *
 * - `keywords`: words, phrases and prefixes, matched case-insensitively on whole words. A space or hyphen in a
 *   phrase matches any run of spaces, hyphens or dashes ("open source" finds "open-source"); a trailing '*' is
 *   a prefix match on the last word ("chip*" finds "chips" and "chipmakers", never "microchip"). Other
 *   punctuation between words must appear as written ("s&p 500"). A word weighs 1, a phrase 1.5.
 * - `weakKeywords`: the same, weighing a quarter of a keyword: words that hint at a topic but do not make a story about
 *   it on their own ("Chinese" for geopolitics, "users" for consumer adoption); they count beside stronger signs.
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
  weakKeywords?: string[];
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
        'llm*', 'deepseek r1', 'deepseek v3', 'benchmark*', 'leaderboard*', 'multimodal', 'distillation',
        'distilled', 'fine tun*', 'artificial general intelligence', 'agi', 'chain of thought', 'model release*',
        'new model', 'latest model', 'coding model*', 'mixture of experts', 'parameters', 'o1', 'o3', 'o3 mini',
        'qwen', 'model card', 'reinforcement learning', 'olympiad', 'outperform*', 'state of the art',
      ],
      patterns: ['\\b(?:releas|unveil|launch|publish|debut|introduc|show)\\w*\\b[^.]{0,40}\\bmodels?\\b'],
      // model nouns and product names: a chatbot app's downloads, a ban or a model's price are not news about
      // models themselves; together with a release, a benchmark or a capability they are
      weakKeywords: [
        'ai model*', 'language model*', 'reasoning model*', 'frontier model*', 'foundation model*', 'open model*',
        'small model*', 'reasoning', 'chatbot*', 'chatgpt', 'gpt*', 'gemini', 'claude', 'llama', 'grok',
        'generative ai', 'genai', 'model', 'models', 'assistant', 'r1', 'capabilit*', 'rival*', 'paper',
        'researchers', 'smarter', 'accuracy',
      ],
    },
    {
      id: 'ai-compute',
      label: 'AI compute: chips, GPUs, data centres, semiconductor supply',
      keywords: [
        'chip*', 'semiconductor*', 'gpu*', 'graphics processor*', 'accelerator*', 'data cent*', 'datacent*',
        'h100*', 'h800*', 'h20', 'blackwell', 'hbm', 'high bandwidth memory', 'memory chip*', 'foundr*',
        'wafer*', 'lithography', 'euv', 'compute', 'computing power', 'ai infrastructure', 'supercomputer*',
        'cuda', 'fabs', 'chip equipment',
      ],
      weakKeywords: ['server*', 'hardware', 'capacity', 'power', 'processor*'],
    },
    {
      id: 'export-controls',
      label: 'Export controls: chip export restrictions, sanctions, tech trade and tariff policy',
      keywords: [
        'export control*', 'export restriction*', 'export ban*', 'export curb*', 'export rule*', 'export licen*',
        'chip ban*', 'sanction*', 'entity list', 'blacklist*', 'commerce department', 'department of commerce',
        'bureau of industry and security', 'tariff*', 'trade war*', 'trade restriction*', 'trade polic*',
        'ai diffusion rule', 'smuggl*', 'loophole*', 'curbs', 'restrictions', 'restricted', 'licence requirement*',
        'license requirement*', 'trade barrier*', 'duties', 'import dut*',
      ],
      weakKeywords: ['export*', 'licence*', 'license*', 'limits'],
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
        'capex', 'capital expenditure*', 'capital spending', 'funding round*', 'fundrais*', 'raised', 'raises',
        'valuation*', 'investment*', 'invest', 'invests', 'invested', 'investing', 'stargate', 'venture capital',
        'venture fund*', 'venture firm*', 'venture investor*', 'private equity', 'sovereign wealth', 'sovereign fund*',
        'ipo', 'ai spending', 'spending', 'spend', 'bubble', 'return on investment', 'stake', 'acquisition*',
        'backed', 'backer*', 'financing', 'war chest', 'funding', 'funded', 'seed round', 'series a', 'series b',
        'series c', 'overinvest*', 'pledge*', 'bankroll*',
      ],
      weakKeywords: ['fund', 'funds', 'spent', 'pour*', 'commit*', 'round', 'billion', 'billions', 'bn', 'plan'],
    },
    {
      id: 'open-source',
      label: 'Open source: open-source and open-weights releases',
      keywords: [
        'open sourc*', 'open weight*', 'open model*', 'openly available', 'freely available',
        'model weights', 'weights', 'hugging face', 'github', 'mit licen*', 'apache 2.0',
        'permissive licen*', 'free to download', 'open release', 'community models', 'fully open', 'openly',
        'freely downloadable', 'downloadable',
      ],
    },
    {
      id: 'ai-pricing',
      label: 'AI pricing: training and inference cost, token prices, cost efficiency',
      keywords: [
        'training cost*', 'cost to train', 'cost of training', 'inference cost*', 'cost per token',
        'per million tokens', 'token price*', 'tokens', 'training run*', 'price war*', 'price cut*', 'cheap', 'cheaper', 'cheaply',
        'low cost', 'cost effective', 'cost efficien*', 'efficien*', 'frugal', 'fraction of the cost',
        'affordable', 'pricing', 'api price*', 'price per', 'prices per', 'per token', 'cost to run',
        'cut price*', 'cuts price*', 'halves price*', 'lower prices', 'price cuts', 'price of', 'rental price*',
        'price collapse', 'royalt*', 'fees', 'a month', 'per month', 'ai bills', 'pricing plan*',
      ],
      weakKeywords: ['cost', 'costs', 'costly', 'price', 'prices', 'api', 'rates', 'free', 'expense*'],
    },
    {
      id: 'regulation',
      label: 'Regulation: AI laws and policy, legal disputes, terms-of-use fights, bans',
      keywords: [
        'regulat*', 'ai act', 'legislation', 'lawmaker*', 'law', 'laws', 'lawsuit*', 'sued', 'court',
        'copyright*', 'terms of service', 'terms of use', 'ban', 'bans', 'banned', 'banning', 'prohibit*',
        'privacy', 'data protection', 'gdpr', 'watchdog*', 'investigat*', 'probe', 'antitrust',
        'intellectual property', 'compliance', 'bill', 'fined', 'fines', 'inquiry', 'security review', 'ruling',
        'rules against', 'class action', 'legal', 'illegal', 'authorship', 'safety test*', 'competition authority',
        'executive order*', 'federal trade commission', 'ftc', 'declaration', 'restricts access', 'block access',
        'blocks access', 'procurement',
      ],
      weakKeywords: ['rules', 'policy', 'government', 'authorit*', 'approv*', 'blocks', 'blocked', 'state'],
    },
    {
      id: 'consumer-adoption',
      label: 'Consumer adoption: app rankings, downloads, user counts',
      keywords: [
        'app store*', 'play store', 'google play', 'download*', 'most downloaded', 'top free app*',
        'chart*', 'number one', 'user base', 'active users', 'weekly users', 'monthly users', 'daily users',
        'million users', 'sign up*', 'signups', 'subscriber*', 'viral', 'most popular app', 'handsets', 'adoption',
        'uptake', 'subscription*', 'everyday', 'homework', 'flock*', 'embrace*', 'free for all',
      ],
      weakKeywords: ['users', 'consumer*', 'app', 'apps', 'smartphone*', 'iphone', 'phones', 'devices', 'students'],
    },
    {
      id: 'geopolitics',
      label: 'Geopolitics: US-China rivalry, national security',
      keywords: [
        'china', 'beijing', 'washington', 'white house', 'us china', 'national security', 'sputnik', 'sputnik moment', 'rivalry', 'tech race', 'ai race',
        'arms race', 'cold war', 'superpower*', 'taiwan', 'geopolitic*', 'pentagon', 'espionage', 'decoupl*',
        'tech war', 'american dominance', 'wake up call', 'military', 'navy', 'defence', 'defense',
        'security risk*', 'security concern*', 'foreign state', 'foreign adversar*', 'self sufficien*',
        'government devices', 'government systems', 'government phones', 'official phones', 'state devices',
        'federal agencies', 'federal devices', 'contain', 'technological lead', 'ai lead', 'mainland',
      ],
      // a Chinese company in a story does not make it about US-China rivalry; governments acting on one may
      weakKeywords: [
        'chinese', 'huawei', 'security', 'government*', 'ministr*', 'officials', 'lawmakers', 'senators',
        'administration', 'national', 'domestic', 'sovereign*', 'europe', 'european union', 'eu',
      ],
    },
  ],
};
