/**
 * The people of the demo county: stations (管理所), account managers and their routes, licensed retailers,
 * and one sign-in per person. Everything here is a pure function of the random stream and the options.
 */
import type { Selectable } from 'kysely';
import { addDays, daysBetween, shanghaiToInstant } from '../../app/domain/time';
import type { AccountManagerTable, BusinessType, MarketType, RetailerTable, StationTable, UserTable } from '../schema';
import { STATIONS, mobilePhone, personName, ruralPlace, shopName, urbanPlace, type Place } from './names';
import type { Rng } from './random';

export const MANAGERS_PER_STATION = 4;
export const MANAGER_COUNT = STATIONS.length * MANAGERS_PER_STATION;
export const FIRST_LICENCE_NO = 440300100001;
export const DEMO_RETAILER_NAME = '城关镇红旗便利店';

export type UploadHabit = 'regular' | 'irregular' | 'never';

export interface RetailerProfile {
  index: number;
  row: Selectable<RetailerTable>;
  /** Expected packs sold per day over all specs, before weekday and season. */
  dailyPacks: number;
  uploadHabit: UploadHabit;
  /** Skips about 30 % of cycles instead of ordering nearly every week. */
  ordersIrregularly: boolean;
  /** Chance that the account manager places an order for this shop (代客下单); offline shops: always. */
  onBehalfProbability: number;
  /** First day the shop no longer trades (null = open). Inactive retailers have one. */
  closedOn: string | null;
  /** How many days of demand the owner likes on the shelf beyond the next delivery (1.2–1.7). */
  coverFactor: number;
  /** Fewest packs the owner keeps of any spec it carries (a face on the shelf). */
  minShelfPacks: number;
}

export interface County {
  stations: Selectable<StationTable>[];
  users: Selectable<UserTable>[];
  managers: Selectable<AccountManagerTable>[];
  retailers: RetailerProfile[];
}

export interface CountyOptions {
  retailers: number;
  /** First day of simulated history. */
  firstDay: string;
  today: string;
  passwordHash: string;
}

/** Business-type mix by market: overall ≈ 45 % 食杂, 20 % 便利, 8 % 超市, 15 % 烟酒, 6 % 娱乐, 6 % 餐饮. */
const BUSINESS_MIX: Record<MarketType, readonly (readonly [BusinessType, number])[]> = {
  urban: [['grocery', 0.3], ['convenience', 0.3], ['supermarket', 0.1], ['tobacco_liquor', 0.18], ['entertainment', 0.07], ['catering', 0.05]],
  rural: [['grocery', 0.55], ['convenience', 0.13], ['supermarket', 0.067], ['tobacco_liquor', 0.13], ['entertainment', 0.053], ['catering', 0.07]],
};

/** Grade shift by business type: supermarkets and 烟酒店 sell more cigarettes than a village 小卖部. */
const GRADE_SHIFT: Record<BusinessType, number> = {
  grocery: -1,
  convenience: 1,
  supermarket: 4,
  tobacco_liquor: 4,
  entertainment: 0,
  catering: -1,
  other: 0,
};

/**
 * 档位 weights for grades 1–30: (g + 2) · 0.86^g peaks around grade 4–5 and thins out geometrically,
 * so a county has many small shops and only a handful at the top grades.
 */
export const GRADE_WEIGHTS: readonly number[] = Array.from({ length: 30 }, (_, i) => (i + 3) * Math.pow(0.86, i + 1));

/** Shop volume in packs per day for a grade: 8 at grade 1 rising geometrically to 250 at grade 30. */
export function dailyPacksOfGrade(grade: number): number {
  return 8 * Math.pow(250 / 8, (grade - 1) / 29);
}

/** A grade from GRADE_WEIGHTS moved by `shift`, redrawn (not clamped) past 30 so no pile-up forms at the top. */
function drawGrade(rng: Rng, shift: number): number {
  for (let attempt = 0; attempt < 20; attempt++) {
    const grade = rng.weightedIndex(GRADE_WEIGHTS) + 1 + shift;
    if (grade >= 1 && grade <= 30) return grade;
  }
  return Math.min(30, Math.max(1, 1 + shift));
}

const USER_ID_STAFF = [1, 2];
const STAFF = [
  { username: 'staff01', displayName: '营销部 陈晓东' },
  { username: 'staff02', displayName: '市场部 刘芳' },
];

