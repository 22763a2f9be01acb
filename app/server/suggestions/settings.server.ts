/**
 * Staff's rule settings (规则设置), stored in versions: the newest is in force, the old ones stay so every
 * suggestion can say which made it. What the settings are is app/domain/replenishment/rule-settings.ts.
 */
import { settleLevelMethod } from '~/domain/forms/rule-settings';
import { DEFAULT_RULE_SETTINGS, type LevelMethod, type RuleSettings } from '~/domain/replenishment';
import type { DB } from '../db.server';
import type { ScopeUser } from '../scope.server';

/**
 * The settings in force (the newest version), or the defaults as version 0 when staff never saved any. A level
 * method the version names without staff having chosen it is set aside for the rule's default (settleLevelMethod).
 */
export async function currentRuleSettings(db: DB): Promise<{ version: number; settings: RuleSettings; levelMethodSetAside: LevelMethod | null }> {
  const row = await db.selectFrom('ruleSettings').select(['version', 'settingsJson']).orderBy('version', 'desc').limit(1).executeTakeFirst();
  if (!row) return { version: 0, settings: DEFAULT_RULE_SETTINGS, levelMethodSetAside: null };
  const saved = JSON.parse(row.settingsJson) as Partial<RuleSettings>;
  const level = settleLevelMethod({ params: saved.params ?? {}, levelMethodChosen: saved.levelMethodChosen });
  return { version: row.version, settings: { ...DEFAULT_RULE_SETTINGS, ...saved, params: level.params, levelMethodChosen: level.levelMethodChosen }, levelMethodSetAside: level.setAside };
}

/** Saves staff's settings as a new version (the old ones stay, so every suggestion can say which made it). */
export async function saveRuleSettings(db: DB, user: ScopeUser, settings: RuleSettings, note: string | null, now = new Date()) {
  if (user.role !== 'staff') return null;
  const row = await db
    .insertInto('ruleSettings')
    .values({ settingsJson: JSON.stringify(settings), createdByUserId: user.userId, createdAt: now.toISOString(), note })
    .returning('version')
    .executeTakeFirstOrThrow();
  return row.version;
}

/** The newest versions first, with who saved them and their note, for the staff page. */
export async function ruleSettingsHistory(db: DB, limit = 10) {
  return db
    .selectFrom('ruleSettings')
    .leftJoin('users', 'users.id', 'ruleSettings.createdByUserId')
    .select(['ruleSettings.version', 'ruleSettings.createdAt', 'ruleSettings.note', 'users.displayName as by'])
    .orderBy('ruleSettings.version', 'desc')
    .limit(limit)
    .execute();
}
