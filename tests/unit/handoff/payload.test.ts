import { describe, expect, it } from 'vitest';
import {
  assertPayloadAllowed,
  BundleError,
  exportProfileSchema,
  FORMAT_VERSION,
  manifestSchema,
  minimise,
  MINIMAL_PROFILE,
  payloadSchema,
  peopleToCsv,
  type HandoffSource,
} from '../../../src/core/handoff';
import { parseUntrustedJson } from '../../../src/core/handoff/json';
import { sampleManifest } from './helpers';

const resident = {
  id: 'internal-7f3a',
  houseId: 'house-2',
  alias: 'Nadia',
  legalName: 'Надежда Петрова',
  phone: '+7 900 000 00 00',
  notes: 'Route via the northern border\nFamily must not know',
  hometown: 'Grozny',
  birthYear: 1997,
  languages: ['ru', 'ce'],
  needs: ['trauma counselling'],
  staySummary: { arrived: '2026-01-05', departed: '2026-02-20', daysInShelter: 46 },
  outcome: 'resettled',
};

function refused(fn: () => unknown): BundleError {
  try {
    fn();
  } catch (error) {
    if (error instanceof BundleError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('minimise', () => {
  it('keeps only the minimised fields by default', () => {
    const payload = minimise([resident as HandoffSource], MINIMAL_PROFILE);
    expect(payload).toEqual({
      people: [
        {
          alias: 'Nadia',
          birthYear: 1997,
          languages: ['ru', 'ce'],
          needs: ['trauma counselling'],
          staySummary: { arrived: '2026-01-05', departed: '2026-02-20', daysInShelter: 46 },
          outcome: 'resettled',
        },
      ],
    });
    const text = JSON.stringify(payload);
    for (const secret of ['internal-7f3a', 'house-2', 'Надежда', '+7 900', 'northern border', 'Grozny']) expect(text).not.toContain(secret);
  });

  it('adds exactly the sensitive fields the profile ticks', () => {
    const [person] = minimise([resident as HandoffSource], { legalName: true, phone: false, notes: true }).people;
    expect(person?.legalName).toBe('Надежда Петрова');
    expect(person?.notes).toContain('northern border');
    expect(person).not.toHaveProperty('phone');
    expect(person).not.toHaveProperty('hometown');
  });

  it('omits absent optional fields instead of writing empty ones', () => {
    const [person] = minimise([{ alias: 'A', staySummary: { arrived: '2026-01-01', daysInShelter: 0 }, legalName: '' }], {
      legalName: true,
      phone: true,
      notes: true,
    }).people;
    expect(person).toEqual({ alias: 'A', languages: [], needs: [], staySummary: { arrived: '2026-01-01', daysInShelter: 0 } });
  });
});

describe('assertPayloadAllowed', () => {
  const full = minimise([resident as HandoffSource], { legalName: true, phone: true, notes: true });

  it('refuses a field the profile does not allow, naming it, instead of dropping it', () => {
    const error = refused(() => assertPayloadAllowed(full, { legalName: true, phone: false, notes: true }));
    expect(error.reason).toBe('invalid-content');
    expect(error.field).toBe('phone');
    expect(error.message).toBe('people[0].phone is not allowed by the export profile');
    expect(refused(() => assertPayloadAllowed(full, MINIMAL_PROFILE)).field).toBe('legalName');
  });

  it('accepts what the profile allows and returns the parsed payload', () => {
    expect(assertPayloadAllowed(full, { legalName: true, phone: true, notes: true })).toEqual(full);
  });

  it('refuses unknown fields and malformed records with the path', () => {
    const withExtra = { people: [{ ...minimise([resident as HandoffSource], MINIMAL_PROFILE).people[0], hometown: 'Grozny' }] };
    expect(refused(() => assertPayloadAllowed(withExtra, MINIMAL_PROFILE)).message).toMatch(/^people\.json: people\[0\]: Unrecognized key.*hometown/);
    const badDate = { people: [{ alias: 'x', languages: [], needs: [], staySummary: { arrived: '5 Jan', daysInShelter: 1 } }] };
    expect(refused(() => assertPayloadAllowed(badDate, MINIMAL_PROFILE)).message).toMatch(/^people\.json: people\[0\]\.staySummary\.arrived: /);
    expect(refused(() => assertPayloadAllowed(null, MINIMAL_PROFILE)).reason).toBe('invalid-content');
    expect(refused(() => assertPayloadAllowed({ people: 'x' }, MINIMAL_PROFILE)).message).toMatch(/^people\.json: people: /);
  });

  it('refuses control characters (terminal escapes) and lone surrogates in text', () => {
    const base = { languages: [], needs: [], staySummary: { arrived: '2026-01-01', daysInShelter: 1 } };
    for (const alias of ['a\u001b[31mb', 'a\nb', 'a\u009bb', 'a\ud800b']) {
      expect(payloadSchema.safeParse({ people: [{ ...base, alias }] }).success, JSON.stringify(alias)).toBe(false);
    }
    expect(payloadSchema.safeParse({ people: [{ ...base, alias: 'Ок 👋' }] }).success).toBe(true);
    expect(payloadSchema.safeParse({ people: [{ ...base, alias: 'a', notes: 'line one\nline two\ttab' }] }).success).toBe(true);
    expect(payloadSchema.safeParse({ people: [{ ...base, alias: 'a', notes: 'a\rb' }] }).success).toBe(false);
  });

  it('refuses a departure before the arrival', () => {
    const record = { alias: 'a', languages: [], needs: [], staySummary: { arrived: '2026-02-01', departed: '2026-01-01', daysInShelter: 1 } };
    expect(payloadSchema.safeParse({ people: [record] }).success).toBe(false);
  });

  it('ExportProfile is strict: an unknown option is refused', () => {
    expect(exportProfileSchema.safeParse({ legalName: false, phone: false, notes: false, photos: true }).success).toBe(false);
  });
});

describe('people.csv', () => {
  const payload = {
    people: [
      {
        alias: '=HYPERLINK("http://x","click")',
        languages: ['ru', 'uk'],
        needs: ['a, b', '+1'],
        staySummary: { arrived: '2026-01-01', daysInShelter: 3 },
        notes: 'ok\t=2+2\nAnna;=1+1;',
      },
    ],
  };
  const NOTES = { legalName: false, phone: false, notes: true };
  const text = (bytes: Uint8Array) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);

  it('version 2: a BOM, CRLF rows, every cell quoted and no runnable formula (core/csv)', () => {
    expect(text(peopleToCsv(payload, NOTES, 2))).toBe(
      '\uFEFF"alias","birthYear","languages","needs","arrived","departed","daysInShelter","outcome","notes"\r\n' +
        '"\'=HYPERLINK(""http://x"",\'""click"")","","ru; uk","a, b;\' +1","2026-01-01","","3","","ok\t\'=2+2\nAnna;\'=1+1;\'"\r\n',
    );
    expect(peopleToCsv(payload, NOTES, FORMAT_VERSION)).toEqual(peopleToCsv(payload, NOTES, 2));
  });

  it("version 1's bytes are still produced for checking version-1 bundles", () => {
    expect(text(peopleToCsv(payload, NOTES, 1))).toBe(
      '\uFEFFalias,birthYear,languages,needs,arrived,departed,daysInShelter,outcome,notes\r\n' +
        '"\'=HYPERLINK(""http://x"",""click"")",,ru; uk,"a, b; +1",2026-01-01,,3,,"ok\t=2+2\nAnna;=1+1;"\r\n',
    );
  });

  it('has sensitive columns only when the profile allows them', () => {
    const header = (profile: typeof MINIMAL_PROFILE) => text(peopleToCsv({ people: [] }, profile, FORMAT_VERSION)).split('\r\n')[0];
    expect(header(MINIMAL_PROFILE)).not.toMatch(/legalName|phone|notes/);
    expect(header({ legalName: true, phone: true, notes: false })).toMatch(/,"legalName","phone"$/);
  });
});

describe('parseUntrustedJson', () => {
  const limits = { maxBytes: 1000, maxDepth: 4 };
  const parse = (text: string | Uint8Array) => parseUntrustedJson(typeof text === 'string' ? new TextEncoder().encode(text) : text, 'x.json', limits);

  it('parses ordinary JSON', () => {
    expect(parse('{"a":[1,{"b":"[[[["}]}')).toEqual({ a: [1, { b: '[[[[' }] });
  });

  it('refuses, each with its own message', () => {
    expect(refused(() => parse('[[[[[1]]]]]')).message).toBe('x.json is nested deeper than 4 levels');
    expect(refused(() => parse(`"${'a'.repeat(1000)}"`)).message).toBe('x.json is larger than 1000 bytes');
    expect(refused(() => parse('{"a":{"__proto__":{"admin":true}}}')).message).toBe('x.json contains the forbidden key "__proto__"');
    expect(refused(() => parse('{"constructor":1}')).message).toBe('x.json contains the forbidden key "constructor"');
    expect(refused(() => parse('{"prototype":1}')).message).toBe('x.json contains the forbidden key "prototype"');
    expect(refused(() => parse(new Uint8Array([0x22, 0xc3, 0x28, 0x22]))).message).toBe('x.json is not valid UTF-8');
    expect(refused(() => parse(new Uint8Array([0x22, 0xed, 0xa0, 0x80, 0x22]))).message).toBe('x.json is not valid UTF-8');
    expect(refused(() => parse('{"a":1,}')).message).toBe('x.json is not valid JSON');
  });

  it('does not let escaped quotes hide nesting', () => {
    expect(refused(() => parse('["\\"", [[[[1]]]]]')).message).toBe('x.json is nested deeper than 4 levels');
  });
});

describe('manifest schema', () => {
  it('refuses unknown keys and expiry before creation', () => {
    const manifest = sampleManifest();
    expect(manifestSchema.safeParse(manifest).success).toBe(true);
    expect(manifestSchema.safeParse({ ...manifest, extra: 1 }).success).toBe(false);
    expect(manifestSchema.safeParse({ ...manifest, expires: manifest.created }).success).toBe(false);
    expect(manifestSchema.safeParse({ ...manifest, files: [manifest.files[0], manifest.files[0]] }).success).toBe(false);
    expect(manifestSchema.safeParse({ ...manifest, files: [...manifest.files, { name: 'x.sh', size: 1, sha256: '0'.repeat(64) }] }).success).toBe(false);
  });
});
