/**
 * The cigarette catalogue (品规目录) of the demo county: real brand names with plausible variants and
 * suggested retail prices. Wholesale prices are derived 10–20 % below retail, and the price class (价类)
 * follows from the wholesale price per carton exactly as DOMAIN.md defines it, so the two never disagree.
 */
import type { Selectable } from 'kysely';
import { addDays, mondayOf } from '../../app/domain/time';
import { DEFAULT_PACKS_PER_CARTON } from '../../app/domain/units';
import type { SpecTable } from '../schema';
import type { Rng } from './random';

interface Manufacturer {
  name: string;
  /** Two-digit province code that starts the spec code. */
  provinceCode: string;
  /** Seven-digit EAN company prefix (690… = registered in China). */
  barcodePrefix: string;
}

const MANUFACTURERS: Record<string, Manufacturer> = {
  shanghai: { name: '上海烟草集团', provinceCode: '31', barcodePrefix: '6901028' },
  yunnan: { name: '云南中烟', provinceCode: '53', barcodePrefix: '6901022' },
  hunan: { name: '湖南中烟', provinceCode: '43', barcodePrefix: '6901046' },
  hubei: { name: '湖北中烟', provinceCode: '42', barcodePrefix: '6901033' },
  zhejiang: { name: '浙江中烟', provinceCode: '33', barcodePrefix: '6901035' },
  jiangsu: { name: '江苏中烟', provinceCode: '32', barcodePrefix: '6901037' },
  guangxi: { name: '广西中烟', provinceCode: '45', barcodePrefix: '6901045' },
  guangdong: { name: '广东中烟', provinceCode: '44', barcodePrefix: '6901049' },
  sichuan: { name: '四川中烟', provinceCode: '51', barcodePrefix: '6901051' },
  fujian: { name: '福建中烟', provinceCode: '35', barcodePrefix: '6901055' },
  shandong: { name: '山东中烟', provinceCode: '37', barcodePrefix: '6901059' },
  hebei: { name: '河北中烟', provinceCode: '13', barcodePrefix: '6901062' },
  anhui: { name: '安徽中烟', provinceCode: '34', barcodePrefix: '6901066' },
  guizhou: { name: '贵州中烟', provinceCode: '52', barcodePrefix: '6901068' },
  jilin: { name: '吉林烟草工业', provinceCode: '22', barcodePrefix: '6901073' },
  henan: { name: '河南中烟', provinceCode: '41', barcodePrefix: '6901077' },
  jiangxi: { name: '江西中烟', provinceCode: '36', barcodePrefix: '6901082' },
  shaanxi: { name: '陕西中烟', provinceCode: '61', barcodePrefix: '6901086' },
  chongqing: { name: '重庆中烟', provinceCode: '50', barcodePrefix: '6901088' },
};

type ManufacturerKey = keyof typeof MANUFACTURERS;

interface Brand {
  brand: string;
  maker: ManufacturerKey;
  /** How strongly the brand sells in this (southern) county; 1 = average. */
  strength: number;
  /** [variant, suggested retail price in yuan per carton, role]. */
  items: readonly (readonly [string, number, Role?])[];
}

/** What a catalogue entry is a candidate for, so small catalogues still contain every kind of spec. */
type Role = 'scarce' | 'new' | 'discontinued' | 'not_orderable';

