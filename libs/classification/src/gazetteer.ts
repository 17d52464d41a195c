/**
 * A company (or index) the classifier recognises. Aliases match on word boundaries, case-insensitively unless
 * `caseSensitive` is set: ambiguous names ("Meta", "Apple", "Arm") only count as capitalised proper nouns.
 * Possessives ("Nvidia's", "Nvidia’s") match because the apostrophe ends the word.
 * Private companies have a null ticker and exchange; indices use the exchange 'INDEX'.
 */
export interface Company {
  name: string;
  aliases: string[];
  ticker: string | null;
  exchange: string | null;
  caseSensitive?: boolean;
}

export const GAZETTEER: Company[] = [
  // US-listed technology
  { name: 'Nvidia', aliases: ['Nvidia', 'Nvidia Corp'], ticker: 'NVDA', exchange: 'NASDAQ' },
  { name: 'Microsoft', aliases: ['Microsoft'], ticker: 'MSFT', exchange: 'NASDAQ' },
  { name: 'Alphabet', aliases: ['Alphabet', 'Google'], ticker: 'GOOGL', exchange: 'NASDAQ', caseSensitive: true },
  { name: 'Meta Platforms', aliases: ['Meta', 'Meta Platforms', 'Facebook'], ticker: 'META', exchange: 'NASDAQ', caseSensitive: true },
  { name: 'Apple', aliases: ['Apple'], ticker: 'AAPL', exchange: 'NASDAQ', caseSensitive: true },
  { name: 'Amazon', aliases: ['Amazon', 'Amazon Web Services', 'AWS'], ticker: 'AMZN', exchange: 'NASDAQ' },
  { name: 'Oracle', aliases: ['Oracle'], ticker: 'ORCL', exchange: 'NYSE', caseSensitive: true },
  { name: 'Broadcom', aliases: ['Broadcom'], ticker: 'AVGO', exchange: 'NASDAQ' },
  { name: 'AMD', aliases: ['AMD', 'Advanced Micro Devices'], ticker: 'AMD', exchange: 'NASDAQ' },
  { name: 'Intel', aliases: ['Intel'], ticker: 'INTC', exchange: 'NASDAQ', caseSensitive: true },
  { name: 'Micron', aliases: ['Micron', 'Micron Technology'], ticker: 'MU', exchange: 'NASDAQ', caseSensitive: true },
  { name: 'Marvell', aliases: ['Marvell', 'Marvell Technology'], ticker: 'MRVL', exchange: 'NASDAQ' },
  { name: 'Super Micro Computer', aliases: ['Super Micro', 'Supermicro'], ticker: 'SMCI', exchange: 'NASDAQ' },
  { name: 'Palantir', aliases: ['Palantir'], ticker: 'PLTR', exchange: 'NASDAQ' },
  { name: 'Tesla', aliases: ['Tesla'], ticker: 'TSLA', exchange: 'NASDAQ' },
  { name: 'Constellation Energy', aliases: ['Constellation Energy'], ticker: 'CEG', exchange: 'NASDAQ' },
  { name: 'Vistra', aliases: ['Vistra'], ticker: 'VST', exchange: 'NYSE' },
  // Chip supply chain outside the US
  { name: 'ASML', aliases: ['ASML'], ticker: 'ASML', exchange: 'NASDAQ' },
  { name: 'TSMC', aliases: ['TSMC', 'Taiwan Semiconductor', 'Taiwan Semiconductor Manufacturing'], ticker: 'TSM', exchange: 'NYSE' },
  { name: 'Arm Holdings', aliases: ['Arm', 'Arm Holdings'], ticker: 'ARM', exchange: 'NASDAQ', caseSensitive: true },
  { name: 'SoftBank Group', aliases: ['SoftBank', 'SoftBank Group'], ticker: '9984', exchange: 'TSE' },
  { name: 'Advantest', aliases: ['Advantest'], ticker: '6857', exchange: 'TSE' },
  { name: 'Tokyo Electron', aliases: ['Tokyo Electron'], ticker: '8035', exchange: 'TSE' },
  { name: 'Disco', aliases: ['Disco', 'Disco Corp'], ticker: '6146', exchange: 'TSE', caseSensitive: true },
  { name: 'SK Hynix', aliases: ['SK Hynix'], ticker: '000660', exchange: 'KRX' },
  { name: 'Samsung Electronics', aliases: ['Samsung', 'Samsung Electronics'], ticker: '005930', exchange: 'KRX' },
  // Chinese platforms
  { name: 'Alibaba', aliases: ['Alibaba'], ticker: 'BABA', exchange: 'NYSE' },
  { name: 'Baidu', aliases: ['Baidu'], ticker: 'BIDU', exchange: 'NASDAQ' },
  { name: 'Tencent', aliases: ['Tencent'], ticker: '0700', exchange: 'HKEX' },
  // Private AI labs
  { name: 'OpenAI', aliases: ['OpenAI'], ticker: null, exchange: null },
  { name: 'Anthropic', aliases: ['Anthropic'], ticker: null, exchange: null },
  { name: 'DeepSeek', aliases: ['DeepSeek'], ticker: null, exchange: null },
  { name: 'Mistral AI', aliases: ['Mistral AI', 'Mistral'], ticker: null, exchange: null, caseSensitive: true },
  { name: 'xAI', aliases: ['xAI'], ticker: null, exchange: null, caseSensitive: true },
  // Indices
  { name: 'Nasdaq 100', aliases: ['Nasdaq 100', 'Nasdaq', 'Nasdaq Composite'], ticker: 'NDX', exchange: 'INDEX' },
  { name: 'S&P 500', aliases: ['S&P 500', 'S&P500'], ticker: 'SPX', exchange: 'INDEX' },
  { name: 'Nikkei 225', aliases: ['Nikkei 225', 'Nikkei'], ticker: 'N225', exchange: 'INDEX' },
  { name: 'Hang Seng Tech', aliases: ['Hang Seng Tech', 'Hang Seng TECH Index'], ticker: 'HSTECH', exchange: 'INDEX' },
];
