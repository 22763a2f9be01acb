/**
 * The per-response CSP nonce, provided by entry.server so <Scripts> and <ScrollRestoration> carry it. In the
 * browser it is empty: browsers hide nonce values from the DOM, and scripts are already trusted by then.
 */
import { createContext, useContext } from 'react';

const NonceContext = createContext<string>('');
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext) || undefined;
