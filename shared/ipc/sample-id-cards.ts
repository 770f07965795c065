import type { IdCardRead } from './bridge.ts';

/** Sample people: fictional, with Pingtan (350128) numbers whose check characters are correct. */
export const SIMULATED_CARDS: ReadonlyArray<Omit<IdCardRead, 'photo' | 'driver' | 'readAt'>> = [
  {
    name: '林晓梅',
    sex: 'female',
    ethnicity: '汉',
    birthDate: '1988-05-16',
    idNumber: '350128198805162348',
    address: '福建省平潭县东庠乡东庠村 128 号',
    issuingAuthority: '平潭县公安局',
    validFrom: '2019-03-01',
    validUntil: '2039-03-01',
  },
  {
    name: '陈海生',
    sex: 'male',
    ethnicity: '汉',
    birthDate: '1962-11-02',
    idNumber: '350128196211021215',
    address: '福建省平潭县南海乡塘屿村 36 号',
    issuingAuthority: '平潭县公安局',
    validFrom: '2016-08-20',
    validUntil: '长期',
  },
  {
    name: '郑雨桐',
    sex: 'female',
    ethnicity: '畲',
    birthDate: '2009-01-23',
    idNumber: '350128200901230021',
    address: '福建省平潭县屿头乡屿头村 9 号',
    issuingAuthority: '平潭县公安局',
    validFrom: '2024-02-10',
    validUntil: '2029-02-10',
  },
];

/** A neutral silhouette in place of the chip photo, so screens that show the photo can be tried. */
export const SIMULATED_PHOTO =
  'data:image/svg+xml;base64,' +
  btoa(
    '<svg xmlns="http://www.w3.org/2000/svg" width="102" height="126" viewBox="0 0 102 126">' +
      '<rect width="102" height="126" fill="#dfe7ef"/><circle cx="51" cy="48" r="22" fill="#9aa9b8"/>' +
      '<path d="M13 126c4-30 20-44 38-44s34 14 38 44z" fill="#9aa9b8"/></svg>',
  );
