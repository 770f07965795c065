import type { ServiceItem } from '../../schemas/index.ts';

export const exitEntryItems: Array<Omit<ServiceItem, 'order'>> = [];
