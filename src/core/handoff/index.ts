export { checkRecipients, encryptBundle, MAX_RECIPIENTS, recipientId, recipientKind, type RecipientKind } from './age';
export { buildSignedArchive, DEFAULT_LIMITS, inspectArchive, type BundleLimits, type ManifestInfo, type SignedArchive } from './archive';
export { peopleToCsv } from './csv';
export { BUNDLE_ERROR_REASONS, BundleError, SealError, type BundleErrorReason } from './errors';
export { assertPayloadAllowed, minimise, type HandoffSource } from './minimise';
export { openBundle, type OpenedBundle, type OpenOptions } from './open';
export { peopleFromPayload } from './receive';
export { handoffSourceOf, stayFacts, type StayFacts } from './source';
export * from './schema';