function instantBetween(rng: Rng, fromDay: string, toDay: string): string {
  const day = addDays(fromDay, rng.int(0, Math.max(0, daysBetween(fromDay, toDay))));
  const minutes = rng.int(8 * 60, 18 * 60);
  return shanghaiToInstant(day, `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`);
}

export function buildCounty(rng: Rng, options: CountyOptions): County {
  const { passwordHash, firstDay } = options;
  const accountsFrom = addDays(firstDay, -600);
  const accountsTo = addDays(firstDay, -30);
  const stations = STATIONS.map((s, i) => ({ id: i + 1, code: s.code, nameZh: s.nameZh, nameEn: s.nameEn }));

  const users: Selectable<UserTable>[] = STAFF.map((s, i) => ({
    id: USER_ID_STAFF[i]!,
    username: s.username,
    passwordHash,
    role: 'staff' as const,
    displayName: s.displayName,
    locale: null,
    largeText: 0,
    disabled: 0,
    createdAt: instantBetween(rng, accountsFrom, accountsTo),
  }));

  const managers: Selectable<AccountManagerTable>[] = [];
  const managerNames = new Set<string>();
  for (let m = 0; m < MANAGER_COUNT; m++) {
    let name = personName(rng);
    while (managerNames.has(name)) name = personName(rng);
    managerNames.add(name);
    const userId = users.length + 1;
    const code = `mgr${String(m + 1).padStart(2, '0')}`;
    users.push({ id: userId, username: code, passwordHash, role: 'manager', displayName: name, locale: null, largeText: 0, disabled: 0, createdAt: instantBetween(rng, accountsFrom, accountsTo) });
    managers.push({ id: m + 1, userId, code, name, phone: mobilePhone(rng), stationId: Math.floor(m / MANAGERS_PER_STATION) + 1 });
  }

  const retailers = buildRetailers(rng, options, users.length + 1);
  for (const r of retailers) {
    users.push({
      id: r.row.userId!,
      username: r.row.licenceNo,
      passwordHash,
      role: 'retailer',
      displayName: r.row.name,
      locale: null,
      // Many owners are middle-aged; some switched the larger text on.
      largeText: rng.chance(0.12) ? 1 : 0,
      disabled: r.row.active ? 0 : 1,
      createdAt: instantBetween(rng, accountsFrom, accountsTo),
    });
  }
  assignBenchmarks(rng, retailers);
  return { stations, users, managers, retailers };
}

function managerIndexOf(retailerIndex: number, retailerCount: number): number {
  // Contiguous routes by licence number, as sequential licensing along a route produces.
  return Math.floor((retailerIndex * MANAGER_COUNT) / retailerCount);
}

/** Order weekdays Monday–Friday, balanced within each route, the demo retailer's route starting on Friday. */
function routeWeekdays(rng: Rng, routeLength: number, isFirstRoute: boolean): number[] {
  // A random starting weekday keeps short routes (small test counties) from all ordering early in the week.
  const offset = isFirstRoute ? 4 : rng.int(0, 4);
  const days = rng.shuffle(Array.from({ length: routeLength }, (_, i) => ((i + offset) % 5) + 1));
  if (isFirstRoute && routeLength > 0) {
    const friday = days.indexOf(5);
    if (friday > 0) [days[0], days[friday]] = [days[friday]!, days[0]!];
  }
  return days;
}

