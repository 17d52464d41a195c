/**
 * A financial sentiment lexicon written for WireWatch. Weights run from -3 (very bad for a company's investors)
 * to +3 (very good). Entries are lowercase; multi-word entries are phrases matched on whole tokens (hyphens
 * count as spaces, so "better-than-expected" matches "better than expected"). A phrase always beats the single
 * words inside it, so "crash course" (0) hides "crash" (-3).
 *
 * Verbs are given once in base form and inflected at load time:
 *   "plunge"  -> plunge, plunges, plunged, plunging
 *   "slip+"   -> slip, slips, slipped, slipping (doubled final consonant)
 *   "rally"   -> rally, rallies, rallied, rallying
 * Irregular forms are listed as plain words. A verb inside a phrase is inflected on its first word only
 * ("beat expectations" -> beats/beat/beating expectations...).
 */

/** Verbs (and verb phrases) with weights; inflected automatically. */
const VERBS: Record<string, number> = {
  // down moves
  plunge: -3, plummet: -3, tumble: -2.5, slump: -2.5, crash: -3, collapse: -3, crater: -3, nosedive: -3, tank: -2.5,
  sink: -2, slide: -2, 'slip+': -1.5, 'drop+': -2, decline: -2, fall: -2, 'dip+': -1, ease: -0.5, retreat: -1.5,
  weaken: -1.5, shrink: -1.5, contract: 0, deteriorate: -2, worsen: -2, erode: -1.5, shed: -1.5, lose: -2,
  'wipe out': -3, wipe: -2.5, erase: -2, 'drag+ down': -2, 'drag+': -1.5, underperform: -1.5, lag: -1, 'lag+': -1,
  'hit a low': -2, 'sell off': -2, dump: -2, flee: -2, rout: -3, rattle: -2, spook: -2, hammer: -2.5,
  punish: -2, batter: -2.5, pressure: -1.5, weigh: -1, 'weigh on': -1.5, hurt: -2, hit: -1, damage: -2,
  threaten: -2, jeopardise: -2, jeopardize: -2, undermine: -2, disappoint: -2, miss: -2, 'miss expectations': -2.5,
  'miss estimates': -2.5, 'miss forecasts': -2.5, 'fall short': -2.5, 'fail': -2, 'struggle': -2, 'stall': -1.5,
  slow: -1, decelerate: -1.5, 'cut guidance': -3, 'cut forecast': -2.5, 'cut outlook': -2.5, 'lower guidance': -2.5,
  'lower forecast': -2.5, 'lower outlook': -2.5, 'slash': -2.5, 'scrap+': -2, 'suspend': -2, 'halt': -1.5,
  delay: -1.5, postpone: -1.5, cancel: -2, recall: -2, 'warn': -2, downgrade: -2.5, 'write down': -2.5,
  'write off': -2.5, default: -3, 'lay off': -2.5, resign: -1.5, quit: -1.5, 'sue': -2, fine: -2, 'ban+': -2,
  'block': -2, 'sanction': -2, 'investigate': -1.5, 'probe': -1.5, 'accuse': -2, 'breach': -2, 'leak': -1.5,
  'burn cash': -2, 'burn': -1, 'squeeze': -1.5, 'overshadow': -1.5, 'dent': -1.5, 'reject': -1.5, 'doubt': -1.5,
  'worry': -1.5, 'fear': -1.5, 'plague': -2, 'derail': -2, 'cost': 0, 'close lower': -1.5,
  'give up': -1.5, 'lose ground': -2, 'lose value': -2, 'lose money': -2.5, 'trim': -0.5, 'pare': -0.5,
  'deepen': -1, 'spike': -0.5, 'escalate': -1.5, 'halve': -2.5, 'evaporate': -2.5,
  // up moves
  surge: 2.5, soar: 3, jump: 2.5, rally: 2, climb: 2, rise: 1.5, gain: 1.5, advance: 1.5, rebound: 2,
  recover: 2, bounce: 1.5, 'bounce back': 2, increase: 1, grow: 1.5, expand: 1.5, accelerate: 1.5, improve: 1.5,
  strengthen: 1.5, boost: 2, lift: 1.5, outperform: 2, beat: 2.5, 'beat expectations': 3,
  'beat estimates': 3, 'beat forecasts': 3, 'top+': 1, exceed: 2.5, 'exceed expectations': 3, surpass: 2.5,
  'raise guidance': 3, 'raise forecast': 2.5, 'raise outlook': 2.5, 'lift guidance': 3, 'lift forecast': 2.5,
  upgrade: 2.5, 'double': 2, 'triple': 2.5, 'win': 2, 'secure': 1.5, 'approve': 1.5, 'clear': 0.5,
  'cheer': 2, 'welcome': 1.5, 'benefit': 1.5, 'thrive': 2.5, 'flourish': 2.5, 'boom': 2.5, 'skyrocket': 3,
  'outpace': 1.5, 'reaffirm': 1, 'meet': 0, 'meet expectations': 1, 'meet estimates': 1, 'meet targets': 1, 'meet its targets': 1, 'swing to a profit': 2.5,
  'return to profit': 2.5, 'turn profitable': 2.5, 'pay down': 1.5, 'settle': 0.5, 'dismiss': 0.5,
  'pile into': 2, 'snap+ up': 2, 'buy the dip': 1.5, 'step in': 0.5, 'widen': 0, 'narrow': 0, 'sell out': 2,
  'recoup': 2, 'gain ground': 2, 'hit a record': 2.5, 'hit an all time high': 3,
  'close higher': 1.5, 'edge up': 0.5, 'edge higher': 0.5, 'edge lower': -0.5, 'edge down': -0.5, 'stabilise': 1,
  'stabilize': 1, 'excel': 2, 'impress': 2, 'delight': 2, burden: -1.5, support: 1, 'call off': -2, 'pick up': 1.5, 'claw back': 2, award: 2, 'close its factory': -2, 'close its plant': -2,
  'close the factory': -2, 'close the plant': -2,
};

