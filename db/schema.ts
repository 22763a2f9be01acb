/**
 * The one Database interface. Column names are camelCase here and snake_case in SQL
 * (Kysely's CamelCasePlugin translates). Conventions that hold on both dialects:
 * - flags are integers 0/1 (better-sqlite3 cannot bind booleans);
 * - calendar days are 'YYYY-MM-DD' strings (PostgreSQL `date`, parsed back to a string in connect.ts);
 * - instants are ISO-8601 UTC strings (PostgreSQL `timestamptz`, parsed back to an ISO string);
 * - money is integer fen; every quantity names its unit (…Cartons, …Packs).
 * Nullable columns are `T | null`, never optional.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Id = Generated<number>;
/** 0 or 1. */
export type Flag = number;
/** 'YYYY-MM-DD' in Asia/Shanghai business days. */
export type Day = string;
/** ISO-8601 instant in UTC, e.g. 2026-11-23T09:00:00.000Z. */
export type Instant = string;

export type Role = 'retailer' | 'manager' | 'staff';
export type BusinessType = 'grocery' | 'convenience' | 'supermarket' | 'tobacco_liquor' | 'entertainment' | 'catering' | 'other';
export type MarketType = 'urban' | 'rural';
export type OrderStatus = 'draft' | 'submitted' | 'allocated' | 'confirmed' | 'delivered' | 'cancelled' | 'failed';
export type CycleStatus = 'planned' | 'open' | 'closed' | 'allocated' | 'published' | 'delivered';
export type UploadKind = 'sales' | 'receipts' | 'stock_count';
export type UploadSource = 'file' | 'api' | 'manual' | 'seed' | 'delivery';

export interface StationTable {
  id: Id;
  code: string;
  nameZh: string;
  nameEn: string;
}

export interface UserTable {
  id: Id;
  username: string;
  passwordHash: string;
  role: Role;
  displayName: string;
  /** Preferred language, null = follow cookie / browser. */
  locale: string | null;
  largeText: ColumnType<Flag, Flag | undefined, Flag>;
  disabled: ColumnType<Flag, Flag | undefined, Flag>;
  createdAt: Instant;
}

export interface AccountManagerTable {
  id: Id;
  userId: number;
  code: string;
  name: string;
  phone: string;
  stationId: number;
}

export interface RetailerTable {
  id: Id;
  userId: number | null;
  /** 许可证号, 12 digits. */
  licenceNo: string;
  name: string;
  ownerName: string;
  phone: string;
  address: string;
  stationId: number;
  managerId: number;
  businessType: BusinessType;
  marketType: MarketType;
  /** 档位 1–30, 30 highest. */
  grade: number;
  /** 订货日, ISO weekday 1 = Monday … 7 = Sunday. */
  orderWeekday: number;
  /** Takes part in online distribution (网上配货), so must upload and order online. */
  isOnline: Flag;
  active: Flag;
  isBenchmark: Flag;
  depositBalanceFen: number;
  createdAt: Instant;
}

export interface SpecTable {
  id: Id;
  code: string;
  name: string;
  brand: string;
  manufacturer: string;
  cartonBarcode: string;
  packBarcode: string;
  packsPerCarton: number;
  /** 价类 1 (一类) … 5 (五类). */
  priceClass: number;
  wholesalePriceFenPerCarton: number;
  retailPriceFenPerCarton: number;
  isScarce: Flag;
  isNew: Flag;
  launchDate: Day | null;
  isOrderable: Flag;
  isDiscontinued: Flag;
}

export interface OrderCycleTable {
  id: Id;
  /** e.g. 2026-W48 */
  code: string;
  /** Monday of the ordering week. */
  startsOn: Day;
  /** Sunday of the ordering week. */
  endsOn: Day;
  /** When ordering opens (retailers may order from here until the cut-off of their order day). */
  opensAt: Instant;
  /** Local (Asia/Shanghai) time of day of the cut-off on each retailer's order day, 'HH:MM:SS'. */
  cutoffLocalTime: string;
  /** Delivery follows the order day by this many days. */
  leadDays: number;
  status: CycleStatus;
  createdAt: Instant;
}

export interface CycleSupplyTable {
  cycleId: number;
  specId: number;
  /** null = unlimited. */
  supplyCartons: number | null;
}

export interface CapTable {
  cycleId: number;
  specId: number;
  gradeFrom: number;
  gradeTo: number;
  capCartons: number;
}

