/** The barcodes a shop's data may use: every spec's carton and pack code, plus the shop's own mappings. */
import type { BarcodeSpec } from '~/domain/uploads/types';
import type { DB } from '../db.server';

export async function barcodeSpecsFor(db: DB, retailerId: number): Promise<BarcodeSpec[]> {
  const [specs, aliases] = await Promise.all([
    db.selectFrom('specs').select(['id', 'cartonBarcode', 'packBarcode', 'packsPerCarton']).execute(),
    db.selectFrom('barcodeAliases').select(['barcode', 'specId', 'qtyPacksPerUnit']).where('retailerId', '=', retailerId).execute(),
  ]);
  // A mapped barcode behaves like a pack code (1 pack per unit) or a carton code (packsPerCarton per unit).
  const mapped: BarcodeSpec[] = aliases.map((a) =>
    a.qtyPacksPerUnit === 1
      ? { id: a.specId, packBarcode: a.barcode, cartonBarcode: `alias:${a.barcode}`, packsPerCarton: 1 }
      : { id: a.specId, packBarcode: `alias:${a.barcode}`, cartonBarcode: a.barcode, packsPerCarton: a.qtyPacksPerUnit },
  );
  return [...specs, ...mapped];
}

/** barcode → spec id, whichever code (carton, pack, mapped) it is. */
export function specIdByBarcode(specs: BarcodeSpec[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const s of specs) {
    map.set(s.packBarcode, s.id);
    map.set(s.cartonBarcode, s.id);
  }
  return map;
}
