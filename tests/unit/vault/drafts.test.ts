import { describe, expect, it } from 'vitest';
import { getDraftsKek } from '../../../src/core/crypto/keyfile';
import { isDraftExpired, type PersonDraftValues } from '../../../src/core/model/draft';
import { NEED_KINDS } from '../../../src/core/model/person';
import { addUser } from '../../../src/vault/services/users';
import { setDuressPassphrase } from '../../../src/vault/services/duress';
import { openDrafts, sealDrafts, type DraftInput } from '../../../src/vault/drafts';
import type { Session } from '../../../src/vault/session';
import { createVault } from '../../../src/vault/services/create';
import type { VaultDeps } from '../../../src/vault/services/deps';
import { unlockWithPassphrase, unlockWithRecoveryKey } from '../../../src/vault/services/unlock';
import { dumpDb, firstUnlock, PASS, testVault } from './helpers';

const OLEG = 'olegs own long passphrase';
const DURESS = 'the weather is lovely today';

const intake = (alias: string): DraftInput => ({
  kind: 'intake',
  values: {
    alias,
    legalName: 'Legal Canary',
    birthYear: '1990',
    languages: 'ru, en',
    phone: '+7 900',
    riskLevel: 'high',
    notes: 'Note Canary',
    needs: Object.fromEntries(NEED_KINDS.map((k) => [k, { checked: k === 'housing', status: 'open', note: '' }])) as PersonDraftValues['needs'],
    consent: [],
  },
});

/** What a lock from idle or suspend does: seal the forms' input, then lock. */
async function lockWithDrafts(deps: VaultDeps, session: Session, inputs: DraftInput[]): Promise<void> {
  await session.lockAndRecord('vault.lock', {}, sealDrafts(deps.sodium, session, inputs));
}

async function setup() {
  const { deps } = await testVault();
  let now = new Date('2026-12-02T09:00:00Z');
  deps.now = () => now;
  const { session, recoveryCode } = await createVault(deps, { adminName: 'Ada', passphrase: PASS });
  const { oneTimePassphrase } = await addUser(deps, session, { name: 'Oleg', role: 'operator' });
  return { deps, session, recoveryCode, oneTimePassphrase, later: (hours: number) => (now = new Date(now.getTime() + hours * 3_600_000)) };
}

describe('drafts (docs/security.md, "Drafts")', () => {
  it('a lock seals the unsaved input into the vault; the same user gets every field back, once', async () => {
    const { deps, session } = await setup();
    await lockWithDrafts(deps, session, [intake('Draft Canary')]);
    // Sealed like every page: no trace of the typed text in IndexedDB.
    expect(JSON.stringify(await dumpDb(deps.db))).not.toContain('Canary');

    const { session: again } = await unlockWithPassphrase(deps, PASS);
    const [draft, ...rest] = await openDrafts(deps.sodium, again, 24);
    expect(rest).toEqual([]);
    expect(draft).toMatchObject({ ...intake('Draft Canary'), userId: again.user.id, savedAt: '2026-12-02T09:00:00.000Z' });
    await again.drafts.remove([draft!.id]);
    expect(await openDrafts(deps.sodium, again, 24)).toEqual([]);
    again.lock();
    const { session: third } = await unlockWithPassphrase(deps, PASS);
    expect(await openDrafts(deps.sodium, third, 24)).toEqual([]);
    expect(third.getSnapshot().damaged).toEqual([]);
    third.lock();
  });

  it('is offered to no other user', async () => {
    const { deps, session, oneTimePassphrase } = await setup();
    session.lock();
    const oleg = await firstUnlock(deps, oneTimePassphrase, OLEG);
    await lockWithDrafts(deps, oleg, [intake('Olegs Canary')]);

    const { session: ada } = await unlockWithPassphrase(deps, PASS);
    expect(await openDrafts(deps.sodium, ada, 24)).toEqual([]);
    ada.lock();
    const { session: olegAgain } = await unlockWithPassphrase(deps, OLEG);
    expect((await openDrafts(deps.sodium, olegAgain, 24)).map((d) => d.kind)).toEqual(['intake']);
    olegAgain.lock();
  });

  it('expires after the set hours, and is removed then', async () => {
    const { deps, session, later } = await setup();
    await lockWithDrafts(deps, session, [intake('Old Canary')]);
    later(24);
    const { session: again } = await unlockWithPassphrase(deps, PASS);
    expect(await openDrafts(deps.sodium, again, 24)).toEqual([]);
    expect(again.drafts.sealed().size).toBe(0);
    again.lock();
    expect(isDraftExpired({ savedAt: '2026-12-02T09:00:00Z' }, new Date('2026-12-02T10:59:59Z'), 2)).toBe(false);
    expect(isDraftExpired({ savedAt: '2026-12-02T09:00:00Z' }, new Date('2026-12-02T11:00:00Z'), 2)).toBe(true);
    // Dated after now (a clock set back): kept as long as it would be otherwise, no longer.
    expect(isDraftExpired({ savedAt: '2026-12-02T09:00:00Z' }, new Date('2026-12-02T08:00:00Z'), 2)).toBe(false);
    expect(isDraftExpired({ savedAt: '2026-12-02T09:00:00Z' }, new Date('2026-12-02T07:00:00Z'), 2)).toBe(true);
  });

  it('a recovery-key or one-time session seals nothing; input failing its schema is left out, the rest kept', async () => {
    const { deps, session, recoveryCode } = await setup();
    const bad = { kind: 'user', values: { name: 'x', role: 'emperor' } } as unknown as DraftInput;
    await lockWithDrafts(deps, session, [bad, intake('Kept Canary')]);
    const recovered = await unlockWithRecoveryKey(deps, recoveryCode);
    expect(sealDrafts(deps.sodium, recovered, [intake('Recovery Canary')])).toEqual([]);
    recovered.lock();
    const { session: again } = await unlockWithPassphrase(deps, PASS);
    expect((await openDrafts(deps.sodium, again, 24)).map((d) => d.kind)).toEqual(['intake']);
    again.lock();
  });

  it('duress destroys every draft: its KEK leaves the key file; the decoy shows none', async () => {
    const { deps, session, recoveryCode } = await setup();
    await setDuressPassphrase(deps, session, DURESS);
    await lockWithDrafts(deps, session, [intake('Duress Canary')]);

    const { session: decoy } = await unlockWithPassphrase(deps, DURESS);
    expect(await openDrafts(deps.sodium, decoy, 24)).toEqual([]);
    decoy.lock();
    // The real vault, opened with the recovery key: the old drafts KEK is gone.
    const real = await unlockWithRecoveryKey(deps, recoveryCode);
    expect(real.drafts.sealed().size).toBe(1);
    const keyFile = await deps.keyFiles.read(real.vaultId);
    expect(keyFile && getDraftsKek(keyFile)).toBeUndefined();
    real.lock();
  });
});
