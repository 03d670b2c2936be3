import { inflateRawSync, inflateSync } from 'node:zlib';
import { buildManifest, packageManifest, validateManifest } from '../../scripts/package-manifest';
import { crc32 } from '../../scripts/manifest/crc32';
import { pngSize } from '../../scripts/manifest/png';

// @microsoft/app-manifest require()s strip-bom 5, which is ESM-only. Node 20.19+ loads that
// natively (as `npm run`/tsx do), but jest's module runtime cannot, so jest gets an equivalent
// CommonJS stand-in. Only reading manifests from files strips a BOM; validation does not.
jest.mock('strip-bom', () => ({ __esModule: true, default: (text: string) => text.replace(/^\uFEFF/, '') }));

const BOT_APP_ID = '676C966F-5A5B-48EB-9167-D751FDDD4A0D';
const EXPECTED_COMMANDS = [
  'help',
  'status',
  'turn on management',
  'turn off management',
  'settings',
  'operators',
  'audit',
  'rotate password now',
  'notify here',
];

/** Reads a zip through its central directory, checking every entry's CRC, as Teams' importer would. */
function readZip(zip: Buffer): Map<string, Buffer> {
  const endOffset = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endOffset < 0) throw new Error('no end of central directory');
  const count = zip.readUInt16LE(endOffset + 10);
  let cursor = zip.readUInt32LE(endOffset + 16);
  const entries = new Map<string, Buffer>();
  for (let i = 0; i < count; i += 1) {
    expect(zip.readUInt32LE(cursor)).toBe(0x02014b50);
    const method = zip.readUInt16LE(cursor + 10);
    const crc = zip.readUInt32LE(cursor + 16);
    const compressedSize = zip.readUInt32LE(cursor + 20);
    const nameLength = zip.readUInt16LE(cursor + 28);
    const extraLength = zip.readUInt16LE(cursor + 30);
    const commentLength = zip.readUInt16LE(cursor + 32);
    const localOffset = zip.readUInt32LE(cursor + 42);
    const name = zip.toString('utf8', cursor + 46, cursor + 46 + nameLength);
    expect(zip.readUInt32LE(localOffset)).toBe(0x04034b50);
    const dataStart = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const compressed = zip.subarray(dataStart, dataStart + compressedSize);
    const data = method === 8 ? inflateRawSync(compressed) : Buffer.from(compressed);
    expect(crc32(data)).toBe(crc);
    entries.set(name, data);
    cursor += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** RGBA pixels of an unfiltered PNG as encodePng writes it (filter type 0 on every row). */
function rgbaPixels(png: Buffer): Uint8Array {
  const { width, height } = pngSize(png);
  const idatStart = png.indexOf('IDAT', 0, 'ascii');
  const length = png.readUInt32BE(idatStart - 4);
  const raw = inflateSync(png.subarray(idatStart + 4, idatStart + 4 + length));
  const pixels = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y += 1) {
    expect(raw[y * (width * 4 + 1)]).toBe(0);
    pixels.set(raw.subarray(y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1)), y * width * 4);
  }
  return pixels;
}

describe('Teams app manifest', () => {
  let packaged: Awaited<ReturnType<typeof packageManifest>>;

  beforeAll(async () => {
    packaged = await packageManifest({ botAppId: BOT_APP_ID, version: '1.0.0' });
  });

  it('when filled with a bot app id, then it is valid against the v1.19 schema bundled in @microsoft/app-manifest', async () => {
    const manifest = buildManifest({ botAppId: BOT_APP_ID, botDomain: 'bot.contoso.com', version: '1.2.3' });
    expect(await validateManifest(manifest)).toEqual([]);
    expect(manifest).toMatchObject({
      manifestVersion: '1.19',
      id: BOT_APP_ID.toLowerCase(),
      version: '1.2.3',
      validDomains: ['bot.contoso.com'],
      webApplicationInfo: { id: BOT_APP_ID.toLowerCase(), resource: `api://botid-${BOT_APP_ID.toLowerCase()}` },
    });
  });

  it('when installed, then the bot works in personal, team and group chats and offers every command', () => {
    const [bot] = buildManifest({ botAppId: BOT_APP_ID }).bots ?? [];
    expect(bot?.botId).toBe(BOT_APP_ID.toLowerCase());
    expect([...(bot?.scopes ?? [])].sort()).toEqual(['groupChat', 'personal', 'team']);
    // The audit export is offered as a file (Teams' file consent card) in personal chats.
    expect((bot as { supportsFiles?: boolean } | undefined)?.supportsFiles).toBe(true);
    const lists = bot?.commandLists ?? [];
    for (const scope of ['personal', 'team', 'groupChat'] as const) {
      const titles = lists.filter((list) => (list.scopes as readonly string[]).includes(scope)).flatMap((list) => list.commands.map((c) => c.title));
      expect(titles).toEqual(EXPECTED_COMMANDS);
    }
  });

  it('when a command title is too long for Teams, then schema validation reports it', async () => {
    const manifest = buildManifest({ botAppId: BOT_APP_ID });
    const commands = manifest.bots?.[0]?.commandLists?.[0]?.commands;
    commands?.push({ title: 'x'.repeat(33), description: 'too long' });
    expect((await validateManifest(manifest)).join('\n')).toMatch(/32/);
  });

  it.each([
    ['a bot app id that is not a GUID', { botAppId: 'not-a-guid' }, '--bot-app-id'],
    ['a two-part version', { botAppId: BOT_APP_ID, version: '1.0' }, '--version'],
    ['a URL as the bot domain', { botAppId: BOT_APP_ID, botDomain: 'https://bot.contoso.com/' }, '--bot-domain'],
  ])('when given %s, then it refuses naming the flag', (_case, options, flag) => {
    expect(() => buildManifest(options)).toThrow(flag);
  });

  it('when packaged, then the zip holds manifest.json and both icons at its root, with Teams icon sizes', () => {
    const { zip, manifest } = packaged;
    const entries = readZip(zip);
    expect([...entries.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(JSON.parse(entries.get('manifest.json')!.toString('utf8'))).toEqual(JSON.parse(JSON.stringify(manifest)));
    expect(pngSize(entries.get('color.png')!)).toMatchObject({ width: 192, height: 192 });
    expect(pngSize(entries.get('outline.png')!)).toMatchObject({ width: 32, height: 32 });
  });

  it('when drawing the outline icon, then every visible pixel is white and the background is transparent', () => {
    const { files } = packaged;
    const pixels = rgbaPixels(files['outline.png']);
    let visible = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      if (pixels[i + 3] === 0) continue;
      visible += 1;
      expect([pixels[i], pixels[i + 1], pixels[i + 2]]).toEqual([255, 255, 255]);
    }
    expect(visible).toBeGreaterThan(50);
    expect(pixels[3]).toBe(0); // top-left corner
  });

  it('when packaged twice from the same inputs, then the bytes are identical', async () => {
    const again = await packageManifest({ botAppId: BOT_APP_ID, version: '1.0.0' });
    expect(again.zip.equals(packaged.zip)).toBe(true);
  });
});