const IRREGULAR: Record<string, number> = {
  fell: -2, sank: -2, sunk: -2, slid: -2, lost: -2, shrank: -1.5, shrunk: -1.5, rose: 1.5, risen: 1.5,
  grew: 1.5, grown: 1.5, won: 2, 'began to slide': -2, 'gave up': -1.5, 'given up': -1.5, 'lost ground': -2,
  'fell short': -2.5, beaten: 2.5, 'met expectations': 1, 'met estimates': 1, 'met its targets': 1, 'met forecasts': 1, 'fallen short': -2.5, 'came in below': -2, 'came in above': 2, 'came in ahead': 2,
  'swung to a loss': -2.5, 'swung to a profit': 2.5, 'fled': -2, 'shed': -1.5, 'hit': -1, 'beat': 2.5,
  'paid down': 1.5, 'sold off': -2, 'dragged down': -2, 'stepped in': 0.5, 'sold out': 2, 'laid off': -2.5,
  'wrote down': -2.5, 'written down': -2.5, 'wrote off': -2.5, 'written off': -2.5, 'cut': -1.5, 'cuts': -1.5,
  'cutting': -1.5, 'slashed': -2.5, 'bought the dip': 1.5, 'stood out': 1, 'upbeat': 2, 'downbeat': -2,
};

