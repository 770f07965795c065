// 治安 public-order licensing and filing: catalogue-facts.md §1C, rows 71–100, with real variants (one item per seal
// type, per hazardous-goods permit, per kind of Internet-café change …).
//
// Conventions in this file:
// - Fee: §1C says no item of this group charges a fee, but that is "typical", confirmed only for the fireworks
//   display licence [S43] and the fireworks road-transport permit [S44]. Every other item is therefore unverified.
// - Bio: §1C has no Bio column. The counter reads the ID card of the applicant or the unit's agent (R); the
//   security-guard certificate also carries a photo (P). Both are our judgement, not sheet values.
// - Filings (备案) and Y/Y* rows: the limit is "the same day" (0 日, promised). Where the sheet gives a deadline, it is
//   the applicant's deadline to file (e.g. "within 3日 of the business-registration change"), not a processing limit,
//   so it goes into the note, never into the value.
// - islandAccepted: filings that are done at the counter are accepted on the islands. Licences and permits that need
//   the county PSB's review or a site check (route back-office) are not: the applicant deals with the main island.
import { bio, fee, itemsOf, limit, material } from './define.ts';
import type { ServiceItem } from '../../schemas/index.ts';

const item = itemsOf('public-order');

/** §1C: "none for any item in this group (typical)". */
const freeTypical = () =>
  fee(0, {
    verified: false,
    note: [
      '治安类事项一般不收费（典型做法，待公安局确认）',
      'Public-order items are normally free (typical; confirm with the bureau)',
    ],
  });

/** Same-day filing at the counter; `note` carries the applicant's own deadline where the sheet gives one. */
const sameDay = (opts: { verified?: boolean; note?: string } = {}) => limit('promised', 0, '日', opts);

/** A review whose length the sheet marks "typical": the Administrative Licensing Law's 20 WD as a placeholder. */
const reviewTypical = (note: string) => limit('statutory', 20, '工作日', { verified: false, note });

// Materials shared across items; one code per document everywhere in the catalogue.
const applicationForm = material('application-form', '申请表', 'Application form');
const idCard = (note?: string) => material('id-card', '居民身份证', 'Resident ID card', note ? { note } : {});
const businessLicence = (opts: { required?: boolean; note?: string } = {}) =>
  material('business-licence', '营业执照', 'Business licence', opts);
const premisesProof = material(
  'premises-proof',
  '经营场所产权或租赁证明',
  'Proof of ownership or lease of the premises',
);
const staffIds = material('staff-ids', '从业人员身份证明', 'Identity documents of the staff');
const securityRules = material('security-rules', '治安保卫制度', 'Internal security rules');
const proofOfChange = material('change-proof', '变更事项证明', 'Proof of the changed item');
const specialTradeLicence = material('special-trade-licence', '特种行业许可证', 'Special-trade licence');
const unitDocuments = material('unit-documents', '单位登记证明', 'Registration documents of the unit', {
  note: '营业执照、事业单位法人证书或社会团体登记证书等',
});
const carrierDocuments = material(
  'carrier-documents',
  '运输单位资质、车辆及驾驶员、押运员证明',
  'Carrier’s qualification, vehicle, driver and escort documents',
);

const sealFiling = (code: string, zh: string, en: string, keywords: string[], extraNote?: string) =>
  item({
    code,
    categoryCode: 'PO-SEAL',
    zh,
    en,
    keywords: ['刻章', '印章', '公章备案', ...keywords],
    materials: [
      material('seal-user-certificate', '用章单位登记证明', 'Registration certificate of the unit using the seal', {
        note: extraNote ?? '营业执照或其他登记证书',
      }),
      idCard('经办人 (the unit’s agent)'),
      material('seal-impression', '印模', 'Seal impression'),
    ],
    fee: freeTypical(),
    timeLimits: [
      sameDay({
        note: 'Filing replaces approval (国发〔2017〕7号); the engraver files within 15 WD of engraving or in real time [S42]',
      }),
    ],
    route: 'on-the-spot',
    bio: bio('R'),
    sources: ['S42'],
  });