const BRANDS: readonly Brand[] = [
  { brand: '中华', maker: 'shanghai', strength: 1.3, items: [['硬', 450, 'scarce'], ['软', 650, 'scarce'], ['金中支', 500, 'scarce'], ['双中支', 750], ['细支', 500]] },
  { brand: '熊猫', maker: 'shanghai', strength: 0.5, items: [['硬经典', 1000, 'not_orderable']] },
  { brand: '牡丹', maker: 'shanghai', strength: 0.8, items: [['软', 120], ['硬', 100]] },
  { brand: '大前门', maker: 'shanghai', strength: 0.8, items: [['短支', 80], ['软', 32, 'discontinued']] },
  { brand: '玉溪', maker: 'yunnan', strength: 1.3, items: [['软', 230, 'scarce'], ['硬', 220], ['硬和谐', 350, 'scarce'], ['软阿诗玛', 140], ['初心', 250], ['境界细支', 300, 'new']] },
  { brand: '云烟', maker: 'yunnan', strength: 1.1, items: [['软珍品', 220, 'scarce'], ['紫', 110], ['小熊猫家园', 150], ['印象烟庄', 500], ['中支大重九', 500, 'scarce'], ['云龙', 90]] },
  { brand: '红塔山', maker: 'yunnan', strength: 1.4, items: [['硬经典', 100, 'scarce'], ['软经典', 70], ['硬大经典1956', 150], ['软传奇', 60]] },
  { brand: '红河', maker: 'yunnan', strength: 0.9, items: [['软甲', 50], ['硬', 70], ['软乙', 20], ['小熊猫世纪风', 90]] },
  { brand: '石林', maker: 'yunnan', strength: 0.7, items: [['硬', 60]] },
  { brand: '红梅', maker: 'yunnan', strength: 0.9, items: [['软黄', 30], ['硬', 50], ['顺', 18, 'discontinued']] },
  { brand: '芙蓉王', maker: 'hunan', strength: 1.2, items: [['硬', 250, 'scarce'], ['硬蓝', 300], ['硬细支', 320], ['硬中支', 280, 'new']] },
  { brand: '白沙', maker: 'hunan', strength: 1.2, items: [['硬', 60], ['软', 45], ['精品二代', 100], ['硬精品三代', 130], ['和天下', 1000, 'not_orderable'], ['和气生财', 180], ['红运当头', 35]] },
  { brand: '黄鹤楼', maker: 'hubei', strength: 1.0, items: [['硬金砂', 170, 'scarce'], ['软蓝', 190], ['天下名楼', 260], ['硬奇景', 350], ['1916中支', 1000, 'not_orderable'], ['硬平安', 200, 'new']] },
  { brand: '红金龙', maker: 'hubei', strength: 0.8, items: [['硬神州腾龙', 100], ['软红', 30, 'discontinued'], ['晓楼', 90], ['硬蓝爱你', 65]] },
  { brand: '利群', maker: 'zhejiang', strength: 1.0, items: [['新版', 140], ['软红长嘴', 230], ['阳光橙中支', 220], ['休闲细支', 180], ['夜西湖', 300, 'new'], ['江南韵', 150]] },
  { brand: '大红鹰', maker: 'zhejiang', strength: 0.7, items: [['新品', 100], ['东方神韵', 220]] },
  { brand: '南京', maker: 'jiangsu', strength: 1.0, items: [['红', 120], ['炫赫门', 180, 'scarce'], ['十二钗烤烟', 150], ['硬佳品', 60], ['大观园中支', 350, 'new']] },
  { brand: '苏烟', maker: 'jiangsu', strength: 0.8, items: [['五星红杉树', 500, 'scarce'], ['软金砂', 400]] },
  { brand: '真龙', maker: 'guangxi', strength: 1.2, items: [['起源', 300], ['海韵', 160], ['硬红', 70], ['凌云', 100], ['软金', 20], ['祥云', 60]] },
  { brand: '双喜', maker: 'guangdong', strength: 1.6, items: [['硬经典1906', 120, 'scarce'], ['软经典', 90], ['红玫王', 70], ['硬', 50], ['莲香', 150], ['软国际', 25], ['春天', 150], ['春天中支', 200, 'new']] },
  { brand: '五叶神', maker: 'guangdong', strength: 1.1, items: [['金', 100], ['软', 60], ['吉祥', 40]] },
  { brand: '好日子', maker: 'guangdong', strength: 0.9, items: [['硬', 70], ['软经典', 40]] },
  { brand: '娇子', maker: 'sichuan', strength: 0.9, items: [['宽窄好运', 160], ['宽窄平安', 100], ['X', 100], ['蓝时代', 85], ['软阳光', 50]] },
  { brand: '七匹狼', maker: 'fujian', strength: 1.1, items: [['白', 100], ['锋芒', 70], ['通仙', 190], ['红', 100], ['软红', 25]] },
  { brand: '泰山', maker: 'shandong', strength: 0.8, items: [['红将军', 100], ['硬红八喜', 100], ['心悦', 150], ['望岳', 230], ['软红', 15, 'discontinued']] },
  { brand: '钻石', maker: 'hebei', strength: 0.8, items: [['硬蓝', 85], ['荷花', 350, 'scarce'], ['硬红', 50], ['一品荷花', 450], ['软特制', 15, 'discontinued']] },
  { brand: '黄山', maker: 'anhui', strength: 0.9, items: [['红方印', 110], ['新制皖烟', 200, 'scarce'], ['硬一品', 100], ['记忆', 230], ['软蓝', 50]] },
  { brand: '贵烟', maker: 'guizhou', strength: 0.9, items: [['跨越', 300], ['硬黄精品', 100], ['萃', 200], ['小国酒香', 220]] },
  { brand: '黄果树', maker: 'guizhou', strength: 0.7, items: [['长征', 70], ['佳品', 22]] },
  { brand: '长白山', maker: 'jilin', strength: 0.7, items: [['777', 100], ['硬红', 70], ['揽胜', 160], ['迎春', 40]] },
  { brand: '红旗渠', maker: 'henan', strength: 0.7, items: [['银河之光', 100], ['硬', 50], ['软', 25]] },
  { brand: '黄金叶', maker: 'henan', strength: 0.7, items: [['乐途', 70], ['硬大金圆', 150], ['小目标', 90]] },
  { brand: '金圣', maker: 'jiangxi', strength: 0.7, items: [['硬滕王阁', 100], ['吉祥', 70], ['软', 40]] },
  { brand: '好猫', maker: 'shaanxi', strength: 0.6, items: [['长乐', 110], ['硬', 60]] },
  { brand: '延安', maker: 'shaanxi', strength: 0.6, items: [['硬', 60]] },
  { brand: '天子', maker: 'chongqing', strength: 0.6, items: [['千里江山', 500], ['硬红', 100]] },
];