/** Nouns, adjectives, adverbs and fixed phrases. */
const WORDS: Record<string, number> = {
  // market events
  selloff: -2.5, 'sell off': -2.5, 'sell-off': -2.5, rout: -3, crash: -3, slump: -2.5, plunge: -3, downturn: -2,
  bloodbath: -3, meltdown: -3, turmoil: -2.5, 'risk off': -1.5, 'bear market': -2.5, correction: -1.5,
  volatility: -1, volatile: -1, panic: -2.5, 'panic selling': -3, 'heavy selling': -2.5, 'selling pressure': -2,
  losses: -2, loss: -2, 'net loss': -2.5, 'operating loss': -2.5, 'wider loss': -2.5, 'quarterly loss': -2.5,
  decline: -2, declines: -2, drop: -2, fall: -2, slide: -2, tumble: -2.5, 'worst day': -3, 'worst session': -3,
  'worst week': -3, 'biggest fall': -2.5, 'biggest drop': -2.5, 'steepest decline': -3, 'biggest one day drop': -3,
  'biggest one day fall': -3, 'record low': -3, '52 week low': -2.5, 'all time low': -3, 'multi year low': -2.5,
  lower: -1, lows: -1.5, weak: -2, weaker: -2, weakest: -2.5, weakness: -2, soft: -1, sluggish: -2,
  disappointing: -2.5, disappointed: -2, disappointment: -2.5, dismal: -3, gloomy: -2, grim: -2, bleak: -2.5,
  poor: -2, worse: -2, worst: -2.5, 'worse than expected': -3, 'worse than feared': -3, 'below expectations': -2.5,
  'below estimates': -2.5, 'below forecasts': -2.5, 'below consensus': -2.5, 'short of estimates': -2.5,
  'short of expectations': -2.5, 'profit warning': -3, 'profit warnings': -3, 'guidance cut': -3, 'weak guidance': -3,
  'weaker outlook': -2.5, 'weak outlook': -2.5, headwinds: -1.5, headwind: -1.5, slowdown: -2, recession: -2.5,
  stagnation: -2, layoffs: -2.5, layoff: -2.5, 'job cuts': -2.5, redundancies: -2, restructuring: -1.5,
  bankruptcy: -3, bankrupt: -3, insolvency: -3, insolvent: -3, 'going concern': -2.5, default: -3, defaults: -2.5,
  lawsuit: -2, lawsuits: -2, litigation: -1.5, 'class action': -2, fine: -1, fined: -2, penalty: -2,
  probe: -1.5, investigation: -1.5, scandal: -3, fraud: -3, misconduct: -2.5, violation: -2, violations: -2,
  breach: -2, ban: -2, banned: -2, 'export controls': -1, 'export restrictions': -1.5, restrictions: -1,
  'entity list': -1.5, tariffs: -1.5, tariff: -1.5, 'trade war': -2, 'trade tensions': -2, tensions: -1,
  sanctions: -1.5, antitrust: -1, downgrade: -2.5, downgraded: -2.5, 'price target cut': -2, 'sell rating': -2.5,
  recall: -2, defect: -2, outage: -2, 'data breach': -2.5, hack: -2, cyberattack: -2, attacks: -1,
  writedown: -2.5, 'write down': -2.5, impairment: -2.5, charges: -0.3, charge: 0, debt: -1, 'bad loans': -2.5,
  overvalued: -2, 'stretched valuations': -2, 'stretched valuation': -2, bubble: -2, overinvestment: -2,
  glut: -2.5, oversupply: -2, 'excess inventory': -2, shortfall: -2, deficit: -1.5, churn: -1.5,
  'short sellers': -1.5, 'wrong side': -1.5, doubts: -1.5, doubt: -1.5, fears: -1.5, fear: -1.5, concerns: -1,
  concern: -1, worries: -1.5, risk: -0.5, risks: -0.5, threat: -1.5, uncertainty: -1.5, uncertain: -1,
  unsustainable: -2, 'cash burn': -2, costly: -1.5, expensive: -0.5, 'higher costs': -1.5, 'rising costs': -1.5,
  pressure: -1, 'under pressure': -2, resignation: -1.5, abruptly: -1, delayed: -1.5, delay: -1.5, halted: -1.5,
  failed: -2, failure: -2.5, failing: -2, 'wider than expected': -1.5, sharp: 0, 'steep': 0, 'deeper': -1,
  'red ink': -2.5, 'in the red': -2, 'deep in the red': -3, 'no longer': -0.5, 'losing streak': -2,
  'fifth consecutive': 0, 'eroding': -1.5, 'fierce competition': -2, 'fierce': -1, 'competition': -0.5,
  'intensifying': -0.5, 'heavy losses': -3, 'heavy': 0, 'cut in half': -2.5, 'punished': -2, 'stretched': -1,
  'adequate return': 0.5, 'pricing power': 1, 'sell': -1, 'underweight': -2, 'underperform': -1.5,
  // good news
  rally: 2, rallies: 2, rebound: 2, recovery: 2, surge: 2.5, jump: 2.5, gain: 1.5, gains: 1.5, rise: 1.5,
  rises: 1.5, growth: 1.5, profit: 0, profits: 0, profitable: 2, profitability: 0.5, 'net profit': 0, 'into profit': 2, 'in profit': 1,
  'record profit': 3, 'record profits': 3, 'record revenue': 3, 'record high': 3, 'record highs': 3,
  'all time high': 3, 'all time highs': 3, 'highest level': 2, record: 1, 'on record': 0, 'quarterly record': 2.5,
  strong: 2, stronger: 2, strongest: 2.5, strength: 1.5, robust: 2, solid: 1.5, healthy: 1.5, booming: 2.5,
  boom: 2, bumper: 2.5, upbeat: 2, optimistic: 1.5, optimism: 1.5, bullish: 2, confident: 1.5, confidence: 1,
  'better than expected': 3, 'better than feared': 2, 'stronger than expected': 3, 'softer than expected': 1,
  'above expectations': 2.5, 'above estimates': 2.5, 'above forecasts': 2.5, 'above the consensus': 2.5,
  'above consensus': 2.5, 'ahead of estimates': 2.5, 'ahead of expectations': 2.5, 'ahead of schedule': 1.5,
  'well ahead': 1, beat: 2.5, upgrade: 2.5, upgraded: 2.5, 'buy rating': 2, outperform: 2, overweight: 1.5,
  buyback: 2, buybacks: 2, 'share buyback': 2, repurchase: 1.5, dividend: 0, 'dividend increase': 2,
  'raised its dividend': 2.5, 'raised guidance': 3, 'guidance raise': 3, 'raised its guidance': 3,
  'raised its forecast': 2.5, 'raised its outlook': 2.5, 'raised its annual': 2.5, 'raised its full year': 2.5,
  'lowered its forecast': -2.5, 'lowered its guidance': -3, 'lowered its outlook': -2.5, 'cut its guidance': -3,
  'cut its forecast': -2.5, 'cut its outlook': -2.5, 'cut its full year': -3, 'cut its price target': -2,
  'price target': 0, 'lifted their price targets': 2, 'raised its price target': 2, 'raised their price targets': 2,
  approval: 1.5, approved: 1.5, win: 2, winner: 2, winners: 2, 'market share': 0.5, 'gained market share': 2,
  breakthrough: 2, milestone: 1, momentum: 1, tailwind: 1.5, tailwinds: 1.5, demand: 0, 'strong demand': 2.5,
  'robust demand': 2.5, 'demand far exceeding supply': 2.5, 'selling out': 2, 'sold out': 2, 'sell out': 2,
  boon: 2, 'good news': 2, success: 2, successful: 2, 'swing to a profit': 2.5, efficiency: 0.5, 'efficiency gains': 1.5,
  'well capitalised': 2, 'well capitalized': 2, 'passed the stress test': 1.5, 'free cash flow': 0.5,
  contract: 0.5, 'major order': 2, order: 0, orders: 0, partnership: 1, 'new revenue': 1.5, tops: 1,
  'top spot': 2, 'number one': 1.5, topped: 1.5, 'more than doubled': 2.5, 'more than tripled': 3, doubled: 2,
  tripled: 2.5, higher: 1, highs: 1.5, 'higher prices': 0.5, 'margins expanded': 2, 'margin expansion': 2,
  'margins improved': 2, 'cost cuts': 1, 'cost cutting': 1, 'dip buyers': 1.5, 'overdone': 1.5,
  'priced in': -0.5, 'barely moved': -0.3, 'cheaper': 0.5,
  // scale and frequency words that carry no sentiment on their own but are listed to keep phrases clean
  'crash course': 0, 'panic room': 0, 'killer app': 0, 'blue chip': 0, 'fine tune': 0, 'fine tuning': 0,
  'fine tuned': 0, 'fines': -2, 'top executive': 0, 'top executives': 0, 'top official': 0, 'top officials': 0,
  'top of': 0, 'on top': 0, 'hit song': 0, 'hit show': 0, 'market value': 0, 'market capitalisation': 0,
  'market capitalization': 0, 'risk management': 0, 'question and answer': 0, 'no comment': 0,
  'declined to comment': 0, 'declined to say': 0, 'declined to give': 0, 'little changed': 0, 'unchanged': 0,
  'in line': 0, 'closed flat': 0, flat: -0.2, 'chief': 0, 'positive': 1.5, 'negative': -1.5, 'in line with': 0,
  'lower costs': 1.5, 'lower cost': 1, 'cost cut': 1, 'cut costs': 1, 'cutting costs': 1, 'cut prices': -0.5,
  'lowered prices': -0.5, 'narrowed': 0, 'narrow range': 0, 'worries eased': 1.5, 'fears eased': 1.5,
  'eased concerns': 1.5, 'pay package': 0, 'mixed': -0.5, 'not a priority': 0, 'no impact': 0.3,
  'no plans': 0, 'not affected': 1, 'unaffected': 1, 'resilient': 2, 'resilience': 1.5, 'lofty': -1,
  'steady': 0.5, 'stable': 0.5, 'reassure': 1, 'reassured': 1.5, 'reassuring': 1.5, 'jitters': -2,
  'jittery': -2, 'nervous': -1.5, 'anxiety': -1.5, 'rattled': -2, 'scrutiny': -1, 'setback': -2,
  'setbacks': -2, 'hurdle': -1, 'obstacle': -1, 'bottleneck': -1, 'shortage': -1.5, 'shortages': -1.5,
  'disruption': -1.5, 'disrupt': -1, 'threatens': -2, 'pricing pressure': -2, 'price war': -2,
  'undercut': -1, 'undercuts': -1, 'commoditisation': -1.5, 'commoditization': -1.5, 'overcapacity': -2,
  decliners: -2, decliner: -2, losers: -2, laggards: -1.5, laggard: -1.5, gainers: 2, 'top gainers': 2.5,
  meeting: 0, meetings: 0, 'losses narrowed': 2, 'loss narrowed': 2, 'a buy': 1.5, 'growth slowed': -2,
  'growth decelerated': -2, 'growth slowing': -2, accretive: 2, 'add to earnings': 2, 'inventory correction': -2, 'capex cut': -2, 'spending cuts': -1.5,
  satisfied: 1.5, pleased: 1.5, challenging: -1.5, difficult: -1.5, 'in favour': 1.5, 'in favor': 1.5, good: 1.5,
  savings: 1, 'cost savings': 1.5, closure: -1.5, loser: -2, 'biggest loser': -2.5, 'back taxes': -2, permit: 1,
  cooperation: 1, collaboration: 1, jointly: 0.5, favour: 1, favor: 1, 'plant closure': -2, 'factory closure': -2,
};

