// 交管 vehicles and driving licences: catalogue-facts.md §1D, rows 101–132, with real variants (small car,
// motorcycle and new-energy registration; plates for cars and motorcycles; first licence per class group; one test
// booking per subject …).
//
// Conventions in this file:
// - Fees from the published table [S46]: plates 100 a pair (motorcycle 35), 行驶证 10, 登记证书 10, 驾驶证 10,
//   temporary plate 5 per paper plate (10 per application); inspection mark and mortgage release free. Test fees are
//   set by each province: the example in [S46] (科目一 60, 科目二 300, 科目三 150) is not Fujian's, so booking
//   items are unverified and the licence items carry the test fees only as a note.
// - Limits: registration 2日 and change 1日 come from the Order 124 text [S45] (current rules: Order 164 of 2022);
//   licence renewal 1 WD and replacement 1日 from Order 162 [S47]. "On the spot" is stored as 0 日, promised.
//   Items completed "after the exam" store no limit: the time depends on when the applicant passes.
// - islandAccepted: island sub-centres accept driving-licence business and vehicle paperwork. Items for which the
//   vehicle itself must be presented for 查验 (registration, transfer, change of colour, engine or body) are not
//   accepted there: there is no vehicle check on the islands, so the owner goes to the main island.
import { bio, fee, itemsOf, limit, material } from './define.ts';
import type { ServiceItem } from '../../schemas/index.ts';

const item = itemsOf('traffic');

const onTheSpot = (opts: { verified?: boolean; note?: string } = {}) => limit('promised', 0, '日', opts);

// Materials shared across items; one code per document everywhere in the catalogue.
const idCard = (
  note = '机动车所有人或驾驶人本人；代办的另附委托书 (owner or driver; an agent also brings an authorisation)',
) => material('id-card', '居民身份证', 'Resident ID card', { note });
const unitOwner = material('business-licence', '营业执照', 'Business licence', {
  required: false,
  note: '机动车所有人为单位的，提交单位登记证明 (when the owner is a unit)',
});
const drivingLicence = (note?: string) =>
  material('driving-licence', '机动车驾驶证', 'Driving licence', note ? { note } : {});
const vehicleLicence = material('vehicle-licence', '机动车行驶证', 'Vehicle licence (行驶证)');
const registrationCertificate = material(
  'registration-certificate',
  '机动车登记证书',
  'Vehicle registration certificate',
);
const medicalCertificate = material(
  'medical-certificate',
  '机动车驾驶人身体条件证明',
  'Medical certificate for drivers',
);
const compulsoryInsurance = material(
  'compulsory-insurance',
  '交强险凭证',
  'Compulsory third-party insurance certificate',
);
const vehicleInspection = (opts: { required?: boolean; note?: string } = {}) =>
  material(
    'vehicle-inspection',
    '机动车查验及安全技术检验合格证明',
    'Vehicle check and safety-inspection certificate',
    opts,
  );
const proofOfChange = material('change-proof', '变更事项证明', 'Proof of the changed item');

const registrationMaterials = (purchaseTaxNote?: string) => [
  idCard(),
  unitOwner,
  material('purchase-invoice', '机动车销售统一发票', 'Vehicle purchase invoice'),
  material('certificate-of-conformity', '机动车整车出厂合格证明', 'Certificate of conformity'),
  material('import-proof', '进口机动车进口凭证', 'Import proof', {
    required: false,
    note: '进口车以进口凭证代替出厂合格证明 (imported vehicles, instead of the certificate of conformity)',
  }),
  material(
    'purchase-tax-proof',
    '车辆购置税完税证明或免税凭证',
    'Vehicle purchase-tax payment or exemption proof',
    purchaseTaxNote ? { note: purchaseTaxNote } : {},
  ),
  compulsoryInsurance,
  material('vehicle-vessel-tax-proof', '车船税纳税或免税证明', 'Vehicle and vessel tax payment or exemption proof'),
  vehicleInspection({ required: false, note: 'where the vehicle type requires inspection [S45]' }),
  material('vehicle-photo', '车辆照片', 'Vehicle photo', { note: 'taken at the vehicle check' }),
];

const registrationLimit = limit('statutory', 2, '日', {
  note: 'Order 124 text [S45]; current rules are Order 164 (2022)',
});
const changeLimit = limit('statutory', 1, '日', { note: 'Order 124 text [S45]; current rules are Order 164 (2022)' });

const vehicleChange = (
  code: string,
  zh: string,
  en: string,
  keywords: string[],
  opts: { inspection: boolean; islandAccepted: boolean },
) =>
  item({
    code,
    categoryCode: 'TR-VEH-REG',
    zh,
    en,
    keywords: ['变更登记', '机动车变更', ...keywords],
    materials: [
      idCard(),
      registrationCertificate,
      vehicleLicence,
      ...(opts.inspection ? [vehicleInspection({ note: 'engine or body changes [S45]' })] : []),
    ],
    fee: fee(10, { note: ['重新核发行驶证 10 元', 'New vehicle licence 10'] }),
    timeLimits: [changeLimit],
    route: 'usually-on-the-spot',
    bio: bio('R'),
    islandAccepted: opts.islandAccepted,
    sources: ['S45'],
  });