function buildRetailers(rng: Rng, options: CountyOptions, firstUserId: number): RetailerProfile[] {
  const n = options.retailers;
  const routeLengths = new Array<number>(MANAGER_COUNT).fill(0);
  for (let i = 0; i < n; i++) routeLengths[managerIndexOf(i, n)]!++;
  const weekdaysByRoute = routeLengths.map((len, m) => routeWeekdays(rng, len, m === 0));
  const positionInRoute = new Array<number>(MANAGER_COUNT).fill(0);
  const usedNames = new Set<string>();
  const out: RetailerProfile[] = [];
  const windowDays = daysBetween(options.firstDay, options.today);

  for (let i = 0; i < n; i++) {
    const isDemo = i === 0;
    const m = managerIndexOf(i, n);
    const stationIndex = Math.floor(m / MANAGERS_PER_STATION);
    const station = STATIONS[stationIndex]!;
    const marketType: MarketType = isDemo || rng.chance(station.urbanShare) ? 'urban' : 'rural';
    const businessType: BusinessType = isDemo ? 'convenience' : rng.weightedPick(BUSINESS_MIX[marketType].map((x) => x[0]), BUSINESS_MIX[marketType].map((x) => x[1]));
    const grade = isDemo ? 12 : drawGrade(rng, GRADE_SHIFT[businessType] + (marketType === 'urban' ? 1 : 0));
    const town = marketType === 'urban' ? station.towns[isDemo ? 0 : rng.chance(0.7) ? 0 : 1]! : rng.pick(station.towns);
    const place: Place = marketType === 'urban' ? urbanPlace(rng, town) : ruralPlace(rng, town);
    const ownerName = personName(rng);
    let name = isDemo ? DEMO_RETAILER_NAME : shopName(rng, businessType, place, ownerName);
    for (let attempt = 0; usedNames.has(name) && attempt < 20; attempt++) name = shopName(rng, businessType, place, ownerName);
    if (usedNames.has(name)) name = `${name}(二店)`;
    for (let k = 3; usedNames.has(name); k++) name = `${name.replace(/\(.店\)$/, '')}(${k}店)`;
    usedNames.add(name);

    const isOnline = isDemo || rng.chance(0.95) ? 1 : 0;
    const inactive = !isDemo && rng.chance(0.03);
    const closedOn = inactive
      ? rng.chance(0.35) || windowDays < 28
        ? addDays(options.firstDay, -rng.int(1, 60))
        : addDays(options.firstDay, rng.int(14, windowDays - 8))
      : null;
    const uploadHabit: UploadHabit = isDemo
      ? 'regular'
      : !isOnline
        ? 'never'
        : rng.weightedPick<UploadHabit>(['regular', 'irregular', 'never'], [0.85, 0.125, 0.025]);
    const dailyPacks = dailyPacksOfGrade(grade) * (businessType === 'catering' || businessType === 'entertainment' ? 0.9 : 1) * rng.lognormalNoise(0.12);
    const weeklyPurchaseFen = ((dailyPacks * 7) / 10) * 13_000;
    const depositBalanceFen = rng.chance(0.03) ? rng.int(0, 20_000) : Math.round(weeklyPurchaseFen * rng.uniform(0.3, 2.5));
    const weekday = weekdaysByRoute[m]![positionInRoute[m]!++]!;
    const licenceNo = String(FIRST_LICENCE_NO + i);

    out.push({
      index: i,
      row: {
        id: i + 1,
        userId: firstUserId + i,
        licenceNo,
        name,
        ownerName,
        phone: mobilePhone(rng),
        address: place.address,
        stationId: stationIndex + 1,
        managerId: m + 1,
        businessType,
        marketType,
        grade,
        orderWeekday: weekday,
        isOnline,
        active: inactive ? 0 : 1,
        isBenchmark: 0,
        depositBalanceFen,
        createdAt: instantBetween(rng, '2012-03-01', addDays(options.firstDay, -200)),
      },
      dailyPacks,
      uploadHabit,
      ordersIrregularly: !isDemo && rng.chance(0.12),
      onBehalfProbability: !isOnline ? 1 : rng.chance(0.06) ? 0.45 : 0.028,
      closedOn,
      coverFactor: rng.uniform(1.2, 1.7),
      minShelfPacks: rng.int(3, 6),
    });
  }
  return out;
}

/** 1–2 标杆终端 per manager: busy, well-run shops that upload every day. */
function assignBenchmarks(rng: Rng, retailers: RetailerProfile[]) {
  const byManager = new Map<number, RetailerProfile[]>();
  for (const r of retailers) {
    if (!r.row.active || !r.row.isOnline || r.uploadHabit !== 'regular' || r.index === 0) continue;
    const list = byManager.get(r.row.managerId) ?? [];
    list.push(r);
    byManager.set(r.row.managerId, list);
  }
  const typeBonus: Partial<Record<BusinessType, number>> = { convenience: 1.3, supermarket: 1.4, tobacco_liquor: 1.3 };
  for (const list of byManager.values()) {
    const wanted = rng.chance(0.5) ? 2 : 1;
    const ranked = list
      .map((r) => ({ r, score: r.row.grade * (typeBonus[r.row.businessType] ?? 1) * rng.uniform(0.7, 1.3) }))
      .sort((a, b) => b.score - a.score || a.r.index - b.r.index);
    for (const { r } of ranked.slice(0, wanted)) r.row.isBenchmark = 1;
  }
}
