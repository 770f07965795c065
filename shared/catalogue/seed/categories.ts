import type { BusinessType, Category } from '../../schemas/index.ts';

type Row = [code: string, zh: string, en: string];

const byBusinessType: Record<BusinessType, Row[]> = {
  'exit-entry': [
    ['EE-PASSPORT', '普通护照', 'Ordinary passports'],
    ['EE-HKMO-PERMIT', '往来港澳通行证', 'Exit-entry permits for Hong Kong and Macau'],
    ['EE-HKMO-ENDORSE', '赴港澳签注', 'Hong Kong and Macau endorsements'],
    ['EE-TW-PERMIT', '大陆居民往来台湾通行证', 'Mainland residents’ permits for Taiwan'],
    ['EE-TW-ENDORSE', '赴台签注', 'Taiwan endorsements'],
    ['EE-OTHER-DOCS', '出入境通行证及其他', 'Entry-exit permits and other exit-entry services'],
    ['EE-TW-RESIDENT', '台湾居民证件', 'Documents for Taiwan residents'],
    ['EE-FOREIGNER', '外国人签证居留', 'Visas, stay and residence of foreigners'],
    ['EE-PR-NATIONALITY', '永久居留与国籍', 'Permanent residence and nationality'],
  ],
  household: [
    ['HR-IDCARD', '居民身份证', 'Resident identity cards'],
    ['HR-TEMP-ID', '临时身份证明', 'Temporary identity documents'],
    ['HR-RESIDENCE', '居住登记与居住证', 'Residence registration and residence permits'],
    ['HR-HMT-PERMIT', '港澳台居民居住证', 'Residence permits for Hong Kong, Macau and Taiwan residents'],
    ['HR-BIRTH-DEATH', '出生与死亡登记', 'Birth and death registration'],
    ['HR-MIGRATION', '户口迁移', 'Household transfers'],
    ['HR-CROSS-PROVINCE', '户籍跨省通办', 'Cross-province household services'],
    ['HR-ITEM-CHANGE', '户口项目变更更正', 'Changes and corrections of registered items'],
    ['HR-HOUSEHOLD', '户口登记与恢复', 'Household registration, split and restoration'],
    ['HR-CERTIFICATES', '户籍证明', 'Household-registration certificates'],
  ],
  'public-order': [
    ['PO-HOTEL', '旅馆业', 'Hotels'],
    ['PO-SEAL', '公章刻制', 'Seal engraving'],
    ['PO-TRADE-FILING', '特种行业与行业备案', 'Special trades and trade filings'],
    ['PO-ENTERTAINMENT-NET', '娱乐场所与网络安全', 'Entertainment venues and network security'],
    ['PO-EVENTS', '大型活动与集会', 'Large events and assemblies'],
    ['PO-FIREWORKS', '烟花爆竹', 'Fireworks'],
    ['PO-HAZARDOUS', '危险物品', 'Hazardous goods'],
    ['PO-DOGS-GUARDS', '养犬与保安', 'Dogs and security guards'],
  ],
  traffic: [
    ['TR-VEH-REG', '机动车登记', 'Vehicle registration'],
    ['TR-VEH-MORTGAGE', '机动车抵押登记', 'Vehicle mortgages'],
    ['TR-PLATES', '机动车号牌', 'Number plates'],
    ['TR-VEH-DOCS', '行驶证与登记证书', 'Vehicle licences and registration certificates'],
    ['TR-INSPECTION', '检验合格标志', 'Inspection marks'],
    ['TR-DL-CHANGE', '驾驶证换证补证', 'Driving-licence renewal and replacement'],
    ['TR-DL-STATUS', '驾驶证注销、恢复与审验', 'Driving-licence cancellation, restoration and review'],
    ['TR-DL-NEW', '驾驶证申领与考试', 'New driving licences and tests'],
    ['TR-VIOLATION', '交通违法处理', 'Traffic violations'],
  ],
};

/** The 36 categories of the bureau's catalogue, four business types. */
export const seedCategories: Category[] = Object.entries(byBusinessType).flatMap(([businessType, rows]) =>
  rows.map(([code, zh, en], order) => ({ code, businessType: businessType as BusinessType, name: { zh, en }, order })),
);
