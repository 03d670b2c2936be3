/** What the token broker counts per tenant; shown in `status` details for tenant admins. */
export interface TokenBrokerCounters {
  /** Token requests sent to Entra ID, successful or not. Goal: one per token lifetime. */
  tokenAcquisitions: number;
  /** Secret reads from Key Vault. Goal: at most one per 100 actions. */
  vaultReads: number;
  /** Tokens served from memory. */
  cacheHits: number;
  /** Tokens refused by Graph (401) or cached passwords refused by Entra. */
  authenticationFailures: number;
}

export function emptyCounters(): TokenBrokerCounters {
  return { tokenAcquisitions: 0, vaultReads: 0, cacheHits: 0, authenticationFailures: 0 };
}