export interface OrderTable {
  id: Id;
  retailerId: number;
  cycleId: number;
  status: OrderStatus;
  /** Who last submitted it (a retailer's own user, or its account manager). */
  submittedByUserId: number | null;
  onBehalf: ColumnType<Flag, Flag | undefined, Flag>;
  submittedAt: Instant | null;
  totalCartons: number;
  totalAmountFen: number;
  failureReason: string | null;
  createdAt: Instant;
  updatedAt: Instant;
  deliveredOn: Day | null;
  /** When the shop confirmed what arrived (配货结果核查 of the delivery). */
  receiptConfirmedAt: Instant | null;
  /** When the shop confirmed its published allocation (status 'allocated' → 'confirmed'). */
  allocationConfirmedAt: Instant | null;
  /** A problem the shop reported with its allocation (the order stays 'allocated'), and when. */
  allocationProblem: string | null;
  allocationProblemAt: Instant | null;
}

export interface OrderLineTable {
  id: Id;
  orderId: number;
  specId: number;
  qtyRequestedCartons: number;
  /** The cap that applied when the line was last saved; null = no cap. */
  capCartons: number | null;
  /** The suggestion shown at the time; null = none. */
  suggestedCartons: number | null;
  qtyAllocatedCartons: number | null;
  unitPriceFen: number;
  /** What the shop says arrived, when it reported a mismatch on delivery; null = as allocated / not reported. */
  qtyReceivedCartons: number | null;
  /** Why the shop ordered differently from the suggestion (event, closing, price, other), when it said. */
  deviationReason: string | null;
}

export interface UploadTable {
  id: Id;
  /** The batch (file, API call, typed entry) this day's data came in; null for seeded history. */
  batchId: number | null;
  retailerId: number;
  kind: UploadKind;
  source: UploadSource;
  /** The business day the upload is about (sales/receipts day, or the day of a count). */
  businessDate: Day;
  createdByUserId: number | null;
  createdAt: Instant;
  rowsAccepted: number;
  rowsRejected: number;
}

export interface PosDailySalesTable {
  retailerId: number;
  specId: number;
  salesDate: Day;
  qtyPacks: number;
  uploadId: number | null;
}

export interface ReceiptTable {
  retailerId: number;
  specId: number;
  receivedOn: Day;
  qtyPacks: number;
  uploadId: number | null;
  orderId: number | null;
}

/**
 * A spec-day an upload named only in refused lines, with no earlier figure to keep: its sales (or receipts) are
 * unknown, not zero. Removed when a later upload of the day gives (or no longer refuses) the spec's figure.
 */
export interface UnknownSpecDayTable {
  retailerId: number;
  kind: 'sales' | 'receipts';
  day: Day;
  specId: number;
  batchId: number;
}

export interface StockCountTable {
  id: Id;
  retailerId: number;
  countedAt: Instant;
  uploadId: number | null;
}

export interface StockCountLineTable {
  stockCountId: number;
  specId: number;
  qtyPacks: number;
}

export interface SessionTable {
  id: string;
  userId: number;
  createdAt: Instant;
  expiresAt: Instant;
}

/** The working copy of an order: what the shop is editing; submitted lines live in order_lines. */
export interface CartLineTable {
  orderId: number;
  specId: number;
  qtyCartons: number;
}

export type OrderEventKind = 'submitted' | 'changed' | 'cancelled';

export interface OrderEventTable {
  id: Id;
  orderId: number;
  at: Instant;
  actorUserId: number;
  /** 1 when an account manager acted for the shop (代客下单). */
  onBehalf: Flag;
  kind: OrderEventKind;
  totalCartons: number;
  totalAmountFen: number;
}

export type UploadOutcome = 'accepted' | 'partial' | 'rejected';

export interface UploadBatchTable {
  id: Id;
  retailerId: number;
  kind: UploadKind;
  source: UploadSource;
  fileName: string | null;
  contentSha256: string | null;
  createdByUserId: number | null;
  apiTokenId: number | null;
  createdAt: Instant;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  dayFrom: Day | null;
  dayTo: Day | null;
  outcome: UploadOutcome;
  /** The staged upload a file import came from (deleted in the import's transaction); null for other sources. */
  stagedUploadId: string | null;
}

