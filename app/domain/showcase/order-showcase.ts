/** What the order page is given besides its ordering context (issue 19): pictures and the supply notice. Plain data. */
import type { SpecPictureView } from './pictures';
import type { SupplyNotice } from './supply-notice';

export interface OrderShowcase {
  pictures: SpecPictureView[];
  /** null: the cycle has not opened yet. */
  notice: SupplyNotice | null;
}
