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

/** Two specs of the catalogue for a template's example rows, so a template filled in as shown imports. */
export async function templateExampleSpecs(db: DB) {
  return db.selectFrom('specs').select(['name', 'packBarcode', 'cartonBarcode']).orderBy('id').limit(2).execute();
}