export interface UploadRejectionTable {
  id: Id;
  batchId: number;
  retailerId: number;
  rowNo: number;
  columnName: string;
  code: string;
  value: string;
  barcode: string | null;
  day: Day | null;
  qty: number | null;
  resolvedAt: Instant | null;
}

export interface StagedUploadTable {
  id: string;
  retailerId: number;
  userId: number;
  kind: UploadKind;
  fileName: string;
  contentSha256: string;
  /** The read file's table, packed (app/server/uploads/staged-table.server.ts); always written. */
  tableGz: Uint8Array;
  mappingJson: string | null;
  createdAt: Instant;
}

export interface ApiTokenTable {
  id: Id;
  retailerId: number;
  name: string;
  /** The first characters, to tell tokens apart on the page (the rest is never shown again). */
  tokenPrefix: string;
  tokenSha256: string;
  createdByUserId: number;
  createdAt: Instant;
  lastUsedAt: Instant | null;
  revokedAt: Instant | null;
}

export interface BarcodeAliasTable {
  retailerId: number;
  barcode: string;
  specId: number;
  qtyPacksPerUnit: number;
  createdByUserId: number;
  createdAt: Instant;
}

export type QualityIssueStatus = 'open' | 'fixed' | 'explained';

export interface QualityIssueTable {
  id: Id;
  retailerId: number;
  /** kind:spec:day — one row per finding. */
  issueKey: string;
  kind: string;
  specId: number | null;
  day: Day;
  detailJson: string;
  status: QualityIssueStatus;
  foundAt: Instant;
  resolvedAt: Instant | null;
  resolvedByUserId: number | null;
  resolutionNote: string | null;
}

export interface QualityFixLogTable {
  id: Id;
  issueId: number;
  at: Instant;
  userId: number;
  action: string;
  beforeJson: string | null;
  afterJson: string | null;
  note: string | null;
}

export interface RuleSettingsTable {
  version: Id;
  settingsJson: string;
  createdByUserId: number | null;
  createdAt: Instant;
  note: string | null;
}

export interface SuggestionTable {
  cycleId: number;
  retailerId: number;
  specId: number;
  suggestedCartons: number;
  forecastDailyPacks: number;
  /** The numbers that made it (forecast, method, protection days, safety stock, position, rounding, cap). */
  explanationJson: string;
  settingsVersion: number;
  computedAt: Instant;
  /** The suggestion's reason (explanation.reason); null for rows stored before it was kept as a column. */
  reason: string | null;
}

export interface ForecastAccuracyTable {
  cycleId: number;
  /** 0 = county total. */
  specId: number;
  forecastPacks: number;
  actualPacks: number;
  absErrorPacks: number;
  computedAt: Instant;
}

/** 预测准确率 per cycle, shop and spec, measured once the shop's 7 days from its order day have passed. */
export interface ForecastMeasureTable {
  cycleId: number;
  retailerId: number;
  specId: number;
  /** The shop's order day in the cycle (the first of the 7 days measured). */
  orderDay: Day;
  /** The 7-day forecast, rounded to whole packs. */
  forecastPacks: number;
  actualPacks: number;
  /** Only offered to the shop (similar shops sell it), not in its draft. */
  offered: Flag;
  measuredAt: Instant;
}

/** What the demo seed deliberately broke, so data-quality checks can be measured against the truth. */
export interface SeedInjectionTable {
  retailerId: number;
  specId: number;
  day: Day;
  kind: 'scan_x10' | 'unknown_barcode' | 'count_discrepancy' | 'sales_spike';
  detail: string;
}

/** What a manager noted after a call or visit (issue 7); the newest one is the shop's "last contact". */
export type ContactTopic = 'not_ordered' | 'not_uploaded' | 'allocation_unconfirmed' | 'issue_open' | 'general';

export interface ContactNoteTable {
  id: Id;
  retailerId: number;
  authorUserId: number;
  at: Instant;
  topic: ContactTopic;
  /** A quick pick (e.g. will_order_tonight, closed_holiday); null when only free text was given. */
  outcome: string | null;
  note: string | null;
  cycleId: number | null;
}

/** Why a shop is a 标杆终端 (the flag itself is retailers.isBenchmark). */
export interface BenchmarkMarkTable {
  retailerId: number;
  reason: string;
  markedByUserId: number;
  markedAt: Instant;
}

