import { useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DEFAULT_KDF, newKdfParams, type KdfCost } from '../../../core/crypto/kdf';
import { MAX_WIPE_AFTER } from '../../../core/crypto/keyfile';
import { DEFAULT_DRAFT_HOURS, MAX_DRAFT_HOURS } from '../../../core/model/draft';
import { DEFAULT_ARCHIVE_AFTER_DAYS, MAX_ARCHIVE_AFTER_DAYS, MIN_ARCHIVE_AFTER_DAYS, type Settings } from '../../../core/model/settings';
import { isTimeZone } from '../../../core/time/zone';
import { securityOverview } from '../../../vault/services/security-overview';
import { setWipeAfterFailedUnlocks } from '../../../vault/services/wipe';
import type { VaultDeps } from '../../../vault/services/deps';
import { LANGUAGES } from '../../i18n';
import { orgZone } from '../../operations/asOfDay';
import { useSessionApi, useSession, useVaultState } from '../../session/SessionContext';
import { AdminNav, Working } from './common';
import { OffsiteSettings } from './OffsiteSettings';
import { useOutcome } from './outcome';
import { describeError } from '../../errors/describe';

const MiB = 1024 * 1024;

/** Argon2id strengths an admin picks from (never below the policy: ops 3, 64 MiB). */
const KDF_PRESETS = [
  { key: 'standard', cost: DEFAULT_KDF },
  { key: 'strong', cost: { alg: 'argon2id13', opsLimit: 3, memLimitBytes: 256 * MiB } },
  { key: 'strongest', cost: { alg: 'argon2id13', opsLimit: 4, memLimitBytes: 512 * MiB } },
] as const satisfies readonly { key: string; cost: KdfCost }[];
type PresetKey = (typeof KDF_PRESETS)[number]['key'];

function presetOf(cost: KdfCost | null): PresetKey | undefined {
  const c = cost ?? DEFAULT_KDF;
  return KDF_PRESETS.find((p) => p.cost.opsLimit === c.opsLimit && p.cost.memLimitBytes === c.memLimitBytes)?.key;
}

/** Seconds one Argon2id derivation at `cost` takes here, in the unlock worker. */
async function timeDerivation(deps: VaultDeps, cost: KdfCost): Promise<number> {
  const started = performance.now();
  const kek = await deps.kdf.derive('a passphrase to time the key derivation', newKdfParams(cost));
  const seconds = (performance.now() - started) / 1000;
  deps.sodium.memzero(kek);
  return seconds;
}

/** The IANA zones this system knows (the current one too, if it is an older alias), sorted. */
function zoneChoices(current: string): string[] {
  const known = Intl.supportedValuesOf('timeZone').filter(isTimeZone);
  return [...new Set([...known, 'UTC', current])].sort();
}

/** Admin settings; every change is written to the audit log by the vault. */
export function SettingsScreen() {
  const { t } = useTranslation();
  const id = useId();
  const session = useSession();
  useVaultState();
  // securityOverview refuses a locked session; the screen goes away with the lock anyway.
  if (session.isLocked) return null;
  return (
    <section aria-labelledby={`${id}-title`}>
      <AdminNav />
      <h1 id={`${id}-title`}>{t('admin.settings.title')}</h1>
      <p className="hint">{t('admin.settings.intro')}</p>
      <EverydaySettings />
      <OffsiteSettings />
      <LockAndWipe />
      <KeyStrength />
    </section>
  );
}