/** Negators flip (and damp) sentiment words that follow within NEGATION_WINDOW tokens. */
export const NEGATORS = new Set([
  'not', 'no', 'never', 'without', 'neither', 'nor', 'hardly', 'barely', 'scarcely', 'none', 'nothing', 'nobody',
  'cannot', 'lack', 'lacks', 'lacked', 'lacking', 'avoid', 'avoided', 'avoids', 'avoiding', 'ruled', 'denied',
  'denies', 'deny',
]);

/**
 * Reversers: words that flip sentiment words of the opposite sign that follow them ("recovered its losses",
 * "gave up its gains", "pared losses"). Value is the sign they flip: -1 flips negatives, +1 flips positives,
 * 0 flips both.
 */
export const REVERSERS: Record<string, -1 | 0 | 1> = {
  recover: -1, recovers: -1, recovered: -1, recovering: -1, recoup: -1, recouped: -1, recouping: -1,
  dismissed: -1, dismiss: -1, 'bounce back from': -1, 'offset': -1, offsets: -1, offsetting: -1, narrowed: -1, narrow: -1, narrows: -1,
  narrowing: -1, 'cut its': 0, pare: 0, pared: 0, pares: 0, paring: 0, trimmed: 0, trim: 0, trims: 0,
  erased: 1, erase: 1, erasing: 1, 'gave up': 1, 'give up': 1, 'giving up': 1, 'wiped out': 1, reversed: 0, reversing: 0, reverse: 0, reverses: 0,
};

