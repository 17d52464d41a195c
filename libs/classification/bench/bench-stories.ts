import type { StoryText } from '../src/classify';

/**
 * Benchmark stories of 1-3 KB, written for WireWatch in the register of wire copy (not copied from any outlet).
 * They mix HTML and plain text, curly and straight quotes, figures, many companies and few, so the benchmark
 * exercises every stage of classifyStory.
 */
export const BENCH_STORIES: StoryText[] = [
  {
    title: 'Nvidia sheds $593bn in a day as a cheap Chinese model shakes the AI trade',
    summary: 'A reasoning model from Hangzhou start-up DeepSeek has investors asking whether the AI build-out needs so many chips.',
    content:
      '<p>Nvidia’s shares fell 17% on Monday, the steepest one-day drop in the chipmaker’s value on record, removing roughly ' +
      '$593 billion of market value as investors rushed out of anything tied to AI hardware.</p>' +
      '<p>The trigger was DeepSeek, a Chinese lab whose R1 reasoning model climbed to the top of Apple’s App Store over the ' +
      'weekend. The company says it trained an earlier model for about $5.6 million, a tiny fraction of what US labs such ' +
      'as OpenAI and Anthropic spend, and it published the weights under a permissive licence.</p>' +
      '<p>The selloff spread well beyond Nvidia. Broadcom tumbled 17%, Marvell lost nearly a fifth of its value and ' +
      'power producers Constellation Energy and Vistra slumped on worries that data centres will need less electricity ' +
      'than planned. The Nasdaq Composite ended 3.1% lower while the S&amp;P 500 slid 1.5%; the Dow Jones Industrial ' +
      'Average, lighter on technology, closed higher.</p>' +
      '<p>In Tokyo, Advantest and Tokyo Electron fell sharply, and ASML dropped 7% in Amsterdam. Analysts were split. ' +
      'Some called it a buying opportunity, arguing that cheaper models will widen demand for computing power; others ' +
      'said the episode exposed stretched valuations after two years of relentless gains.</p>' +
      '<p>Meta and Microsoft, which together plan to spend well over $100 billion on capital expenditure this year, ' +
      'edged up as traders bet that lower training costs would help the companies that buy chips rather than sell them.</p>',
  },
  {
    title: 'Washington weighs tighter curbs on AI chip sales to China after DeepSeek shock',
    summary:
      'Officials are examining whether the H800 and H20 processors used by Chinese labs slipped through loopholes in ' +
      'existing export controls.',
    content:
      'The Commerce Department is reviewing whether Nvidia chips designed to comply with earlier export rules gave ' +
      'Chinese developers more computing power than intended, according to people familiar with the discussions. ' +
      'Lawmakers from both parties have called for the H20 to be added to the list of restricted products, and some ' +
      'want more Chinese firms placed on the entity list.\n' +
      'The White House described the rise of DeepSeek as a wake-up call for American industry. Several senators ' +
      'called it a Sputnik moment for the US-China tech race and urged the administration to close gaps that let ' +
      'smuggled accelerators reach Chinese buyers through third countries such as Singapore and Malaysia.\n' +
      'Nvidia said it complies with all applicable laws and that its products sold in China are built to meet the ' +
      'rules set by Washington. The company gets roughly 13% of its revenue from China. Shares of Micron and AMD ' +
      'also moved lower on the reports, while Intel was little changed.\n' +
      'Beijing criticised the proposals as an attempt to hold back Chinese technology and said it would take steps ' +
      'to protect its companies. Analysts at several banks warned that any new sanctions could invite retaliation ' +
      'against US firms, including restrictions on rare materials used in semiconductor manufacturing.',
  },
  {
    title: 'Big Tech sticks with spending plans despite the efficiency scare',
    summary:
      'Microsoft, Alphabet, Amazon and Meta told analysts that capex will keep rising, arguing cheaper AI will create ' +
      'more demand rather than less.',
    content:
      'Executives at the largest cloud providers used their quarterly calls to defend budgets that now run into the ' +
      'hundreds of billions of dollars. Meta expects capital spending of between $60bn and $65bn this year, while ' +
      'Microsoft reaffirmed plans to invest about $80bn in data centres. Amazon Web Services said demand for its ' +
      'AI services still outstrips the capacity it can bring online.\n' +
      'Mark Zuckerberg said efficiency gains of the kind shown by DeepSeek were welcome and would not change the ' +
      'company’s strategy. Sundar Pichai said Google’s Gemini models had become much cheaper to serve, and that lower ' +
      'cost per token tends to increase usage. Investors seemed reassured: the Nasdaq 100 rose 1.2% on the week, and ' +
      'chip stocks recovered part of their losses, though Nvidia remained well below its record high.\n' +
      'Some fund managers remain sceptical. A strategist at a London asset manager said the bubble in AI ' +
      'infrastructure had not burst but was losing air, and warned that returns on the spending may take years to ' +
      'appear. Stargate, the $500 billion venture backed by OpenAI, SoftBank and Oracle, is expected to announce its ' +
      'first sites within weeks.',
  },
  {
    title: 'Asian chip stocks slide; Tokyo Electron, Advantest and SK Hynix lead losses',
    summary: 'Regional markets followed Wall Street lower as the AI selloff reached suppliers of chipmaking equipment.',
    content:
      'The Nikkei 225 fell 0.9% in Tokyo, dragged down by Advantest, which lost about 8.6%, and Tokyo Electron, ' +
      'down 4.9%. SoftBank Group shed more than 8% after a week of gains tied to the Stargate project. In Seoul, SK ' +
      'Hynix dropped 9.9% and Samsung Electronics slipped 2.4%, while the Kospi ended the day down 0.8%. Markets in ' +
      'Hong Kong and mainland China were closed for the Lunar New Year holiday, sparing Tencent and Alibaba, both of ' +
      'which have released cheap models of their own.\n' +
      'TSMC’s Taipei-listed shares were not traded because of the holiday, but its American depositary receipts ' +
      'fell 13% in New York the previous session. Traders said the moves reflected fears that demand for high ' +
      'bandwidth memory and advanced packaging could slow if labs can train capable models on fewer GPUs.',
  },
  {
    title: 'Late header sends Riverside into the cup semi-final',
    summary:
      'Riverside came from a goal down to beat Northgate 2-1 in front of a sell-out crowd on Saturday evening.',
    content:
      'The home side started slowly and fell behind after twenty minutes when a deflected shot looped over the ' +
      'goalkeeper. The captain levelled just before the break with a low drive from the edge of the area, and the ' +
      'crowd of more than 30,000 grew louder as the second half went on. A substitute headed the winner in stoppage ' +
      'time from a corner that the visitors never cleared.\n' +
      'The manager praised his players for their spirit and said the squad would rest before the league match on ' +
      'Wednesday. Northgate’s coach complained about the refereeing, arguing that a foul in the build-up to the ' +
      'equaliser had been missed, but admitted his team had been second best for long spells. Tickets for the ' +
      'semi-final go on sale next week, with season-ticket holders given priority, and the club expects another ' +
      'full house. The other semi-final will be played at a neutral ground in the capital.',
  },
  {
    title: 'DeepSeek tops download charts as users flock to its free assistant',
    summary:
      'The app overtook ChatGPT as the most downloaded free app on Apple’s US App Store and climbed the Google Play ' +
      'rankings in several countries.',
    content:
      'Sign-ups were so heavy that DeepSeek temporarily limited new registrations, saying its service had faced ' +
      'large-scale malicious attacks. The assistant is free to use and its API is priced at a fraction of rival ' +
      'offerings, at about $2.19 per million output tokens, compared with $60 for OpenAI’s comparable reasoning ' +
      'model. Developers on GitHub and Hugging Face have already published thousands of variants built on the ' +
      'open-weights release.\n' +
      'Privacy regulators in Italy and Ireland asked the company how it stores personal data, and Italy’s watchdog ' +
      'later ordered the app blocked. Several governments told officials not to install it on work phones. ' +
      'In Washington, the Navy warned staff against using the app over security and ethical concerns.',
  },
  {
    title: 'Markets wrap: tech rout deepens as Nasdaq loses about $1 trillion; Treasuries rally',
    summary:
      'A broad retreat from AI-linked shares pulled the Nasdaq Composite down 3.1% and lifted haven assets, while ' +
      'defensive sectors such as utilities outside the power trade and consumer staples held up.',
    content:
      'Roughly $1 trillion was wiped off the value of US technology companies in a single session, with the ' +
      'Philadelphia Semiconductor Index falling 9.2%, its worst day since the pandemic crash of 2020. Nvidia, ' +
      'Broadcom and Marvell accounted for much of the damage, and Super Micro Computer, Arista Networks and Vertiv ' +
      'also dropped by double digits. The S&P 500 lost 1.5%, but the equal-weighted version of the index rose, a sign ' +
      'that the selling was concentrated in the handful of stocks that had led the market for two years.\n' +
      'Ten-year Treasury yields fell to 4.53% as investors sought safety, and the yen strengthened against the ' +
      'dollar. Gold was little changed at $2,740 an ounce. Apple, which relies less on AI infrastructure than its ' +
      'peers, gained 3.2%, and Salesforce rose 3.9% as software makers were seen as beneficiaries of cheaper ' +
      'models. Meta added 1.9% after Mark Zuckerberg reiterated his spending plans.\n' +
      'The moves were a stark reversal for a trade that had looked unstoppable. Nvidia had become the most ' +
      'valuable listed company in the world earlier in January, and its market value remained above $2.9 trillion ' +
      'even after the fall. Strategists said the question for investors was no longer whether AI would be widely ' +
      'adopted, but who would capture the profits if models became cheap to build and run. Some argued the ' +
      'decline was healthy after a run of gains that had left valuations stretched; others warned of further ' +
      'volatility ahead of earnings from Microsoft, Meta and Tesla later in the week.\n' +
      'In Europe, the Stoxx 600 closed almost flat, held back by ASML and Siemens Energy, while luxury and banking ' +
      'stocks advanced. Schneider Electric, a supplier of cooling and power gear to data centres, fell 9.5%. ' +
      'Bitcoin briefly slipped below $98,000 before recovering. Futures pointed to a steadier open on Tuesday, ' +
      'and several brokers told clients the selloff had created entry points in quality names.',
  },
];
