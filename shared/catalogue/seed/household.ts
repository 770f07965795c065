import type { ServiceItem } from '../../schemas/index.ts';

export const householdItems: Array<Omit<ServiceItem, 'order'>> = [];
