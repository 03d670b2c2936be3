import type { DirectoryState } from '../directory/model';
import type { AadstsError } from './oauth-error';
import type { TokenSigner } from './token-factory';

export interface TokenRequest {
  params: URLSearchParams;
  directory: DirectoryState;
  signer: TokenSigner;
  /** Caller IP as Entra sees it, for conditional access. */
  ipAddress: string;
  now: Date;
}

/** A successful token endpoint answer, in the v2.0 endpoint's JSON shape. */
export interface TokenSuccess {
  token_type: 'Bearer';
  scope?: string;
  expires_in: number;
  ext_expires_in: number;
  access_token: string;
  id_token?: string;
  client_info?: string;
}

export type GrantResult = { ok: true; body: TokenSuccess } | { ok: false; failure: AadstsError };
