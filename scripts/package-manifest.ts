/**
 * Builds the Teams app package (manifest.json + color.png + outline.png in one zip) from
 * manifest/manifest.template.json, for upload in Teams ("Apps → Manage your apps → Upload an app")
 * or the Teams admin center.
 *
 *   npx tsx scripts/package-manifest.ts --bot-app-id <Azure Bot app id> [--bot-domain bot.contoso.com]
 *     [--teams-app-id <guid>] [--version 1.0.0] [--developer-name Contoso]
 *     [--website-url https://…] [--privacy-url https://…] [--terms-url https://…] [--out dist/manifest.zip]
 *
 * The filled manifest is validated offline against the schema bundled in @microsoft/app-manifest
 * before anything is written.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AppManifestUtils, type TeamsManifest } from '@microsoft/app-manifest';
import { colorIcon, outlineIcon } from './manifest/icons';
import { createZip } from './manifest/zip';

export const MANIFEST_TEMPLATE_PATH = resolve(__dirname, '..', 'manifest', 'manifest.template.json');
export const DEFAULT_PACKAGE_PATH = resolve(__dirname, '..', 'dist', 'manifest.zip');

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

export interface ManifestOptions {
  /** The Azure Bot registration's Microsoft App ID (MicrosoftAppId). */
  botAppId: string;
  /** The Teams app's own id; defaults to the bot app id, which keeps one id per tenant install. */
  teamsAppId?: string;
  /** Semantic version x.y.z; bump it for every upload that should replace an installed app. */
  version?: string;
  /** Host name the bot (and later its tab) is served from, e.g. "bot.contoso.com". */
  botDomain?: string;
  developer?: { name?: string; websiteUrl?: string; privacyUrl?: string; termsOfUseUrl?: string };
}

export interface ManifestPackage {
  manifest: TeamsManifest;
  files: { 'manifest.json': Buffer; 'color.png': Buffer; 'outline.png': Buffer };
  zip: Buffer;
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(resolve(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** Replaces every {{NAME}} in the template's strings; unknown or unfilled placeholders are errors. */
function fillTemplate(value: unknown, values: Record<string, string>): unknown {
  if (typeof value === 'string') {
    return value.replace(/\{\{([A-Z0-9_]+)\}\}/g, (_match, name: string) => {
      const replacement = values[name];
      if (replacement === undefined) throw new Error(`manifest template placeholder {{${name}}} has no value`);
      return replacement;
    });
  }
  if (Array.isArray(value)) return value.map((item) => fillTemplate(item, values));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, fillTemplate(child, values)]));
  }
  return value;
}

/** The filled manifest object, not yet validated. */
export function buildManifest(options: ManifestOptions, templatePath: string = MANIFEST_TEMPLATE_PATH): TeamsManifest {
  const problems: string[] = [];
  if (!GUID.test(options.botAppId)) problems.push('--bot-app-id must be the Azure Bot registration app id (a GUID)');
  if (options.teamsAppId !== undefined && !GUID.test(options.teamsAppId)) problems.push('--teams-app-id must be a GUID');
  const version = options.version ?? packageVersion();
  if (!SEMVER.test(version)) problems.push('--version must look like 1.2.3');
  if (options.botDomain !== undefined && !HOST.test(options.botDomain)) problems.push('--bot-domain must be a host name such as bot.contoso.com (no scheme, no path)');
  if (problems.length > 0) throw new Error(`Cannot build the Teams manifest:\n${problems.map((p) => `  - ${p}`).join('\n')}`);

  // Placeholders the packager of a real deployment should replace: example.com is reserved.
  const website = options.developer?.websiteUrl ?? (options.botDomain ? `https://${options.botDomain}/` : 'https://example.com/management-session-bot');
  const template = JSON.parse(readFileSync(templatePath, 'utf8')) as unknown;
  const manifest = fillTemplate(template, {
    APP_VERSION: version,
    TEAMS_APP_ID: (options.teamsAppId ?? options.botAppId).toLowerCase(),
    BOT_APP_ID: options.botAppId.toLowerCase(),
    DEVELOPER_NAME: options.developer?.name ?? 'Management Session Bot',
    DEVELOPER_WEBSITE_URL: website,
    DEVELOPER_PRIVACY_URL: options.developer?.privacyUrl ?? website,
    DEVELOPER_TERMS_URL: options.developer?.termsOfUseUrl ?? website,
  }) as TeamsManifest & { validDomains?: string[] };
  if (options.botDomain) manifest.validDomains = [...(manifest.validDomains ?? []), options.botDomain.toLowerCase()];
  return manifest;
}

/** Schema errors of a manifest against the schema its `$schema` names (bundled, so offline). */
export async function validateManifest(manifest: TeamsManifest): Promise<string[]> {
  return AppManifestUtils.validateAgainstSchema(manifest);
}

/** Builds, validates and zips; throws with the schema errors if the manifest is invalid. */
export async function packageManifest(options: ManifestOptions, templatePath?: string): Promise<ManifestPackage> {
  const manifest = buildManifest(options, templatePath);
  const errors = await validateManifest(manifest);
  if (errors.length > 0) throw new Error(`The Teams manifest is invalid:\n${errors.map((e) => `  - ${e}`).join('\n')}`);
  const files = {
    'manifest.json': Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'),
    'color.png': colorIcon(),
    'outline.png': outlineIcon(),
  };
  const zip = createZip(Object.entries(files).map(([name, data]) => ({ name, data })));
  return { manifest, files, zip };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'bot-app-id': { type: 'string' },
      'teams-app-id': { type: 'string' },
      version: { type: 'string' },
      'bot-domain': { type: 'string' },
      'developer-name': { type: 'string' },
      'website-url': { type: 'string' },
      'privacy-url': { type: 'string' },
      'terms-url': { type: 'string' },
      out: { type: 'string', default: DEFAULT_PACKAGE_PATH },
    },
    strict: true,
  });
  const result = await packageManifest({
    botAppId: values['bot-app-id'] ?? '',
    teamsAppId: values['teams-app-id'],
    version: values.version,
    botDomain: values['bot-domain'],
    developer: { name: values['developer-name'], websiteUrl: values['website-url'], privacyUrl: values['privacy-url'], termsOfUseUrl: values['terms-url'] },
  });
  const out = resolve(values.out as string);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, result.zip);
  // The unzipped files too, for reviewing what was packaged.
  const unpacked = join(dirname(out), 'manifest');
  mkdirSync(unpacked, { recursive: true });
  for (const [name, data] of Object.entries(result.files)) writeFileSync(join(unpacked, name), data);
  process.stdout.write(`Wrote ${out} (Teams app ${result.manifest.id}, version ${result.manifest.version}).\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
