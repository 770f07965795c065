import type { IdDocumentType } from '../../schemas/common.ts';
import type { LocalizedText } from './result.ts';

/** The names validators use in their messages, so every message says which document it is about. */
export const ID_DOCUMENT_NAMES: Record<IdDocumentType, LocalizedText> = {
  'resident-id': { zh: '居民身份证', en: 'resident ID card' },
  'hmt-residence-permit': {
    zh: '港澳台居民居住证',
    en: 'residence permit for Hong Kong, Macau and Taiwan residents',
  },
  'foreign-permanent-residence': { zh: '外国人永久居留身份证', en: 'foreign permanent resident ID card' },
  'eep-hk-macau': { zh: '往来港澳通行证', en: 'exit-entry permit to Hong Kong and Macau' },
  'home-return-permit': { zh: '港澳居民来往内地通行证', en: 'home-return permit' },
  'taiwan-compatriot-permit': { zh: '台湾居民来往大陆通行证', en: 'Taiwan compatriot permit' },
  'mainland-taiwan-permit': { zh: '大陆居民往来台湾通行证', en: 'mainland resident permit to Taiwan' },
  passport: { zh: '护照', en: 'passport' },
  'foreign-passport': { zh: '外国护照', en: 'foreign passport' },
};