/** Intensifiers multiply the next (or just-previous) sentiment word. */
export const INTENSIFIERS: Record<string, number> = {
  sharply: 1.5, steeply: 1.5, significantly: 1.4, substantially: 1.4, heavily: 1.4, strongly: 1.3, sharp: 1.4,
  steep: 1.4, deep: 1.3, deeply: 1.3, massive: 1.4, massively: 1.4, huge: 1.4, hugely: 1.4, very: 1.3,
  extremely: 1.5, severely: 1.5, severe: 1.4, dramatically: 1.5, dramatic: 1.4, biggest: 1.3, largest: 1.2,
  much: 1.2, far: 1.2, 'well': 1.1, badly: 1.4, broadly: 1.1, big: 1.2, major: 1.1, significant: 1.3,
  record: 1.3, historic: 1.4, unprecedented: 1.5, widely: 1.1, further: 1.2, even: 1.1, most: 1.1, all: 1.1,
  soundly: 1.3, comfortably: 1.2, decisively: 1.3, wildly: 1.4, heavy: 1.3, brutal: 1.5, fierce: 1.2,
  slightly: 0.5, slight: 0.5, marginally: 0.5, marginal: 0.5, modestly: 0.6, modest: 0.6, somewhat: 0.6,
  mildly: 0.6, mild: 0.6, partly: 0.6, partially: 0.6, little: 0.5, small: 0.6, smaller: 0.7, minor: 0.5,
  briefly: 0.6, temporarily: 0.6, fractionally: 0.4, nearly: 0.9, almost: 0.9,
};