const licenceExchange = (
  code: string,
  zh: string,
  en: string,
  keywords: string[],
  materials: ReturnType<typeof material>[],
  opts: { note?: string; verified?: boolean } = {},
) =>
  item({
    code,
    categoryCode: 'TR-DL-CHANGE',
    zh,
    en,
    keywords: ['驾驶证', '驾照', ...keywords],
    materials,
    fee: fee(10, { note: ['驾驶证工本费 10 元', 'Driving licence 10'] }),
    timeLimits: [limit('statutory', 1, '日', opts.note ? { note: opts.note } : {})],
    route: 'usually-on-the-spot',
    bio: bio('P R'),
    sources: ['S46', 'S47'],
    ...(opts.verified === undefined ? {} : { verified: opts.verified }),
  });

const testFeeNote: [string, string] = [
  '另收考试费，按福建省标准（公布示例：科目一 60、科目二 300、科目三 150 元）',
  'Plus test fees set by Fujian province (a published example: 科目一 60, 科目二 300, 科目三 150)',
];

const firstLicence = (
  code: string,
  zh: string,
  en: string,
  keywords: string[],
  opts: { schoolNote?: string; verified?: boolean } = {},
) =>
  item({
    code,
    categoryCode: 'TR-DL-NEW',
    zh,
    en,
    keywords: ['驾驶证', '驾照', '考驾照', '初次申领', '学车', ...keywords],
    materials: [
      idCard('申请人本人 (the applicant)'),
      medicalCertificate,
      material(
        'school-record',
        '驾驶培训记录',
        'Driving-school training records',
        opts.schoolNote ? { note: opts.schoolNote } : {},
      ),
    ],
    fee: fee(10, { note: testFeeNote }),
    timeLimits: [],
    route: 'back-office',
    bio: bio('P R'),
    sources: ['S46', 'S47'],
    ...(opts.verified === undefined ? {} : { verified: opts.verified }),
  });

const testBooking = (code: string, subject: string, en: string, exampleFee: number, keywords: string[]) =>
  item({
    code,
    categoryCode: 'TR-DL-NEW',
    zh: `驾驶人考试预约（${subject}）`,
    en,
    keywords: ['考试预约', '约考', subject, ...keywords],
    materials: [idCard('申请人本人 (the applicant)')],
    fee: fee(exampleFee, {
      verified: false,
      note: [
        `考试费按福建省标准；${exampleFee} 元为其他地区公布的示例`,
        `Test fee set by Fujian province; ${exampleFee} is an example from a published table elsewhere`,
      ],
    }),
    timeLimits: [onTheSpot()],
    route: 'on-the-spot',
    bio: bio('R'),
    sources: ['S46'],
  });

