import fc from 'fast-check';
import { readRefreshToken, withoutRefreshToken, withRefreshToken } from '../../src/token-store/config-text.js';

/**
 * Random config.json files, printed with random whitespace (tabs, CRLF, odd spacing), random string
 * escapes and unicode, several platforms (other plugins' tokens, a homebridge-ring "Ring" block,
 * decoys nested inside other blocks) and one to three Trygr blocks, some on child bridges. The
 * printer records where our block's token value sits, so the expected text is known independently
 * of the code under test.
 */

type Doc = { t: 'lit'; v: unknown; tag?: 'target-token' } | { t: 'obj'; pairs: [string, Doc][]; tag?: 'target-block' } | { t: 'arr'; items: Doc[] };

interface Printed {
  text: string;
  tokenRange?: { start: number; end: number };
  /** Where each property of our block starts (its key) and ends (its value). */
  blockProperties: { start: number; end: number; key: string }[];
}

class Printer {
  private text = '';
  private step = 0;
  tokenRange?: { start: number; end: number };
  blockProperties: { start: number; end: number; key: string }[] = [];

  constructor(
    private readonly spaces: string[],
    private readonly escapeUnicode: boolean[],
  ) {}

  print(doc: Doc): void {
    if (doc.t === 'lit') {
      const start = this.text.length;
      this.text += typeof doc.v === 'string' ? this.stringLiteral(doc.v) : JSON.stringify(doc.v);
      if (doc.tag === 'target-token') this.tokenRange = { start, end: this.text.length };
      return;
    }
    const [open, close] = doc.t === 'obj' ? ['{', '}'] : ['[', ']'];
    this.text += open;
    const entries = doc.t === 'obj' ? doc.pairs : doc.items.map((item) => [undefined, item] as const);
    entries.forEach(([key, value], index) => {
      this.text += index > 0 ? this.space() + ',' + this.space() : this.space();
      const start = this.text.length;
      if (key !== undefined) this.text += this.stringLiteral(key) + this.space() + ':' + this.space();
      this.print(value);
      if (doc.t === 'obj' && doc.tag === 'target-block') this.blockProperties.push({ start, end: this.text.length, key: key! });
    });
    this.text += this.space() + close;
  }

  result(prefix: string): Printed {
    const shift = (offset: number) => offset + prefix.length;
    return {
      text: prefix + this.text + this.space(),
      tokenRange: this.tokenRange && { start: shift(this.tokenRange.start), end: shift(this.tokenRange.end) },
      blockProperties: this.blockProperties.map(({ start, end, key }) => ({ start: shift(start), end: shift(end), key })),
    };
  }

  private space(): string {
    return this.spaces[this.step++ % this.spaces.length]!;
  }

  private stringLiteral(value: string): string {
    const plain = JSON.stringify(value);
    if (!this.escapeUnicode[this.step++ % this.escapeUnicode.length]) return plain;
    return plain.replace(/[^\x20-\x7e]/g, (char) => '\\u' + char.charCodeAt(0).toString(16).padStart(4, '0'));
  }
}

const lit = (v: unknown): Doc => ({ t: 'lit', v });
const obj = (pairs: [string, Doc][], tag?: 'target-block'): Doc => ({ t: 'obj', pairs, tag });

const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('Café', '🏠 Haus', 'line\u2028sep', 'tab\there', 'quote"back\\slash', ''),
);
const tokenText = fc.oneof(
  fc.uint8Array({ minLength: 8, maxLength: 60 }).map((bytes) => Buffer.from(bytes).toString('base64')),
  fc.record({ rt: fc.base64String({ minLength: 8, maxLength: 40 }), hid: fc.uuid() }).map((config) => Buffer.from(JSON.stringify(config)).toString('base64')),
);
const reservedKeys = new Set(['platform', 'refreshToken', '_bridge']);
const key = text.filter((candidate) => !reservedKeys.has(candidate));

