/**
 * Loads a seed document (JSON) into a fresh DirectoryState. The seed holds sandbox-only test
 * passwords and client secrets in clear so people can read and edit it; the state the sandbox
 * runs on and persists holds only their hashes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  hashSecret,
  type ClientSecretCredential,
  type DirectoryState,
  type SandboxApplication,
  type SandboxUser,
} from './model';

export type SeedUser = Omit<SandboxUser, 'passwordHash'> & { password: string };

export type SeedApplication = Omit<SandboxApplication, 'passwordCredentials'> & {
  passwordCredentials: Array<Omit<ClientSecretCredential, 'secretHash'> & { secret: string }>;
};

export type SeedDocument = Omit<DirectoryState, 'users' | 'applications'> & {
  $comment?: string;
  users: SeedUser[];
  applications: SeedApplication[];
};

export const CONTOSO_SEED_PATH = path.join(__dirname, 'seed', 'contoso.json');

export function readSeedDocument(file: string = CONTOSO_SEED_PATH): SeedDocument {
  return JSON.parse(readFileSync(file, 'utf8')) as SeedDocument;
}

/** A fresh, mutable directory from a seed document (deep-copied, so the document stays pristine). */
export function directoryFromSeed(seed: SeedDocument): DirectoryState {
  const copy = JSON.parse(JSON.stringify(seed)) as SeedDocument;
  const { $comment: _comment, users, applications, ...rest } = copy;
  void _comment;
  return {
    ...rest,
    users: users.map(({ password, ...user }) => ({ ...user, passwordHash: hashSecret(password) })),
    applications: applications.map((app) => ({
      ...app,
      passwordCredentials: app.passwordCredentials.map(({ secret, ...credential }) => ({ ...credential, secretHash: hashSecret(secret) })),
    })),
  };
}

/** The `contoso.test` directory as seeded. */
export function loadContosoDirectory(file: string = CONTOSO_SEED_PATH): DirectoryState {
  return directoryFromSeed(readSeedDocument(file));
}
