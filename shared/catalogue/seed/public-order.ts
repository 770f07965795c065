import type { ServiceItem } from '../../schemas/index.ts';

export const publicOrderItems: Array<Omit<ServiceItem, 'order'>> = [];
