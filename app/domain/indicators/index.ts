/** Monitoring indicators (DOMAIN.md): additive counts, the indicators over them, reporting periods. */
export * from './counts';
export * from './definitions';
export * from './facts';
export * from './periods';
export * from './dimensions';
