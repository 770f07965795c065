// Keystroke latency of the catalogue search, for the seed catalogue and for a generated 10,000-item catalogue
// (a bureau that imports a large sheet, or many sites' variants). Prints figures next to the targets; asserts nothing.
import { createCatalogueSearch } from '../../shared/catalogue/search.ts';
import { seedCatalogue } from '../../shared/catalogue/seed/index.ts';
import type { ServiceItem } from '../../shared/schemas/catalogue.ts';

/** What an officer types at the counter: pinyin, initials, characters, English, codes, a miss. */
export const BENCH_QUERIES = [
  'h',
  'hz',
  'huzhao',
  'hu zhao',
  '护照',
  '护zhao',
  '身份证',
  'sfz',
  'jsz',
  '换证',
  'passport',
  'driving',
  'driving lic',
  'EE-PASS',
  '港澳',
  'gatxz',
  'xingshizheng',
  'zzzz',
] as const;

const SEED_TARGET_P95_MS = 2;
const LARGE_TARGET_P95_MS = 16;
const LARGE_SIZE = 10_000;

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COMMON_CHARS =
  '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质';

function pick<T>(list: readonly T[], random: () => number): T {
  const value = list[Math.floor(random() * list.length)];
  if (value === undefined) throw new Error('pick from an empty list');
  return value;
}

function randomChinese(random: () => number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += COMMON_CHARS[Math.floor(random() * COMMON_CHARS.length)] ?? '的';
  return out;
}

/**
 * Names of seed items (70%) and seed categories (30%), half with a variant suffix (XX（第5类）) and half wrapped in
 * random common characters, plus three of the source item's keywords and a random one: the large catalogue keeps
 * the seed's vocabulary (many 护照, 通行证 …) and gains a long tail of unrelated pinyin. Seeded, so every run
 * measures the same catalogue; works from the categories alone while the seed has no items.
 */
export function generateItems(base: readonly ServiceItem[], count: number): ServiceItem[] {
  const random = mulberry32(20_261_101);
  const fallbackNames = seedCatalogue.categories.map((c) => c.name);
  const template: ServiceItem = base[0] ?? {
    code: 'GEN-ITEM',
    businessType: 'household',
    categoryCode: 'GEN',
    name: { zh: '户籍证明', en: 'Household-registration certificate' },
    keywords: [],
    materials: [],
    fee: { amountFen: 0, options: [], verified: true },
    timeLimits: [],
    route: 'on-the-spot',
    biometrics: { photo: false, fingerprint: false, idCardRead: true },
    islandAccepted: true,
    verified: true,
    sources: [],
    active: true,
    order: 0,
  };
  const sources = base.length > 0 ? base : [template];
  const items: ServiceItem[] = [];
  for (let i = 0; i < count; i++) {
    const source = pick(sources, random);
    const name = random() < 0.3 || base.length === 0 ? pick(fallbackNames, random) : source.name;
    const variant = 1 + Math.floor(random() * 9);
    const zh =
      random() < 0.5
        ? `${name.zh}（第${variant}类）`
        : `${randomChinese(random, 2)}${name.zh}${randomChinese(random, 1 + Math.floor(random() * 4))}`;
    items.push({
      ...source,
      code: `${source.code}-G${i}`,
      name: { zh, en: `${name.en} (variant ${variant})` },
      keywords: [...source.keywords.slice(0, 3), randomChinese(random, 3)],
      active: random() < 0.97,
      order: i,
    });
  }
  return items;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

const ms = (value: number): string => value.toFixed(3).padStart(8);

/** Pads to a terminal width: Chinese characters take two columns. */
function padColumns(text: string, width: number): string {
  let columns = 0;
  for (const ch of text) columns += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 2 : 1;
  return text + ' '.repeat(Math.max(0, width - columns));
}

function benchDataset(label: string, items: readonly ServiceItem[], runs: number, targetP95: number): void {
  const buildStart = performance.now();
  const catalogue = createCatalogueSearch(items);
  const buildMs = performance.now() - buildStart;
  console.log(`${label}: index built in ${buildMs.toFixed(1)} ms`);

  // Warm-up lets the JIT compile the hot paths before anything is measured.
  for (let i = 0; i < 50; i++) for (const query of BENCH_QUERIES) catalogue.search(query);

  console.log(`  ${'query'.padEnd(14)} ${'hits'.padStart(5)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)}`);
  const all: number[] = [];
  for (const query of BENCH_QUERIES) {
    const samples: number[] = [];
    let hits = 0;
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      hits = catalogue.search(query).length;
      samples.push(performance.now() - start);
    }
    samples.sort((a, b) => a - b);
    all.push(...samples);
    console.log(
      `  ${padColumns(JSON.stringify(query), 14)} ${String(hits).padStart(5)} ${ms(percentile(samples, 50))} ${ms(percentile(samples, 95))}`,
    );
  }
  all.sort((a, b) => a - b);
  const p95 = percentile(all, 95);
  console.log(
    `${label}: p50 ${percentile(all, 50).toFixed(3)} ms, p95 ${p95.toFixed(3)} ms over all queries` +
      ` (target p95 < ${targetP95} ms: ${p95 < targetP95 ? 'met' : 'MISSED'})\n`,
  );
}

export function runSearchBench(): void {
  const seedItems = seedCatalogue.items;
  benchDataset(`seed (${seedItems.length} items)`, seedItems, 500, SEED_TARGET_P95_MS);
  benchDataset(
    `${LARGE_SIZE.toLocaleString('en')} items`,
    generateItems(seedItems, LARGE_SIZE),
    200,
    LARGE_TARGET_P95_MS,
  );
}
