import type { TFunction } from 'i18next';
import type { Draft } from '../../core/model/draft';
import type { VaultState } from '../../vault/session';

/** The line that offers a draft back: what the user was doing, and for whom. */
export function draftLine(draft: Draft, vault: Pick<VaultState, 'people' | 'identities' | 'partners'>, t: TFunction): string {
  switch (draft.kind) {
    case 'intake':
      return draft.values.alias.trim() === '' ? t('drafts.line.intakeUnnamed') : t('drafts.line.intake', { alias: draft.values.alias });
    case 'person':
    case 'arrival':
    case 'transfer':
    case 'departure':
    case 'correction': {
      const opening = vault.identities === 'opening' ? t('identities.openingAlias') : undefined;
      const alias = (draft.target && vault.people.get(draft.target)?.alias) || opening || t('drafts.someone');
      return t(`drafts.line.${draft.kind}`, { alias });
    }
    case 'partner': {
      const name = draft.values.name.trim() || (draft.target && vault.partners.get(draft.target)?.name) || '';
      return name === '' ? t('drafts.line.partnerUnnamed') : t('drafts.line.partner', { name });
    }
    case 'user':
      return draft.values.name.trim() === '' ? t('drafts.line.userUnnamed') : t('drafts.line.user', { name: draft.values.name });
    case 'import':
      return t('drafts.line.import', { file: draft.values.fileName });
  }
}

/** Where the draft's form opens. */
export function draftPath(draft: Draft): string {
  switch (draft.kind) {
    case 'intake':
      return '/residents/new';
    case 'person':
      return `/residents/${draft.target ?? ''}/edit`;
    case 'arrival':
    case 'transfer':
    case 'departure':
    case 'correction':
      return `/residents/${draft.target ?? ''}/record/${draft.kind}`;
    case 'partner':
      return '/handoff';
    case 'user':
      return '/admin';
    case 'import':
      return '/import';
  }
}