export interface StoreVisitTable {
  id: Id;
  retailerId: number;
  visitedOn: Day;
  durationMinutes: number;
  whatDone: string;
  /** File name under data/uploads/visits/ (random, chosen by the server); null = no photo. */
  photoFile: string | null;
  photoContentType: string | null;
  photoBytes: number | null;
  createdByUserId: number;
  createdAt: Instant;
}

/** One computation of the market supervision list (issue 18, decision 0038): only the latest is kept. */
export interface SupervisionRunTable {
  id: Id;
  computedAt: Instant;
  /** The Shanghai day it was computed for: a day later the pages queue it again. */
  computedForDay: Day;
  /** The delivered cycles read, oldest first: [{ id, code, startsOn, endsOn }]. */
  cyclesJson: string;
  rowsCount: number;
}

/** A flagged shop × scarce spec of a supervision run, with its figures (app/domain/allocation/supervision.ts SupervisionCase). */
export interface SupervisionCaseTable {
  runId: number;
  retailerId: number;
  specId: number;
  /** Asked packs − the window's sales: the list's order, largest first. */
  excessPacks: number;
  figuresJson: string;
}

/** A note a manager or staff member keeps on a shop × scarce spec of the supervision list (the trail). */
export interface SupervisionNoteTable {
  id: Id;
  retailerId: number;
  specId: number;
  userId: number;
  body: string;
  createdAt: Instant;
}

/** A version of staff's grading rule (档位评定, issue 18; app/domain/shop/grading.ts GradingRule). */
export interface GradingRuleTable {
  id: Id;
  /** { ordered, premium, scanned } whole percentages summing to 100. */
  weightsJson: string;
  /** One { grade, fromPercent, toPercent } per grade 1–30. */
  bandsJson: string;
  maxStep: number;
  setByUserId: number;
  setAt: Instant;
}

/** A month's grade proposal (the 'grading' job): open → approved (applied when the next cycle opens) or discarded. */
export interface GradeProposalTable {
  id: Id;
  /** The rule version it was computed under (null: the default rule), and the rule itself. */
  ruleId: number | null;
  ruleJson: string;
  windowFrom: Day;
  windowTo: Day;
  computedAt: Instant;
  computedByUserId: number | null;
  /** open | approved | discarded */
  status: string;
  judged: number;
  notJudged: number;
  decidedAt: Instant | null;
  decidedByUserId: number | null;
  appliedAt: Instant | null;
  appliedCycleId: number | null;
}

/** A shop whose grade a proposal would change, with the numbers behind it and staff's decision. */
export interface GradeProposalLineTable {
  proposalId: number;
  retailerId: number;
  gradeFrom: number;
  gradeTo: number;
  /** |gradeTo − gradeFrom|: the review lists the biggest first. */
  stepSize: number;
  /** The grade the rule's band gives (gradeTo differs when the step is limited). */
  bandGrade: number;
  whyJson: string;
  /** pending | approved | rejected (staff kept the grade) | superseded (the grade changed otherwise before it applied) */
  decision: string;
}

/** One retailer's answer to the quarterly survey; scores 0–100 per topic. */
/** A retailer's question (issue 19, app/domain/questions.ts); the shop's dimensions as they were when it asked. */
export interface QuestionTable {
  id: Id;
  retailerId: number;
  askedByUserId: number;
  askedAt: Instant;
  body: string;
  /** QuestionContext: order_line, allocation, data_issue, delivery, general. */
  contextKind: string;
  contextCycleId: number | null;
  contextOrderId: number | null;
  contextSpecId: number | null;
  contextIssueId: number | null;
  /** A code the page translates (a data issue's kind), or null. */
  contextCode: string | null;
  /** What the question is about, in words that need no translation (cycle code, spec name, day). */
  contextLabel: string;
  managerId: number;
  stationId: number;
  businessType: BusinessType;
  marketType: MarketType;
  grade: number;
  /** QuestionStatus: open, with_staff, answered. */
  status: string;
  handedAt: Instant | null;
  handedByUserId: number | null;
  handNote: string | null;
  answer: string | null;
  answeredAt: Instant | null;
  answeredByUserId: number | null;
  answeredByRole: string | null;
  /** Whole minutes from asking to the answer (the service indicator's numerator). */
  responseMinutes: number | null;
  answerReadAt: Instant | null;
  /** 1–5, the shop's rating of the answer. */
  rating: number | null;
  ratedAt: Instant | null;
}

