/**
 * Names, places and phone numbers for the demo county. The county (宁和县) is invented; its towns, streets
 * and villages are common Chinese place names so the lists read like a real county's customer book.
 */
import type { BusinessType } from '../schema';
import type { Rng } from './random';

export const COUNTY_NAME_ZH = '宁和县';

export interface StationPlan {
  code: string;
  nameZh: string;
  nameEn: string;
  /** Share of this station's retailers in town centres (城网). */
  urbanShare: number;
  /** Towns served; the first is the station's own seat. */
  towns: readonly string[];
}

export const STATIONS: readonly StationPlan[] = [
  { code: 'S01', nameZh: '城关管理所', nameEn: 'Chengguan Station', urbanShare: 0.84, towns: ['城关镇', '新城街道', '城北街道', '南郊镇'] },
  { code: 'S02', nameZh: '东山管理所', nameEn: 'Dongshan Station', urbanShare: 0.18, towns: ['东山镇', '石桥镇', '龙岗乡', '青龙乡'] },
  { code: 'S03', nameZh: '西河管理所', nameEn: 'Xihe Station', urbanShare: 0.18, towns: ['西河镇', '黄田镇', '马坪乡', '梅林镇'] },
];

// Roughly by frequency in southern China: the first names repeat more often.
const SURNAMES = [
  '陈', '李', '黄', '张', '王', '刘', '林', '杨', '吴', '何', '郑', '罗', '梁', '谢', '周', '曾', '邓', '钟', '赖', '朱',
  '徐', '许', '叶', '胡', '彭', '廖', '赵', '孙', '蔡', '江', '邱', '温', '潘', '卢', '冯', '苏', '丘', '余', '方', '范',
  '唐', '袁', '邹', '古', '刘', '肖', '欧阳', '严', '马', '高', '郭', '宋', '韩', '曹', '魏', '汤', '薛', '姚', '龚', '莫',
];
const MALE_GIVEN = [
  '建国', '建华', '国强', '志强', '伟', '强', '军', '勇', '斌', '波', '涛', '明', '辉', '华', '平', '刚', '杰', '俊', '峰', '磊',
  '超', '鹏', '亮', '文', '海', '林', '东', '德明', '永强', '志明', '金生', '水生', '福生', '国华', '春生', '茂林', '锦辉', '家豪',
  '振华', '立新', '红兵', '卫东', '小龙', '汉文', '荣发', '耀华', '少波', '国栋', '石林', '火旺',
];
const FEMALE_GIVEN = [
  '秀英', '桂英', '秀兰', '玉兰', '桂兰', '丽', '敏', '静', '燕', '艳', '芳', '娟', '霞', '红', '玲', '梅', '丽娟', '美玲', '春梅',
  '小红', '凤英', '金凤', '雪梅', '翠萍', '惠芳', '丽华', '淑贞', '少芬', '碧霞', '月娥',
];

export function personName(rng: Rng): string {
  const surname = SURNAMES[Math.min(SURNAMES.length - 1, Math.floor(Math.pow(rng.next(), 1.6) * SURNAMES.length))]!;
  return surname + (rng.chance(0.68) ? rng.pick(MALE_GIVEN) : rng.pick(FEMALE_GIVEN));
}

export function surnameOf(name: string): string {
  return name.startsWith('欧阳') ? '欧阳' : name.slice(0, 1);
}

// Mainland mobile prefixes of the three carriers.
const MOBILE_PREFIXES = [
  '134', '135', '136', '137', '138', '139', '147', '150', '151', '152', '157', '158', '159', '178', '182', '183', '187', '188',
  '130', '131', '132', '155', '156', '166', '175', '176', '185', '186', '133', '153', '173', '177', '180', '181', '189', '199',
];

export function mobilePhone(rng: Rng): string {
  let digits = rng.pick(MOBILE_PREFIXES);
  while (digits.length < 11) digits += String(rng.int(0, 9));
  return digits;
}

