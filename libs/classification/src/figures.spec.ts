import { extractFigures, type Figure } from './index';

const only = (text: string): Figure => {
  const figures = extractFigures(text);
  expect(figures).toHaveLength(1);
  return figures[0];
};

describe('extractFigures: percentages', () => {
  it('gives a fall a negative value, a direction and the subject', () => {
    expect(only('Nvidia fell 17% on Monday.')).toEqual({
      kind: 'percent', value: -17, unit: '%', text: '17%', subject: 'Nvidia', direction: 'down',
    });
  });

  it('reads rises, up/down, signs, "per cent" and a direction noun after the figure', () => {
    expect(only('Apple rose 3.2% in late trading.')).toMatchObject({ value: 3.2, direction: 'up', subject: 'Apple' });
    expect(only('Shares of Tokyo Electron were down 5% by noon.')).toMatchObject({ value: -5, direction: 'down', subject: 'Tokyo Electron' });
    expect(only('Broadcom -17% at the close.')).toMatchObject({ value: -17, direction: 'down', text: '-17%', subject: 'Broadcom' });
    expect(only('Oracle +4.5% after the deal.')).toMatchObject({ value: 4.5, direction: 'up' });
    expect(only('Micron shed 11 per cent.')).toMatchObject({ value: -11, unit: '%', direction: 'down' });
    expect(only('Sales posted a 22% rise.')).toMatchObject({ value: 22, direction: 'up' });
    expect(only('The chipmaker reported a 14% drop in bookings.')).toMatchObject({ value: -14, direction: 'down' });
  });

  it('keeps a directionless percentage with a null direction', () => {
    expect(only('The state holds a 10% stake in the lab.')).toMatchObject({ kind: 'percent', value: 10, direction: null });
  });

  it('finds the subject in the same clause only', () => {
    const figures = extractFigures('Broadcom tumbled 17%, and Advantest lost nearly 9% in Tokyo.');
    expect(figures.map((f) => [f.subject, f.value])).toEqual([
      ['Broadcom', -17],
      ['Advantest', -9],
    ]);
    expect(only('Revenue grew 35% in the quarter.').subject).toBeNull();
  });
});

describe('extractFigures: index moves', () => {
  it('tags moves of named indices as index-move', () => {
    const figures = extractFigures('The Nasdaq dropped 3.1% while the S&P 500 slid 1.5%; the Nikkei 225 ended 0.9% lower.');
    expect(figures).toEqual([
      { kind: 'index-move', value: -3.1, unit: '%', text: '3.1%', subject: 'Nasdaq', direction: 'down' },
      { kind: 'index-move', value: -1.5, unit: '%', text: '1.5%', subject: 'S&P 500', direction: 'down' },
      { kind: 'index-move', value: -0.9, unit: '%', text: '0.9%', subject: 'Nikkei 225', direction: 'down' },
    ]);
  });
});

describe('extractFigures: money', () => {
  it('applies the scale word and the currency', () => {
    expect(only('The lab put its final training run at $5.6 million.')).toMatchObject({ kind: 'money', value: 5.6e6, unit: 'USD', text: '$5.6 million' });
    expect(only('Brussels wants €2bn from the group.')).toMatchObject({ kind: 'money', value: 2e9, unit: 'EUR' });
    expect(only('Traders saw 590 billion dollars move in a day.')).toMatchObject({ kind: 'money', value: 5.9e11, unit: 'USD' });
    expect(only('The fund raised £350m last year.')).toMatchObject({ value: 3.5e8, unit: 'GBP' });
    expect(only('Its cash pile reached $1,250 million.')).toMatchObject({ value: 1.25e9 });
    expect(only('Nvidia was worth about $3.5tn before the week began.')).toMatchObject({ value: 3.5e12, subject: 'Nvidia' });
  });

  it('reads ISO codes before the amount, as company reports write them', () => {
    expect(extractFigures('Operating profit rose to EUR 13.1 mn from EUR 8.7 mn.').map((f) => [f.kind, f.value, f.unit, f.text])).toEqual([
      ['money', 13.1e6, 'EUR', 'EUR 13.1 mn'],
      ['money', 8.7e6, 'EUR', 'EUR 8.7 mn'],
    ]);
    expect(only('Net sales reached SEK 2,300 million in the year.')).toMatchObject({ kind: 'money', value: 2.3e9, unit: 'SEK' });
    expect(only('The order is worth USD5bn.')).toMatchObject({ value: 5e9, unit: 'USD' });
    expect(extractFigures('The EURO 2024 final drew crowds.')).toEqual([]);
  });
});

describe('extractFigures: market value', () => {
  it('turns a wiped-out amount into a negative market-cap change with its owner', () => {
    expect(only("The selloff wiped $600 billion off Nvidia's market value.")).toEqual({
      kind: 'market-cap', value: -6e11, unit: 'USD', text: '$600 billion', subject: 'Nvidia', direction: 'down',
    });
    expect(only('Nvidia lost nearly $590bn in market value in one session.')).toMatchObject({ kind: 'market-cap', value: -5.9e11, subject: 'Nvidia' });
    expect(only('About $1 trillion was wiped off the Nasdaq in a day.')).toMatchObject({ kind: 'market-cap', value: -1e12, subject: 'Nasdaq' });
  });

  it('treats added value as a positive change', () => {
    expect(only('Apple added $100 billion in market value on Tuesday.')).toMatchObject({ kind: 'market-cap', value: 1e11, direction: 'up', subject: 'Apple' });
  });
});

describe('extractFigures: prices per unit', () => {
  it('converts cents and keeps the unit', () => {
    expect(only('The model costs 1.4 cents per million tokens.')).toEqual({
      kind: 'price-per-unit', value: 0.014, unit: 'USD per million tokens', text: '1.4 cents per million tokens', subject: null, direction: null,
    });
    expect(only('Rivals charge $15 per million output tokens.')).toMatchObject({ value: 15, unit: 'USD per million output tokens' });
    expect(only('Earnings came to $1.20 a share.')).toMatchObject({ kind: 'price-per-unit', value: 1.2, unit: 'USD per share' });
  });
});

describe('extractFigures: general', () => {
  it('returns figures in order of appearance across sentences and nothing for plain text', () => {
    const kinds = extractFigures('The lab spent $5.6 million. Nvidia fell 17%. The Nasdaq fell 3%.').map((f) => f.kind);
    expect(kinds).toEqual(['money', 'percent', 'index-move']);
    expect(extractFigures('The company will hold its annual meeting in May.')).toEqual([]);
    expect(extractFigures('')).toEqual([]);
  });
});
