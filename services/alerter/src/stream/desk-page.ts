import { createHash } from 'node:crypto';

/**
 * The desk page: one self-contained HTML document (no CDN, no build step). Story data is only ever set as
 * text (`textContent`, `href` of http(s) URLs), never as HTML. The API key comes from `#key=` (or `?key=`) in
 * the URL, or is asked for, and is kept in localStorage; it reaches /stream as `?key=` since EventSource
 * cannot send headers.
 */

const STYLE = `
:root { color-scheme: light dark; font: 14px/1.4 system-ui, sans-serif; }
body { margin: 0; }
[hidden] { display: none !important; }
header { position: sticky; top: 0; display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; padding: .5rem 1rem; background: Canvas; border-bottom: 1px solid #8884; }
header h1 { font-size: 1.1rem; margin: 0 1rem 0 0; }
form { display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; margin: 0; }
input { font: inherit; padding: .2rem .4rem; }
#q { width: 22rem; }
#minSeverity { width: 7rem; }
#status { margin-left: auto; font-size: .9rem; }
#status[data-state="live"] { color: #1a7f37; }
#status[data-state="error"] { color: #cf222e; }
#alerts { list-style: none; margin: 0; padding: .5rem 1rem; display: grid; gap: .5rem; }
.card { border: 1px solid #8886; border-left: .5rem solid var(--severity, #888); border-radius: .3rem; padding: .5rem .75rem; }
.card h2 { font-size: 1rem; margin: 0 0 .25rem; }
.meta, .tickers, .figures, .links { display: flex; flex-wrap: wrap; gap: .3rem .8rem; margin: .15rem 0; font-size: .9rem; }
.severity { font-weight: 600; color: var(--severity, inherit); }
.ticker { font-weight: 600; }
.ticker[data-direction="up"] { color: #1a7f37; }
.ticker[data-direction="down"] { color: #cf222e; }
.figure { background: #8882; border-radius: .2rem; padding: 0 .3rem; }
.updated { animation: flash 1.5s ease-out; }
@keyframes flash { from { background: #fd04; } to { background: transparent; } }
`;

