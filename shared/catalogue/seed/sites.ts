// The bureau's service sites: catalogue-facts.md §0 and §3. Everything here is configurable data the hub starts with.
//
// What the fact sheet supports: four main-island "one-stop" centres exist [S2], and the names 海坛/君山/金井/苏平 match
// the township-level units of 2021 [S4] but were not found as centre names, so the names below are ours. The
// sub-centres on 东庠 (in the 东庠 border police station), 南海 and 屿头 opened on 2021-10-08 [S1]. 大练 has no known
// sub-centre ("where one exists"), so it is present but disabled. Addresses are the township only, except 东庠.
// Counter numbers are assumptions to be replaced by the real layout; kiosks are numbered after the counters so that a
// number identifies one machine of a site (case numbers carry it, e.g. DX-20261126-02-0007).
import type { Site } from '../../schemas/index.ts';

/**
 * Hours: nothing Pingtan-specific was found (§3). This is the seasonal format one Chinese PSB publishes [S43]:
 * summer 8:30–12:00 / 15:00–18:00, winter 8:30–12:00 / 14:30–17:30, Monday to Friday. The season boundaries
 * (summer 05-01..09-30) are our choice. Winter is written as two ranges so that no range wraps past the year end.
 * No site opens at weekends here; a Saturday session for the main hall is a bureau decision, not a known fact.
 */
const seasonalHours: Site['hours'] = [
  {
    from: '05-01',
    to: '09-30',
    weekdays: [1, 2, 3, 4, 5],
    sessions: [
      { start: '08:30', end: '12:00' },
      { start: '15:00', end: '18:00' },
    ],
  },
  {
    from: '10-01',
    to: '12-31',
    weekdays: [1, 2, 3, 4, 5],
    sessions: [
      { start: '08:30', end: '12:00' },
      { start: '14:30', end: '17:30' },
    ],
  },
  {
    from: '01-01',
    to: '04-30',
    weekdays: [1, 2, 3, 4, 5],
    sessions: [
      { start: '08:30', end: '12:00' },
      { start: '14:30', end: '17:30' },
    ],
  },
];

/** Counters 1…n, then kiosks numbered n+1… (named 自助终端 1…). */
const counters = (counterCount: number, kioskCount: number): Site['counters'] => [
  ...Array.from({ length: counterCount }, (_, i) => ({
    number: i + 1,
    name: { zh: `${i + 1}号窗口`, en: `Counter ${i + 1}` },
    kind: 'counter' as const,
  })),
  ...Array.from({ length: kioskCount }, (_, i) => ({
    number: counterCount + i + 1,
    name: { zh: `自助终端 ${i + 1}`, en: `Kiosk ${i + 1}` },
    kind: 'kiosk' as const,
  })),
];

export const seedSites: Site[] = [
  // The main hall: "全岛通办" began in the exit-entry reception hall on the main island [S1]; the islands' forwarded
  // business is processed here.
  {
    code: 'HT',
    name: { zh: '海坛服务中心', en: 'Haitan Service Centre' },
    kind: 'centre',
    enabled: true,
    backOfficeSiteCode: 'HT',
    address: '海坛街道',
    hours: seasonalHours,
    counters: counters(8, 2),
    order: 0,
  },
  {
    code: 'JS',
    name: { zh: '君山服务中心', en: 'Junshan Service Centre' },
    kind: 'centre',
    enabled: true,
    backOfficeSiteCode: 'JS',
    address: '君山镇', // town seat 流水村 [S4]; the centre's own address is not known
    hours: seasonalHours,
    counters: counters(4, 1),
    order: 1,
  },
  {
    code: 'JJ',
    name: { zh: '金井服务中心', en: 'Jinjing Service Centre' },
    kind: 'centre',
    enabled: true,
    backOfficeSiteCode: 'JJ',
    address: '金井镇', // town seat 新垄村 [S4]; the centre's own address is not known
    hours: seasonalHours,
    counters: counters(4, 1),
    order: 2,
  },
  {
    code: 'SP',
    name: { zh: '苏平服务中心', en: 'Suping Service Centre' },
    kind: 'centre',
    enabled: true,
    backOfficeSiteCode: 'SP',
    address: '苏平镇', // town seat 平原村 [S4]; the centre's own address is not known
    hours: seasonalHours,
    counters: counters(4, 1),
    order: 3,
  },
  {
    code: 'DX',
    name: { zh: '东庠服务分中心', en: 'Dongxiang Sub-centre' },
    kind: 'island-sub-centre',
    enabled: true,
    backOfficeSiteCode: 'HT',
    address: '东庠乡 东庠边防派出所内', // [S1]
    hours: seasonalHours,
    counters: counters(2, 1),
    order: 4,
  },
  {
    code: 'NH',
    name: { zh: '南海服务分中心', en: 'Nanhai Sub-centre' },
    kind: 'island-sub-centre',
    enabled: true,
    backOfficeSiteCode: 'HT',
    address: '南海乡',
    hours: seasonalHours,
    counters: counters(2, 1),
    order: 5,
  },
  {
    code: 'YT',
    name: { zh: '屿头服务分中心', en: 'Yutou Sub-centre' },
    kind: 'island-sub-centre',
    enabled: true,
    backOfficeSiteCode: 'HT',
    address: '屿头乡',
    hours: seasonalHours,
    counters: counters(2, 1),
    order: 6,
  },
  // 大练乡 was merged into 苏平镇 in 2021 [S4]; the island is reached by the 平潭海峡公铁大桥 [S11]. No sub-centre is
  // known there; enable it when one opens.
  {
    code: 'DL',
    name: { zh: '大练服务分中心', en: 'Dalian Island Sub-centre' }, // "Island": not the city of 大连
    kind: 'island-sub-centre',
    enabled: false,
    backOfficeSiteCode: 'HT',
    address: '苏平镇大练岛（原大练乡）',
    hours: seasonalHours,
    counters: counters(2, 1),
    order: 7,
  },
];
