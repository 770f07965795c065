// `npm run hub -- catalogue load`: the file replaces the catalogue every site pulls. One that leaves out items the hub
// has (a row lost from the sheet, an item "deleted" instead of retired) must be refused, not half-applied.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Hub } from '../../../hub/app.ts';
import { HubError } from '../../../hub/errors.ts';
import { seedCatalogue } from '../../../shared/catalogue/seed/index.ts';
import { HUB_START_TIMEOUT_MS, startHub } from '../../helpers/hub.ts';

let hub: Hub;
beforeEach(async () => {
  hub = await startHub();
}, HUB_START_TIMEOUT_MS);
afterEach(async () => {
  await hub.app.close();
});

async function service(code: string) {
  return (await hub.documents.get('services', [code])).get(code)?.doc as {
    active: boolean;
    fee: { amountFen: number };
  };
}

it('refuses a catalogue that leaves out an item the hub has, names it, and writes nothing', async () => {
  const dropped = seedCatalogue.items[0]!.code;
  const changed = structuredClone(seedCatalogue);
  changed.items = changed.items.filter((i) => i.code !== dropped);
  const renewal = changed.items.find((i) => i.code === 'EE-PASSPORT-RENEW')!;
  const feeBefore = (await service('EE-PASSPORT-RENEW')).fee.amountFen;
  renewal.fee.amountFen = feeBefore + 1000;

  const failure = await hub.ops.loadCatalogue(changed).then(
    () => null,
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(HubError);
  expect(String((failure as HubError).details)).toMatch(new RegExp(`缺少.*${dropped}.* / .*leaves out`));
  // Still offered as before, and the other change of the same file was not applied either.
  expect((await service(dropped)).active).toBe(true);
  expect((await service('EE-PASSPORT-RENEW')).fee.amountFen).toBe(feeBefore);
});

it('retires an item kept with active: false', async () => {
  const retiredCode = seedCatalogue.items[0]!.code;
  const changed = structuredClone(seedCatalogue);
  changed.items.find((i) => i.code === retiredCode)!.active = false;
  await expect(hub.ops.loadCatalogue(changed)).resolves.toMatchObject({ items: seedCatalogue.items.length });
  expect((await service(retiredCode)).active).toBe(false);
});
