/**
 * A company, private lab or index the classifier recognises.
 *
 * Aliases match whole words ("Nvidia's" and "Nvidia’s" match "Nvidia"; "metadata" never matches "Meta").
 * Spaces and hyphens in an alias match any run of whitespace, hyphens or dashes. Matching ignores case except
 * for: every alias of a `caseSensitive` entry, every alias in `commonWords`, and acronyms (aliases written in
 * capitals, "IBM", "SOX"), which only count as written.
 *
 * Any alias is rejected next to one of the entry's `notBefore` / `notAfter` words ("Apple pie", "Big Apple",
 * "Oracle of Omaha", "Amazon rainforest"). `commonWords` are aliases that are also ordinary words ("Apple", "Arm",
 * "Oracle"); beyond matching only when capitalised, they are rejected in a compound ("Meta-analysis", while
 * "Apple-designed" counts), after a number ("5 Micron"), and in a Title Case headline unless a company cue
 * follows ("Apple Shares Jump") or the story names the company elsewhere.
 *
 * Private companies have a null ticker and exchange; indices use the exchange 'INDEX'.
 */
export interface Company {
  name: string;
  aliases: string[];
  ticker: string | null;
  exchange: string | null;
  caseSensitive?: boolean;
  commonWords?: string[];
  /** Lowercase words that, right after an alias, show it is not this company. */
  notBefore?: string[];
  /** Lowercase words that, right before an alias, show it is not this company. */
  notAfter?: string[];
}

