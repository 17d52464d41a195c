import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseTopicModel } from '@wirewatch/classification';
import { loadConfig } from '@wirewatch/config';
import { FeedError } from '@wirewatch/feeds';
import { loadAnalyzer } from '@wirewatch/platform';
import { classifyLines, evaluateCommand, trainCommand } from './commands';
import { fetchCommand } from './fetch';

const USAGE = `usage: npm run -s wirewatch -- <command> [options]

  classify [--model FILE]… [--taxonomy FILE]   JSONL stories on stdin -> one JSON line each on stdout
  train --input FILE --out FILE                  learn a topic model from labelled JSONL
  evaluate --input FILE [--model FILE]… [--taxonomy FILE]
                                                 per-topic precision, recall, F1 (the taxonomy's rules without --model)
  fetch <url> [--allow-private]                  fetch a feed (or the feed a page announces): {feed, items} as JSON
`;

/** Exit codes: 0 done, 1 some input lines were refused (each reported) or the feed could not be read, 2 bad usage or unreadable files. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      model: { type: 'string', multiple: true },
      taxonomy: { type: 'string' },
      input: { type: 'string' },
      out: { type: 'string' },
      'allow-private': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  const analyzer = () => loadAnalyzer({ taxonomyFile: values.taxonomy ?? null, topicModels: values.model ?? [] });
  switch (command) {
    case 'classify': {
      let refused = 0;
      for (const record of classifyLines(await readStdin(), analyzer())) {
        if ('error' in record) {
          refused++;
          process.stderr.write(`${record.error}\n`);
        }
        process.stdout.write(`${JSON.stringify(record)}\n`);
      }
      return refused ? 1 : 0;
    }
    case 'train': {
      const input = required(values.input, '--input');
      const out = required(values.out, '--out');
      const { model, summary } = trainCommand(readFileSync(input, 'utf8'));
      writeFileSync(out, model);
      process.stderr.write(`${summary}\nwrote ${out}\n`);
      return 0;
    }
    case 'evaluate': {
      const input = required(values.input, '--input');
      const models = (values.model ?? []).map((f) => parseTopicModel(readFileSync(f, 'utf8')));
      process.stdout.write(`${evaluateCommand(readFileSync(input, 'utf8'), analyzer(), models)}\n`);
      return 0;
    }
    case 'fetch': {
      const url = positionals[0];
      if (!url) throw new UsageError('fetch needs a URL');
      // ALLOW_PRIVATE_NETWORKS (and the fetch limits) as the fetcher reads them; --allow-private for a one-off
      const cfg = loadConfig('fetcher', process.env, { requireApiKeys: false });
      const allowPrivateNetworks = values['allow-private'] ?? cfg.allowPrivateNetworks;
      process.stdout.write(await fetchCommand(url, { allowPrivateNetworks, timeoutMs: cfg.fetchTimeoutMs, maxBytes: cfg.feedMaxBytes }));
      return 0;
    }
    default:
      process.stderr.write(`unknown command: ${command}\n${USAGE}`);
      return 2;
  }
}

function required(value: string | undefined, flag: string): string {
  if (!value) throw new UsageError(`${flag} is required`);
  return value;
}

class UsageError extends Error {}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: Error) => {
    if (e instanceof FeedError) {
      process.stderr.write(`${e.category}: ${e.message}\n`);
      process.exitCode = 1;
      return;
    }
    process.stderr.write(`${e instanceof UsageError ? `${e.message}\n${USAGE}` : `error: ${e.message}\n`}`);
    process.exitCode = 2;
  },
);
