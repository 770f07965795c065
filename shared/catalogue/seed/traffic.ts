import type { ServiceItem } from '../../schemas/index.ts';

export const trafficItems: Array<Omit<ServiceItem, 'order'>> = [];
