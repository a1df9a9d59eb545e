/**
 * The shape of the PreviewReaper's notice ledger (a DynamoDB table), shared by the construct that creates it and
 * the handler that writes it. No imports: both the library and the handler bundle read it.
 *
 * One item per notice sent: its key names the stack (its id, so a new stack of the same name is another key),
 * the kind of notice and the moment it is about; an item exists while the notice counts as sent.
 * @internal
 */
export const NOTICE_LEDGER = {
  /** Partition key (string): `<stack id>#<kind>#<moment>`. */
  KEY: 'NoticeKey',
  /** TTL attribute (number, epoch seconds): DynamoDB deletes the claim some time after it. */
  TTL: 'ExpiresAt',
  /** Days a claim lives after the last pass that saw its condition (each pass that sees it keeps it). */
  RETENTION_DAYS: 30,
  /** A claim is renewed when fewer days than this are left: at most one extra write per claim and week. */
  RENEW_BELOW_DAYS: 23,
} as const;
