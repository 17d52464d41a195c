/** `npm run db:migrate`: creates the database if needed and applies pending migrations (under the lock). */
import { ConfigError, loadConfig } from '@wirewatch/config';
import { createDataSource, runMigrations } from '@wirewatch/persistence';
import { ensureDatabase } from './database';

async function main(): Promise<void> {
  let url: string;
  try {
    url = loadConfig('fetcher', process.env, { requireApiKeys: false }).databaseUrl;
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  if (await ensureDatabase(url)) console.log(`created database ${new URL(url).pathname.slice(1)}`);
  const ds = await createDataSource(url, 1).initialize();
  try {
    const applied = await runMigrations(ds);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'the schema is up to date');
  } finally {
    await ds.destroy();
  }
}

main().catch((e) => {
  console.error(`migration failed: ${(e as Error).message}`);
  process.exit(1);
});