const SCRIPT = `
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const status = (state, text) => { $('status').dataset.state = state; $('status').textContent = text; };
  const events = new Map();
  let source = null;

  /** The key from #key= or ?key= (then removed from the address bar), else from localStorage. */
  function takeKey() {
    const fromUrl = new URLSearchParams(location.hash.slice(1)).get('key') || new URLSearchParams(location.search).get('key');
    if (fromUrl) {
      localStorage.setItem('wirewatch.key', fromUrl);
      history.replaceState(null, '', location.pathname);
    }
    return localStorage.getItem('wirewatch.key');
  }

  function streamUrl(key) {
    const params = new URLSearchParams({ key });
    for (const name of ['q', 'tickers', 'topics', 'minSeverity']) {
      const value = $(name).value.trim();
      if (value) params.set(name, value);
    }
    return '/stream?' + params;
  }

  function connect() {
    const key = takeKey();
    $('key-form').hidden = Boolean(key);
    if (!key) return status('error', 'API key needed');
    if (source) source.close();
    const url = streamUrl(key);
    source = new EventSource(url);
    status('connecting', 'connecting…');
    source.onopen = () => status('live', 'live');
    source.onerror = () => (source.readyState === EventSource.CLOSED ? explain(url) : status('connecting', 'reconnecting…'));
    for (const type of ['alert.created', 'alert.updated']) source.addEventListener(type, (e) => show(JSON.parse(e.data)));
  }

  /** EventSource hides why it gave up; the same request shows it (a 400 names the bad filter field). */
  async function explain(url) {
    const abort = new AbortController();
    try {
      const res = await fetch(url, { signal: abort.signal });
      if (res.status === 401) $('key-form').hidden = false;
      const body = res.ok ? null : await res.json();
      status('error', body ? [].concat(body.message).join('; ') : 'disconnected');
    } catch {
      status('error', 'disconnected');
    } finally {
      abort.abort();
    }
  }

  function severityColour(severity) {
    return severity === null ? '#888' : 'hsl(' + Math.round(120 - 1.2 * Math.min(100, Math.max(0, severity))) + ' 75% 42%)';
  }

  /** A ticker's direction: the entity's sentiment, else a figure quoted about it. */
  function direction(entity, figures) {
    if (entity.sentiment !== null && Math.abs(entity.sentiment) >= 0.05) return entity.sentiment > 0 ? 'up' : 'down';
    const figure = figures.find((f) => f.direction && f.subject && f.subject.toLowerCase() === entity.name.toLowerCase());
    return figure ? figure.direction : null;
  }

  function show(alert) {
    const { event, story, timings } = alert.data;
    let state = events.get(event.id);
    if (!state) {
      state = { card: document.createElement('li'), links: new Map(), tickers: new Map(), figures: new Set() };
      state.card.className = 'card';
      state.card.dataset.eventId = String(event.id);
      events.set(event.id, state);
    }
    if (story.url && /^https?:/i.test(story.url)) state.links.set(story.url, story.source);
    for (const entity of story.entities) if (entity.ticker) state.tickers.set(entity.ticker, direction(entity, story.figures) || state.tickers.get(entity.ticker) || null);
    for (const figure of story.figures) state.figures.add(figure.text);
    render(state, event, story, timings);
    state.card.classList.remove('updated');
    void state.card.offsetWidth;
    if (alert.type === 'alert.updated') state.card.classList.add('updated');
    $('alerts').prepend(state.card);
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function render(state, event, story, timings) {
    const card = state.card;
    card.style.setProperty('--severity', severityColour(story.severity));
    const meta = el('div', 'meta');
    meta.append(
      el('span', 'severity', 'severity ' + (story.severity === null ? '–' : story.severity)),
      el('span', 'relevance', 'relevance ' + (story.relevance === null ? '–' : story.relevance)),
      el('span', 'sources-count', event.sourceCount + (event.sourceCount === 1 ? ' source' : ' sources')),
      el('time', 'time', new Date(story.published || timings.alertedAt).toLocaleString()),
    );
    const tickers = el('div', 'tickers');
    for (const [ticker, dir] of state.tickers) {
      const node = el('span', 'ticker', ticker + (dir === 'up' ? ' ▲' : dir === 'down' ? ' ▼' : ''));
      if (dir) node.dataset.direction = dir;
      tickers.append(node);
    }
    const figures = el('div', 'figures');
    for (const text of state.figures) figures.append(el('span', 'figure', text));
    const links = el('div', 'links');
    for (const [url, name] of state.links) {
      const a = el('a', 'source-link', name);
      a.href = url;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      links.append(a);
    }
    card.replaceChildren(el('h2', 'title', event.title), meta, tickers, figures, el('div', 'story', story.title), links);
  }

  $('filter').addEventListener('submit', (e) => {
    e.preventDefault();
    events.clear();
    $('alerts').replaceChildren();
    connect();
  });
  $('key-form').addEventListener('submit', (e) => {
    e.preventDefault();
    localStorage.setItem('wirewatch.key', $('key').value.trim());
    connect();
  });
  connect();
})();
`;

const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** Only this page's own script and style run; it talks to its own origin only. */
export const DESK_CSP = [
  "default-src 'none'",
  `script-src ${hash(SCRIPT)}`,
  `style-src ${hash(STYLE)}`,
  "connect-src 'self'",
  "form-action 'none'",
  "base-uri 'none'",
].join('; ');

export const DESK_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>WireWatch desk</title>
<style>${STYLE}</style>
</head>
<body>
<header>
  <h1>WireWatch desk</h1>
  <form id="filter" role="search">
    <input id="q" name="q" placeholder='query: nvidia AND (export OR "chip ban")' aria-label="query">
    <input id="tickers" name="tickers" placeholder="tickers: NVDA,AMD" aria-label="tickers" size="14">
    <input id="topics" name="topics" placeholder="topics" aria-label="topics" size="14">
    <input id="minSeverity" name="minSeverity" type="number" min="0" max="100" placeholder="min severity" aria-label="minimum severity">
    <button type="submit">Filter</button>
  </form>
  <form id="key-form" hidden>
    <input id="key" type="password" placeholder="API key" aria-label="API key" autocomplete="off">
    <button type="submit">Connect</button>
  </form>
  <span id="status" role="status">starting…</span>
</header>
<ol id="alerts" aria-live="polite"></ol>
<script>${SCRIPT}</script>
</body>
</html>
`;
