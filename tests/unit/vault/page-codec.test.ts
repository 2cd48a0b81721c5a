import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toBase64 } from '../../../src/core/crypto/bytes';
import { COMPACT_FORMAT, decodePage, encodePage, LEGACY_FORMAT, type Page, PageFormatError, SEALED_KINDS } from '../../../src/vault/page-codec';

const sealed = (n: number, fill: number) => new Uint8Array(n).fill(fill);
const arrival = (i: number) => ({
  id: `ev${i}`,
  at: '2026-11-20T10:00:00.000Z',
  recordedAt: '2026-11-20T10:00:01.000Z',
  recordedBy: 'u1',
  type: 'arrival',
  personId: `p${i}`,
  houseId: 'h1',
  bedId: 'b1',
});

/** A page with every kind of record the log holds: events of two shapes, sealed values, a deletion, settings. */
const page: Page = {
  from: 7,
  to: 9,
  records: [
    { t: 'house', id: 'h1', v: { id: 'h1', name: 'Дом у реки', capacity: 4, tags: ['a', 'b'], address: { city: 'Tbilisi' } } },
    { t: 'personKey', id: 'p1', v: toBase64(sealed(72, 1)) },
    { t: 'person', id: 'p1', v: toBase64(sealed(300, 2)) },
    ...[1, 2, 3].map((i) => ({ t: 'event', id: `ev${i}`, v: arrival(i) })),
    { t: 'event', id: 'ev4', v: { id: 'ev4', at: '2026-11-21T10:00:00.000Z', recordedAt: '2026-11-21T10:00:00.000Z', type: 'departure', personId: 'p1', outcome: 'resettled' } },
    { t: 'duress', id: 'duress', v: { slotId: null } },
    { t: 'orgKeys', id: 'org', v: toBase64(sealed(5, 3)) },
    { t: 'draft', id: 'd1', v: toBase64(sealed(40, 5)) },
    { t: 'person', id: 'p0', del: true },
    { t: 'audit', id: 'a1', v: toBase64(sealed(120, 4)) },
  ],
};

/** What a reader gets back: sealed values as bytes, everything else as written. */
const asRead = (p: Page): Page => ({
  ...p,
  records: p.records.map((r) => (SEALED_KINDS.has(r.t) && typeof r.v === 'string' ? { ...r, v: Uint8Array.from(Buffer.from(r.v, 'base64')) } : r)),
});

/**
 * Any record a page can hold: a kind and an id as the log allows them, and any JSON value, or none.
 * Objects over a few awkward keys are drawn often, so one page holds several shapes that could be
 * confused ({} and {"": …}, "a"+"b" and "a\u0000b", __proto__).
 */
const kind = fc.oneof(fc.constantFrom('event', 'house', 'settings', 'user'), fc.string({ minLength: 1, maxLength: 32 }));
const id = fc.string({ minLength: 1, maxLength: 200 });
const awkward = fc.dictionary(fc.constantFrom('', 'a', 'b', 'a\u0000b', '\u0000', '__proto__', 'constructor', '0', '1'), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 });
const anyRecord = fc.oneof(fc.record({ t: kind, id, v: fc.jsonValue() }), fc.record({ t: kind, id, v: awkward }), fc.record({ t: kind, id }));

