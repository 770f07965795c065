/**
 * The counter's JavaScript heap: a young generation four times V8's default.
 *
 * A counter's heavy work is a stream of short-lived objects: a new counter's first sync parses, seals and stores every
 * case of its site (100,000 on a busy island), and each record passes through several copies on its way into
 * IndexedDB. With V8's default semi-spaces (16 MB each on 64-bit) the young generation fills every few milliseconds
 * and each scavenge copies the records still in flight. With 64 MB the scavenges are a quarter as many and most of
 * those copies die first: `BENCH_SYNC_ONLY=initial npm run bench -- sync` counts the counter thread's collector
 * pauses at about 445 (3.1–3.5 s) with the default and 110 (1.8–2.1 s) with this (README, "The hub": the
 * young generation).
 *
 * The space grows only while a page allocates that fast; an idle counter keeps a small heap. The cost is at most
 * 3 × 64 MB more memory in the app window's renderer during a first sync, on a desktop.
 */
export const COUNTER_SEMI_SPACE_MB = 64;

/** V8's flag, as the Electron shell passes it to the renderers (`--js-flags`) and the tests' Chromium takes it. */
export const COUNTER_JS_FLAGS = `--max-semi-space-size=${COUNTER_SEMI_SPACE_MB}`;

/**
 * The same for a Node worker thread (the benchmark's stand-in counter), whose `resourceLimits` take the young
 * generation whole: V8 sizes it as three semi-spaces (two, and the new large-object space beside them), so this gives
 * the thread the semi-spaces `COUNTER_JS_FLAGS` gives a renderer.
 */
export const COUNTER_YOUNG_GENERATION_MB = 3 * COUNTER_SEMI_SPACE_MB;