const { value } = fc.letrec<{ value: Doc; leaf: Doc; node: Doc }>((tie) => ({
  leaf: fc.oneof(fc.constant(lit(null)), fc.boolean().map(lit), fc.integer().map(lit), fc.double({ noNaN: true, noDefaultInfinity: true }).map(lit), text.map(lit)),
  node: fc.oneof(
    fc.uniqueArray(fc.tuple(key, tie('value')), { maxLength: 4, selector: ([name]) => name }).map((pairs) => obj(pairs as [string, Doc][])),
    fc.array(tie('value'), { maxLength: 4 }).map((items): Doc => ({ t: 'arr', items })),
  ),
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('leaf'), tie('node')),
}));
const extras = fc.uniqueArray(fc.tuple(key, value), { maxLength: 4, selector: ([name]) => name }) as fc.Arbitrary<[string, Doc][]>;

const otherPlatform = fc
  .record({
    name: fc.constantFrom('Ring', 'homebridge-ring.Ring', 'Camera-ffmpeg', 'trygr', 'TrygrX', 'Trygr '),
    token: fc.option(tokenText, { nil: undefined }),
    bridge: fc.option(fc.constantFrom('0E:00:00:00:00:01', 'AA:BB:CC:DD:EE:FF'), { nil: undefined }),
    decoy: fc.option(tokenText, { nil: undefined }),
    extras,
  })
  .map(({ name, token, bridge, decoy, extras }): Doc => {
    const pairs: [string, Doc][] = [['platform', lit(name)], ...extras];
    if (token !== undefined) pairs.push(['refreshToken', lit(token)]);
    if (bridge !== undefined) pairs.push(['_bridge', obj([['username', lit(bridge)]])]);
    if (decoy !== undefined)
      pairs.push([
        'nested',
        obj([
          ['platform', lit('Trygr')],
          ['refreshToken', lit(decoy)],
        ]),
      ]);
    return obj(pairs);
  });

interface OurBlock {
  qualified: boolean;
  onChildBridge: boolean;
  lowerCase: boolean;
  token: string | undefined;
  tokenAt: number;
  extras: [string, Doc][];
}

const ourBlock: fc.Arbitrary<OurBlock> = fc.record({
  qualified: fc.boolean(),
  onChildBridge: fc.boolean(),
  lowerCase: fc.boolean(),
  token: fc.option(tokenText, { nil: undefined }),
  tokenAt: fc.nat(5),
  extras,
});

const scenario = fc
  .record({
    ours: fc.array(ourBlock, { minLength: 1, maxLength: 3 }),
    others: fc.array(otherPlatform, { maxLength: 5 }),
    order: fc.array(fc.double({ noNaN: true }), { minLength: 8, maxLength: 8 }),
    topExtras: extras,
    pickChild: fc.nat(2),
    useUsername: fc.boolean(),
    spaces: fc.array(fc.constantFrom('', ' ', '  ', '\t', '\n', '\r\n', '\n    ', '\r\n\t\t', ' \t ', '\n\n'), { minLength: 1, maxLength: 12 }),
    escapeUnicode: fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
    bom: fc.boolean(),
    newToken: tokenText,
  })
  .map((input) => {
    const usernames = input.ours.map((block, index) => (block.onChildBridge ? `0E:12:34:56:78:${index}A` : undefined));
    const childIndexes = usernames.flatMap((name, index) => (name ? [index] : []));
    const bridgeUsername = input.useUsername && childIndexes.length > 0 ? usernames[childIndexes[input.pickChild % childIndexes.length]!] : undefined;
    const blocks = input.ours.map((block, index) => {
      const pairs: [string, Doc][] = [['platform', lit(block.qualified ? 'homebridge-trygr.Trygr' : 'Trygr')], ...block.extras];
      const username = usernames[index];
      if (username)
        pairs.push([
          '_bridge',
          obj([
            ['username', lit(block.lowerCase ? username.toLowerCase() : username)],
            ['port', lit(51000 + index)],
          ]),
        ]);
      if (block.token !== undefined) pairs.splice(1 + (block.tokenAt % pairs.length), 0, ['refreshToken', lit(block.token)]);
      return { doc: obj(pairs), username };
    });
    const platforms = [...blocks, ...input.others.map((doc) => ({ doc, username: undefined }))]
      .map((entry, index) => ({ entry, rank: input.order[index % input.order.length]! + index * 1e-9 }))
      .sort((a, b) => a.rank - b.rank)
      .map(({ entry }) => entry);
    // The selection rule, over plain data in file order: the username's block, else the first main-bridge block, else the first.
    const oursInOrder = platforms.filter((entry) => blocks.includes(entry));
    const chosen =
      bridgeUsername !== undefined
        ? oursInOrder.find((entry) => entry.username === bridgeUsername)!
        : (oursInOrder.find((entry) => entry.username === undefined) ?? oursInOrder[0]!);
    const target = chosen.doc as Extract<Doc, { t: 'obj' }>;
    target.tag = 'target-block';
    const tokenPair = target.pairs.find(([name]) => name === 'refreshToken');
    if (tokenPair) tokenPair[1] = { ...(tokenPair[1] as Extract<Doc, { t: 'lit' }>), tag: 'target-token' };
    const expectedIndexInPlatforms = platforms.indexOf(chosen);
    const root = obj([
      [
        'bridge',
        obj([
          ['name', lit('Homebridge ✓')],
          ['username', lit('0E:00:00:00:00:00')],
          ['pin', lit('031-45-154')],
        ]),
      ],
      ...input.topExtras,
      ['refreshToken', lit('root-level-decoy-token')],
      ['platforms', { t: 'arr', items: platforms.map((entry) => entry.doc) }],
      ['accessories', { t: 'arr', items: [] }],
    ]);
    const printer = new Printer(input.spaces, input.escapeUnicode);
    printer.print(root);
    const printed = printer.result(input.bom ? '\uFEFF' : '');
    return { printed, bridgeUsername, newToken: input.newToken, expectedIndexInPlatforms };
  });

