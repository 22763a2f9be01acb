/**
 * 结构指标: what the shops were sold, by price class, brand and spec. From order lines of successful orders
 * (submitted, allocated, confirmed, delivered), each line counting its allocated cartons once allocated and its
 * requested cartons before (what the shop gets, or asked for while the allocation is still to run), at the line's
 * price. 一类烟占比 = cartons of 一类 specs ÷ all cartons; 单条均价 = amount ÷ cartons.
 */
export interface StructureLine {
  cartons: number;
  amountFen: number;
  /** 价类 1 (一类) … 5 (五类), from the spec master data. */
  priceClass: number;
}

export interface StructureFigures {
  cartons: number;
  amountFen: number;
  classOneCartons: number;
  /** 一类烟占比, 0–1; null without cartons. */
  classOneShare: number | null;
  /** 单条均价 in fen per carton (rounded to whole fen); null without cartons. */
  avgPriceFenPerCarton: number | null;
}

export function emptyStructure(): StructureFigures {
  return { cartons: 0, amountFen: 0, classOneCartons: 0, classOneShare: null, avgPriceFenPerCarton: null };
}

/** Adds one line (or an already summed group) into `acc` and refreshes the ratios. */
export function addStructure(acc: StructureFigures, line: StructureLine | Pick<StructureFigures, 'cartons' | 'amountFen' | 'classOneCartons'>): StructureFigures {
  acc.cartons += line.cartons;
  acc.amountFen += line.amountFen;
  acc.classOneCartons += 'priceClass' in line ? (line.priceClass === 1 ? line.cartons : 0) : line.classOneCartons;
  acc.classOneShare = acc.cartons > 0 ? acc.classOneCartons / acc.cartons : null;
  acc.avgPriceFenPerCarton = acc.cartons > 0 ? Math.round(acc.amountFen / acc.cartons) : null;
  return acc;
}

export function structureOf(lines: Iterable<StructureLine>): StructureFigures {
  const acc = emptyStructure();
  for (const l of lines) addStructure(acc, l);
  return acc;
}

/** The quantity a line counts with (allocated once allocated, requested before). */
export function structureCartons(line: { qtyRequestedCartons: number; qtyAllocatedCartons: number | null }): number {
  return line.qtyAllocatedCartons ?? line.qtyRequestedCartons;
}

/** Groups lines by a key, each group's figures, largest by cartons first (ties by key). */
export function structureBy<L extends StructureLine>(lines: Iterable<L>, key: (line: L) => string): Array<{ key: string; figures: StructureFigures }> {
  const groups = new Map<string, StructureFigures>();
  for (const l of lines) {
    const k = key(l);
    let acc = groups.get(k);
    if (!acc) groups.set(k, (acc = emptyStructure()));
    addStructure(acc, l);
  }
  return [...groups.entries()].map(([k, figures]) => ({ key: k, figures })).sort((a, b) => b.figures.cartons - a.figures.cartons || a.key.localeCompare(b.key));
}