const URBAN_STREETS = [
  '人民路', '解放路', '中山路', '建设路', '新华路', '和平路', '文化路', '胜利路', '朝阳路', '府前路', '环城东路', '环城西路',
  '滨江路', '东风路', '工业大道', '车站路', '商贸街', '步行街', '学府路', '兴业路', '迎宾大道', '金山路', '花园路', '沿河路',
];
const VILLAGES = [
  '石岭', '大塘', '新屋', '上坪', '下坪', '黄竹', '水口', '田心', '高桥', '长岭', '横江', '罗坑', '枫树', '石门', '桥头', '河背',
  '塘尾', '寨下', '大坑', '松林', '竹园', '坪山', '茶亭', '新村', '龙潭', '牛岭', '白石', '山背', '上围', '杨梅',
];

export interface Place {
  town: string;
  /** Street (urban) or village (rural) name, also used in some shop names. */
  locality: string;
  address: string;
}

export function urbanPlace(rng: Rng, town: string): Place {
  const street = rng.pick(URBAN_STREETS);
  const number = rng.int(1, 388);
  const tail = rng.chance(0.25) ? `${rng.int(1, 12)}栋${rng.int(1, 3)}号铺` : '号';
  return { town, locality: street, address: `${COUNTY_NAME_ZH}${town}${street}${number}${tail === '号' ? '号' : `号${tail}`}` };
}

export function ruralPlace(rng: Rng, town: string): Place {
  const village = rng.pick(VILLAGES);
  const form = rng.next();
  const address =
    form < 0.5
      ? `${COUNTY_NAME_ZH}${town}${village}村${rng.int(1, 12)}组${rng.int(1, 99)}号`
      : form < 0.75
        ? `${COUNTY_NAME_ZH}${town}${village}村委会旁`
        : `${COUNTY_NAME_ZH}${town}${village}圩镇街${rng.int(1, 60)}号`;
  return { town, locality: `${village}村`, address };
}

// 字号: the auspicious trade names shops give themselves.
const TRADE_NAMES = [
  '红旗', '兴旺', '富民', '惠民', '和顺', '顺发', '鑫源', '永兴', '万家', '好邻居', '家家乐', '金福', '福满多', '万和', '盛世',
  '佳美', '百汇', '好又多', '便民', '诚信', '友谊', '新华', '阳光', '嘉和', '恒丰', '利民', '隆昌', '宏达', '金鹏', '天天',
  '乐购', '美佳', '聚源', '合家欢', '四季', '通达', '荣昌', '鸿运', '祥和', '福源', '金穗', '春晖', '德顺', '益民', '丰收',
  '旺角', '东方', '龙腾', '海鑫', '满意', '安康', '润发', '广源', '日日鲜', '金叶', '发达', '开心', '如意', '华联',
];

const KIND_WORDS: Record<BusinessType, readonly string[]> = {
  grocery: ['食杂店', '商店', '小卖部', '副食店', '杂货店', '士多店'],
  convenience: ['便利店', '便利超市', '24小时便利店'],
  supermarket: ['超市', '购物广场', '百货超市', '生活超市'],
  tobacco_liquor: ['烟酒商行', '名烟名酒', '烟酒店', '烟酒茶行'],
  entertainment: ['KTV', '网咖', '棋牌室', '台球俱乐部', '足浴城'],
  catering: ['饭店', '酒家', '餐馆', '大排档', '农家乐', '茶餐厅'],
  other: ['商店'],
};

/**
 * A shop name in one of the forms licences really carry: "城关镇红旗便利店", "李记食杂店", "陈建华商店",
 * "石岭村兴旺小卖部". Uniqueness is the caller's job (it retries).
 */
export function shopName(rng: Rng, businessType: BusinessType, place: Place, ownerName: string): string {
  const kind = rng.pick(KIND_WORDS[businessType]);
  const trade = rng.pick(TRADE_NAMES);
  const form = rng.next();
  const small = businessType === 'grocery' || businessType === 'tobacco_liquor' || businessType === 'catering';
  if (small && form < 0.2) return `${surnameOf(ownerName)}记${kind}`;
  if (businessType === 'grocery' && form < 0.35) return `${ownerName}${kind}`;
  if (form < 0.6) return `${place.town}${trade}${kind}`;
  if (form < 0.75 && place.locality.endsWith('村')) return `${place.locality}${trade}${kind}`;
  if (form < 0.75 && (businessType === 'convenience' || businessType === 'supermarket')) {
    return `${trade}${kind}(${place.locality}店)`;
  }
  return `${trade}${kind}`;
}