/** Order in which scarce candidates are taken: the specs every county rations first. */
const SCARCE_PRIORITY = [
  '中华(硬)', '中华(软)', '玉溪(软)', '芙蓉王(硬)', '黄鹤楼(硬金砂)', '南京(炫赫门)', '云烟(中支大重九)', '钻石(荷花)',
  '中华(金中支)', '苏烟(五星红杉树)', '玉溪(硬和谐)', '黄山(新制皖烟)', '云烟(软珍品)', '双喜(硬经典1906)', '红塔山(硬经典)',
];

/** Variant words used only when more specs are asked for than the catalogue lists. */
const EXTRA_VARIANTS = ['硬', '软', '细支', '中支', '金', '蓝', '新版', '精品', '特制', '典藏', '爆珠', '红', '白', '清香', '醇香'];

interface CatalogueEntry {
  brand: string;
  maker: ManufacturerKey;
  strength: number;
  name: string;
  retailYuanPerCarton: number;
  role: Role | null;
}

function catalogueEntries(): CatalogueEntry[] {
  return BRANDS.flatMap((b) =>
    b.items.map(([variant, retail, role]) => ({
      brand: b.brand,
      maker: b.maker,
      strength: b.strength,
      name: `${b.brand}(${variant})`,
      retailYuanPerCarton: retail,
      role: role ?? null,
    })),
  );
}

/** 价类 from the wholesale price per carton (DOMAIN.md: 一类 ≥ 100 元, 二类 70–100, 三类 30–70, then 四/五类). */
export function priceClassOfWholesale(wholesaleFenPerCarton: number): number {
  if (wholesaleFenPerCarton >= 10_000) return 1;
  if (wholesaleFenPerCarton >= 7_000) return 2;
  if (wholesaleFenPerCarton >= 3_000) return 3;
  if (wholesaleFenPerCarton >= 1_650) return 4;
  return 5;
}

/** The EAN-13 check digit of the first twelve digits. */
export function ean13CheckDigit(first12: string): string {
  if (!/^\d{12}$/.test(first12)) throw new RangeError(`need 12 digits, got ${first12}`);
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return String((10 - (sum % 10)) % 10);
}

export function isValidEan13(code: string): boolean {
  return /^\d{13}$/.test(code) && ean13CheckDigit(code.slice(0, 12)) === code[12];
}

/** A spec row plus what the simulation needs to know about it. */
export interface SpecProfile {
  index: number;
  row: Selectable<SpecTable>;
  /** Relative national appeal before local class preferences (Zipf-like over a popularity rank). */
  popularity: number;
  /** First day it may be ordered again never: orders stop from this day (null = still sold). */
  discontinuedFrom: string | null;
  /** Whether this spec has a supply (投放量) number in ordinary weeks rather than unlimited. */
  hasSupplyPlan: boolean;
}

export interface CatalogueOptions {
  count: number;
  today: string;
}

function roleCount(count: number, role: Role): number {
  switch (role) {
    case 'scarce':
      return Math.max(2, Math.round(count * 0.1));
    case 'new':
      return Math.max(1, Math.ceil(count * 0.05));
    case 'discontinued':
    case 'not_orderable':
      return Math.max(1, Math.round(count / 60));
  }
}

/**
 * Picks `count` specs: first the candidates every demo needs (scarce, new, discontinued, not orderable),
 * then a random fill, then synthetic variants if the catalogue runs out. Output keeps catalogue order
 * (grouped by manufacturer and brand), which is how a company's price list reads.
 */
