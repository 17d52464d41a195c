/**
 * Stories served by the local demo feed, written for WireWatch (not copied from any outlet). They replay the
 * day a cheap Chinese open-weights reasoning model rattled AI stocks, so the demo shows tagged alerts.
 * publishedOffsetMin is how many minutes before "now" each story is dated.
 */
export interface DemoStory {
  guid: string;
  title: string;
  link: string;
  summary: string;
  publishedOffsetMin: number;
}

const story = (slug: string, title: string, summary: string, publishedOffsetMin: number): DemoStory => ({
  guid: `demo-${slug}`,
  title,
  link: `https://demo.wirewatch.local/stories/${slug}`,
  summary,
  publishedOffsetMin,
});

export const DEMO_STORIES: DemoStory[] = [
  story(
    'deepseek-app-tops-chart',
    'DeepSeek assistant overtakes ChatGPT as most downloaded free app in US App Store',
    'The chatbot from Chinese start-up DeepSeek climbed to the number one spot among free iPhone apps over the ' +
      'weekend, pushing OpenAI’s ChatGPT into second place. Users flocked to try its R1 reasoning model, ' +
      'and the company briefly limited new sign-ups, citing malicious attacks on its service.',
    180,
  ),
  story(
    'r1-open-weights-release',
    'DeepSeek publishes R1 reasoning model with open weights under MIT licence',
    'DeepSeek has put the weights of its R1 model on Hugging Face, letting anyone download, run and modify it. ' +
      'Early benchmarks put the open-source release close to OpenAI’s o1 on maths and coding tests, and the ' +
      'release includes smaller distilled versions built on Llama and Qwen.',
    150,
  ),
  story(
    'nvidia-record-wipeout',
    'Nvidia shares plunge 17%, erasing nearly $600 billion in market value',
    'Nvidia suffered the largest one-day loss of market value for any US company as investors questioned how ' +
      'many of its GPUs the AI industry really needs. The selloff followed claims that DeepSeek trained a ' +
      'competitive model for a fraction of the cost of US rivals. Broadcom and Marvell also slumped.',
    95,
  ),
  story(
    'nasdaq-trillion-loss',
    'Tech rout knocks about $1 trillion off US stocks as Nasdaq slides 3%',
    'The Nasdaq Composite and the S&P 500 fell sharply as traders dumped chip and power stocks tied to the AI ' +
      'build-out. Constellation Energy and Vistra, bets on data centre electricity demand, were among the ' +
      'steepest decliners, while Apple edged higher.',
    80,
  ),
  story(
    'cost-claim-scrutiny',
    'Can a frontier model really be trained for $5.6 million? Analysts weigh DeepSeek’s cost claim',
    'DeepSeek says the final training run of its V3 model cost about $5.6 million on 2,048 Nvidia H800 chips, a ' +
      'fraction of what US labs spend. Analysts note the figure excludes research and earlier experiments, but ' +
      'agree the efficiency gains are real and that token prices for inference are set to fall further.',
    60,
  ),
  story(
    'export-controls-debate',
    'Washington debates tighter chip export controls after DeepSeek shock',
    'Lawmakers asked whether US export restrictions on advanced Nvidia GPUs to China have worked, given that ' +
      'DeepSeek trained its models on H800 chips, a cut-down part designed to fit earlier rules. Some called ' +
      'the moment a Sputnik-style wake-up call for the US in the AI race, while others urged the Commerce Department to close loopholes.',
    40,
  ),
  story(
    'japan-chip-stocks-slide',
    'SoftBank, Advantest and Tokyo Electron tumble as DeepSeek fears hit Japanese chip stocks',
    'Japanese semiconductor shares led a selloff in Tokyo trading. SoftBank, a major backer of the ' +
      'Stargate data centre venture, sank about 8%, while test-equipment maker Advantest and Tokyo ' +
      'Electron also fell sharply. Disco and the Nikkei 225 closed lower.',
    20,
  ),
  story(
    'big-tech-capex-holds',
    'Microsoft and Meta stand by record AI capex plans despite cheaper Chinese rival',
    'Executives at Microsoft and Meta said they will keep spending heavily on AI data centres this year, arguing ' +
      'that cheaper models will drive more usage, not less. Investors are watching whether the capital ' +
      'expenditure programmes, together worth well over $100 billion, will be trimmed.',
    5,
  ),
];