/**
 * Quantities a company reports, by what more of them means for its investors: +1 good (sales, profit, orders),
 * -1 bad (losses, costs, debt). A direction word next to one (see DIRECTIONS) scores the change, so "costs fell"
 * and "operating loss narrowed" are good news and "margins narrowed" bad, whatever the verb alone would say.
 */
export const METRICS: Record<string, 1 | -1> = {
  sales: 1, revenue: 1, revenues: 1, turnover: 1, profit: 1, profits: 1, earnings: 1, income: 1, ebit: 1,
  ebitda: 1, eps: 1, margin: 1, margins: 1, order: 1, orders: 1, intake: 1, bookings: 1, backlog: 1, cash: 1,
  dividend: 1, dividends: 1, share: 1, shares: 1, stock: 1, demand: 1, outlook: 1, guidance: 1, forecast: 1,
  forecasts: 1, result: 1, results: 1, deliveries: 1, shipments: 1, subscribers: 1, users: 1, customers: 1,
  volume: 1, volumes: 1, valuation: 1, capacity: 1, liquidity: 1, savings: 1, output: 1, production: 1,
  productivity: 1, growth: 1, profitability: 1, ebita: 1, workforce: 1, jobs: 1, staff: 1, headcount: 1,
  loss: -1, losses: -1, cost: -1, costs: -1, expenses: -1, expense: -1, debt: -1, debts: -1, churn: -1,
  deficit: -1, writedowns: -1, impairments: -1, impairment: -1, layoffs: -1, unemployment: -1, liabilities: -1,
  borrowings: -1, borrowing: -1, inventories: -1, provisions: -1, tariffs: -1, risks: -1, risk: -1,
};

/**
 * Words saying which way a quantity moved: +1 up, -1 down. "up" and "down" count only before a figure or
 * "from"/"by" ("up 3%", "down from 6.3"), not as particles ("gave up its gains"); forms that usually stand
 * before their noun ("rising costs", "lower sales", "an increase in orders") look for it after them first.
 */
export const DIRECTIONS: Record<string, 1 | -1> = (() => {
  const up = [...inflect('rise'), 'rose', 'risen', ...inflect('increase'), 'grew', 'grown', ...inflect('grow'),
    ...inflect('jump'), ...inflect('climb'), ...inflect('surge'), ...inflect('soar'), ...inflect('expand'),
    ...inflect('widen'), 'up', 'higher', 'more', ...inflect('double'), 'tripled', ...inflect('raise'),
    ...inflect('boost'), ...inflect('lift'), ...inflect('swell'), 'swollen', ...inflect('balloon'), ...inflect('mount'),
    ...inflect('deepen'), ...inflect('spike'), ...inflect('accelerate'), 'larger', 'bigger', 'wider'];
  const down = [...inflect('fall'), 'fell', 'fallen', ...inflect('decrease'), ...inflect('decline'),
    ...inflect('drop+'), ...inflect('dip+'), 'down', 'lower', 'lowered', 'lowering', 'less', 'fewer',
    ...inflect('reduce'), 'reduction', 'cut', 'cuts', 'cutting', 'narrows', 'narrowed', 'narrowing', ...inflect('shrink'),
    'shrank', 'shrunk', 'slowed', 'slower', ...inflect('plunge'), ...inflect('plummet'), ...inflect('tumble'),
    ...inflect('slump'), 'sank', 'sunk', 'slid', ...inflect('slip+'), ...inflect('halve'), 'eased', 'smaller',
    'narrower', ...inflect('decelerate')];
  const map: Record<string, 1 | -1> = {};
  for (const w of up) map[w] = 1;
  for (const w of down) map[w] = -1;
  return map;
})();