export interface SatisfactionResponseTable {
  id: Id;
  retailerId: number;
  /** e.g. 2026-Q4 */
  quarter: string;
  /** The shop's manager and station when it answered. */
  managerId: number;
  stationId: number;
  supplyScore: number;
  orderingScore: number;
  deliveryScore: number;
  managerScore: number;
  comment: string | null;
  submittedByUserId: number;
  submittedAt: Instant;
}

export type MasterDataKind = 'retailers' | 'specs' | 'managers';

/** A one-time password handed over by staff and not yet replaced: while the row exists, the user must choose its own. */
export interface PasswordHandoverTable {
  userId: number;
  issuedAt: Instant;
  issuedByUserId: number;
}

/** A staff user's parsed master-data file, kept between preview and confirm. */
export interface MasterDataStagedTable {
  id: string;
  userId: number;
  kind: MasterDataKind;
  fileName: string;
  contentSha256: string;
  /** The read file's table, packed (app/server/uploads/staged-table.server.ts); always written. */
  tableGz: Uint8Array;
  createdAt: Instant;
  expiresAt: Instant;
}

/** One confirmed master-data import and what it did. */
export interface MasterDataImportTable {
  id: Id;
  kind: MasterDataKind;
  fileName: string;
  contentSha256: string;
  userId: number;
  createdAt: Instant;
  rowsRead: number;
  rowsSkipped: number;
  createdCount: number;
  changedCount: number;
  unchangedCount: number;
  missingCount: number;
  deactivatedCount: number;
}

/** Every grade a shop was given and from which business day; gradeFrom null = the shop's first grade. */
export interface RetailerGradeHistoryTable {
  id: Id;
  retailerId: number;
  gradeFrom: number | null;
  gradeTo: number;
  effectiveOn: Day;
  changedAt: Instant;
  changedByUserId: number | null;
  importId: number | null;
}

/**
 * What a shop was over a closed period of days (issue 17): its station, manager, 业态, market type and grade from
 * validFrom (null = since first recorded) up to the day before validTo. From the latest row's validTo on, the shop
 * is what its retailers row says; a shop that never changed has no row (retailer-history.server.ts).
 */
export interface RetailerAttributeHistoryTable {
  id: Id;
  retailerId: number;
  stationId: number;
  managerId: number;
  businessType: BusinessType;
  marketType: MarketType;
  grade: number;
  validFrom: Day | null;
  validTo: Day;
  /** What closed the period: 'handover' (route hand-over), 'import' (master data) or 'grading' (an approved grade proposal). */
  cause: string;
  changedAt: Instant;
  changedByUserId: number | null;
}

/**
 * A route hand-over dated ahead (decision 0037): pending until the jobs runner applies it on its effective day, or
 * cancelled by staff before. 'all' moves every shop the manager has on that day; 'some' the shops listed in
 * scheduled_handover_shops that are still on the route then.
 */
export interface ScheduledHandoverTable {
  id: Id;
  fromManagerId: number;
  toManagerId: number;
  scope: 'all' | 'some';
  effectiveOn: Day;
  status: 'pending' | 'applied' | 'cancelled';
  createdByUserId: number | null;
  createdAt: Instant;
  cancelledByUserId: number | null;
  cancelledAt: Instant | null;
  appliedAt: Instant | null;
  /** When applied: the shops that moved, and those left where they were (off the route by then). */
  movedShops: number | null;
  skippedShops: number | null;
}

export interface ScheduledHandoverShopTable {
  handoverId: number;
  retailerId: number;
}

/** One allocation run of a cycle (re-runnable until published; the published run is stamped). */
export interface AllocationRunTable {
  id: Id;
  cycleId: number;
  runByUserId: number;
  runAt: Instant;
  ordersCount: number;
  linesCount: number;
  requestedCartons: number;
  allocatedCartons: number;
  failedOrders: number;
  shortSpecs: number;
  elapsedMs: number;
  summaryJson: string;
  publishedAt: Instant | null;
  publishedByUserId: number | null;
}

export type CycleImportKind = 'caps' | 'supply';

/** A supply or caps file waiting between its preview and its import. */
export interface CycleImportTable {
  id: string;
  cycleId: number;
  userId: number;
  kind: CycleImportKind;
  fileName: string;
  /** The read file's table, packed (app/server/uploads/staged-table.server.ts); always written. */
  tableGz: Uint8Array;
  createdAt: Instant;
}

