import { existsSync } from 'node:fs';
import type { StreamEntry } from '@wirewatch/delivery';
import { startTestInfra, type TestInfra } from '@wirewatch/testing';
import { type Browser, chromium, type Page } from 'playwright-core';
import { startStack, TEST_API_KEY, type RunningService } from '../../../../tests/support/stack';
import { AlertStream } from './alert-stream';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.log(`desk page tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

/** The story of an export-curb event as the alerter publishes it; a later outlet's report raises the source count. */
function exportCurbStory(storyId: number, source: string, url: string, sources: string[]): StreamEntry {
  return {
    event: { id: 7001, title: 'US tightens AI chip export rules', firstSeenAt: '2026-03-02T08:00:00.000Z', sourceCount: sources.length, sources },
    story: {
      id: storyId,
      title: storyId === 1 ? 'US tightens AI chip export rules; Nvidia falls 4.2%' : 'Nvidia slides as Washington widens chip curbs <script>alert(1)</script>',
      url,
      source,
      published: '2026-03-02T08:00:00.000Z',
      summary: 'Nvidia shares fell 4.2% in premarket trading.',
      topics: [{ id: 'regulation', score: 0.9, evidence: ['export rules'] }],
      entities: [{ name: 'Nvidia', ticker: 'NVDA', relevance: 90, primary: true, sentiment: -0.6, evidence: ['Nvidia'] }],
      sentiment: { score: -0.6, label: 'negative' },
      figures: [{ kind: 'percent-change', value: -4.2, unit: '%', text: 'fell 4.2%', subject: 'Nvidia', direction: 'down' }],
      severity: 82,
      relevance: 90,
      novelty: 1,
      duplicateOf: null,
      explanation: null,
    },
    tickers: ['NVDA'],
    timings: { publishedAt: '2026-03-02T08:00:00.000Z', fetchedAt: '2026-03-02T08:00:04.000Z', classifiedAt: '2026-03-02T08:00:05.000Z', alertedAt: '2026-03-02T08:00:06.000Z' },
    alerts: [],
  };
}

(haveChromium ? describe : describe.skip)('alerter: desk page at /desk in headless Chromium', () => {
  let infra: TestInfra;
  let alerter: RunningService;
  let browser: Browser;
  let page: Page;
  /** Errors the page reports: a script or style refused by the page's CSP shows up here. */
  const pageErrors: string[] = [];

  beforeAll(async () => {
    infra = await startTestInfra('desk-page');
    [{ alerter }, browser] = await Promise.all([
      startStack(infra, ['alerter'], { LOG_LEVEL: 'error' }),
      chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] }),
    ]);
    page = await browser.newPage();
    page.on('console', (m) => void (m.type() === 'error' && pageErrors.push(m.text())));
    page.on('pageerror', (e) => void pageErrors.push(e.message));
  });

  afterAll(async () => {
    await browser?.close();
    await alerter?.app.close();
    await infra?.stop();
  });

  const card = () => page.locator('[data-event-id="7001"]');
  const text = async (selector: string) => (await card().locator(selector).allInnerTexts()).join(' | ');

  it('shows alerts live as cards, updating an event in place as sources are added', async () => {
    await page.goto(`${alerter.url}/desk#key=${TEST_API_KEY}`);
    await page.locator('#status[data-state="live"]').waitFor({ timeout: 5_000 });
    expect(page.url()).toBe(`${alerter.url}/desk`); // the key left the address bar
    expect(await page.locator('#key-form').isVisible()).toBe(false);

    const stream = alerter.app.get(AlertStream);
    await stream.publish([exportCurbStory(1, 'Reuters', 'https://www.reuters.com/tech/chips-1', ['Reuters'])]);
    await card().waitFor({ timeout: 5_000 });
    expect(await text('.title')).toBe('US tightens AI chip export rules');
    expect(await text('.ticker')).toBe('NVDA ▼');
    expect(await text('.figure')).toBe('fell 4.2%');
    expect(await text('.sources-count')).toBe('1 source');

    await stream.publish([exportCurbStory(2, 'Bloomberg', 'https://www.bloomberg.com/news/chips-2', ['Reuters', 'Bloomberg'])]);
    await page.locator('[data-event-id="7001"] .sources-count', { hasText: '2 sources' }).waitFor({ timeout: 5_000 });
    expect(await page.locator('.card').count()).toBe(1);
    expect(await card().locator('a.source-link').evaluateAll((links) => links.map((a) => [a.textContent, a.getAttribute('href')]))).toEqual([
      ['Reuters', 'https://www.reuters.com/tech/chips-1'],
      ['Bloomberg', 'https://www.bloomberg.com/news/chips-2'],
    ]);
    // Story text is shown as text, never parsed as markup.
    expect(await text('.story')).toBe('Nvidia slides as Washington widens chip curbs <script>alert(1)</script>');
    expect(await card().locator('script').count()).toBe(0);
    expect(await page.evaluate<string>('getComputedStyle(document.querySelector(".card")).borderLeftStyle')).toBe('solid'); // the page's style applied
    expect(pageErrors).toEqual([]);
  });

  it('reconnects with the filter from the filter box', async () => {
    await page.fill('#tickers', 'AAPL');
    await page.click('#filter button[type="submit"]');
    await page.locator('#status[data-state="live"]').waitFor({ timeout: 5_000 });
    expect(await page.locator('.card').count()).toBe(0);

    const stream = alerter.app.get(AlertStream);
    const apple = { ...exportCurbStory(3, 'CNBC', 'https://www.cnbc.com/apple-3', ['CNBC']), tickers: ['AAPL'] };
    apple.event = { ...apple.event, id: 7002, title: 'Apple cuts iPhone prices in China' };
    await stream.publish([exportCurbStory(4, 'FT', 'https://www.ft.com/chips-4', ['Reuters', 'Bloomberg', 'FT']), apple]);
    await page.locator('[data-event-id="7002"]').waitFor({ timeout: 5_000 });
    expect(await page.locator('.card').count()).toBe(1);
  });

  it('asks for the key when the URL has none, and keeps it', async () => {
    const context = await browser.newContext();
    const fresh = await context.newPage();
    await fresh.goto(`${alerter.url}/desk`);
    await fresh.locator('#status[data-state="error"]', { hasText: 'API key needed' }).waitFor({ timeout: 5_000 });
    await fresh.fill('#key', TEST_API_KEY);
    await fresh.click('#key-form button');
    await fresh.locator('#status[data-state="live"]').waitFor({ timeout: 5_000 });
    expect(await fresh.locator('#key-form').isVisible()).toBe(false);
    await fresh.reload();
    await fresh.locator('#status[data-state="live"]').waitFor({ timeout: 5_000 });
    await context.close();
  });

  it('shows why the stream was refused', async () => {
    await page.fill('#tickers', 'not a ticker');
    await page.click('#filter button[type="submit"]');
    await page.locator('#status[data-state="error"]', { hasText: 'tickers[0] must be a ticker symbol' }).waitFor({ timeout: 5_000 });
  });
});
