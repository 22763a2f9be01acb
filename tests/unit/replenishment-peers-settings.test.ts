/**
 * The rules the suggestion run applies around suggest(): similar shops (peers.ts), staff's settings per spec and
 * shop (rule-settings.ts). Properties where the rule has them: a grade's band holds it and is five grades wide,
 * every grade of a band maps to the same band; a spec common among peers stays common when more of them sell it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EMPTY_PEER_PROFILE,
  isCommonAmongPeers,
  OFFER_MIN_PEER_SHARE,
  OFFER_MIN_PEERS,
  PEER_GRADE_BAND,
  peerGradeBand,
  type PeerProfile,
} from '~/domain/replenishment/peers';
import { DEFAULT_RULE_SETTINGS, newSpecStartCartonsFor, serviceLevelOf } from '~/domain/replenishment/rule-settings';

const RUNS = { numRuns: 300 };

function profile(groupShops: number, sellers: number): PeerProfile {
  return { shops: groupShops, bySpec: new Map([[7, { shops: sellers, dailyPacks: 1.5 }]]) };
}

describe('peerGradeBand', () => {
  it('puts grades in bands of five starting at 1', () => {
    expect(peerGradeBand(1)).toEqual([1, 5]);
    expect(peerGradeBand(5)).toEqual([1, 5]);
    expect(peerGradeBand(6)).toEqual([6, 10]);
    expect(peerGradeBand(30)).toEqual([26, 30]);
  });

  it('holds the grade, is PEER_GRADE_BAND wide, and every grade of it gives the same band', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), (grade) => {
        const [from, to] = peerGradeBand(grade);
        expect(from).toBeLessThanOrEqual(grade);
        expect(to).toBeGreaterThanOrEqual(grade);
        expect(to - from + 1).toBe(PEER_GRADE_BAND);
        expect((from - 1) % PEER_GRADE_BAND).toBe(0);
        expect(peerGradeBand(from)).toEqual([from, to]);
        expect(peerGradeBand(to)).toEqual([from, to]);
      }),
      RUNS,
    );
  });
});

describe('isCommonAmongPeers', () => {
  it('offers a spec half of at least five similar shops sell, not fewer', () => {
    expect(OFFER_MIN_PEERS).toBe(5);
    expect(OFFER_MIN_PEER_SHARE).toBe(0.5);
    expect(isCommonAmongPeers(profile(6, 3), 7)).toBe(true);
    expect(isCommonAmongPeers(profile(6, 2), 7)).toBe(false);
    expect(isCommonAmongPeers(profile(4, 4), 7)).toBe(false);
    expect(isCommonAmongPeers(profile(6, 3), 8)).toBe(false);
    expect(isCommonAmongPeers(EMPTY_PEER_PROFILE, 7)).toBe(false);
  });

  it('is the share rule exactly, and more sellers never take an offer away', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 50 }), (group, sellersRaw, more) => {
        const sellers = Math.min(sellersRaw, group);
        const common = isCommonAmongPeers(profile(group, sellers), 7);
        expect(common).toBe(group >= OFFER_MIN_PEERS && sellers / group >= OFFER_MIN_PEER_SHARE);
        if (common) expect(isCommonAmongPeers(profile(group, Math.min(group, sellers + more)), 7)).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('serviceLevelOf', () => {
  const s = DEFAULT_RULE_SETTINGS;
  it('scarce first, then price class 1–2, then the rest', () => {
    expect(serviceLevelOf({ isScarce: 1, priceClass: 5 }, s)).toBe(s.serviceLevels.scarce);
    expect(serviceLevelOf({ isScarce: 1, priceClass: 1 }, s)).toBe(s.serviceLevels.scarce);
    expect(serviceLevelOf({ isScarce: 0, priceClass: 1 }, s)).toBe(s.serviceLevels.premium);
    expect(serviceLevelOf({ isScarce: 0, priceClass: 2 }, s)).toBe(s.serviceLevels.premium);
    expect(serviceLevelOf({ isScarce: 0, priceClass: 3 }, s)).toBe(s.serviceLevels.standard);
  });
});

describe('newSpecStartCartonsFor', () => {
  it('takes the band holding the grade; null outside every band', () => {
    expect(newSpecStartCartonsFor(1, DEFAULT_RULE_SETTINGS)).toBe(1);
    expect(newSpecStartCartonsFor(10, DEFAULT_RULE_SETTINGS)).toBe(1);
    expect(newSpecStartCartonsFor(11, DEFAULT_RULE_SETTINGS)).toBe(2);
    expect(newSpecStartCartonsFor(30, DEFAULT_RULE_SETTINGS)).toBe(3);
    expect(newSpecStartCartonsFor(31, DEFAULT_RULE_SETTINGS)).toBeNull();
    expect(newSpecStartCartonsFor(5, { ...DEFAULT_RULE_SETTINGS, newSpecStartCartons: [] })).toBeNull();
  });
});