/** Additive counts behind the monitoring indicators (see db/migrations/2026_11_23_0007_monitoring.ts). */
export interface MonitoringCounts {
  dueUpload: number;
  uploaded: number;
  dueOrder: number;
  orderedOk: number;
  orderFailed: number;
  notOrderedStreak2: number;
  fulRequestedCartons: number;
  fulAllocatedCartons: number;
  capLines: number;
  capLinesFull: number;
  capRequestedCartons: number;
  capCartons: number;
  matchAbsDiffCartons: number;
  matchSuggestedCartons: number;
  scarceEligible: number;
  scarceCovered: number;
  newAllocated: number;
  newListed: number;
  fcAbsErrorPacks: number;
  fcActualPacks: number;
  salesPacks: number;
  stockKnown: number;
  stockPacks: number;
  stockSalesPacks: number;
  carriedPairs: number;
  stockoutPairs: number;
}

export interface MonitoringRetailerDayTable extends MonitoringCounts {
  retailerId: number;
  day: Day;
  emptyStreak: number;
  stockCountDay: Day | null;
}

export interface MonitoringRollupTable extends MonitoringCounts {
  /** county | station | manager | businessType | marketType | grade */
  dim: string;
  dimValue: string;
  day: Day;
}

export interface MonitoringDirtyTable {
  id: Id;
  retailerId: number;
  dayFrom: Day;
}

export interface MonitoringStateTable {
  key: string;
  value: string;
}

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

/** Long work run outside requests, one at a time per kind (db/jobs.ts, docs/decisions/0016-jobs.md). */
export interface JobTable {
  id: Id;
  kind: string;
  payloadJson: ColumnType<string, string | undefined, string>;
  status: JobStatus;
  progressDone: ColumnType<number, number | undefined, number>;
  progressTotal: number | null;
  resultJson: string | null;
  /** A reason code the page translates. */
  error: string | null;
  attempts: ColumnType<number, number | undefined, number>;
  owner: string | null;
  requestedByUserId: number | null;
  createdAt: Instant;
  startedAt: Instant | null;
  heartbeatAt: Instant | null;
  finishedAt: Instant | null;
}

/** Similar shops' profile per cycle, business type and grade band (the suggestion batch writes it). */
export interface PeerProfileTable {
  cycleId: number;
  businessType: string;
  gradeFrom: number;
  specId: number;
  shops: number;
  dailyPacks: number;
  groupShops: number;
  computedAt: Instant;
}

/** A text staff write for the shops to read (docs/retailer.md, "My grade"); one row per key. */
export interface StaffTextTable {
  key: string;
  body: string;
  updatedByUserId: number;
  updatedAt: Instant;
}

/** 按需供货 (issue 18): a shop's estimated demand for a spec in a cycle (app/domain/allocation/demand.ts). */
export interface DemandEstimateTable {
  cycleId: number;
  specId: number;
  retailerId: number;
  demandCartons: number;
  regularSeller: Flag;
  cappedOrder: Flag;
  /** The DemandEstimate that produced it, as JSON (the why). */
  explanationJson: string;
  computedAt: Instant;
}

/** The allocation method staff chose for one spec this cycle (app/domain/allocation/methods.ts); none = 按档位. */
export interface CycleAllocationMethodTable {
  cycleId: number;
  specId: number;
  /** 'grade' | 'demand' | 'blend' */
  method: string;
  floorCartons: number;
  gradePercent: number;
  demandPercent: number;
  setByUserId: number;
  setAt: Instant;
}

/** Re-encoded product-picture images (issue 19), content-addressed: served at /resources/spec-pictures/<hash>. */
export interface SpecPictureFileTable {
  /** sha-256 of the bytes, hex, first 32 characters. */
  hash: string;
  /** 'image/webp' | 'image/jpeg' */
  contentType: string;
  bytes: Uint8Array;
  createdAt: Instant;
}

/** A spec's picture (hashes of spec_picture_files; null: no picture) and short description (新品推介). */
export interface SpecPictureTable {
  specId: number;
  description: string | null;
  thumbWebp: string | null;
  thumbJpeg: string | null;
  cardWebp: string | null;
  cardJpeg: string | null;
  cardWidth: number | null;
  cardHeight: number | null;
  updatedByUserId: number;
  updatedAt: Instant;
}

