/**
 * Every migration, registered statically so the Vite server build includes them (a folder scan at run time
 * would find nothing in build/). Names sort by date; add new ones at the end. Never edit a landed migration.
 */
import type { Migration } from 'kysely';
import * as m0001 from './2026_11_23_0001_foundation';
import * as m0002 from './2026_11_23_0002_ordering';
import * as m0003 from './2026_11_23_0003_shop_data';
import * as m0004 from './2026_11_23_0004_suggestions';
import * as m0005 from './2026_11_23_0005_cycle_admin';
import * as m0006 from './2026_11_23_0006_master_data';
import * as m0007 from './2026_11_23_0007_monitoring';
import * as m0008 from './2026_11_23_0008_manager_work';
import * as m0009 from './2026_11_23_0009_suggestion_reason';
import * as m0010 from './2026_11_23_0010_peer_profiles';
import * as m0011 from './2026_11_23_0011_staged_upload_import';
import * as m20261207_0001 from './2026_12_07_0001_unknown_spec_days';
import * as m20261207_0002 from './2026_12_07_0002_jobs';
import * as m20261208_0001 from './2026_12_08_0001_staff_texts';
import * as m20261208_0040 from './2026_12_08_0040_retailer_manager_history';
import * as m20261208_0019 from './2026_12_08_0019_forecast_measures';
import * as m20261208_0017 from './2026_12_08_0017_indicator_targets';
import * as m20261208_0018 from './2026_12_08_0018_allocation_demand';
import * as m20261208_0030 from './2026_12_08_0030_scheduled_reports';
import * as m20261208_0050 from './2026_12_08_0050_staged_tables_gzipped';
import * as m20261208_0055 from './2026_12_08_0055_retailer_attribute_history';
import * as m20261208_0059 from './2026_12_08_0059_notices';
import * as m20261208_0053 from './2026_12_08_0053_notifications';
import * as m20261208_0061 from './2026_12_08_0061_spec_pictures';
import * as m20261208_0063 from './2026_12_08_0063_questions';
import * as m20261208_0070 from './2026_12_08_0070_notice_chases';
import * as m20261208_0064 from './2026_12_08_0064_scheduled_handovers';
import * as m20261208_0067 from './2026_12_08_0067_supervision';
import * as m20261208_0068 from './2026_12_08_0068_grading';

export const migrations: Record<string, Migration> = {
  '2026_11_23_0001_foundation': m0001,
  '2026_11_23_0002_ordering': m0002,
  '2026_11_23_0003_shop_data': m0003,
  '2026_11_23_0004_suggestions': m0004,
  '2026_11_23_0005_cycle_admin': m0005,
  '2026_11_23_0006_master_data': m0006,
  '2026_11_23_0007_monitoring': m0007,
  '2026_11_23_0008_manager_work': m0008,
  '2026_11_23_0009_suggestion_reason': m0009,
  '2026_11_23_0010_peer_profiles': m0010,
  '2026_11_23_0011_staged_upload_import': m0011,
  '2026_12_07_0001_unknown_spec_days': m20261207_0001,
  '2026_12_07_0002_jobs': m20261207_0002,
  '2026_12_08_0001_staff_texts': m20261208_0001,
  '2026_12_08_0040_retailer_manager_history': m20261208_0040,
  '2026_12_08_0017_indicator_targets': m20261208_0017,
  '2026_12_08_0018_allocation_demand': m20261208_0018,
  '2026_12_08_0019_forecast_measures': m20261208_0019,
  '2026_12_08_0030_scheduled_reports': m20261208_0030,
  '2026_12_08_0050_staged_tables_gzipped': m20261208_0050,
  '2026_12_08_0055_retailer_attribute_history': m20261208_0055,
  '2026_12_08_0059_notices': m20261208_0059,
  '2026_12_08_0053_notifications': m20261208_0053,
  '2026_12_08_0061_spec_pictures': m20261208_0061,
  '2026_12_08_0063_questions': m20261208_0063,
  '2026_12_08_0070_notice_chases': m20261208_0070,
  '2026_12_08_0064_scheduled_handovers': m20261208_0064,
  '2026_12_08_0067_supervision': m20261208_0067,
  '2026_12_08_0068_grading': m20261208_0068,
};
