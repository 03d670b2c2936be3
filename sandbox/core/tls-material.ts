/**
 * The sandbox's own certificate authority and server certificate.
 *
 * Generated once per dataDir and reused, so a developer (or the bot's config) can keep trusting
 * the same CA across restarts. Keys come from node's native crypto (fast) and node-forge only
 * builds and signs the X.509 certificates.
 */
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';

export interface TlsMaterial {
  caCertPem: string;
  serverCertPem: string;
  serverKeyPem: string;
}

/** Names the server certificate covers. `*.vault.localhost` lets a vault URL carry a vault-like host name. */
export const SERVER_DNS_NAMES = ['localhost', 'sandbox.localhost', 'vault.localhost', '*.vault.localhost'];
export const SERVER_IP_ADDRESSES = ['127.0.0.1', '::1'];

const CA_CERT_FILE = 'ca-cert.pem';
const CA_KEY_FILE = 'ca-key.pem';
const SERVER_CERT_FILE = 'server-cert.pem';
const SERVER_KEY_FILE = 'server-key.pem';
/** Regenerate the server certificate this long before it expires. */
const RENEW_MARGIN_IN_MS = 7 * 24 * 3600 * 1000;

export function ensureTlsMaterial(tlsDir: string, now: Date = new Date()): TlsMaterial {
  mkdirSync(tlsDir, { recursive: true });
  const caCertPath = join(tlsDir, CA_CERT_FILE);
  const caKeyPath = join(tlsDir, CA_KEY_FILE);
  if (!existsSync(caCertPath) || !existsSync(caKeyPath) || isExpiring(readFileSync(caCertPath, 'utf8'), now)) {
    const ca = createCertificateAuthority(now);
    writeFileSync(caKeyPath, ca.keyPem, { mode: 0o600 });
    writeFileSync(caCertPath, ca.certPem);
    // A new CA invalidates any server certificate signed by the old one.
    writeServerCertificate(tlsDir, ca.certPem, ca.keyPem, now);
  }
  const caCertPem = readFileSync(caCertPath, 'utf8');
  const serverCertPath = join(tlsDir, SERVER_CERT_FILE);
  const serverKeyPath = join(tlsDir, SERVER_KEY_FILE);
  if (!existsSync(serverCertPath) || !existsSync(serverKeyPath) || isExpiring(readFileSync(serverCertPath, 'utf8'), now)) {
    writeServerCertificate(tlsDir, caCertPem, readFileSync(caKeyPath, 'utf8'), now);
  }
  return {
    caCertPem,
    serverCertPem: readFileSync(serverCertPath, 'utf8'),
    serverKeyPem: readFileSync(serverKeyPath, 'utf8'),
  };
}

function writeServerCertificate(tlsDir: string, caCertPem: string, caKeyPem: string, now: Date): void {
  const server = createServerCertificate(caCertPem, caKeyPem, now);
  writeFileSync(join(tlsDir, SERVER_KEY_FILE), server.keyPem, { mode: 0o600 });
  writeFileSync(join(tlsDir, SERVER_CERT_FILE), server.certPem);
}

function isExpiring(certPem: string, now: Date): boolean {
  const cert = forge.pki.certificateFromPem(certPem);
  return cert.validity.notAfter.getTime() - now.getTime() < RENEW_MARGIN_IN_MS;
}

interface KeyPairPem {
  publicKeyPem: string;
  privateKeyPem: string;
}

export function generateRsaKeyPairPem(): KeyPairPem {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKeyPem: publicKey, privateKeyPem: privateKey };
}

function randomSerial(): string {
  // Positive serial: first hex digit below 8.
  return '1' + forge.util.bytesToHex(forge.random.getBytesSync(15));
}

function createCertificateAuthority(now: Date): { certPem: string; keyPem: string } {
  const keys = generateRsaKeyPairPem();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(keys.publicKeyPem);
  cert.serialNumber = randomSerial();
  cert.validity.notBefore = new Date(now.getTime() - 3600 * 1000);
  cert.validity.notAfter = new Date(now.getTime() + 10 * 365 * 24 * 3600 * 1000);
  const subject = [
    { name: 'commonName', value: 'Management Session Bot Sandbox CA' },
    { name: 'organizationName', value: 'Sandbox (local only)' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(keys.privateKeyPem), forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.privateKeyPem };
}

function createServerCertificate(caCertPem: string, caKeyPem: string, now: Date): { certPem: string; keyPem: string } {
  const caCert = forge.pki.certificateFromPem(caCertPem);
  const keys = generateRsaKeyPairPem();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(keys.publicKeyPem);
  cert.serialNumber = randomSerial();
  cert.validity.notBefore = new Date(now.getTime() - 3600 * 1000);
  cert.validity.notAfter = new Date(now.getTime() + 365 * 24 * 3600 * 1000);
  cert.setSubject([{ name: 'commonName', value: 'localhost' }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        ...SERVER_DNS_NAMES.map((value) => ({ type: 2, value })),
        ...SERVER_IP_ADDRESSES.map((ip) => ({ type: 7, ip })),
      ],
    },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(caKeyPem), forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.privateKeyPem };
}