export function buildCatalogue(rng: Rng, { count, today }: CatalogueOptions): SpecProfile[] {
  if (count < 6) throw new RangeError('the demo needs at least 6 specs');
  const all = catalogueEntries();
  const chosen = new Set<CatalogueEntry>();
  const roles = new Map<CatalogueEntry, Role>();
  const scarceOrder = SCARCE_PRIORITY.map((name) => all.find((e) => e.name === name)!);
  const take = (role: Role, candidates: CatalogueEntry[]) => {
    for (const e of candidates.slice(0, roleCount(count, role))) {
      chosen.add(e);
      roles.set(e, role);
    }
  };
  take('scarce', scarceOrder);
  take('new', rng.shuffle(all.filter((e) => e.role === 'new')));
  take('discontinued', rng.shuffle(all.filter((e) => e.role === 'discontinued')));
  take('not_orderable', rng.shuffle(all.filter((e) => e.role === 'not_orderable')));
  // Fill with entries that carry no special role of their own, so flags stay at the intended rates.
  for (const e of rng.shuffle(all.filter((x) => !chosen.has(x) && (x.role === null || x.role === 'scarce')))) {
    if (chosen.size >= count) break;
    chosen.add(e);
  }
  const entries = all.filter((e) => chosen.has(e)).slice(0, count);
  entries.push(...syntheticEntries(rng, count - entries.length, new Set(all.map((e) => e.name))));

  const launchWeeksAgo = rng.shuffle([1, 2, 3, 4, 5, 2, 3, 1, 4, 5]);
  let newSeen = 0;
  const makerSerial = new Map<ManufacturerKey, number>();
  const profiles = entries.map((entry, index): SpecProfile => {
    const maker = MANUFACTURERS[entry.maker]!;
    const serial = (makerSerial.get(entry.maker) ?? 0) + 1;
    makerSerial.set(entry.maker, serial);
    const retailPriceFenPerCarton = entry.retailYuanPerCarton * 100;
    const markup = rng.uniform(1.105, 1.195);
    const wholesalePriceFenPerCarton = Math.round(retailPriceFenPerCarton / markup / 10) * 10;
    const role = roles.get(entry) ?? null;
    const isNew = role === 'new';
    const launchDate = isNew ? addDays(mondayOf(today), -7 * launchWeeksAgo[newSeen++ % launchWeeksAgo.length]!) : null;
    const pack12 = `${maker.barcodePrefix}${String(10_000 + serial * 7).padStart(5, '0')}`;
    const carton12 = `${maker.barcodePrefix}${String(60_000 + serial * 7).padStart(5, '0')}`;
    return {
      index,
      row: {
        id: index + 1,
        code: `${maker.provinceCode}01${String(index + 1).padStart(4, '0')}`,
        name: entry.name,
        brand: entry.brand,
        manufacturer: maker.name,
        cartonBarcode: carton12 + ean13CheckDigit(carton12),
        packBarcode: pack12 + ean13CheckDigit(pack12),
        packsPerCarton: DEFAULT_PACKS_PER_CARTON,
        priceClass: priceClassOfWholesale(wholesalePriceFenPerCarton),
        wholesalePriceFenPerCarton,
        retailPriceFenPerCarton,
        isScarce: role === 'scarce' ? 1 : 0,
        isNew: isNew ? 1 : 0,
        launchDate,
        isOrderable: role === 'not_orderable' ? 0 : 1,
        isDiscontinued: role === 'discontinued' ? 1 : 0,
      },
      popularity: 0,
      discontinuedFrom: role === 'discontinued' ? addDays(mondayOf(today), -7 * rng.int(3, 6)) : null,
      hasSupplyPlan: role === 'scarce' || rng.chance(0.3),
    };
  });
  assignPopularity(rng, profiles, entries);
  return profiles;
}

function syntheticEntries(rng: Rng, needed: number, taken: Set<string>): CatalogueEntry[] {
  const out: CatalogueEntry[] = [];
  for (let attempt = 0; out.length < needed; attempt++) {
    const b = rng.pick(BRANDS);
    const variant = rng.pick(EXTRA_VARIANTS) + (attempt > 2000 ? String(attempt) : '');
    const name = `${b.brand}(${variant})`;
    if (taken.has(name)) continue;
    taken.add(name);
    const typical = b.items[Math.floor(b.items.length / 2)]![1];
    const retail = Math.max(15, Math.round((typical * rng.lognormalNoise(0.35)) / 5) * 5);
    out.push({ brand: b.brand, maker: b.maker, strength: b.strength, name, retailYuanPerCarton: retail, role: null });
  }
  return out;
}

/**
 * Zipf-like appeal over a rank that mixes brand strength, price and chance. Volume peaks in the middle of
 * the range (about 11 yuan a pack, what most smokers buy now): a 1,000-yuan carton is a gift, not a daily
 * smoke, and the cheapest packs are fading as smokers trade up.
 */
function assignPopularity(rng: Rng, profiles: SpecProfile[], entries: CatalogueEntry[]) {
  const keyed = profiles.map((p, i) => {
    const retailYuan = p.row.retailPriceFenPerCarton / 100;
    const pricePull = Math.exp(-(Math.log(retailYuan / 110) ** 2) / 2);
    return { p, key: entries[i]!.strength * pricePull * rng.lognormalNoise(0.45) };
  });
  keyed.sort((a, b) => b.key - a.key || a.p.index - b.p.index);
  keyed.forEach(({ p }, rank) => {
    p.popularity = 1 / Math.pow(rank + 1, 0.6);
  });
}