const parse = (json: string) => JSON.parse(json.replace(/^\uFEFF/, ''));

describe('config.json write-back (property)', () => {
  it('changes only our refreshToken value; every other byte stays', () => {
    fc.assert(
      fc.property(scenario, ({ printed, bridgeUsername, newToken, expectedIndexInPlatforms }) => {
        const before = printed.text;
        const after = withRefreshToken(before, newToken, { bridgeUsername });
        const literal = JSON.stringify(newToken);
        if (printed.tokenRange) {
          const { start, end } = printed.tokenRange;
          expect(after).toBe(before.slice(0, start) + literal + before.slice(end));
        } else {
          const at = printed.blockProperties.at(-1)!.end;
          expect(after.slice(0, at)).toBe(before.slice(0, at));
          expect(after.slice(after.length - (before.length - at))).toBe(before.slice(at));
          const inserted = after.slice(at, after.length - (before.length - at));
          expect(inserted).toMatch(new RegExp(`^\\s*,\\s*"refreshToken"\\s*:\\s*${literal.replace(/[+/=]/g, '\\$&')}$`));
        }
        const beforeObject = parse(before);
        const afterObject = parse(after);
        expect(afterObject.platforms[expectedIndexInPlatforms].refreshToken).toBe(newToken);
        delete beforeObject.platforms[expectedIndexInPlatforms].refreshToken;
        delete afterObject.platforms[expectedIndexInPlatforms].refreshToken;
        expect(afterObject).toEqual(beforeObject);
        expect(readRefreshToken(after, { bridgeUsername })).toBe(newToken);
      }),
      { numRuns: 400 },
    );
  });

  it('sign-out removes only our refreshToken property and one separator', () => {
    fc.assert(
      fc.property(scenario, ({ printed, bridgeUsername, expectedIndexInPlatforms }) => {
        const before = printed.text;
        const after = withoutRefreshToken(before, { bridgeUsername });
        const properties = printed.blockProperties;
        const index = properties.findIndex((property) => property.key === 'refreshToken');
        if (index < 0) {
          expect(after).toBe(before);
          return;
        }
        // With a property before it: from that property's end to ours; else from ours to the next one.
        const [from, to] = index > 0 ? [properties[index - 1]!.end, properties[index]!.end] : [properties[0]!.start, properties[1]!.start];
        expect(after).toBe(before.slice(0, from) + before.slice(to));
        const beforeObject = parse(before);
        const afterObject = parse(after);
        expect('refreshToken' in afterObject.platforms[expectedIndexInPlatforms]).toBe(false);
        delete beforeObject.platforms[expectedIndexInPlatforms].refreshToken;
        expect(afterObject).toEqual(beforeObject);
      }),
      { numRuns: 200 },
    );
  });
});
