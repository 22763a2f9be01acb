/**
 * Similar shops (同档位同业态): the same business type and grade band of five (1–5, 6–10, …, as caps usually go).
 * Their stored suggestions give, per spec, how many of them sell it and their mean forecast daily sales — the
 * prior for a shop with too little history of the spec, and the list of specs common in its group. Pure: the
 * profiles are read and kept by app/server/suggestions/peers.server.ts.
 */
import type { SuggestionReason } from './types';

/** Grades per band of similar shops. */
export const PEER_GRADE_BAND = 5;
/** Only forecasts read from a shop's own sales feed the prior (a prior must not feed the next prior). */
export const OWN_FORECAST_REASONS: readonly SuggestionReason[] = ['normal', 'short_history_prior'];
/** A spec the shop never carried is offered when at least this share of at least this many similar shops sell it. */
export const OFFER_MIN_PEER_SHARE = 0.5;
export const OFFER_MIN_PEERS = 5;

/** The first and last grade of the band holding `grade` (grades start at 1). */
export function peerGradeBand(grade: number): [number, number] {
  const from = Math.floor((grade - 1) / PEER_GRADE_BAND) * PEER_GRADE_BAND + 1;
  return [from, from + PEER_GRADE_BAND - 1];
}

export interface PeerProfile {
  /** Similar shops with suggestions in the source cycle. */
  shops: number;
  bySpec: Map<number, { shops: number; dailyPacks: number }>;
}

/** No similar shops known: no prior, nothing offered. */
export const EMPTY_PEER_PROFILE: PeerProfile = { shops: 0, bySpec: new Map() };

/** A spec common among the similar shops (the caller offers it to a shop that never carried it and it is not new). */
export function isCommonAmongPeers(profile: PeerProfile, specId: number): boolean {
  const spec = profile.bySpec.get(specId);
  return !!spec && profile.shops >= OFFER_MIN_PEERS && spec.shops / profile.shops >= OFFER_MIN_PEER_SHARE;
}