describe('page codec', () => {
  it('round-trips every kind of record; sealed values come back as their bytes', () => {
    const bytes = encodePage(page);
    expect(bytes[0]).toBe(COMPACT_FORMAT);
    const { page: back, format } = decodePage(bytes);
    expect(format).toBe(COMPACT_FORMAT);
    expect(back).toEqual(asRead(page));
    // Key order survives too (the stored JSON is what the fold and the screens saw before).
    expect(Object.keys(back.records[3]!.v as object)).toEqual(Object.keys(arrival(1)));
    // Bytes written as bytes (a merge of records read from a compact page) come back the same.
    expect(decodePage(encodePage(back)).page).toEqual(back);
  });

  it('stores each object shape once and sealed values unencoded: much smaller than the JSON format', () => {
    const many: Page = { from: 1, to: 1, records: Array.from({ length: 2000 }, (_, i) => ({ t: 'event', id: `ev${i}`, v: arrival(i) })) };
    many.records.push(...Array.from({ length: 200 }, (_, i) => ({ t: 'person', id: `p${i}`, v: toBase64(sealed(400, i & 0xff)) })));
    const legacy = new TextEncoder().encode(JSON.stringify(many));
    const compact = encodePage(many);
    expect(compact.length).toBeLessThan(0.75 * legacy.length);
    expect(decodePage(compact).page).toEqual(asRead(many));
  });

  it('tells apart objects whose keys would join alike: {} and {"": …}, ["a", "b"] and ["a\\u0000b"]', () => {
    const p: Page = {
      from: 1,
      to: 1,
      records: [
        { t: 'x', id: '1', v: {} },
        { t: 'x', id: '2', v: { '': {} } },
        { t: 'x', id: '3', v: { a: 1, b: 2 } },
        { t: 'x', id: '4', v: { 'a\u0000b': 3 } },
      ],
    };
    expect(decodePage(encodePage(p)).page).toEqual(p);
  });

  it('leaves keys with undefined values out, as JSON does, and keeps objects it cannot shape as JSON', () => {
    const withHoles: Page = {
      from: 1,
      to: 1,
      records: [
        { t: 'event', id: 'e', v: { ...arrival(1), referredBy: undefined } },
        { t: 'settings', id: 's', v: JSON.parse('{"__proto__": {"x": 1}, "a": 2}') as unknown },
        { t: 'other', id: 'o', v: [1, 'two', null] },
        { t: 'other', id: 'none' },
      ],
    };
    const back = decodePage(encodePage(withHoles)).page;
    expect(back.records[0]!.v).toEqual(arrival(1));
    expect(Object.keys(back.records[0]!.v as object)).not.toContain('referredBy');
    expect(JSON.stringify(back.records[1]!.v)).toBe('{"__proto__":{"x":1},"a":2}');
    expect(Object.getPrototypeOf(back.records[1]!.v)).toBe(Object.prototype);
    expect(back.records[2]!.v).toEqual([1, 'two', null]);
    expect(back.records[3]).toEqual({ t: 'other', id: 'none' });
  });

  it('round-trips every JSON value a record can hold, as the JSON format did', () => {
    fc.assert(
      fc.property(fc.array(anyRecord, { maxLength: 12 }), (rows) => {
        const p: Page = { from: 1, to: 2, records: rows.filter((r) => !SEALED_KINDS.has(r.t)) };
        const back = decodePage(encodePage(p)).page;
        // The JSON format's reading of the same page is the reference, key order included.
        expect(JSON.stringify(back)).toBe(JSON.stringify(JSON.parse(JSON.stringify(p))));
        expect(back).toEqual(JSON.parse(JSON.stringify(p)));
      }),
      { seed: 15, numRuns: 2000 },
    );
  });

  it('reads pages in the JSON format the vault wrote before, with their shape checked', () => {
    const legacy = new TextEncoder().encode(JSON.stringify(page));
    const { page: back, format } = decodePage(legacy);
    expect(format).toBe(LEGACY_FORMAT);
    expect(back).toEqual(page);
    const json = (x: unknown) => new TextEncoder().encode(JSON.stringify(x));
    for (const bad of [{ ...page, extra: 1 }, { ...page, records: [{ t: 'event' }] }, { ...page, records: [{ t: 'e', id: 'i', del: false }] }, { ...page, records: [{ t: 'e', id: 'i', x: 1 }] }, { ...page, from: 0 }]) {
      expect(() => decodePage(json(bad))).toThrow(PageFormatError);
    }
  });

  it('refuses malformed pages and unknown formats with PageFormatError (an AppError), never another error', () => {
    const good = encodePage(page);
    const header = (json: unknown) => {
      const h = new TextEncoder().encode(JSON.stringify(json));
      return Uint8Array.of(COMPACT_FORMAT, 0, 0, h.length >> 8, h.length & 0xff, ...h);
    };
    const base = { from: 1, to: 1, shapes: [['a', 'b']] };
    const bad = [
      new Uint8Array(0),
      Uint8Array.of(9, 0, 0),
      Uint8Array.of(3, ...good.subarray(1)),
      good.subarray(0, 4),
      good.subarray(0, 40),
      Uint8Array.of(COMPACT_FORMAT, 0xff, 0xff, 0xff, 0xff),
      header({ ...base, from: 0, records: [] }),
      header({ ...base, records: {} }),
      header({ ...base, shapes: [['__proto__']], records: [] }),
      header({ ...base, records: [['event']] }),
      header({ ...base, records: [['event', 'e', 1, 5, 1, 2]] }),
      header({ ...base, records: [['event', 'e', 1, 0, 1]] }),
      header({ ...base, records: [['person', 'p', 2, 0, 1]] }),
      header({ ...base, records: [['person', 'p', 2, -1, 0]] }),
      header({ ...base, records: [['person', 'p', 7, 0]] }),
      header({ ...base, records: [['x'.repeat(33), 'p', 0, 1]] }),
    ];
    for (const bytes of bad) {
      expect(() => decodePage(bytes)).toThrow(PageFormatError);
      expect(() => decodePage(bytes)).toThrow(expect.objectContaining({ code: 'integrity' }));
    }
    expect(() => decodePage(Uint8Array.of(3, ...good.subarray(1)))).toThrow('unknown page format');
    expect(decodePage(header({ ...base, records: [['event', 'e', 1, 0, 1, 2]] })).page.records).toEqual([{ t: 'event', id: 'e', v: { a: 1, b: 2 } }]);
  });

  it('refuses to write what it could not read back', () => {
    expect(() => encodePage({ from: 1, to: 1, records: [{ t: 'event', id: 'e', v: 1, del: true }] })).toThrow(TypeError);
    expect(() => encodePage({ from: 1, to: 1, records: [{ t: 'event', id: '' }] })).toThrow(TypeError);
    expect(() => encodePage({ from: 1, to: 1, records: [{ t: 'x'.repeat(33), id: 'e' }] })).toThrow(TypeError);
  });
});