/** A zip of pictures between its preview and its confirmation; `unplacedJson`: the files it could not place. */
export interface SpecPictureBatchTable {
  id: Id;
  createdByUserId: number;
  fileName: string;
  unplacedJson: string;
  createdAt: Instant;
}

export interface SpecPictureBatchItemTable {
  batchId: number;
  specId: number;
  fileName: string;
  thumbWebp: string;
  thumbJpeg: string;
  cardWebp: string;
  cardJpeg: string;
  cardWidth: number;
  cardHeight: number;
}

/** 考核目标: a target per monitoring indicator (issue 17); values in hundredths of the unit the page shows. */
export interface IndicatorTargetTable {
  indicator: string;
  targetHundredths: number;
  /** 'atLeast' | 'atMost' */
  direction: string;
  /** null = the stated amber rule (app/domain/indicators/targets.ts). */
  amberHundredths: number | null;
  updatedByUserId: number;
  updatedAt: Instant;
}

/** A report staff scheduled (issue 17): produced by the jobs runner after each period closes. */
export interface ReportScheduleTable {
  id: Id;
  /** 'week' (周分析) or 'month' (月对标). */
  kind: string;
  language: string;
  createdByUserId: number;
  createdAt: Instant;
  lastQueuedFrom: Day | null;
}

/** A produced Excel report, kept for download; one per kind, language and period. */
export interface ReportFileTable {
  id: Id;
  /** 'day', 'week' or 'month'. */
  kind: string;
  language: string;
  periodFrom: Day;
  periodTo: Day;
  fileName: string;
  content: Uint8Array;
  sizeBytes: number;
  requestedByUserId: number | null;
  createdAt: Instant;
}

/** A notice (通知公告, issue 19) from staff (county) or a manager (`managerId`: its route). */
export interface NoticeTable {
  id: Id;
  title: string;
  /** The text as written: a small Markdown subset, rendered and sanitized when shown (app/server/notice-text.server.ts). */
  body: string;
  /** Must be acknowledged by each shop. */
  important: Flag;
  authorUserId: number;
  /** Set when a manager wrote it (the notice of that route); null for staff. */
  managerId: number | null;
  /** The audience as chosen (NoticeAudience in app/domain/notices.ts), for showing it. */
  audienceJson: string;
  recipientCount: number;
  /** The attachment's cleaned file name, checked type and size; null = none. */
  attachmentName: string | null;
  attachmentType: string | null;
  attachmentBytes: number | null;
  createdAt: Instant;
}

export interface NoticeFileTable {
  noticeId: number;
  content: Uint8Array;
}

/** A shop the notice reached when published; read and acknowledged when that happened. */
export interface NoticeRecipientTable {
  noticeId: number;
  retailerId: number;
  readAt: Instant | null;
  acknowledgedAt: Instant | null;
  /** When the shop was last reminded of it (a chase); null: never. */
  chasedAt: Instant | null;
}

/** A chase of a notice (issue 19): staff (the county) or a manager (its route) reminded the shops still to do it. */
export interface NoticeChaseTable {
  id: Id;
  noticeId: number;
  chasedByUserId: number;
  /** The chaser's route when a manager chased; null: staff (the county). */
  managerId: number | null;
  /** How many shops it reminded. */
  shops: number;
  createdAt: Instant;
}

/** The notification outbox (issue 16; migration 2026_12_08_0053): one row per message and channel. */
export interface NotificationTable {
  id: Id;
  /** The recipient. */
  userId: number;
  /** The shop it is about, when it is about one (its manager may see it). */
  retailerId: number | null;
  cycleId: number | null;
  /** e.g. 'order_eve' (app/domain/notifications.ts). */
  kind: string;
  /** The i18next key of its text and the key's parameters (JSON): rendered in the recipient's language. */
  textKey: string;
  paramsJson: string;
  channel: 'in_app' | 'push' | 'sms';
  /** Not sent before (quiet hours applied), not sent after (null = no limit). */
  dueAt: Instant;
  expiresAt: Instant | null;
  status: 'queued' | 'sent' | 'failed' | 'held' | 'expired' | 'cancelled';
  attempts: ColumnType<number, number | undefined, number>;
  /** A reason code: why it failed, was held or cancelled. */
  error: string | null;
  sentAt: Instant | null;
  /** The same message is queued once (unique); null = no such rule. */
  dedupeKey: string | null;
  createdAt: Instant;
}