function EverydaySettings() {
  const { t } = useTranslation();
  const id = useId();
  const session = useSession();
  const { settings } = useVaultState();
  const [idle, setIdle] = useState(String(settings.idleLockMinutes));
  const [clipboard, setClipboard] = useState(String(settings.clipboardClearSeconds));
  const [draftHours, setDraftHours] = useState(String(settings.draftHours ?? DEFAULT_DRAFT_HOURS));
  const [archiveDays, setArchiveDays] = useState(String(settings.archiveAfterDays ?? DEFAULT_ARCHIVE_AFTER_DAYS));
  const [locale, setLocale] = useState<Settings['locale']>(settings.locale);
  const [days, setDays] = useState(String(settings.retention.daysAfterDeparture));
  const [confirmed, setConfirmed] = useState(settings.retention.requireConfirmedHandoff);
  const [zone, setZone] = useState(orgZone(settings.timeZone));
  const zones = useMemo(() => zoneChoices(zone), [zone]);
  const { busy, run, view } = useOutcome();

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(() =>
      session.settings.update({
        idleLockMinutes: Number(idle),
        clipboardClearSeconds: Number(clipboard),
        draftHours: Number(draftHours),
        archiveAfterDays: Number(archiveDays),
        locale,
        retention: { daysAfterDeparture: Number(days), requireConfirmedHandoff: confirmed },
        timeZone: zone,
      }),
    );
  }

  return (
    <form className="card" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>{t('admin.settings.everyday')}</h2>
      <div className="grid-2">
        <div className="field narrow-field">
          <label htmlFor={`${id}-idle`}>{t('admin.settings.idle')}</label>
          <input id={`${id}-idle`} type="number" min={1} max={60} value={idle} onChange={(e) => setIdle(e.target.value)} aria-describedby={`${id}-idle-hint`} />
          <p className="hint" id={`${id}-idle-hint`}>
            {t('admin.settings.idleHint')}
          </p>
        </div>
        <div className="field narrow-field">
          <label htmlFor={`${id}-clip`}>{t('admin.settings.clipboard')}</label>
          <input id={`${id}-clip`} type="number" min={5} max={300} value={clipboard} onChange={(e) => setClipboard(e.target.value)} aria-describedby={`${id}-clip-hint`} />
          <p className="hint" id={`${id}-clip-hint`}>
            {t('admin.settings.clipboardHint')}
          </p>
        </div>
        <div className="field narrow-field">
          <label htmlFor={`${id}-drafts`}>{t('admin.settings.draftHours')}</label>
          <input
            id={`${id}-drafts`}
            type="number"
            min={1}
            max={MAX_DRAFT_HOURS}
            value={draftHours}
            onChange={(e) => setDraftHours(e.target.value)}
            aria-describedby={`${id}-drafts-hint`}
          />
          <p className="hint" id={`${id}-drafts-hint`}>
            {t('admin.settings.draftHoursHint')}
          </p>
        </div>
        <div className="field narrow-field">
          <label htmlFor={`${id}-archive`}>{t('admin.settings.archiveAfterDays')}</label>
          <input
            id={`${id}-archive`}
            type="number"
            min={MIN_ARCHIVE_AFTER_DAYS}
            max={MAX_ARCHIVE_AFTER_DAYS}
            value={archiveDays}
            onChange={(e) => setArchiveDays(e.target.value)}
            aria-describedby={`${id}-archive-hint`}
          />
          <p className="hint" id={`${id}-archive-hint`}>
            {t('admin.settings.archiveAfterDaysHint', { min: MIN_ARCHIVE_AFTER_DAYS, max: MAX_ARCHIVE_AFTER_DAYS })}
          </p>
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-locale`}>{t('admin.settings.locale')}</label>
        <select id={`${id}-locale`} value={locale} onChange={(e) => setLocale(e.target.value as Settings['locale'])} aria-describedby={`${id}-locale-hint`}>
          {LANGUAGES.map((lang) => (
            <option key={lang} value={lang}>
              {t(`admin.settings.languages.${lang}`)}
            </option>
          ))}
        </select>
        <p className="hint" id={`${id}-locale-hint`}>
          {t('admin.settings.localeHint')}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-zone`}>{t('admin.settings.timeZone')}</label>
        <select id={`${id}-zone`} value={zone} onChange={(e) => setZone(e.target.value)} aria-describedby={`${id}-zone-hint`}>
          {zones.map((z) => (
            <option key={z} value={z}>
              {z.replaceAll('_', ' ')}
            </option>
          ))}
        </select>
        <p className="hint" id={`${id}-zone-hint`}>
          {t('admin.settings.timeZoneHint')}
        </p>
      </div>
      <fieldset>
        <legend>{t('admin.settings.retention')}</legend>
        <div className="field narrow-field">
          <label htmlFor={`${id}-days`}>{t('admin.settings.retentionDays')}</label>
          <input id={`${id}-days`} type="number" min={1} max={3650} value={days} onChange={(e) => setDays(e.target.value)} />
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />
          {t('admin.settings.retentionConfirmed')}
        </label>
        <p className="hint">{t('admin.settings.retentionHint')}</p>
      </fieldset>
      {view}
      {busy ? <Working /> : <button type="submit">{t('admin.settings.save')}</button>}
    </form>
  );
}

