/**
 * City scale (issue 8), SQLite and PostgreSQL side by side:
 *   npm run bench -- --scale city [--retailers 20000] [--specs 200] [--weeks 16] [--seconds 10] [--only sqlite|postgres]
 * For each dialect, a fresh database (a file in os.tmpdir(); a scratch PostgreSQL database, dropped after) gets the
 * generated city; then: seed time and rows, order-submit throughput and p99 under a morning rush (50 shops at once,
 * each with its own session, over loopback to the production server), one retailer's suggestions p95, the whole
 * city's suggestion batch (the first ever and the weekly one), the monitoring page p95, and the bench process's
 * peak memory. PostgreSQL is TEST_DATABASE_URL / 127.0.0.1:5432 (user postgres).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { connect } from "../db/connect";
import { migrateToLatest } from "../db/migrate";
import { seedDemo } from "../app/server/seed.server";
import {
  computeSuggestionsForCounty,
  computeSuggestionsForRetailer,
} from "../app/server/suggestions/batch.server";
import { percentile, startServer, stopServer, type Figure } from "./lib";
import { benchMonitoring } from "./monitoring";
import { benchOrderSubmit, prepareShoppers } from "./order-submit";

export interface CityOptions {
  retailers: number;
  specs: number;
  weeks: number;
  seconds: number;
  dialects: Array<"sqlite" | "postgres">;
  /** Only these parts after the seed (default all): submit, suggestions, monitoring. */
  parts?: Array<"submit" | "suggestions" | "monitoring">;
  /**
   * A folder to keep the seeded databases in (city.db, and a PostgreSQL database named after the folder) and
   * reuse on the next run: seeding takes 5–6 minutes per dialect, too long to repeat while tuning one part.
   */
  keepDb?: string;
}

const PG_ADMIN_URL =
  process.env.TEST_DATABASE_URL ??
  "postgres://postgres@127.0.0.1:5432/postgres";

/** Peak RSS of this process, sampled while `work` runs. */
async function withPeakMemory<T>(
  work: () => Promise<T>
): Promise<{ result: T; peakMiB: number }> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(
    () => (peak = Math.max(peak, process.memoryUsage().rss)),
    100
  );
  try {
    return { result: await work(), peakMiB: peak / 1024 / 1024 };
  } finally {
    clearInterval(sampler);
  }
}