/** Direction words that only qualify what follows them ("less debt"; not "costs ..., much more affordable"). */
export const QUANTIFIERS = ['more', 'less', 'fewer'];

/** Direction words that are nouns: "a rise in steel prices" moves nothing of a company's by itself. */
export const DIRECTION_NOUNS = ['rise', 'rises', 'increase', 'increases', 'decline', 'declines', 'decrease', 'decreases', 'reduction', 'drop', 'drops', 'fall', 'falls'];

/** The words that tie a direction noun to what moved ("a rise in ...", "a fall of ..."). */
export const NOUN_LINKS = ['in', 'of'];

/**
 * Direction words that look for their quantity after them first (see DIRECTIONS): forms that stand before their
 * noun, and verbs that take the quantity as their object ("costs reduced the operating result", "higher prices
 * lifted margins"; a passive "debt was reduced" finds none after it and looks back).
 */
export const DIRECTION_BEFORE_NOUN: ReadonlySet<string> = new Set([
  ...Object.keys(DIRECTIONS).filter((w) => w.endsWith('ing') || /er$/.test(w) || [...QUANTIFIERS, 'increase', 'increases', 'decrease', 'decreases', 'decline', 'declines', 'reduction', 'rise', 'rises', 'cut', 'cuts'].includes(w)),
  ...['reduce', 'boost', 'lift', 'raise', 'halve', 'double'].flatMap(inflect),
  'lowered', 'lowers',
]);

/** "up" and "down" are moves only when one of these follows (a figure also does). */
export const UP_DOWN_BEFORE = new Set(['from', 'by', 'on', 'sharply', 'slightly', 'significantly', 'strongly', 'year', 'nearly', 'almost', 'about', 'some', 'around']);

/** Between two figures of one quantity, the first is the new value: "EPS was 0.42 versus 0.31". */
export const COMPARATORS = new Set(['versus', 'vs', 'compared', 'against']);

/** Contrast markers: the clause after 'but' counts more than the one before it. */
export const CONTRAST_AFTER = new Set(['but', 'however', 'yet', 'nevertheless', 'nonetheless']);
/** Concessive markers: the clause they introduce counts less ("despite strong growth, ..."). */
export const CONCESSIVE = new Set(['despite', 'although', 'though', 'notwithstanding', 'whereas']);

function inflect(base: string): string[] {
  const [head, ...rest] = base.split(' ');
  const tail = rest.length ? ` ${rest.join(' ')}` : '';
  let forms: string[];
  if (head.endsWith('+')) {
    const w = head.slice(0, -1);
    const last = w[w.length - 1];
    forms = [w, `${w}s`, `${w}${last}ed`, `${w}${last}ing`];
  } else if (head.endsWith('e')) {
    forms = [head, `${head}s`, `${head}d`, `${head.slice(0, -1)}ing`];
  } else if (/[^aeiou]y$/.test(head)) {
    forms = [head, `${head.slice(0, -1)}ies`, `${head.slice(0, -1)}ied`, `${head}ing`];
  } else if (/(s|sh|ch|x|z)$/.test(head)) {
    forms = [head, `${head}es`, `${head}ed`, `${head}ing`];
  } else {
    forms = [head, `${head}s`, `${head}ed`, `${head}ing`];
  }
  return forms.map((f) => f + tail);
}

/** The full lexicon: lowercase token sequence joined by single spaces -> weight. */
export const LEXICON: ReadonlyMap<string, number> = (() => {
  const map = new Map<string, number>();
  for (const [verb, w] of Object.entries(VERBS)) for (const form of inflect(verb)) map.set(form, w);
  for (const [word, w] of Object.entries(IRREGULAR)) map.set(word, w);
  for (const [word, w] of Object.entries(WORDS)) map.set(word.replace(/-/g, ' '), w);
  return map;
})();

/** For each first word, the longest lexicon phrase starting with it (in tokens). */
export const PHRASE_LENGTHS: ReadonlyMap<string, number> = (() => {
  const map = new Map<string, number>();
  for (const key of LEXICON.keys()) {
    const words = key.split(' ');
    map.set(words[0], Math.max(map.get(words[0]) ?? 0, words.length));
  }
  return map;
})();

/** Longest phrase in the lexicon, in tokens. */
export const MAX_PHRASE_TOKENS = Math.max(...[...LEXICON.keys()].map((k) => k.split(' ').length));
