/**
 * The RSA key the sandbox's Entra signs tokens with, and the JWKS entry that publishes it.
 * Kept under dataDir so tokens stay verifiable across restarts (like Entra's rolling keys,
 * which outlive any one process).
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import { generateRsaKeyPairPem } from './tls-material';

export interface PublishedJwk {
  kty: 'RSA';
  use: 'sig';
  kid: string;
  x5t: string;
  n: string;
  e: string;
  x5c: string[];
}

export interface SigningKey {
  kid: string;
  x5t: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  jwk: PublishedJwk;
}

const KEY_FILE = 'token-signing-key.pem';
const CERT_FILE = 'token-signing-cert.pem';

export function ensureSigningKey(keyDir: string, now: Date = new Date()): SigningKey {
  mkdirSync(keyDir, { recursive: true });
  const keyPath = join(keyDir, KEY_FILE);
  const certPath = join(keyDir, CERT_FILE);
  if (!existsSync(keyPath) || !existsSync(certPath)) {
    const keys = generateRsaKeyPairPem();
    writeFileSync(keyPath, keys.privateKeyPem, { mode: 0o600 });
    writeFileSync(certPath, selfSignedCertificatePem(keys, now));
  }
  const privateKey = createPrivateKey(readFileSync(keyPath, 'utf8'));
  const publicKey = createPublicKey(privateKey);
  const certDer = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(forge.pki.certificateFromPem(readFileSync(certPath, 'utf8')))).getBytes(), 'binary');
  // Entra uses the certificate's SHA-1 thumbprint as both kid and x5t.
  const x5t = createHash('sha1').update(certDer).digest('base64url');
  const exported = publicKey.export({ format: 'jwk' });
  const jwk: PublishedJwk = {
    kty: 'RSA',
    use: 'sig',
    kid: x5t,
    x5t,
    n: String(exported.n),
    e: String(exported.e),
    x5c: [certDer.toString('base64')],
  };
  return { kid: x5t, x5t, privateKey, publicKey, jwk };
}

/** Entra publishes each signing key inside a self-signed certificate (x5c); we do the same. */
function selfSignedCertificatePem(keys: { publicKeyPem: string; privateKeyPem: string }, now: Date): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(keys.publicKeyPem);
  cert.serialNumber = '1' + forge.util.bytesToHex(forge.random.getBytesSync(15));
  cert.validity.notBefore = new Date(now.getTime() - 3600 * 1000);
  cert.validity.notAfter = new Date(now.getTime() + 5 * 365 * 24 * 3600 * 1000);
  const subject = [{ name: 'commonName', value: 'accounts.sandbox.localhost' }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.sign(forge.pki.privateKeyFromPem(keys.privateKeyPem), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}