async function scratchPostgres(keptName?: string): Promise<{
  url: string;
  drop: () => Promise<void>;
}> {
  const name = keptName ?? `peihuo_city_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  const exists = await admin.query(
    "select 1 from pg_database where datname = $1",
    [name]
  );
  if (!exists.rowCount) await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

async function benchOneDialect(
  dialect: "sqlite" | "postgres",
  options: CityOptions,
  port: number
): Promise<Figure[]> {
  const label = dialect === "sqlite" ? "SQLite" : "PostgreSQL";
  const kept = options.keepDb ? path.resolve(options.keepDb) : null;
  if (kept) fs.mkdirSync(kept, { recursive: true });
  const dir = kept ?? fs.mkdtempSync(path.join(os.tmpdir(), "peihuo-city-"));
  const keptName = kept
    ? `peihuo_city_${path
        .basename(kept)
        .replace(/[^a-z0-9_]/gi, "_")
        .toLowerCase()}`
    : undefined;
  const scratch =
    dialect === "postgres" ? await scratchPostgres(keptName) : null;
  const databaseUrl = scratch ? scratch.url : path.join(dir, "city.db");
  const figures: Figure[] = [];
  const tag = (name: string) => `${name} [${label}]`;
  try {
    console.log(
      `» ${label}: seeding ${options.retailers} retailers × ${options.specs} specs × ${options.weeks} weeks…`
    );
    const db = connect({ url: databaseUrl });
    try {
      await migrateToLatest(db);
      const seeded = kept
        ? await db
            .selectFrom("retailers")
            .select("id")
            .limit(1)
            .executeTakeFirst()
        : undefined;
      if (seeded) {
        console.log(`» ${label}: reusing the city kept in ${databaseUrl}`);
      } else {
        const { result: seed, peakMiB } = await withPeakMemory(() =>
          seedDemo(db, {
            retailers: options.retailers,
            specs: options.specs,
            weeks: options.weeks,
          })
        );
        figures.push({
          name: tag("city seed"),
          value: seed.elapsedMs / 1000,
          unit: "s",
        });
        figures.push({
          name: tag("city seed rows"),
          value: seed.totalRows,
          unit: "rows",
        });
        figures.push({
          name: tag("peak memory during the seed"),
          value: peakMiB,
          unit: "MiB",
        });
      }
    } finally {
      await db.destroy();
    }

    const wanted = (part: "submit" | "suggestions" | "monitoring") =>
      !options.parts || options.parts.includes(part);
    if (wanted("submit")) {
      console.log(`» ${label}: order submit under a morning rush…`);
      const origin = `http://127.0.0.1:${port}`;
      const server = await startServer(
        { DATABASE_URL: databaseUrl, SESSION_SECRET: "bench-".padEnd(40, "x") },
        port
      );
      try {
        const shoppers = await prepareShoppers(databaseUrl, origin, 50);
        figures.push(
          ...(await benchOrderSubmit(origin, shoppers, options.seconds)).map(
            (f) => ({ ...f, name: tag(f.name) })
          )
        );
      } finally {
        await stopServer(server);
      }
    }

    if (wanted("suggestions")) {
      console.log(`» ${label}: suggestions…`);
      const db2 = connect({ url: databaseUrl });
      try {
        const staff = await db2
          .selectFrom("users")
          .select("id")
          .where("role", "=", "staff")
          .orderBy("id")
          .executeTakeFirstOrThrow();
        const staffUser = { userId: staff.id, role: "staff" as const };
        // A kept city has the last run's suggestions: clear them so the first batch is the very first again.
        await db2.deleteFrom("peerProfiles").execute();
        await db2.deleteFrom("suggestions").execute();
        const first = await withPeakMemory(() =>
          computeSuggestionsForCounty(db2, staffUser)
        );
        figures.push({
          name: tag(
            `suggestions batch, first ever (${first.result.shops} shops)`
          ),
          value: first.result.elapsedMs / 1000,
          unit: "s",
        });
        const weekly = await withPeakMemory(() =>
          computeSuggestionsForCounty(db2, staffUser)
        );
        figures.push({
          name: tag(
            `suggestions batch, weekly (${weekly.result.shops} shops, ${weekly.result.suggestions} lines)`
          ),
          value: weekly.result.elapsedMs / 1000,
          unit: "s",
          target: "< 120",
        });
        figures.push({
          name: tag("peak memory during the batch"),
          value: Math.max(first.peakMiB, weekly.peakMiB),
          unit: "MiB",
        });
        // One shop on its order page (the batch has run, as it does each week): 200 shops spread over the city.
        const shops = await db2
          .selectFrom("retailers")
          .select(["id", "userId"])
          .where("active", "=", 1)
          .orderBy("id")
          .execute();
        const step = Math.max(1, Math.floor(shops.length / 200));
        const times: number[] = [];
        for (let k = 0; k < shops.length && times.length < 200; k += step) {
          const s = shops[k]!;
          const t0 = performance.now();
          await computeSuggestionsForRetailer(
            db2,
            { userId: s.userId!, role: "retailer" },
            s.id
          );
          times.push(performance.now() - t0);
        }
        times.sort((a, b) => a - b);
        figures.push({
          name: tag("suggestions, one shop, p95"),
          value: percentile(times, 95),
          unit: "ms",
          target: "< 30",
        });
      } finally {
        await db2.destroy();
      }
    }

    if (wanted("monitoring")) {
      console.log(`» ${label}: monitoring page…`);
      figures.push(...(await benchMonitoring(databaseUrl, `city, ${label}`)));
    }
    return figures;
  } finally {
    if (!kept) {
      fs.rmSync(dir, { recursive: true, force: true });
      await scratch?.drop();
    }
  }
}

export async function benchCity(options: CityOptions): Promise<Figure[]> {
  const figures: Figure[] = [];
  let port = 3395;
  for (const dialect of options.dialects)
    figures.push(...(await benchOneDialect(dialect, options, port++)));
  return figures;
}