function LockAndWipe() {
  const { t } = useTranslation();
  const id = useId();
  const session = useSession();
  const { deps } = useSessionApi();
  const { settings } = useVaultState();
  const overview = securityOverview(session);
  const [lockOnSuspend, setLockOnSuspend] = useState(overview.lockOnSuspend);
  const [guard, setGuard] = useState(overview.wipeAfterFailedUnlocks !== null);
  const [wipeAfter, setWipeAfter] = useState(String(overview.wipeAfterFailedUnlocks ?? 10));
  const { busy, run, view } = useOutcome();

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!deps) return;
    void run(async () => {
      if (lockOnSuspend !== overview.lockOnSuspend) await session.security.update({ lockOnSuspend });
      const next = guard ? Number(wipeAfter) : null;
      if (next !== overview.wipeAfterFailedUnlocks) await setWipeAfterFailedUnlocks(deps, session, next);
    });
  }

  return (
    <form className="card" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>{t('admin.settings.locking')}</h2>
      <label className="checkbox">
        <input type="checkbox" checked={lockOnSuspend} onChange={(e) => setLockOnSuspend(e.target.checked)} />
        {t('admin.settings.lockOnSuspend')}
      </label>
      <p className="hint">{t('admin.settings.draftsExplain', { hours: settings.draftHours ?? DEFAULT_DRAFT_HOURS })}</p>
      <label className="checkbox">
        <input type="checkbox" checked={guard} onChange={(e) => setGuard(e.target.checked)} />
        {t('admin.settings.wipeGuard')}
      </label>
      {guard && (
        <div className="field narrow-field">
          <label htmlFor={`${id}-n`}>{t('admin.settings.wipeAfter')}</label>
          <input id={`${id}-n`} type="number" min={3} max={MAX_WIPE_AFTER} value={wipeAfter} onChange={(e) => setWipeAfter(e.target.value)} />
        </div>
      )}
      <p className="hint">{t('admin.settings.wipeGuardHint')}</p>
      <p>
        {t(overview.duressEnabled ? 'admin.duress.on' : 'admin.duress.off')} <Link to="/admin/duress">{t('admin.settings.duressLink')}</Link>
      </p>
      {view}
      {busy ? <Working /> : <button type="submit">{t('admin.settings.save')}</button>}
    </form>
  );
}

/**
 * Argon2id cost for new key slots. The time shown is measured here, in the same worker that unlocks,
 * because it depends on this computer; an unlock costs one such derivation per passphrase.
 */
function KeyStrength() {
  const { t } = useTranslation();
  const id = useId();
  const session = useSession();
  const { deps } = useSessionApi();
  const vault = useVaultState();
  const current = presetOf(vault.security.kdf);
  const [choice, setChoice] = useState<PresetKey>(current ?? 'standard');
  const [measured, setMeasured] = useState<Partial<Record<PresetKey, number>>>({});
  const [measuring, setMeasuring] = useState(false);
  const [measureFailed, setMeasureFailed] = useState<string>();
  const { busy, run, view } = useOutcome();
  const passphrases = [...vault.users.values()].filter((u) => u.status === 'active').length + (session.duress.slotId() ? 1 : 0);

  async function measure(key: PresetKey) {
    if (!deps) return;
    setMeasuring(true);
    setMeasureFailed(undefined);
    try {
      const seconds = await timeDerivation(deps, KDF_PRESETS.find((p) => p.key === key)!.cost);
      setMeasured((m) => ({ ...m, [key]: seconds }));
    } catch (error) {
      setMeasureFailed(t('admin.settings.measureFailed', { reason: describeError(t, error) }));
    } finally {
      setMeasuring(false);
    }
  }

  function pick(key: PresetKey) {
    setChoice(key);
    if (measured[key] === undefined) void measure(key);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const cost = KDF_PRESETS.find((p) => p.key === choice)!.cost;
    // The default is stored as null, so a later change of the app's default reaches this vault too.
    void run(() => session.security.update({ kdf: choice === 'standard' ? null : { ...cost } }));
  }

  const seconds = measured[choice];
  return (
    <form className="card" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>{t('admin.settings.kdf')}</h2>
      <p className="hint">{t('admin.settings.kdfIntro')}</p>
      <fieldset>
        <legend>{t('admin.settings.kdfLegend')}</legend>
        {KDF_PRESETS.map((p) => (
          <label key={p.key} className="checkbox">
            <input type="radio" name={`${id}-kdf`} checked={choice === p.key} onChange={() => pick(p.key)} />
            {t(`admin.settings.kdfPreset.${p.key}`, { ops: p.cost.opsLimit, mib: p.cost.memLimitBytes / MiB })}
            {current === p.key && <span className="tag">{t('admin.settings.current')}</span>}
          </label>
        ))}
      </fieldset>
      <div aria-live="polite" data-testid="kdf-measured">
        {measuring ? (
          <Working />
        ) : seconds === undefined ? (
          <button type="button" className="secondary" onClick={() => void measure(choice)}>
            {t('admin.settings.measure')}
          </button>
        ) : (
          <p>{t('admin.settings.measured', { seconds: seconds.toFixed(2), total: (seconds * passphrases).toFixed(1), n: passphrases })}</p>
        )}
        {measureFailed && <p role="alert">{measureFailed}</p>}
      </div>
      <p className="hint">{t('admin.settings.kdfApplies')}</p>
      {view}
      {busy ? <Working /> : <button type="submit">{t('admin.settings.save')}</button>}
    </form>
  );
}
