// `npm run bench` runs every bench; `npm run bench -- <name> …` runs the named ones. A new bench is one line in
// `benches`. Benches print figures and targets; they never fail on timing, so a slow CI machine cannot break a build.
import { runSearchBench } from './search.ts';
import { runCounterBench } from './counter.ts';
import { runMigrationBench } from './migration.ts';
import { runSyncBench } from './sync.ts';

type Bench = () => void | Promise<void>;

const benches: Record<string, Bench> = {
  search: runSearchBench,
  counter: runCounterBench,
  sync: runSyncBench,
  migration: runMigrationBench,
};

async function main(args: string[]): Promise<number> {
  const names = Object.keys(benches);
  const unknown = args.filter((name) => !(name in benches));
  if (unknown.length > 0) {
    console.error(`Unknown bench: ${unknown.join(', ')}. Available: ${names.join(', ')}.`);
    return 1;
  }
  const selected = args.length > 0 ? args : names;
  if (args.length === 0) console.log(`Available benches: ${names.join(', ')}. Running all.\n`);
  for (const name of selected) {
    const bench = benches[name];
    if (!bench) continue;
    console.log(`=== ${name} ===`);
    await bench();
    console.log('');
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