export const trafficItems: Array<Omit<ServiceItem, 'order'>> = [
  // ── TR-VEH-REG 机动车登记 ────────────────────────────────────────────────────────────────────────────────────
  item({
    code: 'TR-VEH-REG-CAR',
    categoryCode: 'TR-VEH-REG',
    zh: '机动车注册登记（汽车）',
    en: 'Vehicle first registration, car',
    keywords: ['上牌', '新车上牌', '注册登记', '汽车登记', '号牌'],
    materials: registrationMaterials(),
    fee: fee(120, {
      note: ['号牌 100 + 行驶证 10 + 登记证书 10', 'Plates 100 + vehicle licence 10 + registration certificate 10'],
    }),
    timeLimits: [registrationLimit],
    route: 'usually-on-the-spot',
    bio: bio('R'),
    islandAccepted: false,
    sources: ['S45', 'S46'],
  }),
  item({
    code: 'TR-VEH-REG-MOTORCYCLE',
    categoryCode: 'TR-VEH-REG',
    zh: '机动车注册登记（摩托车）',
    en: 'Vehicle first registration, motorcycle',
    keywords: ['摩托车上牌', '摩托车登记', '注册登记', '号牌'],
    materials: registrationMaterials(),
    fee: fee(55, {
      note: [
        '摩托车号牌 35 + 行驶证 10 + 登记证书 10',
        'Motorcycle plate 35 + vehicle licence 10 + registration certificate 10',
      ],
    }),
    timeLimits: [registrationLimit],
    route: 'usually-on-the-spot',
    bio: bio('R'),
    islandAccepted: false,
    sources: ['S45', 'S46'],
  }),
  // Variant: the plate format differs (6-character serial starting D or F, R10 [S25]); the plate fee is assumed to be
  // the ordinary 100 a pair, which the fact sheet does not state for new-energy plates.
  item({
    code: 'TR-VEH-REG-NEV',
    categoryCode: 'TR-VEH-REG',
    zh: '机动车注册登记（新能源汽车）',
    en: 'Vehicle first registration, new-energy car',
    keywords: ['新能源', '绿牌', '电车上牌', '注册登记', '号牌'],
    materials: registrationMaterials('新能源汽车多为免税凭证 (new-energy cars usually show the exemption)'),
    fee: fee(120, {
      verified: false,
      note: [
        '新能源号牌按普通号牌 100 元计，待确认 + 行驶证 10 + 登记证书 10',
        'New-energy plates assumed at the ordinary 100 (confirm) + vehicle licence 10 + registration certificate 10',
      ],
    }),
    timeLimits: [registrationLimit],
    route: 'usually-on-the-spot',
    bio: bio('R'),
    islandAccepted: false,
    verified: false,
    sources: ['S25', 'S45', 'S46'],
  }),
  item({
    code: 'TR-VEH-TRANSFER-LOCAL',
    categoryCode: 'TR-VEH-REG',
    zh: '机动车转移登记（辖区内过户）',
    en: 'Vehicle transfer of ownership within the registration area',
    keywords: ['过户', '二手车过户', '转移登记', '车辆过户'],
    materials: [
      idCard('买卖双方 (seller and buyer)'),
      unitOwner,
      registrationCertificate,
      vehicleLicence,
      material('transfer-proof', '机动车所有权转移证明', 'Proof of the transfer of ownership', {
        note: '二手车销售统一发票、法院文书等 (used-car invoice, court document …)',
      }),
    ],
    fee: fee(110, {
      verified: false,
      options: [
        ['plate-changed', '更换号牌', 'Plate changed', 110],
        ['plate-kept', '保留原号牌', 'Plate kept', 10],
      ],
      note: [
        '典型：换号牌 110（号牌 100 + 行驶证 10）；保留号牌仅行驶证 10',
        'Typical: 110 when the plate changes (plates 100 + licence 10); 10 when the plate is kept',
      ],
    }),
    timeLimits: [limit('statutory', 1, '日', { verified: false, note: 'typical' })],
    route: 'usually-on-the-spot',
    bio: bio('R'),
    islandAccepted: false,
    sources: ['S46'],
  }),
  item({
    code: 'TR-VEH-TRANSFER-IN',
    categoryCode: 'TR-VEH-REG',
    zh: '机动车转入',
    en: 'Vehicle transfer-in from another registry',
    keywords: ['转入', '外地车转入', '外迁', '过户', '提档'],
    materials: [
      idCard(),
      unitOwner,
      registrationCertificate,
      vehicleLicence,
      material('transfer-proof', '机动车所有权转移证明', 'Proof of the transfer of ownership', {
        required: false,
        note: '所有人变更时提交 (when the owner changes)',
      }),
      material('vehicle-file', '机动车档案', 'Vehicle file from the former registry'),
    ],
    fee: fee(120, {
      verified: false,
      note: [
        '号牌 100 + 证件工本费（行驶证 10、登记证书 10），以实际核发为准',
        'Plates 100 + the documents reissued (vehicle licence 10, registration certificate 10): confirm',
      ],
    }),
    timeLimits: [limit('statutory', 2, '日', { verified: false, note: 'placeholder: as first registration; typical' })],
    route: 'back-office',
    bio: bio('R'),
    islandAccepted: false,
    sources: ['S46'],
  }),
  // Row 104 in four items. A colour change also needs the vehicle seen (the 行驶证 carries its photo), so it is not
  // accepted on the islands; that is our judgement, the sheet only requires inspection for engine or body changes.
  vehicleChange(
    'TR-VEH-CHANGE-COLOUR',
    '机动车变更登记（改变车身颜色）',
    'Vehicle change: body colour',
    ['车身颜色', '改色'],
    {
      inspection: false,
      islandAccepted: false,
    },
  ),
  vehicleChange(
    'TR-VEH-CHANGE-ENGINE',
    '机动车变更登记（更换发动机）',
    'Vehicle change: engine',
    ['发动机', '换发动机'],
    {
      inspection: true,
      islandAccepted: false,
    },
  ),
  vehicleChange(
    'TR-VEH-CHANGE-BODY',
    '机动车变更登记（更换车身或车架）',
    'Vehicle change: body or frame',
    ['车身', '车架'],
    { inspection: true, islandAccepted: false },
  ),
  vehicleChange(
    'TR-VEH-CHANGE-ADDRESS',
    '机动车变更登记（所有人住所迁移）',
    'Vehicle change: owner’s address within the registration area',
    ['住所', '地址变更'],
    { inspection: false, islandAccepted: true },
  ),
  item({
    code: 'TR-VEH-DEREG-SCRAP',
    categoryCode: 'TR-VEH-REG',
    zh: '机动车注销登记（报废）',
    en: 'Vehicle deregistration: scrapping',
    keywords: ['注销', '报废', '车辆报废'],
    materials: [
      idCard(),
      material('scrapping-certificate', '报废机动车回收证明', 'Scrapping certificate'),
      registrationCertificate,
    ],
    fee: fee(0, { verified: false, note: ['典型为不收费', 'Typically free'] }),
    timeLimits: [onTheSpot({ verified: false, note: 'typical' })],
    route: 'usually-on-the-spot',
    bio: bio('R'),
    sources: [],
  }),
  // Variant not listed in §1D: deregistration for other reasons (vehicle destroyed, returned to the dealer, taken out of
  // the country). All values typical.
  item({
    code: 'TR-VEH-DEREG-OTHER',
    categoryCode: 'TR-VEH-REG',
    zh: '机动车注销登记（灭失、退车、出境等）',
    en: 'Vehicle deregistration: destroyed, returned or exported',
    keywords: ['注销', '灭失', '退车'],
    materials: [
      idCard(),
      registrationCertificate,
      material('deregistration-reason-proof', '注销原因证明', 'Proof of the reason for deregistration'),
    ],
    fee: fee(0, { verified: false, note: ['典型为不收费', 'Typically free'] }),
    timeLimits: [onTheSpot({ verified: false, note: 'typical; not in the fact sheet' })],
    route: 'usually-on-the-spot',
    bio: bio('R'),
    verified: false,
  }),
  item({
    code: 'TR-VEH-CONTACT',
    categoryCode: 'TR-VEH-REG',
    zh: '变更机动车所有人联系方式',
    en: 'Update of the vehicle owner’s contact details',
    keywords: ['联系方式', '手机号', '电话变更'],
    materials: [idCard()],
    fee: fee(0),
    timeLimits: [onTheSpot()],
    route: 'on-the-spot',
    bio: bio('R'),
  }),

  // ── TR-VEH-MORTGAGE 机动车抵押登记 ────────────────────────────────────────────────────────────────────────────
  item({
    code: 'TR-MORTGAGE-REG',
    categoryCode: 'TR-VEH-MORTGAGE',
    zh: '机动车抵押登记',
    en: 'Vehicle mortgage registration',
    keywords: ['抵押', '车贷', '抵押登记'],
    materials: [
      idCard(),
      material('mortgagee-documents', '抵押权人身份证明', 'Mortgagee’s identity documents'),
      material('mortgage-contract', '抵押合同', 'Mortgage contract'),
      registrationCertificate,
    ],
    fee: fee(0, { verified: false, note: ['典型为不收费', 'Typically free'] }),
    timeLimits: [onTheSpot({ verified: false, note: 'typical' })],
    route: 'on-the-spot',
    bio: bio('R'),
  }),
  item({
    code: 'TR-MORTGAGE-RELEASE',
    categoryCode: 'TR-VEH-MORTGAGE',
    zh: '解除机动车抵押登记',
    en: 'Vehicle mortgage release',
    keywords: ['解押', '解除抵押', '抵押'],
    materials: [
      idCard(),
      material('mortgagee-documents', '抵押权人身份证明', 'Mortgagee’s identity documents'),
      registrationCertificate,
    ],
    fee: fee(0),
    timeLimits: [onTheSpot()],
    route: 'on-the-spot',
    bio: bio('R'),
    sources: ['S46'],
  }),

  // ── TR-PLATES 机动车号牌 ─────────────────────────────────────────────────────────────────────────────────────
  item({
    code: 'TR-PLATE-REPLACE-CAR',
    categoryCode: 'TR-PLATES',
    zh: '补领机动车号牌（汽车）',
    en: 'Replacement of lost number plates, car',
    keywords: ['号牌', '车牌', '补牌', '车牌丢失'],
    materials: [
      idCard(),
      vehicleLicence,
      material('vehicle-plate', '剩余或旧号牌', 'Remaining or old plate', {
        required: false,
        note: '仅丢失一面时交回另一面 (hand in the remaining plate if only one was lost)',
      }),
    ],
    fee: fee(100, { note: ['号牌 100 元/副', 'Plates 100 a pair'] }),
    timeLimits: [
      limit('promised', 15, '日', {
        verified: false,
        note: 'about 15日 for the plate to be made; a temporary plate is issued meanwhile (typical) [S46b]',
      }),
    ],
    route: 'back-office',
    bio: bio('R'),
    sources: ['S46', 'S46b'],
  }),
  item({
    code: 'TR-PLATE-REPLACE-MOTORCYCLE',
    categoryCode: 'TR-PLATES',
    zh: '补领机动车号牌（摩托车）',
    en: 'Replacement of a lost number plate, motorcycle',
    keywords: ['号牌', '车牌', '补牌', '摩托车号牌'],
    materials: [idCard(), vehicleLicence],
    fee: fee(35, { note: ['摩托车号牌 35 元', 'Motorcycle plate 35'] }),
    timeLimits: [
      limit('promised', 15, '日', {
        verified: false,
        note: 'about 15日 for the plate to be made; a temporary plate is issued meanwhile (typical) [S46b]',
      }),
    ],
    route: 'back-office',
    bio: bio('R'),
    sources: ['S46', 'S46b'],
  }),
  item({
    code: 'TR-PLATE-EXCHANGE-CAR',
    categoryCode: 'TR-PLATES',
    zh: '换领机动车号牌（汽车）',
    en: 'Exchange of damaged number plates, car',
    keywords: ['号牌', '车牌', '换牌', '号牌损坏'],
    materials: [idCard(), material('vehicle-plate', '剩余或旧号牌', 'Remaining or old plate')],
    fee: fee(100, { note: ['号牌 100 元/副', 'Plates 100 a pair'] }),
    timeLimits: [limit('promised', 15, '日', { verified: false, note: 'as replacement: about 15日 (typical) [S46b]' })],
    route: 'back-office',
    bio: bio('R'),
    sources: ['S46', 'S46b'],
  }),
  item({
    code: 'TR-PLATE-EXCHANGE-MOTORCYCLE',
    categoryCode: 'TR-PLATES',
    zh: '换领机动车号牌（摩托车）',
    en: 'Exchange of a damaged number plate, motorcycle',
    keywords: ['号牌', '车牌', '换牌', '摩托车号牌'],
    materials: [idCard(), material('vehicle-plate', '剩余或旧号牌', 'Remaining or old plate')],
    fee: fee(35, { note: ['摩托车号牌 35 元', 'Motorcycle plate 35'] }),
    timeLimits: [limit('promised', 15, '日', { verified: false, note: 'as replacement: about 15日 (typical) [S46b]' })],
    route: 'back-office',
    bio: bio('R'),
    sources: ['S46', 'S46b'],
  }),
  item({
    code: 'TR-TEMP-PLATE',
    categoryCode: 'TR-PLATES',
    zh: '核发临时行驶车号牌',
    en: 'Temporary number plate',
    keywords: ['临牌', '临时号牌', '临时牌照'],
    materials: [
      idCard(),
      material('purchase-invoice', '机动车销售统一发票', 'Vehicle purchase invoice', {
        required: false,
        note: '购车或过户凭证二者其一 (purchase invoice or transfer proof)',
      }),
      material('transfer-proof', '机动车所有权转移证明', 'Proof of the transfer of ownership', {
        required: false,
        note: '购车或过户凭证二者其一 (purchase invoice or transfer proof)',
      }),
      compulsoryInsurance,
    ],
    fee: fee(10, {
      options: [
        ['per-application', '每次申请（2 张）', 'Per application (2 paper plates)', 10],
        ['single-plate', '单张', 'One paper plate', 5],
      ],
      note: ['每张 5 元，每次申请 10 元', '5 per paper plate, 10 per application'],
    }),
    timeLimits: [onTheSpot()],
    route: 'on-the-spot',
    bio: bio('R'),
    sources: ['S46'],
  }),
  // Plate selection happens during first registration on the main island, so the islands do not take it.
  item({
    code: 'TR-PLATE-SELECT',
    categoryCode: 'TR-PLATES',
    zh: '机动车号牌选号',
    en: 'Number-plate selection',
    keywords: ['选号', '车牌号', '自编号牌'],
    materials: [idCard()],
    fee: fee(0, { note: ['含在注册登记费用内', 'Included in the registration fee'] }),
    timeLimits: [onTheSpot()],
    route: 'on-the-spot',
    bio: bio('R'),
    islandAccepted: false,
  }),

  // ── TR-VEH-DOCS 行驶证与登记证书 ───────────────────────────────────────────────────────────────────────────────
  item({
    code: 'TR-VL-REPLACE',
    categoryCode: 'TR-VEH-DOCS',
    zh: '补领机动车行驶证',
    en: 'Replacement of a lost vehicle licence',
    keywords: ['行驶证', '补证', '行驶证丢失'],
    materials: [idCard(), material('vehicle-photo', '车辆照片', 'Vehicle photo', { note: 'typical' })],
    fee: fee(10, { note: ['行驶证 10 元', 'Vehicle licence 10'] }),
    timeLimits: [limit('statutory', 1, '日', { note: 'often on the spot' })],
    route: 'usually-on-the-spot',
    bio: bio('R'),
    verified: false,
    sources: ['S46'],
  }),
  item({
    code: 'TR-VL-EXCHANGE',
    categoryCode: 'TR-VEH-DOCS',
    zh: '换领机动车行驶证',
    en: 'Exchange of a vehicle licence',
    keywords: ['行驶证', '换证', '行驶证损坏'],
    materials: [idCard(), vehicleLicence],
    fee: fee(10, { note: ['行驶证 10 元', 'Vehicle licence 10'] }),
    timeLimits: [limit('statutory', 1, '日', { note: 'often on the spot' })],
    route: 'usually-on-the-spot',
    bio: bio('R'),
    sources: ['S46'],
  }),
  item({
    code: 'TR-RC-REPLACE',
    categoryCode: 'TR-VEH-DOCS',
    zh: '补领机动车登记证书',
    en: 'Replacement of a lost registration certificate',
    keywords: ['登记证书', '大绿本', '绿本', '补证'],
    materials: [idCard()],
    fee: fee(10, { note: ['登记证书 10 元', 'Registration certificate 10'] }),
    timeLimits: [limit('statutory', 1, '日')],
    route: 'usually-on-the-spot',
    bio: bio('R'),
    sources: ['S46'],
  }),
  item({
    code: 'TR-RC-EXCHANGE',
    categoryCode: 'TR-VEH-DOCS',
    zh: '换领机动车登记证书',
    en: 'Exchange of a registration certificate',
    keywords: ['登记证书', '大绿本', '绿本', '换证'],
    materials: [idCard(), registrationCertificate],
    fee: fee(10, { note: ['登记证书 10 元', 'Registration certificate 10'] }),
    timeLimits: [limit('statutory', 1, '日')],
    route: 'usually-on-the-spot',
    bio: bio('R'),
    sources: ['S46'],
  }),

  // ── TR-INSPECTION 检验合格标志 ───────────────────────────────────────────────────────────────────────────────
  // Row 115 in two items: after an inspection, and for vehicles exempt from inspection (六年免检).
  item({
    code: 'TR-INSP-MARK',
    categoryCode: 'TR-INSPECTION',
    zh: '核发检验合格标志',
    en: 'Inspection mark after a safety inspection',
    keywords: ['年检', '年审', '检验标志', '检验合格标志'],
    materials: [
      idCard(),
      compulsoryInsurance,
      material('inspection-report', '机动车安全技术检验报告', 'Vehicle safety-inspection report'),
    ],
    fee: fee(0),
    timeLimits: [onTheSpot()],
    route: 'on-the-spot',
    bio: bio('R'),
    sources: ['S46'],
  }),
  item({
    code: 'TR-INSP-MARK-EXEMPT',
    categoryCode: 'TR-INSPECTION',
    zh: '核发检验合格标志（六年免检）',
    en: 'Inspection mark for an inspection-exempt vehicle',
    keywords: ['年检', '年审', '免检', '六年免检', '检验标志'],
    materials: [idCard(), compulsoryInsurance],
    fee: fee(0),
    timeLimits: [onTheSpot()],
    route: 'on-the-spot',
    bio: bio('R'),
    sources: ['S46'],
  }),
  item({
    code: 'TR-INSP-MARK-REPLACE',
    categoryCode: 'TR-INSPECTION',
    zh: '补领检验合格标志',
    en: 'Replacement of a lost inspection mark',
    keywords: ['检验标志', '年检标', '补领'],
    materials: [idCard(), vehicleLicence],
    fee: fee(0),
    timeLimits: [onTheSpot()],
    route: 'on-the-spot',
    bio: bio('R'),
  }),
  item({
    code: 'TR-INSP-MARK-EXCHANGE',
    categoryCode: 'TR-INSPECTION',
    zh: '换领检验合格标志',
    en: 'Exchange of a damaged inspection mark',
    keywords: ['检验标志', '年检标', '换领'],
    materials: [idCard(), vehicleLicence],
    fee: fee(0),
    timeLimits: [onTheSpot()],
    route: 'on-the-spot',
    bio: bio('R'),
  }),

  // ── TR-DL-CHANGE 驾驶证换证补证 ──────────────────────────────────────────────────────────────────────────────
  item({
    code: 'TR-DL-RENEW',
    categoryCode: 'TR-DL-CHANGE',
    zh: '驾驶证期满换证',
    en: 'Driving-licence renewal on expiry',
    keywords: ['驾驶证', '驾照', '换证', '期满换证', '到期换证'],
    materials: [
      idCard('驾驶人本人 (the driver)'),
      drivingLicence(),
      material('medical-certificate', '机动车驾驶人身体条件证明', 'Medical certificate for drivers', {
        note: 'Apply within 90 days before expiry; more than 1 year overdue leads to cancellation [S47]',
      }),
    ],
    fee: fee(10, { note: ['驾驶证工本费 10 元', 'Driving licence 10'] }),
    timeLimits: [limit('statutory', 1, '工作日', { note: 'Order 162 [S47]; 3日 under the older Order 123' })],
    route: 'usually-on-the-spot',
    bio: bio('P R'),
    sources: ['S46', 'S47'],
  }),
  licenceExchange(
    'TR-DL-REPLACE-LOST',
    '驾驶证遗失补证',
    'Replacement of a lost driving licence',
    ['补证', '驾照丢失', '遗失'],
    [idCard('驾驶人本人 (the driver)')],
    { note: 'not while the licence is seized or withheld [S47]' },
  ),
  licenceExchange(
    'TR-DL-EXCHANGE-DAMAGED',
    '驾驶证损毁换证',
    'Exchange of a damaged driving licence',
    ['换证', '损毁', '驾照损坏'],
    [idCard('驾驶人本人 (the driver)'), drivingLicence('损毁的驾驶证 (the damaged licence)')],
  ),
  licenceExchange(
    'TR-DL-DATA-CHANGE',
    '驾驶证信息变更换证',
    'Driving-licence exchange after a change of personal data',
    ['换证', '信息变更', '身份证号变更', '姓名变更'],
    [idCard('驾驶人本人 (the driver)'), drivingLicence(), proofOfChange],
  ),
  licenceExchange(
    'TR-DL-TRANSFER-IN',
    '驾驶证转入换证',
    'Exchange of a driving licence issued elsewhere',
    ['转入', '外地驾照', '异地换证'],
    [idCard('驾驶人本人 (the driver)'), drivingLicence('外地核发的驾驶证 (the licence issued elsewhere)')],
  ),
  // The age thresholds are "verify" in the sheet (Order 123: 60+ large vehicles, 70+ motorcycles; 2022 rules
  // reportedly 63 for large vehicles [L]), so the whole item is unverified.
  licenceExchange(
    'TR-DL-DOWNGRADE',
    '驾驶证降级换证',
    'Driving-licence downgrade',
    ['降级', '降级换证', '超龄'],
    [
      idCard('驾驶人本人 (the driver)'),
      drivingLicence('年龄界限待核实：大型车 60 岁（2022 年新规或为 63 岁 [L]）、摩托车 70 岁 (age limits to verify)'),
    ],
    { verified: false },
  ),

  // ── TR-DL-STATUS 驾驶证注销、恢复与审验 ───────────────────────────────────────────────────────────────────────
  item({
    code: 'TR-DL-CANCEL',
    categoryCode: 'TR-DL-STATUS',
    zh: '驾驶证注销',
    en: 'Driving-licence cancellation',
    keywords: ['驾驶证', '驾照', '注销'],
    materials: [idCard('驾驶人本人 (the driver)')],
    fee: fee(0),
    timeLimits: [onTheSpot()],
    route: 'on-the-spot',
    bio: bio('R'),
  }),
  item({
    code: 'TR-DL-RESTORE',
    categoryCode: 'TR-DL-STATUS',
    zh: '恢复驾驶资格',
    en: 'Restoration of driving entitlement',
    keywords: ['驾驶证', '驾照', '恢复驾驶资格', '超期未换证'],
    materials: [
      idCard('驾驶人本人 (the driver)'),
      material('medical-certificate', '机动车驾驶人身体条件证明', 'Medical certificate for drivers', {
        note: 'Only within 2 years of a cancellation for non-renewal; the applicant passes 科目一 [S47]',
      }),
    ],
    fee: fee(10, {
      note: [
        '驾驶证 10 元，另收科目一考试费（福建省标准）',
        'Driving licence 10, plus the 科目一 test fee (Fujian rate)',
      ],
    }),
    timeLimits: [],
    route: 'back-office',
    bio: bio('P R'),
    sources: ['S47'],
  }),
  item({
    code: 'TR-DL-MEDICAL-REPORT',
    categoryCode: 'TR-DL-STATUS',
    zh: '提交身体条件证明',
    en: 'Submission of a driver’s medical report',
    keywords: ['体检', '身体条件证明', '驾驶人体检', '70岁'],
    materials: [
      idCard('驾驶人本人 (the driver)'),
      material('medical-certificate', '机动车驾驶人身体条件证明', 'Medical certificate for drivers', {
        note: 'Drivers aged 70 and over every year, among others [S47]',
      }),
    ],
    fee: fee(0),
    timeLimits: [onTheSpot()],
    route: 'on-the-spot',
    bio: bio('R'),
    sources: ['S47'],
  }),
  item({
    code: 'TR-DL-REVIEW',
    categoryCode: 'TR-DL-STATUS',
    zh: '驾驶证审验',
    en: 'Driving-licence review (large-vehicle classes)',
    keywords: ['审验', '驾驶证审验', '大车审验'],
    materials: [
      idCard('驾驶人本人 (the driver)'),
      drivingLicence(),
      material('learning-record', '审验教育学习记录', 'Review-course learning records'),
    ],
    fee: fee(0),
    timeLimits: [onTheSpot()],
    route: 'on-the-spot',
    bio: bio('R'),
  }),

  // ── TR-DL-NEW 驾驶证申领与考试 ───────────────────────────────────────────────────────────────────────────────
  firstLicence('TR-DL-FIRST-CAR', '初次申领驾驶证（小型汽车 C1/C2）', 'First driving licence, small car (C1/C2)', [
    'C1',
    'C2',
    '小车',
  ]),
  firstLicence(
    'TR-DL-FIRST-MOTORCYCLE',
    '初次申领驾驶证（摩托车 D/E/F）',
    'First driving licence, motorcycle (D/E/F)',
    ['D证', 'E证', 'F证', '摩托车驾照'],
  ),
  // Which large classes may be applied for directly, rather than added to an existing licence, changed in the 2022
  // rules and is not in the fact sheet; unverified.
  firstLicence(
    'TR-DL-FIRST-LARGE',
    '申领大中型客货车驾驶证（A/B 类）',
    'Driving licence for large vehicles (classes A/B)',
    ['A1', 'A2', 'A3', 'B1', 'B2', '大车', '货车'],
    {
      schoolNote:
        '直接申领或须先持有其他准驾车型，以现行规定为准 (whether a class may be applied for directly: verify)',
      verified: false,
    },
  ),
  item({
    code: 'TR-DL-ADD-CLASS',
    categoryCode: 'TR-DL-NEW',
    zh: '增加准驾车型（增驾）',
    en: 'Additional licence class',
    keywords: ['增驾', '驾驶证', '准驾车型', '升级驾照'],
    materials: [
      idCard('申请人本人 (the applicant)'),
      drivingLicence(),
      medicalCertificate,
      material('school-record', '驾驶培训记录', 'Driving-school training records'),
    ],
    fee: fee(10, { note: testFeeNote }),
    timeLimits: [],
    route: 'back-office',
    bio: bio('P R'),
    sources: ['S46', 'S47'],
  }),
  item({
    code: 'TR-DL-FOREIGN',
    categoryCode: 'TR-DL-NEW',
    zh: '境外机动车驾驶证换领',
    en: 'Conversion of a foreign driving licence',
    keywords: ['境外驾照', '外国驾照', '国外驾照换证', '驾驶证'],
    materials: [
      material('foreign-passport', '外国护照', 'Foreign passport', {
        note: '中国公民持居民身份证及护照 (a Chinese citizen shows the ID card and passport instead)',
      }),
      material('foreigner-residence-permit', '外国人居留证件', 'Foreigner’s residence permit', {
        note: '外国申请人：居留许可或其他居留证明 (foreign applicants: residence permit or other proof of stay)',
      }),
      material('foreign-driving-licence', '境外机动车驾驶证', 'Foreign driving licence'),
      material('licence-translation', '驾驶证中文翻译件', 'Chinese translation of the licence'),
      medicalCertificate,
    ],
    fee: fee(10, {
      note: [
        '驾驶证 10 元，另收科目一考试费（福建省标准）',
        'Driving licence 10, plus the 科目一 test fee (Fujian rate)',
      ],
    }),
    timeLimits: [],
    route: 'back-office',
    bio: bio('P'),
    sources: ['S46'],
  }),
  testBooking('TR-TEST-BOOK-1', '科目一', 'Test booking: theory test (科目一)', 60, ['理论考试', '笔试']),
  testBooking('TR-TEST-BOOK-2', '科目二', 'Test booking: manoeuvring test (科目二)', 300, ['场地考试', '倒车入库']),
  testBooking('TR-TEST-BOOK-3', '科目三', 'Test booking: road test and safe-driving test (科目三)', 150, [
    '路考',
    '科目四',
    '安全文明驾驶常识',
  ]),

  // ── TR-VIOLATION 交通违法处理 ────────────────────────────────────────────────────────────────────────────────
  // Row 131 in two items: handling a recorded violation, and paying a fine already decided.
  item({
    code: 'TR-VIOLATION-HANDLE',
    categoryCode: 'TR-VIOLATION',
    zh: '交通违法处理',
    en: 'Handling of a traffic violation',
    keywords: ['违章', '违法处理', '处理违章', '电子眼', '扣分'],
    materials: [
      drivingLicence(),
      vehicleLicence,
      material('violation-notice', '违法通知书', 'Violation notice', {
        required: false,
        note: '如有 (if one was received)',
      }),
    ],
    fee: fee(0, { note: ['罚款依法另行缴纳', 'Fines per law are paid separately'] }),
    timeLimits: [onTheSpot()],
    route: 'on-the-spot',
    bio: bio('R'),
  }),
  item({
    code: 'TR-VIOLATION-FINE',
    categoryCode: 'TR-VIOLATION',
    zh: '交通违法罚款缴纳',
    en: 'Payment of a traffic fine',
    keywords: ['罚款', '交罚款', '违章缴费'],
    materials: [drivingLicence(), material('penalty-decision', '处罚决定书', 'Penalty decision')],
    fee: fee(0, { note: ['罚款金额依法按决定书', 'The fine as set in the penalty decision'] }),
    timeLimits: [onTheSpot()],
    route: 'on-the-spot',
    bio: bio('R'),
  }),
];