export const GAZETTEER: Company[] = [
  // US-listed technology and semiconductors
  { name: 'Nvidia', aliases: ['Nvidia', 'Nvidia Corp'], ticker: 'NVDA', exchange: 'NASDAQ' },
  { name: 'Microsoft', aliases: ['Microsoft'], ticker: 'MSFT', exchange: 'NASDAQ' },
  {
    name: 'Alphabet', aliases: ['Alphabet', 'Google'], ticker: 'GOOGL', exchange: 'NASDAQ', caseSensitive: true,
    commonWords: ['Alphabet'], notBefore: ['soup', 'letters', 'letter', 'song', 'book', 'blocks'],
  },
  {
    name: 'Meta Platforms', aliases: ['Meta', 'Meta Platforms', 'Facebook'], ticker: 'META', exchange: 'NASDAQ',
    caseSensitive: true, commonWords: ['Meta'],
  },
  {
    name: 'Apple', aliases: ['Apple'], ticker: 'AAPL', exchange: 'NASDAQ', caseSensitive: true, commonWords: ['Apple'],
    notBefore: ['pie', 'pies', 'juice', 'cider', 'tree', 'trees', 'orchard', 'orchards', 'harvest', 'crumble', 'sauce', 'farmers', 'growers'],
    notAfter: ['big', 'toffee', 'crab', 'candy', 'adam'],
  },
  { name: 'Amazon', aliases: ['Amazon', 'Amazon Web Services', 'AWS'], ticker: 'AMZN', exchange: 'NASDAQ', notBefore: ['rainforest', 'river', 'basin', 'jungle'] },
  {
    name: 'Oracle', aliases: ['Oracle'], ticker: 'ORCL', exchange: 'NYSE', caseSensitive: true, commonWords: ['Oracle'],
    notBefore: ['of'], notAfter: ['delphic', 'omaha'],
  },
  { name: 'Broadcom', aliases: ['Broadcom'], ticker: 'AVGO', exchange: 'NASDAQ' },
  { name: 'AMD', aliases: ['AMD', 'Advanced Micro Devices'], ticker: 'AMD', exchange: 'NASDAQ' },
  {
    name: 'Intel', aliases: ['Intel', 'Intel Corp'], ticker: 'INTC', exchange: 'NASDAQ', caseSensitive: true, commonWords: ['Intel'],
    notBefore: ['officers', 'officer', 'agencies', 'agency', 'sources', 'source', 'gathering', 'community', 'report', 'briefing'],
  },
  {
    name: 'Micron', aliases: ['Micron', 'Micron Technology'], ticker: 'MU', exchange: 'NASDAQ', caseSensitive: true,
    commonWords: ['Micron'],
  },
  { name: 'Marvell', aliases: ['Marvell', 'Marvell Technology'], ticker: 'MRVL', exchange: 'NASDAQ' },
  { name: 'Super Micro Computer', aliases: ['Super Micro', 'Supermicro', 'Super Micro Computer'], ticker: 'SMCI', exchange: 'NASDAQ' },
  { name: 'Qualcomm', aliases: ['Qualcomm'], ticker: 'QCOM', exchange: 'NASDAQ' },
  { name: 'Applied Materials', aliases: ['Applied Materials'], ticker: 'AMAT', exchange: 'NASDAQ' },
  { name: 'Lam Research', aliases: ['Lam Research'], ticker: 'LRCX', exchange: 'NASDAQ' },
  { name: 'KLA', aliases: ['KLA', 'KLA Corp', 'KLA-Tencor'], ticker: 'KLAC', exchange: 'NASDAQ' },
  { name: 'Texas Instruments', aliases: ['Texas Instruments'], ticker: 'TXN', exchange: 'NASDAQ' },
  { name: 'Salesforce', aliases: ['Salesforce'], ticker: 'CRM', exchange: 'NYSE' },
  { name: 'IBM', aliases: ['IBM', 'International Business Machines'], ticker: 'IBM', exchange: 'NYSE' },
  {
    name: 'Dell Technologies', aliases: ['Dell', 'Dell Technologies'], ticker: 'DELL', exchange: 'NYSE', caseSensitive: true,
    commonWords: ['Dell'],
  },
  { name: 'Hewlett Packard Enterprise', aliases: ['Hewlett Packard Enterprise', 'HPE'], ticker: 'HPE', exchange: 'NYSE' },
  { name: 'Cisco', aliases: ['Cisco', 'Cisco Systems'], ticker: 'CSCO', exchange: 'NASDAQ' },
  { name: 'Arista Networks', aliases: ['Arista', 'Arista Networks'], ticker: 'ANET', exchange: 'NYSE' },
  { name: 'Vertiv', aliases: ['Vertiv'], ticker: 'VRT', exchange: 'NYSE' },
  { name: 'CoreWeave', aliases: ['CoreWeave'], ticker: 'CRWV', exchange: 'NASDAQ' },
  { name: 'Palantir', aliases: ['Palantir'], ticker: 'PLTR', exchange: 'NASDAQ' },
  { name: 'Tesla', aliases: ['Tesla'], ticker: 'TSLA', exchange: 'NASDAQ' },
  { name: 'Constellation Energy', aliases: ['Constellation Energy'], ticker: 'CEG', exchange: 'NASDAQ' },
  { name: 'Vistra', aliases: ['Vistra'], ticker: 'VST', exchange: 'NYSE' },
  // Chip supply chain outside the US
  { name: 'ASML', aliases: ['ASML'], ticker: 'ASML', exchange: 'NASDAQ' },
  { name: 'TSMC', aliases: ['TSMC', 'Taiwan Semiconductor', 'Taiwan Semiconductor Manufacturing'], ticker: 'TSM', exchange: 'NYSE' },
  {
    name: 'Arm Holdings', aliases: ['Arm', 'Arm Holdings'], ticker: 'ARM', exchange: 'NASDAQ', caseSensitive: true, commonWords: ['Arm'],
    notBefore: ['wrestling', 'wrestle', 'candy'], notAfter: ['left', 'right', 'broken', 'strong', 'robotic'],
  },
  { name: 'SoftBank Group', aliases: ['SoftBank', 'SoftBank Group'], ticker: '9984', exchange: 'TSE' },
  { name: 'Advantest', aliases: ['Advantest'], ticker: '6857', exchange: 'TSE' },
  { name: 'Tokyo Electron', aliases: ['Tokyo Electron'], ticker: '8035', exchange: 'TSE' },
  {
    name: 'Disco', aliases: ['Disco', 'Disco Corp'], ticker: '6146', exchange: 'TSE', caseSensitive: true, commonWords: ['Disco'],
    notBefore: ['ball', 'balls', 'music', 'fever', 'era', 'dancing', 'hits', 'night', 'nights', 'party', 'queen'],
    notAfter: ['silent', 'roller', 'italo'],
  },
  { name: 'Renesas Electronics', aliases: ['Renesas', 'Renesas Electronics'], ticker: '6723', exchange: 'TSE' },
  { name: 'Lasertec', aliases: ['Lasertec'], ticker: '6920', exchange: 'TSE' },
  // "Screen" alone is far too common a word: only the full name counts.
  { name: 'Screen Holdings', aliases: ['Screen Holdings'], ticker: '7735', exchange: 'TSE' },
  { name: 'SK Hynix', aliases: ['SK Hynix', 'Hynix'], ticker: '000660', exchange: 'KRX' },
  { name: 'Samsung Electronics', aliases: ['Samsung', 'Samsung Electronics'], ticker: '005930', exchange: 'KRX' },
  { name: 'MediaTek', aliases: ['MediaTek'], ticker: '2454', exchange: 'TWSE' },
  { name: 'Foxconn (Hon Hai)', aliases: ['Foxconn', 'Hon Hai', 'Hon Hai Precision'], ticker: '2317', exchange: 'TWSE' },
  { name: 'SMIC', aliases: ['SMIC', 'Semiconductor Manufacturing International'], ticker: '0981', exchange: 'HKEX' },
  { name: 'Hua Hong Semiconductor', aliases: ['Hua Hong', 'Hua Hong Semiconductor'], ticker: '1347', exchange: 'HKEX' },
  // Chinese platforms and device makers
  { name: 'Alibaba', aliases: ['Alibaba'], ticker: 'BABA', exchange: 'NYSE' },
  { name: 'Baidu', aliases: ['Baidu'], ticker: 'BIDU', exchange: 'NASDAQ' },
  { name: 'Tencent', aliases: ['Tencent'], ticker: '0700', exchange: 'HKEX' },
  { name: 'Xiaomi', aliases: ['Xiaomi'], ticker: '1810', exchange: 'HKEX' },
  { name: 'JD.com', aliases: ['JD.com', 'JD com'], ticker: 'JD', exchange: 'NASDAQ' },
  { name: 'Huawei', aliases: ['Huawei'], ticker: null, exchange: null },
  { name: 'ByteDance', aliases: ['ByteDance'], ticker: null, exchange: null },
  // Private AI labs
  { name: 'OpenAI', aliases: ['OpenAI'], ticker: null, exchange: null },
  { name: 'Anthropic', aliases: ['Anthropic'], ticker: null, exchange: null },
  { name: 'DeepSeek', aliases: ['DeepSeek'], ticker: null, exchange: null },
  {
    name: 'Mistral AI', aliases: ['Mistral AI', 'Mistral'], ticker: null, exchange: null, caseSensitive: true, commonWords: ['Mistral'],
    notBefore: ['wind', 'winds', 'gusts'],
  },
  { name: 'xAI', aliases: ['xAI'], ticker: null, exchange: null, caseSensitive: true },
  { name: 'Cohere', aliases: ['Cohere'], ticker: null, exchange: null, caseSensitive: true, commonWords: ['Cohere'] },
  { name: 'Perplexity', aliases: ['Perplexity', 'Perplexity AI'], ticker: null, exchange: null, caseSensitive: true, commonWords: ['Perplexity'] },
  { name: 'Safe Superintelligence', aliases: ['Safe Superintelligence'], ticker: null, exchange: null },
  { name: 'Moonshot AI', aliases: ['Moonshot AI'], ticker: null, exchange: null },
  { name: 'Zhipu AI', aliases: ['Zhipu', 'Zhipu AI'], ticker: null, exchange: null },
  { name: 'MiniMax', aliases: ['MiniMax'], ticker: null, exchange: null, caseSensitive: true },
  // Indices. A bare "Nasdaq" in market copy means the Composite.
  { name: 'Nasdaq 100', aliases: ['Nasdaq 100', 'Nasdaq-100'], ticker: 'NDX', exchange: 'INDEX' },
  { name: 'Nasdaq Composite', aliases: ['Nasdaq Composite', 'Nasdaq'], ticker: 'IXIC', exchange: 'INDEX' },
  { name: 'S&P 500', aliases: ['S&P 500', 'S&P500'], ticker: 'SPX', exchange: 'INDEX' },
  {
    name: 'Dow Jones Industrial Average', aliases: ['Dow Jones Industrial Average', 'Dow Jones', 'Dow'], ticker: 'DJI', exchange: 'INDEX',
    notBefore: ['newswires', 'newswire', 'chemical', 'inc', 'sustainability'],
  },
  { name: 'Philadelphia Semiconductor Index', aliases: ['Philadelphia Semiconductor Index', 'PHLX Semiconductor Index', 'SOX'], ticker: 'SOX', exchange: 'INDEX' },
  { name: 'Nikkei 225', aliases: ['Nikkei 225', 'Nikkei'], ticker: 'N225', exchange: 'INDEX' },
  { name: 'Hang Seng Index', aliases: ['Hang Seng', 'Hang Seng Index'], ticker: 'HSI', exchange: 'INDEX' },
  { name: 'Hang Seng Tech', aliases: ['Hang Seng Tech', 'Hang Seng Tech Index'], ticker: 'HSTECH', exchange: 'INDEX' },
  { name: 'Kospi', aliases: ['Kospi'], ticker: 'KS11', exchange: 'INDEX' },
  { name: 'Taiex', aliases: ['Taiex'], ticker: 'TWII', exchange: 'INDEX' },
  { name: 'Stoxx 600', aliases: ['Stoxx 600', 'Stoxx Europe 600'], ticker: 'SXXP', exchange: 'INDEX' },
  { name: 'CSI 300', aliases: ['CSI 300'], ticker: '000300', exchange: 'INDEX' },
];
