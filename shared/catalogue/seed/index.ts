import type { Catalogue } from '../../schemas/index.ts';
import { seedCategories } from './categories.ts';
import { exitEntryItems } from './exit-entry.ts';
import { householdItems } from './household.ts';
import { publicOrderItems } from './public-order.ts';
import { trafficItems } from './traffic.ts';

/** The catalogue the hub starts with until the bureau imports its own sheet (`npm run catalogue -- import`). */
export const seedCatalogue: Catalogue = {
  version: 'seed-2026.11',
  categories: seedCategories,
  items: [...exitEntryItems, ...householdItems, ...publicOrderItems, ...trafficItems].map((item, order) => ({
    ...item,
    order,
  })),
};
export { seedSites } from './sites.ts';