const netCafeChange = (code: string, zh: string, en: string, keywords: string[]) =>
  item({
    code,
    categoryCode: 'PO-ENTERTAINMENT-NET',
    zh,
    en,
    keywords: ['网吧', '上网服务', '网络安全审核', '变更', ...keywords],
    materials: [applicationForm, proofOfChange, businessLicence()],
    fee: freeTypical(),
    timeLimits: [reviewTypical('typical: as the first security review (row 82)')],
    route: 'back-office',
    bio: bio('R'),
    islandAccepted: false,
    sources: ['S39'],
  });

export const publicOrderItems: Array<Omit<ServiceItem, 'order'>> = [
  // ── PO-HOTEL 旅馆业 ──────────────────────────────────────────────────────────────────────────────────────────
  item({
    code: 'PO-HOTEL-LICENCE',
    categoryCode: 'PO-HOTEL',
    zh: '旅馆业特种行业许可证核发',
    en: 'Hotel special-trade licence, first issue',
    keywords: ['旅馆', '宾馆', '酒店', '民宿', '特行', '特种行业许可证', '旅馆业许可'],
    materials: [
      applicationForm,
      material('fire-safety-opinion', '消防安全检查意见', 'Fire-safety inspection opinion'),
      idCard('法定代表人 (legal representative)'),
      staffIds,
      premisesProof,
      material('location-map', '位置图及外观照片', 'Location map and photos of the building'),
      material('floor-plan', '客房及床位平面图', 'Plan of rooms and beds'),
      material('security-pledge', '治安责任保证书', 'Security responsibility pledge'),
      securityRules,
    ],
    fee: freeTypical(),
    timeLimits: [
      limit('statutory', 20, '工作日', { note: 'extendable by 10 WD; includes the site check [S41]' }),
      limit('statutory', 10, '日', { note: 'certificate issued within 10日 of the decision [S41]' }),
    ],
    route: 'back-office',
    bio: bio('R'),
    islandAccepted: false,
    sources: ['S41'],
  }),
  item({
    code: 'PO-HOTEL-CHANGE',
    categoryCode: 'PO-HOTEL',
    zh: '旅馆业变更备案',
    en: 'Hotel change filing',
    keywords: ['旅馆', '宾馆', '酒店', '民宿', '变更', '特行变更'],
    materials: [applicationForm, specialTradeLicence, proofOfChange, businessLicence({ note: '变更后的营业执照' })],
    fee: freeTypical(),
    timeLimits: [
      sameDay({
        verified: false,
        note: 'typical: recorded at the counter. The hotel files within 3日 of its business-registration change [S41]',
      }),
    ],
    route: 'usually-on-the-spot',
    bio: bio('R'),
    sources: ['S41'],
  }),
  // Variant not listed in §1C: closing a hotel returns the licence. All values typical.
  item({
    code: 'PO-HOTEL-CANCEL',
    categoryCode: 'PO-HOTEL',
    zh: '旅馆业特种行业许可证注销',
    en: 'Hotel special-trade licence, cancellation',
    keywords: ['旅馆', '宾馆', '酒店', '民宿', '注销', '歇业'],
    materials: [
      applicationForm,
      specialTradeLicence,
      businessLicence({ required: false, note: '或市场监管部门的注销通知 (or the deregistration notice)' }),
    ],
    fee: freeTypical(),
    timeLimits: [sameDay({ verified: false, note: 'typical; not in the fact sheet' })],
    route: 'usually-on-the-spot',
    bio: bio('R'),
    verified: false,
  }),

  // ── PO-SEAL 公章刻制 ─────────────────────────────────────────────────────────────────────────────────────────
  item({
    code: 'PO-SEAL-TRADE-LICENCE',
    categoryCode: 'PO-SEAL',
    zh: '公章刻制业特种行业许可证核发',
    en: 'Seal-engraving trade licence, first issue',
    keywords: ['刻章店', '公章刻制业', '特行', '特种行业许可证'],
    materials: [applicationForm, businessLicence(), premisesProof, securityRules],
    fee: freeTypical(),
    timeLimits: [reviewTypical('typical; some provinces (e.g. Hunan 2025) turned this licence into a filing [S42]')],
    route: 'back-office',
    bio: bio('R'),
    islandAccepted: false,
    sources: ['S42'],
  }),
  // Variant not listed in §1C (change of legal representative, name or address of a licensed engraver).
  item({
    code: 'PO-SEAL-TRADE-CHANGE',
    categoryCode: 'PO-SEAL',
    zh: '公章刻制业变更备案',
    en: 'Seal-engraving trade change filing',
    keywords: ['刻章店', '公章刻制业', '变更'],
    materials: [applicationForm, specialTradeLicence, proofOfChange],
    fee: freeTypical(),
    timeLimits: [sameDay({ verified: false, note: 'typical; not in the fact sheet' })],
    route: 'usually-on-the-spot',
    bio: bio('R'),
    verified: false,
  }),
  sealFiling('PO-SEAL-FILING-OFFICIAL', '单位公章刻制备案', 'Official seal engraving filing', ['单位公章', '公章']),
  sealFiling('PO-SEAL-FILING-FINANCE', '财务专用章刻制备案', 'Finance seal engraving filing', ['财务章', '财务专用章']),
  sealFiling(
    'PO-SEAL-FILING-INVOICE',
    '发票专用章刻制备案',
    'Invoice seal engraving filing',
    ['发票章', '发票专用章'],
    '营业执照（印章刻有统一社会信用代码/纳税人识别号）',
  ),
  sealFiling('PO-SEAL-FILING-CONTRACT', '合同专用章刻制备案', 'Contract seal engraving filing', [
    '合同章',
    '合同专用章',
  ]),
  sealFiling(
    'PO-SEAL-FILING-LEGAL-REP',
    '法定代表人名章刻制备案',
    'Legal representative’s name seal engraving filing',
    ['法人章', '名章', '法定代表人章'],
  ),
  // Variants not listed in §1C: re-engraving a lost seal, and handing in a seal that is no longer used.
  item({
    code: 'PO-SEAL-FILING-REPLACE',
    categoryCode: 'PO-SEAL',
    zh: '印章遗失补刻备案',
    en: 'Re-engraving of a lost seal, filing',
    keywords: ['刻章', '印章', '公章遗失', '补刻'],
    materials: [
      material('seal-user-certificate', '用章单位登记证明', 'Registration certificate of the unit using the seal'),
      idCard('经办人 (the unit’s agent)'),
      material('seal-loss-notice', '印章遗失声明', 'Notice of the seal’s loss', {
        note: 'typical: a published notice',
      }),
      material('seal-impression', '印模', 'Seal impression'),
    ],
    fee: freeTypical(),
    timeLimits: [sameDay({ verified: false, note: 'typical; not in the fact sheet' })],
    route: 'usually-on-the-spot',
    bio: bio('R'),
    verified: false,
    sources: ['S42'],
  }),
  item({
    code: 'PO-SEAL-CANCEL',
    categoryCode: 'PO-SEAL',
    zh: '印章缴销备案',
    en: 'Surrender of a seal, filing',
    keywords: ['印章', '公章', '缴销', '注销印章'],
    materials: [
      material('seal-user-certificate', '用章单位登记证明', 'Registration certificate of the unit using the seal'),
      idCard('经办人 (the unit’s agent)'),
      material('seal', '原印章', 'The seal being surrendered'),
    ],
    fee: freeTypical(),
    timeLimits: [sameDay({ verified: false, note: 'typical; not in the fact sheet' })],
    route: 'usually-on-the-spot',
    bio: bio('R'),
    verified: false,
  }),

  // ── PO-TRADE-FILING 特种行业与行业备案 ─────────────────────────────────────────────────────────────────────────
  item({
    code: 'PO-PAWN-LICENCE',
    categoryCode: 'PO-TRADE-FILING',
    zh: '典当业特种行业许可证核发',
    en: 'Pawnshop special-trade licence, first issue',
    keywords: ['典当', '当铺', '特行', '特种行业许可证'],
    materials: [
      applicationForm,
      material('commerce-approval', '商务部门典当经营许可证', 'Pawn-business approval of the commerce department'),
      premisesProof,
    ],
    fee: freeTypical(),
    timeLimits: [reviewTypical('typical; no source for this licence')],
    route: 'back-office',
    bio: bio('R'),
    islandAccepted: false,
  }),
  // Variant not listed in §1C.
  item({
    code: 'PO-PAWN-CHANGE',
    categoryCode: 'PO-TRADE-FILING',
    zh: '典当业变更备案',
    en: 'Pawnshop change filing',
    keywords: ['典当', '当铺', '变更'],
    materials: [applicationForm, specialTradeLicence, proofOfChange],
    fee: freeTypical(),
    timeLimits: [sameDay({ verified: false, note: 'typical; not in the fact sheet' })],
    route: 'usually-on-the-spot',
    bio: bio('R'),
    verified: false,
  }),
  item({
    code: 'PO-SCRAP-METAL-FILING',
    categoryCode: 'PO-TRADE-FILING',
    zh: '生产性废旧金属收购业备案',
    en: 'Scrap-metal buyer filing',
    keywords: ['废旧金属', '废品收购', '回收'],
    materials: [businessLicence()],
    fee: freeTypical(),
    timeLimits: [sameDay({ verified: false, note: 'typical. The business files within 15日 of its registration [L]' })],
    route: 'usually-on-the-spot',
    bio: bio('R'),
    sources: ['S39'],
  }),
  item({
    code: 'PO-SECOND-HAND-FILING',
    categoryCode: 'PO-TRADE-FILING',
    zh: '旧货业备案',
    en: 'Second-hand goods trade filing',
    keywords: ['旧货', '二手'],
    materials: [businessLicence()],
    fee: freeTypical(),
    timeLimits: [sameDay({ verified: false, note: 'typical' })],
    route: 'usually-on-the-spot',
    bio: bio('R'),
    sources: ['S39'],
  }),
  item({
    code: 'PO-USED-PHONE-FILING',
    categoryCode: 'PO-TRADE-FILING',
    zh: '旧手机交易业备案',
    en: 'Used-phone trade filing',
    keywords: ['旧手机', '二手手机', '手机回收'],
    materials: [businessLicence()],
    fee: freeTypical(),
    timeLimits: [sameDay({ verified: false, note: 'typical' })],
    route: 'usually-on-the-spot',
    bio: bio('R'),
    sources: ['S39'],
  }),
  item({
    code: 'PO-LOCKSMITH-FILING',
    categoryCode: 'PO-TRADE-FILING',
    zh: '开锁业备案',
    en: 'Locksmith filing',
    keywords: ['开锁', '锁匠', '修锁'],
    materials: [businessLicence(), staffIds],
    fee: freeTypical(),
    timeLimits: [sameDay({ verified: false, note: 'typical' })],
    route: 'usually-on-the-spot',
    bio: bio('R'),
    sources: ['S39'],
  }),
  item({
    code: 'PO-VEHICLE-REPAIR-FILING',
    categoryCode: 'PO-TRADE-FILING',
    zh: '机动车修理业备案',
    en: 'Vehicle-repair trade filing',
    keywords: ['汽修', '修理厂', '机动车修理'],
    materials: [businessLicence()],
    fee: freeTypical(),
    timeLimits: [sameDay({ verified: false, note: 'typical' })],
    route: 'usually-on-the-spot',
    bio: bio('R'),
  }),

  // ── PO-ENTERTAINMENT-NET 娱乐场所与网络安全 ──────────────────────────────────────────────────────────────────
  item({
    code: 'PO-ENTERTAINMENT-FILING',
    categoryCode: 'PO-ENTERTAINMENT-NET',
    zh: '娱乐场所备案',
    en: 'Entertainment venue filing',
    keywords: ['娱乐场所', 'KTV', '歌舞厅', '游艺厅'],
    materials: [businessLicence(), material('entertainment-permit', '娱乐经营许可证', 'Entertainment business permit')],
    fee: freeTypical(),
    timeLimits: [
      sameDay({ verified: false, note: 'typical. The venue files within 15日 after receiving its permits [L]' }),
    ],
    route: 'usually-on-the-spot',
    bio: bio('R'),
  }),
  item({
    code: 'PO-NETCAFE-REVIEW',
    categoryCode: 'PO-ENTERTAINMENT-NET',
    zh: '开办互联网上网服务营业场所网络安全审核',
    en: 'Internet café security review',
    keywords: ['网吧', '上网服务', '网络安全审核', '开网吧'],
    materials: [
      applicationForm,
      material('netcafe-plan', '申请人经营方案', 'Applicant’s business plan'),
      material('technical-measures', '网络安全技术措施', 'Network-security technical measures'),
    ],
    fee: freeTypical(),
    timeLimits: [limit('statutory', 20, '工作日', { verified: false, note: '[L]' })],
    route: 'back-office',
    bio: bio('R'),
    islandAccepted: false,
    sources: ['S39'],
  }),
  netCafeChange(
    'PO-NETCAFE-CHANGE-ADDRESS',
    '上网服务营业场所变更地址网络安全审核',
    'Internet café change of address',
    ['变更地址'],
  ),
  netCafeChange(
    'PO-NETCAFE-CHANGE-RENOVATION',
    '上网服务营业场所改建、扩建网络安全审核',
    'Internet café rebuilding or extension',
    ['改建', '扩建'],
  ),
  netCafeChange(
    'PO-NETCAFE-CHANGE-COMPUTERS',
    '上网服务营业场所变更计算机数量网络安全审核',
    'Internet café change in the number of computers',
    ['计算机数量', '电脑数量'],
  ),
  item({
    code: 'PO-NET-FILING-UNIT',
    categoryCode: 'PO-ENTERTAINMENT-NET',
    zh: '单位国际联网备案',
    en: 'Internet connection filing, organisation',
    keywords: ['联网备案', '国际联网', '网站备案', '公安备案'],
    materials: [unitDocuments, idCard('经办人 (the unit’s agent)')],
    fee: freeTypical(),
    timeLimits: [sameDay({ verified: false, note: 'typical. Filing is due within 30日 of going online [L]' })],
    route: 'usually-on-the-spot',
    bio: bio('R'),
    sources: ['S39'],
  }),
  item({
    code: 'PO-NET-FILING-PERSON',
    categoryCode: 'PO-ENTERTAINMENT-NET',
    zh: '个人国际联网备案',
    en: 'Internet connection filing, individual',
    keywords: ['联网备案', '国际联网', '网站备案', '公安备案'],
    materials: [idCard()],
    fee: freeTypical(),
    timeLimits: [sameDay({ verified: false, note: 'typical. Filing is due within 30日 of going online [L]' })],
    route: 'usually-on-the-spot',
    bio: bio('R'),
    sources: ['S39'],
  }),

  // ── PO-EVENTS 大型活动与集会 ──────────────────────────────────────────────────────────────────────────────────
  item({
    code: 'PO-EVENT-LICENCE',
    categoryCode: 'PO-EVENTS',
    zh: '大型群众性活动安全许可（1000–5000人）',
    en: 'Large-event safety licence (1,000–5,000 people)',
    keywords: ['大型活动', '群众性活动', '演唱会', '庆典', '活动许可'],
    materials: [
      material('event-plan', '活动方案', 'Event plan'),
      material('safety-plan', '安全工作方案', 'Safety plan'),
      material('venue-proof', '场所管理者同意使用证明', 'Proof of the venue’s consent'),
      material('organiser-licence', '承办者合法成立的证明', 'Proof of the organiser’s legal status'),
    ],
    fee: freeTypical(),
    timeLimits: [
      limit('statutory', 7, '日', {
        verified: false,
        note: '7日 review [L]; county level for 1,000–5,000 people [S39]',
      }),
    ],
    route: 'back-office',
    bio: bio('R'),
    islandAccepted: false,
    sources: ['S39'],
  }),
  item({
    code: 'PO-EVENT-CHANGE',
    categoryCode: 'PO-EVENTS',
    zh: '大型群众性活动变更',
    en: 'Large-event licence change',
    keywords: ['大型活动', '群众性活动', '活动变更'],
    materials: [material('event-licence', '原安全许可决定书', 'The event’s safety licence'), proofOfChange],
    fee: freeTypical(),
    timeLimits: [limit('statutory', 7, '日', { verified: false, note: 'typical: as the licence (row 86)' })],
    route: 'back-office',
    bio: bio('R'),
    islandAccepted: false,
    sources: ['S39'],
  }),
  // No processing limit is stored: the law [L] ties the dates to the event, not to acceptance (see the material note).
  item({
    code: 'PO-ASSEMBLY-PERMIT',
    categoryCode: 'PO-EVENTS',
    zh: '举行集会游行示威许可',
    en: 'Assembly, procession or demonstration permit',
    keywords: ['集会', '游行', '示威'],
    materials: [
      material('written-application', '书面申请', 'Written application', {
        note: 'Submit 5日 before the date; the decision is notified no later than 2日 before the date [L]',
      }),
      idCard('负责人 (the person responsible)'),
    ],
    fee: freeTypical(),
    timeLimits: [],
    route: 'back-office',
    bio: bio('R'),
    islandAccepted: false,
    verified: false,
    sources: ['S39'],
  }),

  // ── PO-FIREWORKS 烟花爆竹 ─────────────────────────────────────────────────────────────────────────────────────
  item({
    code: 'PO-FIREWORKS-DISPLAY',
    categoryCode: 'PO-FIREWORKS',
    zh: '举办焰火晚会及大型焰火燃放许可',
    en: 'Fireworks display licence',
    keywords: ['焰火', '烟花', '燃放', '焰火晚会'],
    materials: [
      material('event-details', '举办时间、地点、环境、活动性质、规模', 'Time, place, surroundings, nature and scale'),
      material('product-list', '燃放烟花爆竹的种类、规格、数量', 'Types, specifications and quantity of fireworks'),
      material('firing-plan', '燃放作业方案', 'Firing plan'),
      material('contractor-qualification', '燃放作业单位资质证明', 'Qualification of the firing contractor'),
      material('staff-qualification', '作业人员资格证明', 'Qualifications of the firing staff'),
    ],
    fee: fee(0, { note: ['不收费', 'Free [S43]'] }),
    timeLimits: [
      limit('statutory', 20, '工作日', {
        note: '[S43]. 北海 PSB promises 10 WD; Pingtan’s own promise is not known',
      }),
    ],
    route: 'back-office',
    bio: bio('R'),
    islandAccepted: false,
    sources: ['S43'],
  }),
  item({
    code: 'PO-FIREWORKS-TRANSPORT',
    categoryCode: 'PO-FIREWORKS',
    zh: '烟花爆竹道路运输许可证',
    en: 'Fireworks road-transport permit',
    keywords: ['烟花爆竹', '运输许可', '烟花运输'],
    materials: [
      material(
        'hazardous-carrier-licence',
        '承运人危险货物运输资质证明',
        'Carrier’s hazardous-goods transport licence',
      ),
      material('driver-escort-licences', '驾驶员、押运员从业资格证', 'Licences of the driver and the escort'),
      material('vehicle-permit', '危险货物运输车辆道路运输证', 'Road-transport permit of the vehicle'),
      material('shipper-licence', '托运人生产或经营许可证', 'Shipper’s production or trading licence'),
      material('purchase-contract', '购销合同', 'Sales contract'),
      material('quality-proof', '烟花爆竹产品质量证明', 'Quality certificate of the fireworks'),
      material('transport-route', '运输路线', 'Transport route'),
    ],
    fee: fee(0, { note: ['不收费', 'Free [S44]'] }),
    timeLimits: [limit('statutory', 3, '日', { note: 'apply to the PSB of the destination county [S44]' })],
    route: 'back-office',
    bio: bio('R'),
    islandAccepted: false,
    sources: ['S44'],
  }),

  // ── PO-HAZARDOUS 危险物品 ─────────────────────────────────────────────────────────────────────────────────────
  item({
    code: 'PO-EXPLOSIVES-PURCHASE',
    categoryCode: 'PO-HAZARDOUS',
    zh: '民用爆炸物品购买许可证',
    en: 'Civil explosives purchase permit',
    keywords: ['民爆', '爆炸物品', '炸药', '购买许可'],
    materials: [
      material('unit-licences', '单位许可证件', 'The unit’s licences'),
      material('use-proof', '使用用途证明', 'Proof of intended use'),
    ],
    fee: freeTypical(),
    timeLimits: [limit('statutory', 5, '日', { verified: false, note: '[L]' })],
    route: 'back-office',
    bio: bio('R'),
    islandAccepted: false,
    sources: ['S39'],
  }),
  item({
    code: 'PO-EXPLOSIVES-TRANSPORT',
    categoryCode: 'PO-HAZARDOUS',
    zh: '民用爆炸物品运输许可证',
    en: 'Civil explosives transport permit',
    keywords: ['民爆', '爆炸物品', '炸药', '运输许可'],
    materials: [carrierDocuments],
    fee: freeTypical(),
    timeLimits: [limit('statutory', 3, '日', { verified: false, note: '[L]' })],
    route: 'back-office',
    bio: bio('R'),
    islandAccepted: false,
    sources: ['S39'],
  }),
  item({
    code: 'PO-TOXIC-PURCHASE',
    categoryCode: 'PO-HAZARDOUS',
    zh: '剧毒化学品购买许可证',
    en: 'Highly toxic chemical purchase permit',
    keywords: ['剧毒', '化学品', '购买许可'],
    materials: [
      material('unit-licences', '单位许可证件', 'The unit’s licences'),
      material('use-statement', '购买用途说明', 'Statement of intended use'),
    ],
    fee: freeTypical(),
    timeLimits: [limit('statutory', 3, '日', { verified: false, note: '[L]' })],
    route: 'back-office',
    bio: bio('R'),
    islandAccepted: false,
    sources: ['S39'],
  }),
  item({
    code: 'PO-TOXIC-ROAD-PASS',
    categoryCode: 'PO-HAZARDOUS',
    zh: '剧毒化学品道路运输通行证',
    en: 'Highly toxic chemical road-transport pass',
    keywords: ['剧毒', '化学品', '通行证', '运输'],
    materials: [carrierDocuments, material('transport-route', '运输路线', 'Transport route')],
    fee: freeTypical(),
    timeLimits: [limit('statutory', 7, '日', { verified: false, note: '[L]' })],
    route: 'back-office',
    bio: bio('R'),
    islandAccepted: false,
    sources: ['S39'],
  }),
  // Row 94 covers both precursor categories; they are separate filings, so separate items.
  item({
    code: 'PO-PRECURSOR-2-PURCHASE',
    categoryCode: 'PO-HAZARDOUS',
    zh: '第二类易制毒化学品购买备案证明',
    en: 'Category-2 precursor chemical purchase filing',
    keywords: ['易制毒', '二类', '购买备案'],
    materials: [unitDocuments, idCard('经办人 (the unit’s agent)')],
    fee: freeTypical(),
    timeLimits: [limit('statutory', 0, '日', { verified: false, note: 'same day [L]' })],
    route: 'on-the-spot',
    bio: bio('R'),
    sources: ['S39'],
  }),
  item({
    code: 'PO-PRECURSOR-3-PURCHASE',
    categoryCode: 'PO-HAZARDOUS',
    zh: '第三类易制毒化学品购买备案证明',
    en: 'Category-3 precursor chemical purchase filing',
    keywords: ['易制毒', '三类', '购买备案'],
    materials: [unitDocuments, idCard('经办人 (the unit’s agent)')],
    fee: freeTypical(),
    timeLimits: [limit('statutory', 0, '日', { verified: false, note: 'same day [L]' })],
    route: 'on-the-spot',
    bio: bio('R'),
    sources: ['S39'],
  }),
  item({
    code: 'PO-PRECURSOR-2-TRANSPORT',
    categoryCode: 'PO-HAZARDOUS',
    zh: '第二类易制毒化学品运输许可',
    en: 'Category-2 precursor chemical transport permit',
    keywords: ['易制毒', '二类', '运输许可'],
    materials: [material('transport-documents', '运输单位及运输事项证明', 'Carrier and consignment documents')],
    fee: freeTypical(),
    timeLimits: [limit('statutory', 3, '日', { verified: false, note: '[L]' })],
    route: 'back-office',
    bio: bio('R'),
    islandAccepted: false,
    sources: ['S39'],
  }),
  item({
    code: 'PO-PRECURSOR-3-TRANSPORT',
    categoryCode: 'PO-HAZARDOUS',
    zh: '第三类易制毒化学品运输备案证明',
    en: 'Category-3 precursor chemical transport filing',
    keywords: ['易制毒', '三类', '运输备案'],
    materials: [material('transport-documents', '运输单位及运输事项证明', 'Carrier and consignment documents')],
    fee: freeTypical(),
    timeLimits: [limit('statutory', 0, '日', { verified: false, note: 'same day [L]' })],
    route: 'on-the-spot',
    bio: bio('R'),
    sources: ['S39'],
  }),
  item({
    code: 'PO-RADIOACTIVE-TRANSPORT',
    categoryCode: 'PO-HAZARDOUS',
    zh: '放射性物品道路运输许可',
    en: 'Radioactive goods road-transport permit',
    keywords: ['放射性', '运输许可'],
    materials: [carrierDocuments],
    fee: freeTypical(),
    timeLimits: [reviewTypical('typical; no source for this limit')],
    route: 'back-office',
    bio: bio('R'),
    islandAccepted: false,
    sources: ['S39'],
  }),

  // ── PO-DOGS-GUARDS 养犬与保安 ─────────────────────────────────────────────────────────────────────────────────
  item({
    code: 'PO-DOG-LICENCE',
    categoryCode: 'PO-DOGS-GUARDS',
    zh: '犬类准养证核发（养犬登记）',
    en: 'Dog licence (dog registration)',
    keywords: ['养犬', '狗证', '犬证', '养狗登记'],
    materials: [idCard('犬主 (the owner)'), material('dog-vaccination', '犬只免疫证明', 'Dog vaccination certificate')],
    fee: fee(0, {
      verified: false,
      note: [
        '典型为不收费；本地养犬管理规定可能另有收费，待确认',
        'Typically free; local dog-management rules may set a fee: confirm',
      ],
    }),
    timeLimits: [sameDay({ verified: false, note: 'typical (local rules)' })],
    route: 'usually-on-the-spot',
    bio: bio('R'),
    sources: ['S39'],
  }),
  item({
    code: 'PO-SECURITY-GUARD-CERT',
    categoryCode: 'PO-DOGS-GUARDS',
    zh: '保安员证核发',
    en: 'Security-guard certificate',
    keywords: ['保安', '保安证', '保安员'],
    materials: [idCard(), material('exam-pass', '保安员考试合格证明', 'Proof of passing the security-guard exam')],
    fee: freeTypical(),
    timeLimits: [reviewTypical('typical; issued by the city-level PSB')],
    route: 'back-office',
    bio: bio('P R'),
    islandAccepted: false,
  }),
];