/** A user's notification channels besides the app, and quiet hours (local 'HH:MM'; both null = none). */
export interface NotificationSettingsTable {
  userId: number;
  push: Flag;
  sms: Flag;
  quietFrom: string | null;
  quietTo: string | null;
  updatedAt: Instant;
}

/** A phone's browser that may receive Web Push for a user. */
export interface PushSubscriptionTable {
  id: Id;
  userId: number;
  endpoint: string;
  p256dh: string;
  auth: string;
  createdAt: Instant;
}

export interface Database {
  stations: StationTable;
  users: UserTable;
  accountManagers: AccountManagerTable;
  retailers: RetailerTable;
  specs: SpecTable;
  orderCycles: OrderCycleTable;
  cycleSupply: CycleSupplyTable;
  caps: CapTable;
  orders: OrderTable;
  orderLines: OrderLineTable;
  uploads: UploadTable;
  posDailySales: PosDailySalesTable;
  receipts: ReceiptTable;
  unknownSpecDays: UnknownSpecDayTable;
  stockCounts: StockCountTable;
  stockCountLines: StockCountLineTable;
  sessions: SessionTable;
  seedInjections: SeedInjectionTable;
  cartLines: CartLineTable;
  orderEvents: OrderEventTable;
  uploadBatches: UploadBatchTable;
  uploadRejections: UploadRejectionTable;
  stagedUploads: StagedUploadTable;
  apiTokens: ApiTokenTable;
  barcodeAliases: BarcodeAliasTable;
  qualityIssues: QualityIssueTable;
  qualityFixLog: QualityFixLogTable;
  ruleSettings: RuleSettingsTable;
  suggestions: SuggestionTable;
  peerProfiles: PeerProfileTable;
  forecastAccuracy: ForecastAccuracyTable;
  forecastMeasures: ForecastMeasureTable;
  allocationRuns: AllocationRunTable;
  cycleImports: CycleImportTable;
  contactNotes: ContactNoteTable;
  benchmarkMarks: BenchmarkMarkTable;
  storeVisits: StoreVisitTable;
  satisfactionResponses: SatisfactionResponseTable;
  masterDataStaged: MasterDataStagedTable;
  masterDataImports: MasterDataImportTable;
  retailerGradeHistory: RetailerGradeHistoryTable;
  retailerAttributeHistory: RetailerAttributeHistoryTable;
  scheduledHandovers: ScheduledHandoverTable;
  scheduledHandoverShops: ScheduledHandoverShopTable;
  passwordHandovers: PasswordHandoverTable;
  monitoringRetailerDays: MonitoringRetailerDayTable;
  monitoringRollups: MonitoringRollupTable;
  monitoringDirty: MonitoringDirtyTable;
  monitoringState: MonitoringStateTable;
  jobs: JobTable;
  reportSchedules: ReportScheduleTable;
  reportFiles: ReportFileTable;
  notices: NoticeTable;
  noticeFiles: NoticeFileTable;
  noticeRecipients: NoticeRecipientTable;
  noticeChases: NoticeChaseTable;
  staffTexts: StaffTextTable;
  indicatorTargets: IndicatorTargetTable;
  demandEstimates: DemandEstimateTable;
  cycleAllocationMethods: CycleAllocationMethodTable;
  notifications: NotificationTable;
  notificationSettings: NotificationSettingsTable;
  pushSubscriptions: PushSubscriptionTable;
  specPictureFiles: SpecPictureFileTable;
  specPictures: SpecPictureTable;
  specPictureBatches: SpecPictureBatchTable;
  specPictureBatchItems: SpecPictureBatchItemTable;
  questions: QuestionTable;
  supervisionRuns: SupervisionRunTable;
  supervisionCases: SupervisionCaseTable;
  supervisionNotes: SupervisionNoteTable;
  gradingRules: GradingRuleTable;
  gradeProposals: GradeProposalTable;
  gradeProposalLines: GradeProposalLineTable;
}

export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type Retailer = Selectable<RetailerTable>;
export type NewRetailer = Insertable<RetailerTable>;
export type Spec = Selectable<SpecTable>;
export type NewSpec = Insertable<SpecTable>;
export type OrderCycle = Selectable<OrderCycleTable>;
export type Order = Selectable<OrderTable>;
export type OrderUpdate = Updateable<OrderTable>;
export type OrderLine = Selectable<OrderLineTable>;
export type Session = Selectable<SessionTable>;
